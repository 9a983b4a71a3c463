"""Listeners told which events changed; lets later apps react without an import cycle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from django.db import transaction

IngestListener = Callable[[UUID, Sequence[int]], None]
_listeners: list[IngestListener] = []
_recorders: list[IngestListener] = []


def register_ingest_listener(listener: IngestListener, *, in_transaction: bool = False) -> None:
    """Call `listener(tenant_id, event_pks)` after every commit that stores or voids events.

    With `in_transaction`, call it inside that transaction instead, just before it commits:
    for a durable note that is kept or rolled back with the events (one row per batch, say,
    so a lost task loses nothing). Such a listener must do constant, small work: it runs in
    the request, and an exception there aborts the store (the client gets a 503 and retries).
    """
    registry = _recorders if in_transaction else _listeners
    if listener not in registry:
        registry.append(listener)


def notify_events_changed(*, tenant_id: UUID, event_pks: Sequence[int]) -> None:
    """Run the in-transaction listeners now and schedule the others for after the commit.

    Each after-commit listener runs on its own and a failing one is logged
    (django.db.backends.base), not raised: the events are stored by then, and the client must
    hear so rather than a 500 that would make it retry into duplicates while the other
    listeners never ran.
    """
    if not event_pks:
        return
    pks = list(event_pks)
    for recorder in list(_recorders):
        recorder(tenant_id, pks)
    for listener in list(_listeners):
        transaction.on_commit(_bound(listener, tenant_id, pks), robust=True)


def _bound(listener: IngestListener, tenant_id: UUID, pks: list[int]) -> Callable[[], None]:
    def call() -> None:
        listener(tenant_id, pks)

    # Django names the callback when it logs a failure.
    call.__qualname__ = getattr(listener, "__qualname__", repr(listener))
    return call

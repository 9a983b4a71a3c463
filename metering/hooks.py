"""Listeners told after commit which events changed; lets later apps react without an import cycle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from django.db import transaction

IngestListener = Callable[[UUID, Sequence[int]], None]
_listeners: list[IngestListener] = []


def register_ingest_listener(listener: IngestListener) -> None:
    """Call `listener(tenant_id, event_pks)` after every commit that stores or voids events."""
    if listener not in _listeners:
        _listeners.append(listener)


def notify_events_changed(*, tenant_id: UUID, event_pks: Sequence[int]) -> None:
    """Schedule the listeners for after the current transaction commits.

    Each listener runs on its own and a failing one is logged (django.db.backends.base), not
    raised: the events are stored by then, and the client must hear so rather than a 500
    that would make it retry into duplicates while the other listeners never ran.
    """
    if not event_pks:
        return
    pks = list(event_pks)
    for listener in list(_listeners):
        transaction.on_commit(_bound(listener, tenant_id, pks), robust=True)


def _bound(listener: IngestListener, tenant_id: UUID, pks: list[int]) -> Callable[[], None]:
    def call() -> None:
        listener(tenant_id, pks)

    # Django names the callback when it logs a failure.
    call.__qualname__ = getattr(listener, "__qualname__", repr(listener))
    return call

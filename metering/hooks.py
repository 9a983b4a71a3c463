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
    """Schedule the listeners for after the current transaction commits."""
    if not event_pks:
        return
    pks = list(event_pks)

    def fire() -> None:
        for listener in list(_listeners):
            listener(tenant_id, pks)

    transaction.on_commit(fire)

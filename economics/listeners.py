"""How economics hears about changed events: mark their buckets, then kick a refresh."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

_state = threading.local()


def on_events_changed(tenant_id: uuid.UUID, event_pks: Sequence[int]) -> None:
    """Ingest listener: mark the customer-hours of the events, then refresh the tenant."""
    from economics.rollups import rollup_mark_events
    from economics.tasks import rollups_refresh

    marked = rollup_mark_events(tenant_id=tenant_id, event_ids=event_pks)
    if marked and not getattr(_state, "deferred", False):
        rollups_refresh.delay(str(tenant_id))


@contextmanager
def rollups_deferred(tenant_id: uuid.UUID) -> Iterator[None]:
    """Mark buckets as events arrive but refresh once, on the way out (bulk loads, backfills)."""
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = False
    from economics.tasks import rollups_refresh

    rollups_refresh.delay(str(tenant_id))

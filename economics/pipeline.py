"""How economics hears about changed events: note them with the change, then refresh."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from kombu.exceptions import OperationalError as KombuOperationalError

from economics.costs.services.event_costs import COSTING_BATCH

logger = logging.getLogger(__name__)
_state = threading.local()


def on_events_changed(tenant_id: uuid.UUID, event_pks: Sequence[int]) -> None:
    """Costs-changed listener: mark the customer-hours of the events, then refresh the tenant."""
    from economics.margins.rollups import rollup_mark_events
    from economics.tasks import rollups_refresh

    marked = rollup_mark_events(tenant_id=tenant_id, event_ids=event_pks)
    if marked and not getattr(_state, "deferred", False):
        rollups_refresh.delay(str(tenant_id))


def on_events_stored(tenant_id: uuid.UUID, event_pks: Sequence[int]) -> None:
    """Ingest listener, inside the storing transaction: note the events as one row.

    Constant work per batch in the request; the costing task queued after the commit
    refreshes the rollups (`rollups_kick`), and the beat's refresh picks up a note whose
    task was lost.
    """
    from economics.margins.rollups import rollup_note_events

    rollup_note_events(tenant_id=tenant_id, event_ids=event_pks)


def rollups_kick(tenant_id: uuid.UUID) -> None:
    """Queue a refresh of the tenant when notes wait for one (unless refreshes are deferred)."""
    from economics.margins.rollups import rollup_notes_waiting
    from economics.tasks import rollups_refresh

    if not getattr(_state, "deferred", False) and rollup_notes_waiting(tenant_id=tenant_id):
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


def costs_queue(tenant_id: uuid.UUID, event_pks: Sequence[int]) -> None:
    """Ingest listener: queue costing of stored, voided or amended events in batches.

    The events are committed already: if the broker cannot take the task they stay
    pending and the periodic sweep (`economics.cost_pending_events`) costs them.
    """
    from economics.costs.tasks import cost_events

    pks = list(event_pks)
    for start in range(0, len(pks), COSTING_BATCH):
        try:
            cost_events.delay(str(tenant_id), pks[start : start + COSTING_BATCH])
        except KombuOperationalError:
            logger.warning("costing not queued for %s events of tenant %s", len(pks), tenant_id)
            return

"""How economics hears about changed events: mark their buckets, then kick a refresh."""

from __future__ import annotations

import uuid
from collections.abc import Sequence


def on_events_changed(tenant_id: uuid.UUID, event_pks: Sequence[int]) -> None:
    """Ingest listener: mark the customer-hours of the events, then refresh the tenant."""
    from economics.rollups import rollup_mark_events
    from economics.tasks import rollups_refresh

    if rollup_mark_events(tenant_id=tenant_id, event_ids=event_pks):
        rollups_refresh.delay(str(tenant_id))

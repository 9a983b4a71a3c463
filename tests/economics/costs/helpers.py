"""Helpers for cost book tests: store events as metering does and let the costing listener run."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from metering.changes import event_changes_note
from metering.models import Customer, Tenant, UsageEvent

_ids = itertools.count(1)


def store_events(tenant: Tenant, *events: dict[str, Any]) -> list[UsageEvent]:
    """Store events directly with their change note, as ingest does (processed on commit)."""
    customer, _ = Customer.objects.get_or_create(tenant=tenant, external_id="cus_1")
    stored = []
    for fields in events:
        values = {
            "event_id": f"evt_{next(_ids)}",
            "timestamp": datetime(2026, 3, 1, 12, tzinfo=UTC),
            "request_class": "chat",
            **fields,
        }
        values.setdefault("received_at", values["timestamp"])
        stored.append(UsageEvent.objects.create(tenant=tenant, customer=customer, **values))
    event_changes_note(tenant=tenant, event_pks=[e.pk for e in stored])
    return stored


def costs_of(
    event: UsageEvent,
) -> tuple[str, Decimal | None, Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
    """Return (status, tokens, gpu, services, external, total) as stored."""
    event.refresh_from_db()
    return (
        event.cost_status,
        event.cost_tokens,
        event.cost_gpu,
        event.cost_services,
        event.cost_external,
        event.cost_total,
    )

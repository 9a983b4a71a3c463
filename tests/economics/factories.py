"""Events for economics tests, stored the way metering stores them (and announced the same way)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from metering.hooks import notify_events_changed
from metering.models import Customer, Tenant, UsageEvent

_sequence = itertools.count(1)


def customer(tenant: Tenant, external_id: str, **fields: Any) -> Customer:
    return Customer.objects.get_or_create(tenant=tenant, external_id=external_id, defaults=fields)[
        0
    ]


def event(
    tenant: Tenant,
    customer: Customer,
    *,
    at: datetime,
    request_class: str,
    cost: str | Decimal | None,
    model: str = "m1",
    requests: int = 1,
    outcome_value: str | None = None,
    **fields: Any,
) -> UsageEvent:
    """One costed event (cost None: unpriced); listeners hear about it after commit."""
    number = next(_sequence)
    total = None if cost is None else Decimal(cost)
    with transaction.atomic():
        row = UsageEvent.objects.create(
            tenant=tenant,
            customer=customer,
            event_id=f"evt-{number}",
            timestamp=at,
            received_at=at,
            request_class=request_class,
            model=model,
            requests=requests,
            outcome_value=None if outcome_value is None else Decimal(outcome_value),
            payload_hash=hashlib.sha256(str(number).encode()).hexdigest(),
            cost_status="unpriced" if total is None else "priced",
            cost_tokens=total,
            cost_gpu=None if total is None else Decimal("0"),
            cost_services=None if total is None else Decimal("0"),
            cost_external=None if total is None else Decimal("0"),
            cost_total=total,
            **fields,
        )
        notify_events_changed(tenant_id=tenant.id, event_pks=[row.pk])
    return row


def void(row: UsageEvent, at: datetime) -> None:
    with transaction.atomic():
        UsageEvent.objects.filter(pk=row.pk).update(voided_at=at)
        notify_events_changed(tenant_id=row.tenant_id, event_pks=[row.pk])

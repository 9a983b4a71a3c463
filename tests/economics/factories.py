"""Events for economics tests, stored the way metering stores them (and announced the same way)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from metering.changes import event_changes_note
from metering.models import Customer, Tenant, UsageEvent

_sequence = itertools.count(1)
REVENUE: dict[int, Decimal] = {}  # event pk -> revenue, read by install_fake_revenue


def install_fake_revenue(monkeypatch: Any) -> None:
    """Stand in for pricing's attribution: each event earns what the test said it does."""
    from economics.margins import revenue

    def fake(*, tenant: Any, customer_id: int, month_start: datetime) -> Any:
        end = (month_start.replace(day=28) + timedelta(days=4)).replace(day=1)
        rows = UsageEvent.objects.filter(
            tenant=tenant,
            customer_id=customer_id,
            timestamp__gte=month_start,
            timestamp__lt=end,
            voided_at__isnull=True,
        ).values_list("pk", "request_class", "model", "timestamp")
        by_bucket: dict[Any, Decimal] = {}
        for pk, request_class, model, timestamp in rows:
            if pk in REVENUE:
                key = (request_class, model, timestamp.replace(minute=0, second=0, microsecond=0))
                by_bucket[key] = by_bucket.get(key, Decimal("0")) + REVENUE[pk]
        if not by_bucket:
            return None
        total = sum(by_bucket.values(), Decimal("0"))
        return revenue.MonthRevenue("USD", total, Decimal("0"), Decimal("0"), by_bucket)

    monkeypatch.setattr(revenue, "customer_month_revenue", fake)


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
    revenue: str | None = None,
    count: int = 1,
) -> UsageEvent:
    """`count` costed events (cost None: unpriced), announced to listeners in one commit."""
    total = None if cost is None else Decimal(cost)
    rows = []
    with transaction.atomic():
        for _ in range(count):
            number = next(_sequence)
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
            )
            if revenue is not None:
                REVENUE[row.pk] = Decimal(revenue)
            rows.append(row)
        event_changes_note(tenant=tenant, event_pks=[row.pk for row in rows])
    return rows[-1]


def void(row: UsageEvent, at: datetime) -> None:
    with transaction.atomic():
        UsageEvent.objects.filter(pk=row.pk).update(voided_at=at)
        event_changes_note(tenant=row.tenant, event_pks=[row.pk])

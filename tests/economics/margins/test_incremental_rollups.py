"""Late events, voids, amendments and re-costs update the rollups incrementally, exactly.

A change recomputes only its own customer-hours and moves the tenant-wide class rows by
the difference they make. The proof: after every kind of change, each rollup row equals,
digit for digit, what a rebuild of every row from empty gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import transaction

from economics import pipeline
from economics.margins.models import (
    ClassDay,
    ClassHour,
    CustomerBaseRow,
    CustomerClassTotal,
    DirtyBucket,
    RevenueMonth,
    RevenueSync,
    RollupDay,
    RollupHour,
)
from economics.margins.rollups import rollup_mark_range
from metering.audit import Actor
from metering.changes import event_changes_note
from metering.event_services import event_void
from metering.models import Customer, Tenant, UsageEvent
from pricing.models import Subscription
from pricing.services import plan_create, plan_version_publish
from tests.economics import factories

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal
OCT = datetime(2026, 10, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # October and November closed
ROLLUPS: list[tuple[type[Any], list[str]]] = [
    (RollupHour, ["customer_id", "request_class", "model", "bucket_start"]),
    (RollupDay, ["customer_id", "request_class", "model", "bucket_start"]),
    (ClassHour, ["request_class", "model", "bucket_start"]),
    (ClassDay, ["request_class", "model", "bucket_start"]),
    (CustomerClassTotal, ["customer_id", "request_class"]),
    (RevenueMonth, ["customer_id", "month"]),
]


def snapshot(tenant: Tenant) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """Every rollup row of the tenant, keyed by its natural key, every column but the id."""
    tables = {}
    for model, key in ROLLUPS:
        columns = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        rows = {}
        for row in model.objects.of(tenant).values(*columns):
            rows[tuple(row[k] for k in key)] = row
        tables[model.__name__] = rows
    return tables


def rebuilt_from_empty(tenant: Tenant) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """Drop every rollup row and mark, rebuild all of them from the events, and snapshot."""
    for model in (
        RollupHour,
        RollupDay,
        ClassHour,
        ClassDay,
        CustomerClassTotal,
        RevenueMonth,
        RevenueSync,
        DirtyBucket,
        CustomerBaseRow,
    ):
        model.objects.of(tenant).delete()
    rollup_mark_range(tenant=tenant, start=OCT, end=datetime(2027, 1, 1, tzinfo=UTC))
    pipeline.rollups_process(tenant=tenant)
    assert not DirtyBucket.objects.of(tenant).exists()
    return snapshot(tenant)


def churn_base(tenant: Tenant) -> dict[str, Any]:
    """The stored churn base: its figures, and its exact sums as Decimals."""
    row = CustomerBaseRow.objects.of(tenant).get()
    sums = {
        part: {key: [D(str(v)) for v in values] for key, values in row.sums[part].items()}
        for part in ("classes", "cohorts")
    }
    return {
        "churned": row.churned,
        "account_months": row.account_months,
        "negative_classes": row.negative_classes,
        "cohort_realised_ltv": row.cohort_realised_ltv,
        "valid_until": row.valid_until,
        "sums": sums,
    }


def assert_same_as_full_rebuild(tenant: Tenant) -> dict[str, int]:
    incremental = snapshot(tenant)
    incremental_base = churn_base(tenant)
    rebuilt = rebuilt_from_empty(tenant)
    for name, rows in rebuilt.items():
        assert incremental[name] == rows, name  # every row, every column, exact
    assert incremental_base == churn_base(tenant)
    return {name: len(rows) for name, rows in rebuilt.items()}


def hybrid_plan(tenant: Tenant, customers: list[Customer]) -> None:
    """A $29 base fee spread over every request of a month, plus per-request charges."""
    charges = [
        {"type": "flat_fee", "key": "base", "description": "Base", "amount": "29"},
        {
            "type": "usage",
            "key": "chat",
            "description": "chat",
            "metric": "requests",
            "request_class": "chat",
            "price_model": "per_unit",
            "unit_amount": "0.006",
        },
        {
            "type": "usage",
            "key": "classify",
            "description": "classify",
            "metric": "requests",
            "request_class": "classify",
            "price_model": "per_unit",
            "unit_amount": "0.0013",
        },
    ]
    version = plan_create(tenant=tenant, code="hy", name="Hybrid", currency="USD", charges=charges)
    version = plan_version_publish(tenant=tenant, version=version, actor=Actor.system("test"))
    for customer in customers:
        Subscription.objects.create(
            tenant=tenant, customer=customer, plan_version=version, start_date=date(2026, 10, 1)
        )


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def recost(row: UsageEvent, cost: str | None) -> None:
    """What a cost recalculation writes: the event's new cost, noted in the same commit."""
    with transaction.atomic():
        UsageEvent.objects.filter(pk=row.pk).update(
            cost_status="unpriced" if cost is None else "priced",
            cost_tokens=None if cost is None else D(cost),
            cost_total=None if cost is None else D(cost),
        )
        event_changes_note(tenant=row.tenant, event_pks=[row.pk])


def amend(row: UsageEvent, **replacement: Any) -> UsageEvent:
    """An amendment's change: the original voided and its replacement stored in one commit."""
    with transaction.atomic():
        new = factories.event(row.tenant, row.customer, **replacement)
        UsageEvent.objects.filter(pk=row.pk).update(voided_at=replacement["at"])
        event_changes_note(tenant=row.tenant, event_pks=[row.pk])
    return new


def full_base_walks(monkeypatch: Any) -> list[Tenant]:
    """Record every recompute of the churn base over all customers (a move is not one)."""
    walks: list[Tenant] = []
    walk = pipeline.customer_base_refresh

    def recorded(*, tenant: Tenant) -> Any:
        walks.append(tenant)
        return walk(tenant=tenant)

    monkeypatch.setattr(pipeline, "customer_base_refresh", recorded)
    return walks


@time_machine.travel(NOW, tick=True)
def test_late_events_voids_amends_and_re_costs_equal_a_full_rebuild(tenant, monkeypatch):
    acme, globex, initech, hooli = (
        factories.customer(tenant, name) for name in ("acme", "globex", "initech", "hooli")
    )
    hybrid_plan(tenant, [acme, globex, initech])  # hooli has no subscription: no revenue
    kept: dict[str, UsageEvent] = {}
    for i, (customer, request_class, model) in enumerate(
        [
            (acme, "chat", "m1"),
            (acme, "classify", "m2"),
            (globex, "chat", "m1"),
            (globex, "chat", "m2"),
            (initech, "classify", "m1"),
            (hooli, "chat", "m1"),
        ]
    ):
        for month, day in ((10, 3), (10, 17), (11, 2), (11, 20)):
            kept[f"{i}-{month}-{day}"] = factories.event(
                tenant,
                customer,
                at=at(month, day, 9 + i % 3, 10 * i),
                request_class=request_class,
                model=model,
                cost=f"0.00{i + 1}",
                outcome_value="0.5" if i % 2 else None,
                count=2,
            )
    counts = assert_same_as_full_rebuild(tenant)
    assert counts["RollupHour"] == 24 and counts["RevenueMonth"] == 9
    walks = full_base_walks(monkeypatch)

    # Late events for hours already rolled up: into an existing bucket, a new class in an
    # existing class-hour, a new hour, a new day, and a customer-month with a spread fee.
    factories.event(tenant, acme, at=at(10, 3, 9, 59), request_class="chat", cost="0.0101")
    factories.event(
        tenant, globex, at=at(10, 3, 9, 30), request_class="classify", model="m1", cost="0.02"
    )
    factories.event(tenant, initech, at=at(10, 17, 23, 5), request_class="classify", cost="0.3")
    factories.event(tenant, acme, at=at(11, 2, 9, 1), request_class="chat", cost=None)
    assert walks == []  # the stored churn base was moved by each change, never re-derived
    # hooli (no subscription) churns after 30 silent days: the next churn moment is its.
    # A late event moves it later, and only a walk over every customer finds the next one.
    factories.event(tenant, hooli, at=at(11, 21, 0, 1), request_class="chat", cost="1.25", count=3)
    assert walks == [tenant]
    assert_same_as_full_rebuild(tenant)

    # Voids: one event of a pair (the bucket stays), then the last events of a class-hour
    # row, which must leave the class-hour and class-day rows.
    event_void(tenant=tenant, event=kept["0-10-3"], actor=Actor.system("test"))
    lone = factories.event(
        tenant, initech, at=at(10, 25, 13), request_class="summarise", model="m9", cost="0.7"
    )
    assert ClassDay.objects.of(tenant).filter(request_class="summarise").count() == 1
    factories.void(lone, at(10, 26, 0))
    assert not ClassHour.objects.of(tenant).filter(request_class="summarise").exists()
    assert not ClassDay.objects.of(tenant).filter(request_class="summarise").exists()
    assert_same_as_full_rebuild(tenant)

    # Amendments (another hour, class and month) and re-costs (priced, unpriced, repriced).
    amend(kept["2-11-2"], at=at(10, 30, 4), request_class="classify", cost="0.04")
    amend(kept["5-10-17"], at=at(10, 17, 11, 45), request_class="chat", cost="0.009")
    recost(kept["4-11-20"], None)
    recost(kept["1-10-17"], "0.123456789")
    unpriced = UsageEvent.objects.of(tenant).filter(cost_status="unpriced").first()
    assert unpriced is not None
    recost(unpriced, "0.5")
    counts = assert_same_as_full_rebuild(tenant)
    assert counts["ClassDay"] > 0 and counts["CustomerClassTotal"] == 6


@time_machine.travel(NOW, tick=True)
def test_a_batch_of_changes_over_many_days_in_one_refresh_equals_a_full_rebuild(tenant):
    """Marks for many customer-days consumed together, small batches splitting them."""
    customers = [factories.customer(tenant, f"c{i}") for i in range(5)]
    hybrid_plan(tenant, customers[:3])
    rows = []
    for i, customer in enumerate(customers):
        for day in range(1, 28, 4):
            rows.append(
                factories.event(
                    tenant,
                    customer,
                    at=at(10, day, i * 3),
                    request_class=("chat", "classify")[day % 2],
                    cost=f"0.0{i + 1}",
                )
            )
    assert_same_as_full_rebuild(tenant)
    # Changes whose marks wait and are then refreshed together in batches of 7 marks.
    from economics.margins import rollups

    with transaction.atomic():
        for row in rows[::3]:
            UsageEvent.objects.filter(pk=row.pk).update(voided_at=at(11, 1, 0))
        late = [
            UsageEvent.objects.create(
                tenant=tenant,
                customer=customers[i % 5],
                event_id=f"late-{i}",
                timestamp=at(10, 1 + i, (i * 7) % 24),
                received_at=at(11, 1, 0),
                request_class="chat",
                model="m1",
                payload_hash=f"late-{i}",
                cost_status="priced",
                cost_tokens=D("0.0123"),
                cost_total=D("0.0123"),
            )
            for i in range(20)
        ]
        rollups.rollup_mark_events(
            tenant=tenant,
            where=rollups.Q(pk__in=[r.pk for r in rows[::3]] + [r.pk for r in late]),
        )
    rollups.rollup_refresh(tenant=tenant, batch_size=7)
    pipeline.rollups_process(tenant=tenant)  # nothing marked is left: the churn base only
    assert_same_as_full_rebuild(tenant)

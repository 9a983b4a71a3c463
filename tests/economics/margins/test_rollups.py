"""Rollups: recomputed from source rows, so repeated, late, voided and re-costed events stay exact."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import transaction

from economics.margins.models import (
    ClassDay,
    CustomerClassTotal,
    DirtyBucket,
    RollupDay,
    RollupHour,
)
from economics.margins.rollups import rollup_mark_range, rollup_refresh
from metering.changes import event_changes_note
from metering.models import UsageEvent
from tests.economics import factories

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal


def hour_rows(tenant):
    return sorted(
        (r.customer.external_id, r.request_class, r.bucket_start.hour, r.requests, r.cost_total)
        for r in RollupHour.objects.filter(tenant=tenant).select_related("customer")
    )


def day_rows(tenant):
    return sorted(
        (r.customer.external_id, r.request_class, r.bucket_start.day, r.events, r.cost_total)
        for r in RollupDay.objects.filter(tenant=tenant).select_related("customer")
    )


def test_events_are_rolled_up_per_customer_class_model_and_hour(tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 3, 10, 15, tzinfo=UTC)
    factories.event(tenant, acme, at=at, request_class="classify", cost="0.0004")
    factories.event(
        tenant, acme, at=at.replace(minute=40), request_class="classify", cost="0.0004", requests=2
    )
    factories.event(
        tenant, acme, at=at.replace(hour=11), request_class="doc-summarise", cost="0.015"
    )

    assert hour_rows(tenant) == [
        ("acme", "classify", 10, 3, D("0.0008")),
        ("acme", "doc-summarise", 11, 1, D("0.015")),
    ]
    assert day_rows(tenant) == [
        ("acme", "classify", 3, 2, D("0.0008")),
        ("acme", "doc-summarise", 3, 1, D("0.015")),
    ]
    assert sorted(ClassDay.objects.values_list("request_class", "requests", "cost_total")) == [
        ("classify", 3, D("0.0008")),
        ("doc-summarise", 1, D("0.015")),
    ]
    assert DirtyBucket.objects.count() == 0


def test_refreshing_twice_changes_nothing(tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 3, 10, 15, tzinfo=UTC)
    factories.event(tenant, acme, at=at, request_class="classify", cost="0.0004")
    before = (hour_rows(tenant), day_rows(tenant))

    rollup_mark_range(
        tenant=tenant,
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 12, 1, tzinfo=UTC),
    )
    first = rollup_refresh(tenant=tenant)
    second = rollup_refresh(tenant=tenant)

    assert (first.marks, second.marks) == (1, 0)
    assert (hour_rows(tenant), day_rows(tenant)) == before
    assert RollupHour.objects.count() == 1


def test_a_late_event_updates_only_the_bucket_it_falls_in(tenant):
    acme = factories.customer(tenant, "acme")
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 3, 10, tzinfo=UTC),
        request_class="classify",
        cost="0.0004",
    )
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 5, 9, tzinfo=UTC),
        request_class="classify",
        cost="0.0004",
    )
    untouched = RollupHour.objects.get(bucket_start__day=5)

    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 3, 10, 59, tzinfo=UTC),
        request_class="classify",
        cost="0.0006",
    )

    assert hour_rows(tenant) == [
        ("acme", "classify", 9, 1, D("0.0004")),
        ("acme", "classify", 10, 2, D("0.0010")),
    ]
    assert RollupHour.objects.get(bucket_start__day=5).pk == untouched.pk


def test_a_voided_event_leaves_the_rollups(tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 3, 10, tzinfo=UTC)
    keep = factories.event(tenant, acme, at=at, request_class="classify", cost="0.0004")
    gone = factories.event(tenant, acme, at=at, request_class="doc-summarise", cost="0.015")

    factories.void(gone, at)

    assert hour_rows(tenant) == [("acme", "classify", 10, 1, D("0.0004"))]
    assert day_rows(tenant) == [("acme", "classify", 3, 1, D("0.0004"))]
    assert list(CustomerClassTotal.objects.values_list("request_class", "requests")) == [
        ("classify", 1)
    ]
    assert keep.pk != gone.pk


def test_a_re_costed_event_moves_its_bucket_to_the_new_cost(tenant):
    acme = factories.customer(tenant, "acme")
    row = factories.event(
        tenant, acme, at=datetime(2026, 11, 3, 10, tzinfo=UTC), request_class="classify", cost=None
    )
    assert RollupHour.objects.get().unpriced_events == 1

    with transaction.atomic():
        UsageEvent.objects.filter(pk=row.pk).update(
            cost_status="priced", cost_total=D("0.002"), cost_tokens=D("0.002")
        )
        event_changes_note(tenant=tenant, event_pks=[row.pk])

    bucket = RollupHour.objects.get()
    assert (bucket.unpriced_events, bucket.cost_total, bucket.cost_tokens) == (
        0,
        D("0.002"),
        D("0.002"),
    )


def test_marks_left_by_a_killed_worker_are_picked_up_by_the_next_run(tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 3, 10, tzinfo=UTC)
    factories.event(tenant, acme, at=at, request_class="classify", cost="0.0004")
    # Simulate a crash: an event stored and marked, the refresh never ran.
    row = UsageEvent.objects.create(
        tenant=tenant,
        customer=acme,
        event_id="crashed",
        timestamp=at,
        received_at=at,
        request_class="classify",
        model="m1",
        payload_hash="x",
        cost_status="priced",
        cost_total=D("0.0004"),
    )
    DirtyBucket.objects.create(tenant=tenant, customer=acme, hour=at)
    assert hour_rows(tenant) == [("acme", "classify", 10, 1, D("0.0004"))]

    assert rollup_refresh(tenant=tenant).marks == 1
    assert hour_rows(tenant) == [("acme", "classify", 10, 2, D("0.0008"))]
    assert row.pk


def assert_rollups_add_up(tenant):
    """Every derived row equals the sum of the hour buckets under it (revenue included)."""
    from collections import defaultdict

    from economics.margins.models import ClassHour

    days, class_hours, class_days, totals = (defaultdict(D) for _ in range(4))
    for row in RollupHour.objects.filter(tenant=tenant):
        day = row.bucket_start.replace(hour=0)
        days[(row.customer_id, row.request_class, row.model, day)] += row.revenue
        class_hours[(row.request_class, row.model, row.bucket_start)] += row.revenue
        class_days[(row.request_class, row.model, day)] += row.revenue
        totals[(row.customer_id, row.request_class)] += row.revenue
    assert {
        (r.customer_id, r.request_class, r.model, r.bucket_start): r.revenue
        for r in RollupDay.objects.filter(tenant=tenant)
    } == days
    assert {
        (r.request_class, r.model, r.bucket_start): r.revenue
        for r in ClassHour.objects.filter(tenant=tenant)
    } == class_hours
    assert {
        (r.request_class, r.model, r.bucket_start): r.revenue
        for r in ClassDay.objects.filter(tenant=tenant)
    } == class_days
    assert {
        (r.customer_id, r.request_class): r.revenue
        for r in CustomerClassTotal.objects.filter(tenant=tenant)
    } == totals


def test_a_late_event_moves_a_spread_fee_in_every_row_above_the_buckets(tenant, monkeypatch):
    from economics.margins import revenue

    def flat_fee_of_30(*, tenant, customer_id, month_start):
        rows = list(
            UsageEvent.objects.filter(
                tenant=tenant,
                customer_id=customer_id,
                timestamp__gte=month_start,
                voided_at__isnull=True,
            ).values_list("request_class", "model", "timestamp")
        )
        share = D("30") / len(rows)
        by_bucket: dict = {}
        for request_class, model, timestamp in rows:
            key = (request_class, model, timestamp.replace(minute=0, second=0, microsecond=0))
            by_bucket[key] = by_bucket.get(key, D("0")) + share
        return revenue.MonthRevenue("USD", D("30"), D("30"), D("0"), by_bucket)

    monkeypatch.setattr(revenue, "customer_month_revenue", flat_fee_of_30)
    acme = factories.customer(tenant, "acme")
    globex = factories.customer(tenant, "globex")
    for day in (1, 5):
        factories.event(
            tenant, acme, at=datetime(2026, 11, day, 9, tzinfo=UTC), request_class="chat", cost="1"
        )
    factories.event(
        tenant, globex, at=datetime(2026, 11, 1, 9, tzinfo=UTC), request_class="chat", cost="1"
    )
    assert ClassDay.objects.get(bucket_start__day=1).revenue == D("45")  # 15 + 30

    # A third acme request: its fee is now spread 10 / 10 / 10, on days it did not touch too.
    factories.event(
        tenant, acme, at=datetime(2026, 11, 10, 9, tzinfo=UTC), request_class="chat", cost="1"
    )

    assert {r.bucket_start.day: r.revenue for r in ClassDay.objects.filter(tenant=tenant)} == {
        1: D("40"),
        5: D("10"),
        10: D("10"),
    }
    assert_rollups_add_up(tenant)
    rollup_mark_range(
        tenant=tenant,
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 12, 1, tzinfo=UTC),
    )
    rollup_refresh(tenant=tenant)
    assert_rollups_add_up(tenant)
    assert {r.bucket_start.day: r.revenue for r in ClassDay.objects.filter(tenant=tenant)} == {
        1: D("40"),
        5: D("10"),
        10: D("10"),
    }

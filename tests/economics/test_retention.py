"""Raw-event retention drops whole monthly partitions, keeps rollups, and refuses while needed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from config.errors import InvalidInput
from economics.costs.recalculations import cost_recalculation_request
from economics.margins.models import DirtyBucket, RollupHour
from economics.retention import PartitionRetention, events_retire
from metering.audit import Actor
from metering.models import AuditEntry, Customer, Tenant, UsageEvent
from metering.partitions import event_partitions_ensure, event_partitions_monthly
from tests.pricing.factories import HYBRID_CHARGES, published_plan, subscribe

POSTED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOW = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
JOB = Actor.system("tests: retention")

pytestmark = pytest.mark.postgres


def post_november_events(api: APIClient, prefix: str, capture: Callable[..., Any]) -> None:
    """Post three November events and run the pipeline they queue (costing, rollups)."""
    with time_machine.travel(POSTED, tick=False), capture(execute=True):
        event_partitions_ensure(connection, now=POSTED)
        for i in range(3):
            body = {
                "event_id": f"{prefix}{i}",
                "customer_id": "c",
                "request_class": "chat",
                "model": "gpt-4o",
                "input_tokens": 1000 * (i + 1),
                "output_tokens": 200,
                "timestamp": f"2026-11-1{i}T08:00:00Z",
            }
            response = api.post(
                "/v1/events", msgspec.json.encode(body), content_type="application/json"
            )
            assert response.status_code == 201, response.json()
    # The events were stored long before retention runs: check their deferred foreign keys
    # now, as a commit would, so that the partition can be dropped in this test transaction.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def november(verdicts: list[PartitionRetention]) -> PartitionRetention:
    return next(v for v in verdicts if v.month == "2026-11")


def partitions() -> set[str]:
    return {name for name, _ in event_partitions_monthly(connection)}


def rollups(tenant: Tenant) -> list[tuple[object, ...]]:
    return list(
        RollupHour.objects.of(tenant)
        .order_by("bucket_start", "request_class")
        .values_list("bucket_start", "request_class", "model", "requests", "cost_total")
    )


def test_a_month_past_every_tenants_retention_goes_whole_and_its_rollups_stay(
    api: APIClient, tenant: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    post_november_events(api, "n", django_capture_on_commit_callbacks)
    tenant.event_retention_months = 2
    tenant.save()
    kept_rollups = rollups(tenant)
    assert len(kept_rollups) == 3

    with time_machine.travel(NOW, tick=False):
        dry = events_retire(now=NOW, actor=JOB, dry_run=True)
        assert november(dry) == PartitionRetention("metering_usageevent_p202611", "2026-11", 1)
        assert "metering_usageevent_p202611" in partitions()

        verdicts = events_retire(now=NOW, actor=JOB)

    assert november(verdicts) == PartitionRetention(
        "metering_usageevent_p202611", "2026-11", 1, dropped=True
    )
    # The month after is still re-rated for adjustments (three months back from March).
    december = next(v for v in verdicts if v.month == "2026-12")
    assert december.reasons == [
        "no events in it: nothing to retire",
        "2026-12 is still re-rated for adjustments by the next invoices",
    ]
    assert "metering_usageevent_p202611" not in partitions()
    assert UsageEvent.objects.of(tenant).count() == 0
    assert rollups(tenant) == kept_rollups
    tenant.refresh_from_db()
    assert tenant.events_retired_before == datetime(2026, 12, 1, tzinfo=UTC)
    entry = AuditEntry.objects.of(tenant).get(action="event_month.retire")
    assert (entry.object_id, entry.after) == (
        "2026-11",
        {"events_retired_before": "2026-12-01T00:00:00Z", "retention_months": 2},
    )
    # Re-costing the retired month would rewrite its kept rollups from no events: refused.
    with pytest.raises(InvalidInput) as refused:
        cost_recalculation_request(
            tenant=tenant,
            start=datetime(2026, 11, 1, tzinfo=UTC),
            end=datetime(2026, 12, 1, tzinfo=UTC),
            reason="new prices",
            actor=JOB,
        )
    assert refused.value.errors == [
        (
            "start",
            "Raw events before 2026-12-01T00:00:00+00:00 were retired; start there or later.",
        )
    ]


def test_a_month_is_kept_while_a_tenant_keeps_it_or_an_invoice_of_it_is_open(
    api: APIClient,
    tenant: Tenant,
    other_tenant: Tenant,
    client_for: Callable[..., APIClient],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    post_november_events(api, "n", django_capture_on_commit_callbacks)
    post_november_events(client_for(other_tenant), "o", django_capture_on_commit_callbacks)
    with time_machine.travel(POSTED, tick=False):
        published_plan(api, "pro", HYBRID_CHARGES)
        subscribe(api, "c", "pro", "2026-11-01")
    tenant.event_retention_months = 2
    tenant.save()
    # A bucket of the month marked for recompute (a late re-cost, say): the rollups are not
    # final yet, so the raw rows must stay.
    DirtyBucket.objects.create(
        tenant=tenant,
        customer=Customer.objects.of(tenant).get(external_id="c"),
        hour=datetime(2026, 11, 10, 8, tzinfo=UTC),
    )

    with time_machine.travel(NOW, tick=False):
        verdict = november(events_retire(now=NOW, actor=JOB))

    assert not verdict.dropped
    assert sorted(verdict.reasons) == sorted(
        [
            f"tenant {tenant.pk}: 1 invoice(s) of 2026-11 not finalised yet",
            f"tenant {tenant.pk}: rollups of 2026-11 wait for a recompute",
            f"tenant {other_tenant.pk} keeps raw events forever (no retention set)",
        ]
    )
    assert "metering_usageevent_p202611" in partitions()
    assert UsageEvent.objects.of(tenant).count() == 3
    assert UsageEvent.objects.of(other_tenant).count() == 3
    assert not AuditEntry.objects.of(tenant).filter(action="event_month.retire").exists()

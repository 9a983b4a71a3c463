"""Costing survives a lost task: events left pending are costed by the sweep, never skipped."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from kombu.exceptions import OperationalError

from economics import tasks as pipeline_tasks
from economics.costs.services.prices import model_price_create
from metering.audit import Actor
from metering.changes import event_changes_note
from metering.models import Customer, Tenant, UsageEvent
from metering.services import tenant_create
from pricing.stripe.models import StripeUsageMark
from pricing.stripe.services import connection_put
from tests.pricing.stripe.conftest import SECRET_KEY, WEBHOOK_SECRET, fake_stripe  # noqa: F401
from tests.stripe_fake import FakeStripe
from tests.test_celery_worker import live_worker  # noqa: F401  (the fixture)

D = Decimal
JAN_1 = datetime(2026, 1, 1, tzinfo=UTC)


def priced_tenant(name: str) -> Tenant:
    tenant = tenant_create(name=name, actor=Actor.system("tests"))[0]
    model_price_create(
        tenant=tenant,
        model="m",
        valid_from=JAN_1,
        input_per_1m=D(2),
        output_per_1m=D(4),
        actor=Actor.system("tests"),
    )
    return tenant


def stored(tenant: Tenant, count: int) -> list[UsageEvent]:
    """Events as metering stores them, pending, without telling anyone."""
    customer = Customer.objects.get_or_create(tenant=tenant, external_id="cus_1")[0]
    at = datetime(2026, 3, 1, tzinfo=UTC)
    return [
        UsageEvent.objects.create(
            tenant=tenant,
            customer=customer,
            event_id=f"e{i}",
            timestamp=at,
            received_at=at,
            request_class="chat",
            model="m",
            input_tokens=1_000_000,
        )
        for i in range(count)
    ]


def statuses(tenant: Tenant) -> list[tuple[str, str, Decimal | None]]:
    rows = UsageEvent.objects.filter(tenant=tenant).order_by("event_id")
    return list(rows.values_list("event_id", "cost_status", "cost_total"))


def test_the_sweep_costs_pending_events_of_every_tenant(db: None) -> None:
    first, second = priced_tenant("First"), priced_tenant("Second")
    stored(first, 2)
    stored(second, 1)

    assert pipeline_tasks.pending_process(str(first.pk)) == 2
    assert pipeline_tasks.pipeline_sweep() == 1  # only the second tenant is left

    assert statuses(first) == [("e0", "priced", D(2)), ("e1", "priced", D(2))]
    assert statuses(second) == [("e0", "priced", D(2))]
    assert pipeline_tasks.pipeline_sweep() == 0


def test_the_sweep_marks_what_it_costs_for_stripe_as_the_change_notes_do(
    db: None,
    fake_stripe: FakeStripe,  # noqa: F811
) -> None:
    tenant = priced_tenant("Mirrored")
    connection_put(tenant=tenant, mode="test", secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET)
    StripeUsageMark.objects.of(tenant).delete()  # what connecting queued
    stored(tenant, 2)  # the same customer and hour, no change note

    assert pipeline_tasks.pending_process(str(tenant.pk)) == 2

    marks = StripeUsageMark.objects.of(tenant).values_list("customer__external_id", "hour")
    assert list(marks) == [("cus_1", datetime(2026, 3, 1, tzinfo=UTC))]


def test_the_sweep_finds_old_pending_events_behind_many_newer_ones_and_the_command_too(
    db: None,
) -> None:
    tenant = priced_tenant("Owner")
    stored(tenant, 3)
    busy = priced_tenant("Busy")
    busy_customer = Customer.objects.create(tenant=busy, external_id="cus_b")
    at = datetime(2026, 3, 2, tzinfo=UTC)
    UsageEvent.objects.bulk_create(
        UsageEvent(
            tenant=busy,
            customer=busy_customer,
            event_id=f"b{i}",
            timestamp=at,
            received_at=at,
            request_class="chat",
            model="m",
            cost_status="priced",
            cost_total=D(0),
        )
        for i in range(500)
    )

    out = StringIO()
    call_command("cost_pending", stdout=out)
    assert out.getvalue() == "costed 3 pending events (0 of them unpriced)\n"
    assert [s for _, s, _ in statuses(tenant)] == ["priced"] * 3


def test_a_broker_outage_at_ingest_leaves_noted_events_for_the_sweep(
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    tenant = priced_tenant("Owner")
    events = stored(tenant, 2)

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(pipeline_tasks.changes_process, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        event_changes_note(tenant=tenant, event_pks=[e.pk for e in events])
    assert [s for _, s, _ in statuses(tenant)] == ["pending", "pending"]

    monkeypatch.undo()
    assert pipeline_tasks.pipeline_sweep() == 1
    assert [s for _, s, _ in statuses(tenant)] == ["priced", "priced"]


@pytest.mark.worker
def test_a_real_worker_costs_events_queued_after_ingest(
    live_worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    tenant = priced_tenant("Worker")
    events = stored(tenant, 3)
    event_changes_note(tenant=tenant, event_pks=[e.pk for e in events])  # autocommit

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert live_worker.poll() is None, "the worker exited"
        if not UsageEvent.objects.filter(tenant=tenant, cost_status="pending").exists():
            break
        time.sleep(0.1)
    assert statuses(tenant) == [
        ("e0", "priced", D(2)),
        ("e1", "priced", D(2)),
        ("e2", "priced", D(2)),
    ]


def test_pending_events_are_listed_beside_the_unpriced_ones_until_the_sweep_costs_them(
    db: None, client_for: Callable[..., Any]
) -> None:
    tenant = priced_tenant("Owner")
    api = client_for(tenant, ["read"])
    stored(tenant, 2)

    pending = api.get("/v1/costs/unpriced?status=pending")
    assert pending.status_code == 200
    assert [(e["event_id"], e["cost_status"]) for e in pending.json()["results"]] == [
        ("e1", "pending"),
        ("e0", "pending"),
    ]
    assert api.get("/v1/costs/unpriced").json()["results"] == []
    bad = api.get("/v1/costs/unpriced?status=lost")
    assert (bad.status_code, bad.json()["errors"]) == (
        400,
        [{"field": "status", "message": 'Use "unpriced" or "pending".'}],
    )

    pipeline_tasks.pipeline_sweep()
    assert api.get("/v1/costs/unpriced?status=pending").json()["results"] == []

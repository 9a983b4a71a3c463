"""The pipeline: a change note per batch, costed and marked together, rolled up lost task or not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import msgspec
import pytest
import time_machine
from kombu.exceptions import OperationalError as KombuOperationalError

from economics import pipeline
from economics import tasks as pipeline_tasks
from economics.margins.models import DirtyBucket, RollupHour
from economics.margins.rollups import rollup_refresh
from metering.changes import event_changes_note
from metering.event_services import events_ingest
from metering.models import EventChange, Tenant, UsageEvent
from tests.economics import factories

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_time() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def body(*event_ids: str, customer: str = "cus_1") -> bytes:
    return msgspec.json.encode(
        {
            "events": [
                {
                    "event_id": event_id,
                    "customer_id": customer,
                    "timestamp": "2026-11-23T14:10:00Z",
                    "request_class": "chat",
                    "input_tokens": 100,
                }
                for event_id in event_ids
            ]
        }
    )


def hours(tenant: Tenant) -> list[tuple[str, str, int, int]]:
    rows = RollupHour.objects.filter(tenant=tenant).select_related("customer")
    return sorted(
        (r.customer.external_id, r.request_class, r.bucket_start.hour, r.requests) for r in rows
    )


def broker_down(*args: Any, **kwargs: Any) -> None:
    raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db
def test_a_note_holds_the_events_as_runs_of_ids(tenant: Tenant) -> None:
    event_changes_note(tenant=tenant, event_pks=[7, 3, 4, 5, 9, 4])

    assert list(EventChange.objects.values_list("tenant_id", "event_pks")) == [
        (tenant.id, [[3, 5], [7, 7], [9, 9]])
    ]


@pytest.mark.django_db
def test_a_batch_is_noted_in_one_row_in_its_own_transaction(
    tenant: Tenant,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    monkeypatch.setattr(pipeline_tasks.changes_process, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = events_ingest(tenant=tenant, body=body(*[f"e{i}" for i in range(40)]))

    pks = sorted(UsageEvent.objects.filter(tenant=tenant).values_list("pk", flat=True))
    assert report.accepted == 40
    # Written before the commit, so it stands or falls with the events; nothing per event.
    assert list(EventChange.objects.values_list("event_pks", flat=True)) == [[[pks[0], pks[-1]]]]
    assert DirtyBucket.objects.count() == 0
    assert len(callbacks) == 1  # one task queued after the commit, nothing else


@pytest.mark.django_db
def test_a_lost_task_loses_no_rollup_the_beat_refreshes_the_note(
    tenant: Tenant,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    monkeypatch.setattr(pipeline_tasks.changes_process, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        events_ingest(tenant=tenant, body=body("a", "b"))
        events_ingest(tenant=tenant, body=body("c", customer="cus_2"))
    assert hours(tenant) == []
    assert EventChange.objects.count() == 2

    monkeypatch.undo()
    assert pipeline_tasks.pipeline_sweep() == 1

    assert hours(tenant) == [("cus_1", "chat", 14, 2), ("cus_2", "chat", 14, 1)]
    assert EventChange.objects.count() == DirtyBucket.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_void_whose_task_was_lost_leaves_the_rollups_at_the_next_refresh(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 3, 10, tzinfo=UTC)
    factories.event(tenant, acme, at=at, request_class="classify", cost="0.0004")
    gone = factories.event(tenant, acme, at=at, request_class="chat", cost="0.015")
    assert [row[1] for row in hours(tenant)] == ["chat", "classify"]

    monkeypatch.setattr(pipeline_tasks.changes_process, "apply_async", broker_down)
    factories.void(gone, at)
    assert EventChange.objects.count() == 1
    assert [row[1] for row in hours(tenant)] == ["chat", "classify"]

    assert pipeline.changes_process(tenant=tenant).marked == 1
    assert rollup_refresh(tenant=tenant).marks == 1
    assert hours(tenant) == [("acme", "classify", 10, 1)]
    assert RollupHour.objects.get().cost_total == Decimal("0.0004")


@pytest.mark.django_db(transaction=True)
def test_the_pipeline_rolls_up_noted_events_it_had_nothing_to_cost_for(
    tenant: Tenant,
) -> None:
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 3, 10, tzinfo=UTC)
    # Stored already costed: costing changes nothing, yet the rollup appears.
    factories.event(tenant, acme, at=at, request_class="classify", cost="0.0004", count=2)

    assert hours(tenant) == [("acme", "classify", 10, 2)]
    assert EventChange.objects.count() == 0

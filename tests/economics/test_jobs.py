"""Simulations and re-costs are jobs kept as rows: sent once, claimed once, never stranded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
import time_machine
from django.db.models import QuerySet
from kombu.exceptions import OperationalError

from config.errors import Conflict
from config.jobs import job_create_once
from economics.costs.models import CostRecalculation
from economics.costs.recalculations import cost_recalculation_request
from economics.costs.tasks import recalculations_sweep, run_cost_recalculation
from economics.simulations.models import Simulation
from economics.simulations.runner import simulation_run
from economics.simulations.services import simulation_create
from economics.simulations.tasks import simulation_run as simulation_task
from economics.simulations.tasks import simulations_sweep
from metering.audit import Actor
from metering.models import Tenant
from tests.economics.simulations.test_simulation_api import history  # noqa: F401  (fixture)

NOW = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
MARCH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


def create(tenant: Tenant, **extra: Any) -> Simulation:
    return simulation_create(
        tenant=tenant,
        candidates=[{"plan_id": "hybrid", "version": 1}],
        start_month="2026-01",
        end_month="2026-04",
        today=date(2026, 5, 10),
        **extra,
    )


def broker_down(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


class BrokerDown:
    """The broker refuses every send of `task`, as a real one would (not in-process)."""

    def __init__(self, task: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.task, self.monkeypatch = task, monkeypatch

    def __enter__(self) -> None:
        self.monkeypatch.setattr(self.task, "apply_async", broker_down)
        self.eager = self.task.app.conf.task_always_eager
        self.task.app.conf.task_always_eager = False

    def __exit__(self, *exc: object) -> None:
        self.task.app.conf.task_always_eager = self.eager
        self.monkeypatch.undo()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("history")
def test_a_simulation_whose_send_failed_is_sent_by_the_sweep(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(NOW, tick=False):
        with BrokerDown(simulation_task, monkeypatch):
            simulation = create(tenant)
        simulation.refresh_from_db()
        assert (simulation.status, simulation.enqueued_at) == ("queued", None)
        assert simulations_sweep() == 0  # a send may still be on its way: wait a little

    with time_machine.travel(NOW + timedelta(seconds=31), tick=False):
        assert simulations_sweep() == 1
    simulation.refresh_from_db()
    assert (simulation.status, simulation.attempts) == ("succeeded", 1)
    assert simulation.enqueued_at == NOW + timedelta(seconds=31)
    assert simulations_sweep() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("history")
def test_a_second_delivery_leaves_a_running_job_alone_until_its_worker_is_dead(
    tenant: Tenant,
) -> None:
    with time_machine.travel(NOW, tick=False):
        simulation = create(tenant, enqueue=False)
        Simulation.objects.filter(pk=simulation.pk).update(status="running", started_at=NOW)

        again = simulation_run(simulation_id=simulation.pk)
        assert (again.status, again.attempts, again.results) == ("running", 0, None)
        assert simulations_sweep() == 0

    # Past the hard time limit (300 s) and its margin, the worker is taken for dead.
    with time_machine.travel(NOW + timedelta(seconds=361), tick=False):
        assert simulations_sweep() == 1
    simulation.refresh_from_db()
    assert (simulation.status, simulation.attempts) == ("succeeded", 1)


@pytest.mark.django_db
@pytest.mark.usefixtures("history")
def test_the_same_idempotency_key_returns_the_same_simulation_and_another_request_conflicts(
    tenant: Tenant,
) -> None:
    with time_machine.travel(NOW, tick=False):
        first = create(tenant, idempotency_key="sim-1", enqueue=False)
        again = create(tenant, idempotency_key="sim-1", enqueue=False)
        assert again.pk == first.pk
        assert Simulation.objects.count() == 1
        with pytest.raises(Conflict, match="Idempotency-Key was used for a different simulation"):
            create(tenant, idempotency_key="sim-1", name="other", enqueue=False)
        other = create(tenant, idempotency_key="sim-2", enqueue=False)
    assert other.pk != first.pk
    assert Simulation.objects.count() == 2


def test_a_key_taken_by_a_concurrent_request_returns_that_request_s_job(
    tenant: Tenant,
) -> None:
    """The first lookup misses (the other request has not committed yet); the unique key
    then refuses the second row, and the job the other request made comes back."""
    theirs = Simulation.objects.create(
        tenant=tenant, name="", params={"a": 1}, idempotency_key="sim-race"
    )
    real_first = QuerySet.first
    calls: list[None] = []

    def first(self: QuerySet[Any]) -> Any:
        calls.append(None)
        return None if len(calls) == 1 else real_first(self)

    with patch.object(QuerySet, "first", first):
        job, created = job_create_once(
            Simulation,
            tenant=tenant,
            idempotency_key="sim-race",
            asked={"name": "", "params": {"a": 1}},
            what="simulation",
        )
    assert (job.pk, created) == (theirs.pk, False)
    assert Simulation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_re_cost_whose_send_failed_is_sent_by_the_sweep_and_its_key_replays_it(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = {
        "start": MARCH[0],
        "end": MARCH[1],
        "reason": "vendor invoice",
        "actor": Actor.system("tests"),
    }
    with time_machine.travel(NOW, tick=False):
        with BrokerDown(run_cost_recalculation, monkeypatch):
            recalculation = cost_recalculation_request(tenant=tenant, idempotency_key="k", **asked)
        again = cost_recalculation_request(tenant=tenant, idempotency_key="k", **asked)
        assert again.pk == recalculation.pk
        with pytest.raises(Conflict, match="Idempotency-Key was used for a different re-cost"):
            cost_recalculation_request(
                tenant=tenant, idempotency_key="k", **{**asked, "reason": "other"}
            )
    recalculation.refresh_from_db()
    assert (recalculation.status, recalculation.enqueued_at) == ("queued", None)

    with time_machine.travel(NOW + timedelta(seconds=31), tick=False):
        assert recalculations_sweep() == 1
    recalculation.refresh_from_db()
    assert recalculation.status == "done"
    assert CostRecalculation.objects.count() == 1
    assert recalculations_sweep() == 0


@pytest.mark.django_db
def test_a_retried_re_cost_post_with_its_idempotency_key_creates_one_re_cost(api: Any) -> None:
    body = {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z", "reason": "invoice"}
    first = api.post("/v1/costs/recalculations", body, format="json", HTTP_IDEMPOTENCY_KEY="rc-1")
    again = api.post("/v1/costs/recalculations", body, format="json", HTTP_IDEMPOTENCY_KEY="rc-1")
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["id"] == first.json()["id"]
    assert CostRecalculation.objects.count() == 1

    other = api.post(
        "/v1/costs/recalculations",
        {**body, "reason": "another"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="rc-1",
    )
    assert (other.status_code, other.json()["detail"]) == (
        409,
        "This Idempotency-Key was used for a different re-cost request; "
        "use a new key for a new request.",
    )
    bad = api.post(
        "/v1/costs/recalculations", body, format="json", HTTP_IDEMPOTENCY_KEY="with space"
    )
    assert (bad.status_code, bad.json()["errors"]) == (
        400,
        [
            {
                "field": "Idempotency-Key",
                "message": "Use 1-255 visible ASCII characters, without spaces.",
            }
        ],
    )
    assert CostRecalculation.objects.count() == 1

"""Simulations queued to a real Celery worker on Redis and PostgreSQL: one succeeds, one fails
clearly; neither is left running."""

from __future__ import annotations

import subprocess
import time
from datetime import date
from decimal import Decimal

import pytest

from economics.simulations.models import Simulation
from economics.simulations.services import simulation_create
from economics.simulations.tasks import simulation_run
from metering.audit import Actor
from metering.services import tenant_create
from pricing import services
from tests.economics.simulations.test_simulation_api import HYBRID, PER_TOKEN
from tests.pricing.factories import at, customer, event
from tests.test_celery_worker import live_worker  # noqa: F401  (the fixture)


def wait_until_finished(simulation: Simulation, worker: subprocess.Popen[bytes]) -> Simulation:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker exited"
        simulation.refresh_from_db()
        if simulation.status in ("succeeded", "failed"):
            return simulation
        time.sleep(0.1)
    raise AssertionError(f"still {simulation.status} after 60 s")


@pytest.mark.worker
def test_a_queued_simulation_is_run_by_the_worker(
    live_worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    tenant = tenant_create(name="Simulated", actor=Actor.system("tests"))[0]
    version = services.plan_create(
        tenant=tenant, code="per-token", name="Per token", currency="USD", charges=PER_TOKEN
    )
    version = services.plan_version_publish(
        tenant=tenant, version=version, actor=Actor.system("tests")
    )
    services.plan_create(
        tenant=tenant, code="hybrid", name="Hybrid", currency="USD", charges=HYBRID
    )
    acme = customer(tenant, "acme")
    services.subscription_create(
        tenant=tenant,
        customer=acme,
        plan_version=version,
        start_date=date(2026, 1, 1),
        actor=Actor.system("tests"),
    )
    event(
        tenant,
        acme,
        at(10, 2),
        input_tokens=4_000_000,
        output_tokens=1_000_000,
        cost_status="priced",
        cost_total=Decimal("3.00"),
    )
    simulation = simulation_create(  # queued after commit: there is no outer transaction
        tenant=tenant,
        candidates=[{"plan_id": "hybrid", "version": 1}],
        start_month="2026-02",
        end_month="2026-03",
        today=date(2026, 5, 10),
    )
    done = wait_until_finished(simulation, live_worker)
    assert (done.status, done.progress, done.attempts) == ("succeeded", 100, 1)
    plans = done.results["totals"]["plans"]  # type: ignore[index]
    assert [(p["plan"], p["revenue"]) for p in plans] == [
        ("baseline", "27.00"),
        ("candidate_1", "36.00"),
    ]


@pytest.mark.worker
def test_a_failing_simulation_ends_failed_with_its_error(
    live_worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    tenant = tenant_create(name="Broken", actor=Actor.system("tests"))[0]
    broken = Simulation.objects.create(
        tenant=tenant,
        params={
            "start_month": "2026-02",
            "end_month": "2026-03",
            "currency": "USD",
            "customers": {"mode": "all"},
            "candidates": [
                {"key": "candidate_1", "name": "Broken", "currency": "USD", "charges": [{}]}
            ],
        },
    )
    simulation_run.delay(str(broken.pk))
    done = wait_until_finished(broken, live_worker)
    assert (done.status, done.results) == ("failed", None)
    assert done.error == "charges.0.type: must be one of flat_fee, usage, minimum, cost_plus."

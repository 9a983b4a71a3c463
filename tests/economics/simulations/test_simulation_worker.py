"""Simulations queued to real Celery workers on Redis and PostgreSQL: one succeeds, one fails
clearly; neither is left running. A run's chunks spread over two workers, and a worker killed
mid-chunk leaves the job to complete exactly: the results of one process, digit for digit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from config.celery_app import app as celery_app
from economics.simulations.models import Simulation, SimulationChunk
from economics.simulations.runner import simulation_run as run_here
from economics.simulations.services import simulation_create
from economics.simulations.tasks import simulation_run
from metering.audit import Actor
from metering.services import tenant_create
from pricing import services
from tests.economics.simulations.seeded import ASK, seeded_tenant
from tests.economics.simulations.test_simulation_api import HYBRID, PER_TOKEN
from tests.pricing.factories import at, customer, event
from tests.test_celery_worker import live_worker  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[3]


def wait_until_finished(
    simulation: Simulation, *workers: subprocess.Popen[bytes], timeout: float = 60
) -> Simulation:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            assert worker.poll() is None, "a worker exited"
        simulation.refresh_from_db()
        if simulation.status in ("succeeded", "failed"):
            return simulation
        time.sleep(0.1)
    raise AssertionError(f"still {simulation.status} after {timeout} s")


@pytest.fixture
def slow_workers(transactional_db: None) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start workers (tests.economics.simulations.slow_worker) on this database and broker;
    `chunks` is both SIMULATION_CHUNKS and WHAT_IF_CHUNKS."""
    db = connection.settings_dict
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, chunks: int, slow: float) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            SIMULATION_RUN_MODE="tasks",
            SIMULATION_CHUNKS=str(chunks),
            WHAT_IF_RUN_MODE="tasks",
            WHAT_IF_CHUNKS=str(chunks),
            SLOW_CHUNK_SECONDS=str(slow),
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.economics.simulations.slow_worker", "worker"]
            + ["--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
            + ["--without-heartbeat", *args],
            cwd=ROOT,
            env=env,
        )
        started.append(worker)
        return worker

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # this process sends to the real broker
    try:
        yield start
    finally:
        celery_app.conf.task_always_eager = previous
        for worker in started:
            worker.terminate()
        for worker in started:
            worker.wait(timeout=30)


def _single_process_run() -> Simulation:
    tenant = seeded_tenant()
    simulation = simulation_create(tenant=tenant, enqueue=False, **ASK)
    return run_here(simulation_id=simulation.pk, chunked=False)


def _chunks(simulation: Simulation) -> list[SimulationChunk]:
    return list(SimulationChunk.objects.filter(simulation=simulation).order_by("index"))


@pytest.mark.worker
def test_a_simulations_chunks_spread_over_two_workers_and_merge_to_the_single_process_run(
    slow_workers: Callable[..., subprocess.Popen[bytes]],
) -> None:
    single = _single_process_run()
    workers = [
        slow_workers("--pool", "solo", "--hostname", f"{name}@%h", chunks=4, slow=0.5)
        for name in ("one", "two")
    ]
    # Sent to the simulations queue after commit (there is no outer transaction).
    simulation = simulation_create(tenant=single.tenant, **ASK)
    done = wait_until_finished(simulation, *workers)
    assert (done.status, done.progress, done.attempts) == ("succeeded", 100, 1)
    assert done.results == single.results
    assert done.customer_rows == single.customer_rows
    chunks = _chunks(done)
    assert [(c.index, c.customers, c.attempts, c.sums) for c in chunks] == [
        (i, 10, 1, None) for i in range(4)
    ]
    hosts = {c.worker for c in chunks}
    assert len(hosts) == 2, hosts  # both workers rated chunks


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.worker
def test_a_worker_process_killed_mid_chunk_leaves_the_job_to_complete_exactly(
    slow_workers: Callable[..., subprocess.Popen[bytes]],
) -> None:
    single = _single_process_run()
    worker = slow_workers("--pool", "prefork", "--concurrency", "2", chunks=4, slow=3)
    simulation = simulation_create(tenant=single.tenant, **ASK)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # two chunks in flight: started, not finished
        started = SimulationChunk.objects.filter(
            simulation=simulation, attempts=1, finished_at__isnull=True
        ).count()
        if started == 2:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("no chunk started within 60 s")
    children = _children(worker.pid)
    assert len(children) == 2, children
    for child in children:  # both pool processes die mid-chunk; the worker starts new ones
        os.kill(child, signal.SIGKILL)

    done = wait_until_finished(simulation, worker, timeout=90)
    assert (done.status, done.progress, done.attempts) == ("succeeded", 100, 1)
    assert done.results == single.results
    assert done.customer_rows == single.customer_rows
    # The two killed chunks were delivered again (acks_late) and rated a second time.
    assert sorted(c.attempts for c in _chunks(done)) == [1, 1, 2, 2]


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

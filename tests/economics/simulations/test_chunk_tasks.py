"""A simulation split into chunk tasks (one range of customers each) stores each chunk's sums
once and merges them once: the same results as one process, digit for digit, however often a
chunk is delivered. Tasks run in-process here; test_simulation_worker.py runs real workers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from economics.simulations import runner
from economics.simulations.models import Simulation, SimulationChunk
from economics.simulations.runner import (
    chunk_bounds,
    simulation_chunk_run,
    simulation_merge,
    simulation_run,
)
from economics.simulations.services import simulation_create
from metering.models import Tenant
from tests.economics.simulations.seeded import ASK, seeded_tenant


@pytest.fixture
def seeded(db: None) -> Tenant:
    return seeded_tenant()


def _single(tenant: Tenant) -> Simulation:
    simulation = simulation_create(tenant=tenant, enqueue=False, **ASK)
    return simulation_run(simulation_id=simulation.pk, chunked=False)


def _chunks(simulation: Simulation) -> list[tuple[Any, ...]]:
    """(index, customers, attempts, sums, finished) of each chunk of the job."""
    return [
        (c.index, c.customers, c.attempts, c.sums, c.finished_at is not None)
        for c in SimulationChunk.objects.filter(simulation=simulation).order_by("index")
    ]


def test_chunk_bounds_cut_customer_keys_into_equal_ranges() -> None:
    assert chunk_bounds(list(range(1, 11)), 4) == [(1, 3), (4, 6), (7, 9), (10, 10)]
    assert chunk_bounds([5, 9], 4) == [(5, 5), (9, 9)]
    assert chunk_bounds([], 4) == []
    assert chunk_bounds([1, 2, 3], 1) == [(1, 3)]


@override_settings(SIMULATION_CHUNKS=4)
def test_chunk_tasks_give_the_single_process_results_digit_for_digit(seeded: Tenant) -> None:
    single = _single(seeded)
    simulation = simulation_create(tenant=seeded, enqueue=False, **ASK)
    chunked = simulation_run(simulation_id=simulation.pk, chunked=True)  # tasks run in-process

    assert (chunked.status, chunked.progress, chunked.attempts) == ("succeeded", 100, 1)
    assert chunked.results == single.results
    assert chunked.customer_rows == single.customer_rows
    totals = single.results["totals"]  # type: ignore[index]
    assert (totals["customers"], totals["customer_months"]) == (40, 120)
    assert (totals["requests"], totals["variable_cost"], totals["uncosted_requests"]) == (
        "1171",
        "1148.98",
        69,
    )
    assert [(p["plan"], p["revenue"], p["margin"]) for p in totals["plans"]] == [
        ("baseline", "2224.64", "1075.66"),
        ("candidate_1", "1722.60", "573.62"),
        ("candidate_2", "8753.56", "7604.58"),
        ("candidate_3", "3144.52", "1995.54"),
    ]
    # Four chunks of ten customers, each rated once, their sums emptied once merged.
    assert _chunks(chunked) == [(i, 10, 1, None, True) for i in range(4)]


@override_settings(SIMULATION_CHUNKS=3)
def test_a_chunk_run_twice_adds_nothing(seeded: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    single = _single(seeded)
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(runner, "task_send", lambda task, *args: sent.append(args))
    simulation = simulation_create(tenant=seeded, enqueue=False, **ASK)
    running = simulation_run(simulation_id=simulation.pk, chunked=True)
    assert (running.status, running.progress) == ("running", 5)
    assert sent == [(str(simulation.pk), 0), (str(simulation.pk), 1), (str(simulation.pk), 2)]

    assert simulation_chunk_run(simulation_id=simulation.pk, index=0) == "running"
    first = SimulationChunk.objects.get(simulation=simulation, index=0)
    # Delivered again (a redelivery, a retry): found done, rated no second time.
    assert simulation_chunk_run(simulation_id=simulation.pk, index=0) == "running"
    again = SimulationChunk.objects.get(simulation=simulation, index=0)
    assert (again.attempts, again.sums, again.finished_at) == (1, first.sums, first.finished_at)
    assert Simulation.objects.get(pk=simulation.pk).progress == 5 + 94 // 3

    assert simulation_chunk_run(simulation_id=simulation.pk, index=1) == "running"
    assert simulation_chunk_run(simulation_id=simulation.pk, index=2) == "succeeded"
    done = Simulation.objects.get(pk=simulation.pk)
    assert (done.results, done.customer_rows) == (single.results, single.customer_rows)
    assert (done.status, done.progress, done.attempts) == ("succeeded", 100, 1)

    # Every chunk and the merge again, after the end: nothing changes.
    for index in range(3):
        assert simulation_chunk_run(simulation_id=simulation.pk, index=index) == "succeeded"
    assert simulation_merge(simulation_id=simulation.pk).finished_at == done.finished_at
    after = Simulation.objects.get(pk=simulation.pk)
    assert (after.results, after.customer_rows) == (single.results, single.customer_rows)
    assert [c[:3] for c in _chunks(done)] == [(0, 14, 1), (1, 14, 1), (2, 12, 1)]


@override_settings(SIMULATION_CHUNKS=2)
def test_a_chunk_lost_mid_rating_or_before_the_merge_completes_exactly_when_redelivered(
    seeded: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    single = _single(seeded)
    monkeypatch.setattr(runner, "task_send", lambda task, *args: None)
    simulation = simulation_create(tenant=seeded, enqueue=False, **ASK)
    simulation_run(simulation_id=simulation.pk, chunked=True)

    # The worker dies while rating chunk 0: nothing of it is stored.
    rate = runner.accumulate

    def dies(*args: Any, **kwargs: Any) -> Any:
        raise SystemExit("worker lost")

    monkeypatch.setattr(runner, "accumulate", dies)
    with pytest.raises(SystemExit):
        simulation_chunk_run(simulation_id=simulation.pk, index=0)
    assert _chunks(simulation)[0][2:] == (1, None, False)

    # Chunk 1 stores its sums, then its worker dies before merging.
    monkeypatch.setattr(runner, "accumulate", rate)
    merge = runner.simulation_merge
    monkeypatch.setattr(runner, "simulation_merge", dies)
    with pytest.raises(SystemExit):
        simulation_chunk_run(simulation_id=simulation.pk, index=1)
    monkeypatch.setattr(runner, "simulation_merge", merge)

    # Both messages are delivered again (acks_late): chunk 0 is rated a second time,
    # chunk 1 only merges.
    assert simulation_chunk_run(simulation_id=simulation.pk, index=1) == "running"
    assert simulation_chunk_run(simulation_id=simulation.pk, index=0) == "succeeded"
    done = Simulation.objects.get(pk=simulation.pk)
    assert (done.results, done.customer_rows) == (single.results, single.customer_rows)
    assert [c[:3] for c in _chunks(done)] == [(0, 20, 2), (1, 20, 1)]


@override_settings(SIMULATION_CHUNKS=2)
def test_a_job_sent_again_sends_only_the_chunks_not_done(
    seeded: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(runner, "task_send", lambda task, *args: sent.append(args))
    simulation = simulation_create(tenant=seeded, enqueue=False, **ASK)
    simulation_run(simulation_id=simulation.pk, chunked=True)
    simulation_chunk_run(simulation_id=simulation.pk, index=1)
    sent.clear()
    # The sweep's second send of a stale job (the task's resume skips the claim).
    again = simulation_run(simulation_id=simulation.pk, chunked=True, resume=True)
    assert (again.status, again.attempts) == ("running", 2)
    assert sent == [(str(simulation.pk), 0)]
    assert SimulationChunk.objects.filter(simulation=simulation).count() == 2


def test_a_chunked_run_of_no_customer_succeeds_empty(tenant: Tenant) -> None:
    from pricing import services

    services.plan_create(
        tenant=tenant, code="graduated", name="G", currency="USD", charges=ASK_CHARGES
    )
    simulation = simulation_create(
        tenant=tenant,
        candidates=[{"plan_id": "graduated", "version": 1}],
        start_month="2026-01",
        end_month="2026-02",
        enqueue=False,
        today=ASK["today"],
    )
    done = simulation_run(simulation_id=simulation.pk, chunked=True)
    assert (done.status, done.results["totals"]["customers"]) == ("succeeded", 0)  # type: ignore[index]
    assert SimulationChunk.objects.filter(simulation=simulation).count() == 0


def test_a_chunk_error_fails_the_whole_simulation_with_its_message(
    seeded: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from economics.simulations.engine import SimulationError

    def refuses(*args: Any, **kwargs: Any) -> Any:
        raise SimulationError("usage: cus-001 2026-02 needs daily usage.")

    monkeypatch.setattr(runner, "accumulate", refuses)
    simulation = simulation_create(tenant=seeded, enqueue=False, **ASK)
    done = simulation_run(simulation_id=simulation.pk, chunked=True)
    assert (done.status, done.error, done.results) == (
        "failed",
        "usage: cus-001 2026-02 needs daily usage.",
        None,
    )


ASK_CHARGES = [
    {"type": "flat_fee", "key": "base", "description": "Base", "amount": "10"},
]


def test_the_database_order_of_usage_rows_does_not_move_revenue_between_classes(
    seeded: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rating walks a customer-month's rows in order (included usage, tiers, leftover cents):
    rows read in another order (another plan, a chunk's own query) must rate the same."""
    from economics.simulations import selectors

    fetch = selectors._fetch
    single = _single(seeded)
    monkeypatch.setattr(selectors, "_fetch", lambda query: list(reversed(fetch(query))))
    reversed_run = _single(seeded)
    assert reversed_run.results == single.results
    assert reversed_run.customer_rows == single.customer_rows

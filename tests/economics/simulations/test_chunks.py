"""Customer chunks rated apart (in forked processes or one after another) merge to the same
results as one pass. No database."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from economics.simulations import chunks as simulation_chunks
from economics.simulations.engine import (
    BASELINE,
    Coverage,
    CustomerMonth,
    SimulationError,
    accumulate,
    merge_partials,
    simulate,
    split_by_customer,
)
from pricing.rating import Period
from tests.economics.simulations.test_engine import (
    ACME,
    BETA,
    CANDIDATES,
    DELTA,
    MARCH,
    STARTER,
    plan,
)

D = Decimal
APRIL = Period.month(2026, 4)
KEYS = [BASELINE, *(c.key for c in CANDIDATES)]


def _month(customer: str, source: CustomerMonth, period: Period = MARCH) -> CustomerMonth:
    coverage = tuple(
        Coverage(c.plan, c.label, max(c.start, period.start), period.end)
        for c in source.coverage
        if period == MARCH or c.start == MARCH.start
    )
    return replace(source, customer=customer, period=period, coverage=coverage, daily=None)


def _months() -> list[CustomerMonth]:
    """Twelve customers, some with two months, grouped by customer."""
    months = []
    for i in range(12):
        source = (ACME, BETA, DELTA)[i % 3]
        name = f"cus-{i:02d}"
        months.append(replace(source, customer=name))
        if i % 3 != 2:
            months.append(_month(name, source, APRIL))
    return months


def _run(months, **kwargs):
    calls: list[tuple[int, int]] = []
    result = simulate(
        months,
        CANDIDATES,
        currency="USD",
        month_labels=["2026-03", "2026-04"],
        customer_count=12,
        progress=lambda done, total: calls.append((done, total)),
        **kwargs,
    )
    return result, calls


def test_chunks_rated_in_forked_processes_give_the_results_of_one_pass() -> None:
    months = _months()
    one, one_calls = _run(months)
    forked, calls = _run(months, workers=2, min_parallel_months=0)
    assert forked.results == one.results
    assert forked.customers == one.customers
    assert one_calls == [(n, 12) for n in range(1, 13)]
    # Progress is polled from a shared counter: it rises to every customer, never past.
    assert calls[-1] == (12, 12)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})


def test_chunks_run_one_after_another_where_processes_cannot_fork(monkeypatch) -> None:
    monkeypatch.setattr(simulation_chunks, "can_fork", lambda: False)
    months = _months()
    one, _ = _run(months)
    fallback, calls = _run(months, workers=3, min_parallel_months=0)
    assert fallback.results == one.results
    assert fallback.customers == one.customers
    assert calls == [(n, 12) for n in range(1, 13)]


def test_small_runs_stay_in_one_process(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("forked for a small run")

    monkeypatch.setattr("economics.simulations.engine.run_forked", refuse)
    result, _ = _run(_months(), workers=4)
    assert result.results["totals"]["customers"] == 12


def test_an_error_in_a_forked_chunk_fails_the_simulation() -> None:
    euro = replace(
        BETA,
        customer="cus-99",
        coverage=(Coverage(plan(currency="EUR"), "euro v1", MARCH.start, MARCH.end),),
    )
    with pytest.raises(SimulationError, match="baseline: cus-99 was on euro v1 in EUR, not USD"):
        _run([*_months(), euro], workers=2, min_parallel_months=0)


def test_chunks_cut_between_customers_only() -> None:
    months = _months()
    chunks = split_by_customer(months, 4)
    assert [m for chunk in chunks for m in chunk] == months
    assert len(chunks) == 4
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert before[-1].customer != after[0].customer
    assert split_by_customer(months, 1) == [months]
    assert split_by_customer([], 3) == [[]]


def test_partial_sums_merge_exactly_even_when_a_customer_spans_chunks() -> None:
    # beta in March (starter: 20 + 500 x 0.01 = 25.00) in one chunk and in April in another.
    beta_april = CustomerMonth(
        "beta",
        APRIL,
        BETA.rows,
        {"classify": D("0.125")},
        (Coverage(STARTER, "starter v1", APRIL.start, APRIL.end),),
    )
    march = accumulate([BETA, ACME], CANDIDATES, currency="USD")
    april = accumulate([beta_april], CANDIDATES, currency="USD")
    merged = merge_partials([march, april], KEYS)
    beta = merged.by_customer["beta"]
    assert beta.months == 2
    assert beta.requests == D(1000)
    assert beta.cost == D("0.375")
    assert beta.uncosted_requests == 20
    assert beta.baseline_plans == {"starter v1"}
    assert beta.revenue == {
        "baseline": D("50.00"),
        "candidate_1": D("4.00"),
        "candidate_2": D("20.00"),
        "candidate_3": D("10.00"),
    }
    assert merged.by_customer["acme"] == march.by_customer["acme"]
    classify = merged.by_class["classify"]
    # acme's 1000 classify requests and beta's 500 twice; costs 0.50 + 0.25 + 0.125.
    assert classify.requests == D(2000)
    assert classify.cost == D("0.875")
    whole = accumulate([BETA, ACME, beta_april], CANDIDATES, currency="USD")
    assert merged.by_class == whole.by_class
    assert merged.by_customer == whole.by_customer

"""A simulation reads only the usage metrics its plans charge for. No database."""

from __future__ import annotations

from economics.simulations.selectors import _row, metrics_needed
from tests.economics.simulations.test_engine import GRADUATED, OUTCOME, PER_TOKEN, STARTER


def test_only_metrics_some_charge_reads_are_summed_and_requests_always() -> None:
    assert metrics_needed([PER_TOKEN]) == ("input_tokens", "output_tokens", "requests")
    assert metrics_needed([STARTER]) == ("requests",)
    assert metrics_needed([GRADUATED, OUTCOME]) == ("total_tokens", "requests", "outcome_value")
    assert metrics_needed([]) == ("requests",)


def test_a_usage_row_holds_the_summed_metrics_that_are_not_zero() -> None:
    metrics = ("input_tokens", "output_tokens", "requests")
    row = _row(("chat", "", 1200, 0, 3), metrics)
    assert (row.request_class, row.model) == ("chat", None)
    assert row.quantities == {"input_tokens": 1200, "requests": 3}
    assert all(type(v).__name__ == "Decimal" for v in row.quantities.values())
    # No requests at all is zero requests, not the engine's default of one.
    assert _row(("chat", "m", None, 5, None), metrics).quantities == {
        "output_tokens": 5,
        "requests": 0,
    }

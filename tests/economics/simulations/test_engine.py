"""A hand-computed plan simulation: per-token and starter baselines against graduated,
hybrid and outcome-based candidates, matched to exact Decimals. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from economics.simulations.engine import (
    Candidate,
    Coverage,
    CustomerMonth,
    SimulationError,
    simulate,
    sum_rows,
)
from pricing.charge_specs import charges_from_data
from pricing.rating import Period, RatePlan, UsageRow

D = Decimal
MARCH = Period.month(2026, 3)  # 31 days


def plan(*charges: dict, currency: str = "USD") -> RatePlan:
    return RatePlan(currency, charges_from_data(list(charges)))


PER_TOKEN = plan(
    {
        "type": "usage",
        "key": "in",
        "description": "Input tokens",
        "metric": "input_tokens",
        "unit_size": "1000000",
        "price_model": "per_unit",
        "unit_amount": "3",
    },
    {
        "type": "usage",
        "key": "out",
        "description": "Output tokens",
        "metric": "output_tokens",
        "unit_size": "1000000",
        "price_model": "per_unit",
        "unit_amount": "15",
    },
)
STARTER = plan(
    {"type": "flat_fee", "key": "base", "description": "Starter", "amount": "20"},
    {
        "type": "usage",
        "key": "req",
        "description": "Requests",
        "metric": "requests",
        "price_model": "per_unit",
        "unit_amount": "0.01",
    },
)
GRADUATED = plan(
    {
        "type": "usage",
        "key": "tok",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "price_model": "graduated",
        "tiers": [{"up_to": "2", "unit_amount": "5"}, {"up_to": None, "unit_amount": "3"}],
    }
)
HYBRID = plan(
    {"type": "flat_fee", "key": "base", "description": "Platform fee", "amount": "10"},
    {
        "type": "usage",
        "key": "tok",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "included": "1",
        "price_model": "per_unit",
        "unit_amount": "4",
    },
)
OUTCOME = plan(
    {
        "type": "usage",
        "key": "won",
        "description": "Outcome share",
        "metric": "outcome_value",
        "price_model": "percentage",
        "percent": "10",
    },
    {"type": "minimum", "key": "min", "description": "Minimum", "amount": "5"},
)
CANDIDATES = [
    Candidate("candidate_1", "Graduated", GRADUATED),
    Candidate("candidate_2", "Hybrid", HYBRID),
    Candidate("candidate_3", "Outcome", OUTCOME),
]


def row(request_class: str, *, requests: int, input: int = 0, output: int = 0, value: str = "0"):
    return UsageRow(
        {
            "requests": D(requests),
            "input_tokens": D(input),
            "output_tokens": D(output),
            "total_tokens": D(input + output),
            "outcome_value": D(value),
        },
        request_class,
        "gpt-x",
    )


def full_month(plan_: RatePlan, label: str) -> tuple[Coverage, ...]:
    return (Coverage(plan_, label, MARCH.start, MARCH.end),)


ACME = CustomerMonth(
    customer="acme",
    period=MARCH,
    rows=(
        row("chat", requests=100, input=2_000_000, output=500_000, value="80"),
        row("classify", requests=1000, input=1_000_000, output=100_000),
    ),
    cost={"chat": D("4.20"), "classify": D("0.50")},
    coverage=full_month(PER_TOKEN, "per-token v1"),
)
BETA = CustomerMonth(
    customer="beta",
    period=MARCH,
    rows=(row("classify", requests=500, input=300_000, output=100_000),),
    cost={"classify": D("0.25")},
    coverage=full_month(STARTER, "starter v1"),
    uncosted_requests=20,
)
# Subscribed from 11 March (21 of 31 days): the usage of 5 March is not billed.
DELTA_DAYS = {
    date(2026, 3, 5): (row("chat", requests=1, input=1_000_000),),
    date(2026, 3, 20): (row("chat", requests=1, input=1_000_000, output=200_000),),
}
DELTA = CustomerMonth(
    customer="delta",
    period=MARCH,
    rows=sum_rows(r for rows in DELTA_DAYS.values() for r in rows),
    cost={"chat": D("2.50")},
    coverage=(Coverage(PER_TOKEN, "per-token v1", date(2026, 3, 11), MARCH.end),),
    daily=DELTA_DAYS,
)


def run(*months: CustomerMonth, progress=None):
    return simulate(
        months,
        CANDIDATES,
        currency="USD",
        month_labels=["2026-03"],
        customer_count=len(months),
        progress=progress,
    )


def figures(revenue, cost, margin_pct, **extra):
    return {
        "revenue": revenue,
        "margin": str(D(revenue) - D(cost)),
        "margin_pct": margin_pct,
        **extra,
    }


def delta(revenue, base):
    d = str(D(revenue) - D(base))
    return {"revenue_delta": d, "margin_delta": d}


def test_each_customer_is_rated_under_the_baseline_and_every_candidate() -> None:
    # acme, baseline: 3M input x $3 + 0.6M output x $15 = 18.00
    #   graduated: 3.6M tokens = 2 x $5 + 1.6 x $3 = 14.80
    #   hybrid: $10 + (3.6 - 1 included) x $4 = 20.40
    #   outcome: 10% of $80 = 8.00 (above the $5 minimum)
    # beta, baseline: $20 + 500 x $0.01 = 25.00; graduated 0.4 x $5 = 2.00;
    #   hybrid $10 (0.4M within the allowance); outcome: nothing, $5 minimum true-up
    # delta, covered 11-31 March: baseline 1M x $3 + 0.2M x $15 = 6.00; graduated 1.2 x $5
    #   = 6.00; hybrid 10 x 21/31 = 6.77 + 0.2 x $4 = 7.57; outcome: 5 x 21/31 = 3.39
    result = run(ACME, BETA, DELTA)
    acme, beta, delta_ = result.customers
    assert acme == {
        "customer_id": "acme",
        "months": 1,
        "requests": "1100",
        "uncosted_requests": 0,
        "variable_cost": "4.70",
        "baseline_plans": ["per-token v1"],
        "plans": [
            {
                "plan": "baseline",
                **figures("18.00", "4.70", "73.8889"),
                "revenue_delta": None,
                "revenue_delta_pct": None,
                "margin_delta": None,
            },
            {
                "plan": "candidate_1",
                **figures("14.80", "4.70", "68.2432"),
                **delta("14.80", "18.00"),
                "revenue_delta_pct": "-17.7778",
            },
            {
                "plan": "candidate_2",
                **figures("20.40", "4.70", "76.9608"),
                **delta("20.40", "18.00"),
                "revenue_delta_pct": "13.3333",
            },
            {
                "plan": "candidate_3",
                **figures("8.00", "4.70", "41.2500"),
                **delta("8.00", "18.00"),
                "revenue_delta_pct": "-55.5556",
            },
        ],
    }
    assert [(p["plan"], p["revenue"], p.get("revenue_delta")) for p in beta["plans"]] == [
        ("baseline", "25.00", None),
        ("candidate_1", "2.00", "-23.00"),
        ("candidate_2", "10.00", "-15.00"),
        ("candidate_3", "5.00", "-20.00"),
    ]
    assert beta["uncosted_requests"] == 20
    assert [(p["plan"], p["revenue"], p["margin"]) for p in delta_["plans"]] == [
        ("baseline", "6.00", "3.50"),
        ("candidate_1", "6.00", "3.50"),
        ("candidate_2", "7.57", "5.07"),
        ("candidate_3", "3.39", "0.89"),
    ]
    assert (
        delta_["requests"] == "2"
    )  # requests count the whole month; billing only the covered days


def test_totals_count_who_pays_more_and_less() -> None:
    totals = run(ACME, BETA, DELTA).results["totals"]
    assert totals["customers"] == 3
    assert totals["customer_months"] == 3
    assert totals["variable_cost"] == "7.45"
    assert totals["uncosted_requests"] == 20
    assert [
        (
            p["plan"],
            p["revenue"],
            p["margin"],
            p.get("revenue_delta"),
            p.get("customers_paying_more"),
            p.get("customers_paying_less"),
            p.get("customers_unchanged"),
        )
        for p in totals["plans"]
    ] == [
        ("baseline", "49.00", "41.55", None, None, None, None),
        ("candidate_1", "22.80", "15.35", "-26.20", 0, 2, 1),
        ("candidate_2", "37.97", "30.52", "-11.03", 2, 1, 0),
        ("candidate_3", "16.39", "8.94", "-32.61", 0, 3, 0),
    ]


def test_movers_list_the_largest_increases_and_decreases() -> None:
    movers = run(ACME, BETA, DELTA).results["movers"]
    assert movers[1] == {
        "plan": "candidate_2",
        "largest_increases": [
            {"customer_id": "acme", "revenue_delta": "2.40"},
            {"customer_id": "delta", "revenue_delta": "1.57"},
        ],
        "largest_decreases": [{"customer_id": "beta", "revenue_delta": "-15.00"}],
    }


def test_revenue_is_attributed_to_request_classes_under_each_plan() -> None:
    classes = run(ACME, BETA, DELTA).results["request_classes"]
    chat, classify = classes
    # chat: acme + delta. Baseline: acme input 2/3 of 9.00 + output 5/6 of 9.00 = 13.50,
    #   delta 6.00. Graduated: acme tier 1 2M x $5 + 0.5/1.6 of 4.80 = 11.50, delta 6.00.
    #   Hybrid: acme fee 10 x 100/1100 + overage 1.5/2.6 of 10.40 = 6.909.. -> 6.91, delta 7.57.
    #   Outcome: acme 8.00, delta 3.39.
    assert chat["request_class"] == "chat"
    assert chat["requests"] == "102"
    assert chat["variable_cost"] == "6.70"
    assert [
        (p["plan"], p["revenue"], p["margin"], p["margin_negative"]) for p in chat["plans"]
    ] == [
        ("baseline", "19.50", "12.80", False),
        ("candidate_1", "17.50", "10.80", False),
        ("candidate_2", "14.48", "7.78", False),
        ("candidate_3", "11.39", "4.69", False),
    ]
    assert chat["plans"][0]["margin_per_request"] == "0.12549020"  # 12.80 / 102, 8 places
    # classify: acme 4.50 / 3.30 / 13.49 / 0 plus beta 25 / 2 / 10 / 5
    assert classify["variable_cost"] == "0.75"
    assert [(p["plan"], p["revenue"], p["margin"]) for p in classify["plans"]] == [
        ("baseline", "29.50", "28.75"),
        ("candidate_1", "5.30", "4.55"),
        ("candidate_2", "23.49", "22.74"),
        ("candidate_3", "5.00", "4.25"),
    ]


def test_the_summary_names_the_largest_effects_in_plain_words() -> None:
    summary = run(ACME, BETA, DELTA).results["summary"]
    # Margins leave beta's 20 requests of unknown cost out: with $7.45 over the 1,582 priced
    # requests and revenue R over all 1,602, margin % = (1 - (7.45 / 1582) / (R / 1602)) x 100.
    assert summary == [
        "3 customers over 1 month: current plans earn USD 49.00 against USD 7.45 of variable "
        "cost (margin 84.6037%).",
        "20 requests have no cost yet; margins leave them out.",
        "Graduated lowers revenue by USD 26.20 (-53.4694%) to USD 22.80; "
        "margin 84.6037% -> 66.9115%.",
        "0 customers would pay more, 2 less, 1 the same; largest decrease beta -USD 23.00.",
        "Largest change by request class: classify, margin down USD 24.20 to USD 4.55.",
        "Hybrid lowers revenue by USD 11.03 (-22.5102%) to USD 37.97; margin 84.6037% -> 80.1312%.",
        "2 customers would pay more, 1 less, 0 the same; largest increase acme +USD 2.40; "
        "largest decrease beta -USD 15.00.",
        "Largest change by request class: classify, margin down USD 6.01 to USD 22.74.",
        "Outcome lowers revenue by USD 32.61 (-66.5510%) to USD 16.39; "
        "margin 84.6037% -> 53.9708%.",
        "0 customers would pay more, 3 less, 0 the same; largest decrease beta -USD 20.00.",
        "Largest change by request class: classify, margin down USD 24.50 to USD 4.25.",
    ]


def test_a_losing_class_is_named_in_the_summary() -> None:
    expensive = CustomerMonth(
        customer="zeta",
        period=MARCH,
        rows=(row("doc-summarise", requests=10, input=100_000),),
        cost={"doc-summarise": D("3.00")},
        coverage=full_month(PER_TOKEN, "per-token v1"),
    )
    summary = run(expensive).results["summary"]
    assert "Still losing money under Graduated: doc-summarise (-USD 2.50)." in summary


def test_progress_is_reported_once_per_customer() -> None:
    april = Period.month(2026, 4)
    beta_april = CustomerMonth(
        "beta",
        april,
        BETA.rows,
        BETA.cost,
        (Coverage(STARTER, "starter v1", april.start, april.end),),
    )
    calls: list[tuple[int, int]] = []
    simulate(
        [ACME, BETA, beta_april, DELTA],
        CANDIDATES,
        currency="USD",
        month_labels=["2026-03", "2026-04"],
        customer_count=3,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_a_month_without_a_subscription_is_rated_under_candidates_for_the_whole_month() -> None:
    loose = CustomerMonth(
        customer="omega",
        period=MARCH,
        rows=(row("chat", requests=3, input=500_000),),
        cost={"chat": D("0.10")},
    )
    (omega,) = run(loose).customers
    assert omega["baseline_plans"] == []
    assert [(p["plan"], p["revenue"]) for p in omega["plans"]] == [
        ("baseline", "0.00"),
        ("candidate_1", "2.50"),
        ("candidate_2", "10.00"),
        ("candidate_3", "5.00"),
    ]
    assert omega["plans"][1]["revenue_delta_pct"] is None


def test_a_plan_change_mid_month_prorates_both_baseline_versions() -> None:
    # per-token 1-11 March (10 days), starter from 11 March (21 days): 5 March usage under
    # per-token (1M input = 3.00), 20 March under starter (20 x 21/31 = 13.55 + 0.01).
    month = CustomerMonth(
        customer="delta",
        period=MARCH,
        rows=DELTA.rows,
        cost=DELTA.cost,
        coverage=(
            Coverage(PER_TOKEN, "per-token v1", MARCH.start, date(2026, 3, 11)),
            Coverage(STARTER, "starter v1", date(2026, 3, 11), MARCH.end),
        ),
        daily=DELTA_DAYS,
    )
    (customer,) = run(month).customers
    assert customer["baseline_plans"] == ["per-token v1", "starter v1"]
    # The candidates see one stretch (1-31 March): hybrid 10 + (2.2 - 1) x 4 = 14.80.
    assert [(p["plan"], p["revenue"]) for p in customer["plans"]] == [
        ("baseline", "16.56"),
        ("candidate_1", "10.60"),
        ("candidate_2", "14.80"),
        ("candidate_3", "5.00"),
    ]


def test_a_partly_covered_month_without_daily_usage_is_refused() -> None:
    month = CustomerMonth(
        customer="delta", period=MARCH, rows=DELTA.rows, cost={}, coverage=DELTA.coverage
    )
    with pytest.raises(SimulationError, match="needs daily usage"):
        run(month)


def test_candidates_must_share_the_simulation_currency() -> None:
    euro = Candidate("candidate_1", "Euro", plan(*[], currency="EUR"))
    with pytest.raises(SimulationError, match=r"candidates\.0\.currency: EUR differs"):
        simulate([ACME], [euro], currency="USD", month_labels=["2026-03"])


def test_requests_of_unknown_cost_are_left_out_of_the_class_and_customer_ratios() -> None:
    # 100 classify requests on Starter ($20 + $0.01 each = $21.00); 50 have no known cost and
    # $0.40 is the cost of the other 50: $0.008 per priced request, not $0.004.
    gamma = CustomerMonth(
        customer="gamma",
        period=MARCH,
        rows=(row("classify", requests=100),),
        cost={"classify": D("0.40")},
        coverage=full_month(STARTER, "starter v1"),
        uncosted_requests=50,
        uncosted_by_class={"classify": 50},
    )

    result = run(gamma)

    (classify,) = result.results["request_classes"]
    assert (classify["unpriced_requests"], classify["variable_cost"]) == (50, "0.40")
    baseline = classify["plans"][0]
    # $0.21 of revenue per request - $0.008 = $0.202 a request; 0.202 / 0.21 = 96.1905 %
    # (not (21 - 0.40) / 21 = 98.0952 %).
    assert (baseline["margin_per_request"], baseline["margin_pct"], baseline["margin"]) == (
        "0.20200000",
        "96.1905",
        "20.60",
    )
    assert baseline["margin_negative"] is False
    customer = result.customers[0]
    assert (customer["uncosted_requests"], customer["plans"][0]["margin_pct"]) == (50, "96.1905")
    assert result.results["totals"]["plans"][0]["margin_pct"] == "96.1905"

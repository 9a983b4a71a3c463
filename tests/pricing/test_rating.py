"""Golden cases for the rating engine: no database, exact Decimals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing.rating import (
    FlatFee,
    Graduated,
    InvoiceLine,
    MinimumCommitment,
    Package,
    Percentage,
    Period,
    PerUnit,
    RatePlan,
    RatingError,
    Segment,
    Tier,
    UsageCharge,
    UsageRow,
    Volume,
    adjustment_line,
    rate,
    rate_segments,
)

D = Decimal
MARCH = Period.month(2026, 3)  # 31 days
APRIL = Period.month(2026, 4)  # 30 days

# Stripe's tiered-pricing guide ("Typographic"): 1-5 at 7 USD, 6-10 at 6.50, 11+ at 6.
TYPOGRAPHIC = (Tier(D(5), D("7")), Tier(D(10), D("6.5")), Tier(None, D("6")))
# Stripe's older tiers guide: 1-5 at $5, 6-10 at $4, 11-15 at $3, 16-20 at $2, 21+ at $1.
FIVE_TIERS = (
    Tier(D(5), D(5)),
    Tier(D(10), D(4)),
    Tier(D(15), D(3)),
    Tier(D(20), D(2)),
    Tier(None, D(1)),
)


def plan(*charges, currency="USD") -> RatePlan:
    return RatePlan(currency, tuple(charges))


def requests(n, request_class=None, model=None, key=None, **quantities) -> UsageRow:
    q = {"requests": D(n), **{k: D(v) for k, v in quantities.items()}}
    return UsageRow(q, request_class, model, key)


def units_charge(price, **kwargs) -> UsageCharge:
    return UsageCharge("fonts", "Fonts", "requests", price, **kwargs)


def total_for(price, quantity, **kwargs) -> Decimal:
    result = rate(plan(units_charge(price, **kwargs)), [requests(quantity)], MARCH)
    return result.invoice.total


def line_tuples(invoice):
    return [
        (ln.kind, ln.description, ln.quantity, ln.unit_price, ln.amount) for ln in invoice.lines
    ]


# ----------------------------------------------------------------- Stripe's examples


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [(1, "7"), (5, "35"), (6, "41.50"), (20, "127.50"), (25, "157.50")],
)
def test_graduated_tiers_match_stripes_typographic_example(quantity, expected):
    assert total_for(Graduated(TYPOGRAPHIC), quantity) == D(expected)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [(1, "7"), (5, "35"), (6, "39"), (20, "120"), (25, "150")],
)
def test_volume_tiers_match_stripes_typographic_example(quantity, expected):
    assert total_for(Volume(TYPOGRAPHIC), quantity) == D(expected)


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [(1, "5"), (5, "25"), (6, "24"), (20, "40"), (25, "25")],
)
def test_volume_tiers_match_stripes_five_tier_example_where_totals_drop(quantity, expected):
    assert total_for(Volume(FIVE_TIERS), quantity) == D(expected)


def test_graduated_six_units_on_stripes_five_tiers_cost_29():
    result = rate(plan(units_charge(Graduated(FIVE_TIERS))), [requests(6)], MARCH)
    assert result.invoice.total == D("29.00")
    assert line_tuples(result.invoice) == [
        ("usage", "Fonts (tier 1)", D(5), D(5), D("25.00")),
        ("usage", "Fonts (tier 2)", D(1), D(4), D("4.00")),
    ]


def test_tier_flat_amounts_are_charged_once_per_tier_reached():
    tiers = (Tier(D(5), D(1), flat_amount=D(10)), Tier(None, D("0.5"), flat_amount=D(3)))
    assert total_for(Graduated(tiers), 8) == D("19.50")  # 10 + 5 + 3 + 1.5
    assert total_for(Volume(tiers), 8) == D("7.00")  # 8 x 0.5 + 3


# ----------------------------------------------------------------- other price models


@pytest.mark.parametrize(
    ("quantity", "expected"), [(1, "5"), (250, "15"), (300, "15"), (301, "20")]
)
def test_package_pricing_rounds_started_packages_up(quantity, expected):
    assert total_for(Package(D(100), D(5)), quantity) == D(expected)


def test_package_line_shows_packages_times_package_price():
    result = rate(plan(units_charge(Package(D(100), D(5)))), [requests(250)], MARCH)
    assert line_tuples(result.invoice) == [
        ("usage", "Fonts (packages of 100)", D(3), D(5), D("15.00")),
    ]


def test_per_unit_price_per_million_tokens():
    charge = UsageCharge(
        "out", "Output tokens", "output_tokens", PerUnit(D("10")), unit_size=D(1_000_000)
    )
    result = rate(plan(charge), [requests(1, output_tokens=1_234_567)], MARCH)
    assert line_tuples(result.invoice) == [
        ("usage", "Output tokens", D("1.234567"), D(10), D("12.35")),
    ]


def test_included_allowance_then_overage():
    base = FlatFee("base", "Starter", D(49))
    tokens = UsageCharge(
        "tokens",
        "Tokens",
        "total_tokens",
        PerUnit(D(2)),
        unit_size=D(1_000_000),
        included=D(1),
    )
    result = rate(plan(base, tokens), [requests(10, total_tokens=3_500_000)], MARCH)
    assert line_tuples(result.invoice) == [
        ("flat_fee", "Starter", D(1), D(49), D("49.00")),
        ("included", "Tokens (included)", D(1), D(0), D("0.00")),
        ("usage", "Tokens", D("2.5"), D(2), D("5.00")),
    ]
    assert result.invoice.total == D("54.00")
    assert result.invoice.recurring_total == D("49.00")
    assert result.invoice.usage_total == D("5.00")


def test_usage_within_the_allowance_costs_nothing():
    tokens = UsageCharge(
        "t", "Tokens", "total_tokens", PerUnit(D(2)), unit_size=D(1_000_000), included=D(1)
    )
    result = rate(plan(tokens), [requests(1, total_tokens=400_000)], MARCH)
    assert line_tuples(result.invoice) == [
        ("included", "Tokens (included)", D("0.4"), D(0), D("0.00"))
    ]


def test_hybrid_plan_with_graduated_overage_matches_a_hand_calculation():
    # $100 base; 10M tokens included; the next 40M at $3/M; beyond that $2/M.
    hybrid = plan(
        FlatFee("base", "Pro base fee", D(100)),
        UsageCharge(
            "tokens",
            "Tokens",
            "total_tokens",
            Graduated((Tier(D(40), D(3)), Tier(None, D(2)))),
            unit_size=D(1_000_000),
            included=D(10),
        ),
    )
    usage = [requests(1, total_tokens=75_000_000)]
    invoice = rate(hybrid, usage, MARCH).invoice
    # 75M - 10M = 65M billable: 40 x 3 + 25 x 2 = 170; plus 100.
    assert invoice.total == D("270.00")
    assert [ln.amount for ln in invoice.lines] == [D("100.00"), D("0.00"), D("120.00"), D("50.00")]


def test_outcome_based_percentage_rounds_half_up():
    charge = UsageCharge("outcomes", "Resolved tickets", "outcome_value", Percentage(D("2.5")))
    rows = [requests(1, outcome_value="60.10"), requests(1, outcome_value="40.10"), requests(1)]
    result = rate(plan(charge), rows, MARCH)
    # 2.5 % of 100.20 = 2.505 -> 2.51 (ROUND_HALF_UP, not banker's 2.50)
    assert line_tuples(result.invoice) == [
        ("usage", "Resolved tickets (2.5%)", D("100.20"), D("0.025"), D("2.51")),
    ]


def test_per_successful_outcome_charge():
    charge = UsageCharge("wins", "Successful outcomes", "outcomes", PerUnit(D("0.99")))
    rows = [requests(1, outcomes=1), requests(1, outcomes=0), requests(1, outcomes=1)]
    assert rate(plan(charge), rows, MARCH).invoice.total == D("1.98")


def test_minimum_commitment_trues_up_a_short_month():
    usage_charge = UsageCharge("req", "Requests", "requests", PerUnit(D("0.01")))
    minimum = MinimumCommitment("min", "Minimum commitment", D(500))
    short = rate(plan(usage_charge, minimum), [requests(32_000)], MARCH).invoice
    assert line_tuples(short) == [
        ("usage", "Requests", D(32_000), D("0.01"), D("320.00")),
        ("minimum", "Minimum commitment true-up", D(1), D("180.00"), D("180.00")),
    ]
    assert short.total == D("500.00")
    assert short.recurring_total == D("180.00")
    busy = rate(plan(usage_charge, minimum), [requests(62_000)], MARCH).invoice
    assert busy.total == D("620.00")
    assert [ln.kind for ln in busy.lines] == ["usage"]


def test_charges_filtered_by_model_and_request_class():
    gpt = UsageCharge("gpt", "Big model tokens", "output_tokens", PerUnit(D(1)), model="big")
    chat = UsageCharge(
        "chat", "Chat requests", "requests", PerUnit(D("0.10")), request_class="chat"
    )
    rows = [
        requests(2, "chat", "big", output_tokens=3),
        requests(5, "classify", "small", output_tokens=100),
        requests(1, "classify", "big", output_tokens=4),
    ]
    invoice = rate(plan(gpt, chat), rows, MARCH).invoice
    assert [(ln.charge_key, ln.quantity, ln.amount) for ln in invoice.lines] == [
        ("gpt", D(7), D("7.00")),
        ("chat", D(2), D("0.20")),
    ]


def test_a_charge_without_usage_shows_a_zero_line():
    charge = UsageCharge("req", "Requests", "requests", Graduated(TYPOGRAPHIC))
    invoice = rate(plan(charge), [], MARCH).invoice
    assert line_tuples(invoice) == [("usage", "Requests", D(0), D(7), D("0.00"))]
    assert invoice.total == D("0.00")


# ----------------------------------------------------------------- proration, JPY


def test_flat_fee_is_prorated_by_day_when_a_subscription_starts_mid_month():
    result = rate(plan(FlatFee("base", "Pro", D(100))), [], MARCH, start=date(2026, 3, 10))
    (line,) = result.invoice.lines
    # 22 of 31 days: 100 x 22 / 31 = 70.967... -> 70.97
    assert (line.description, line.amount, line.proration) == (
        "Pro (22 of 31 days)",
        D("70.97"),
        True,
    )
    assert (line.period_start, line.period_end) == (date(2026, 3, 10), date(2026, 4, 1))


def test_a_plan_change_mid_month_prorates_both_versions():
    old = plan(FlatFee("base", "Basic", D(100)))
    new = plan(FlatFee("base", "Pro", D(300)), MinimumCommitment("min", "Minimum", D(620)))
    result = rate_segments(
        MARCH,
        [
            Segment(old, date(2026, 3, 1), date(2026, 3, 16), []),
            Segment(new, date(2026, 3, 16), date(2026, 4, 1), []),
        ],
    )
    assert line_tuples(result.invoice) == [
        ("flat_fee", "Basic (15 of 31 days)", D(1), D(100), D("48.39")),
        ("flat_fee", "Pro (16 of 31 days)", D(1), D(300), D("154.84")),
        # 620 x 16 / 31 = 320.00; 320 - 154.84 = 165.16
        ("minimum", "Minimum true-up (16 of 31 days)", D(1), D("165.16"), D("165.16")),
    ]
    assert result.invoice.total == D("368.39")


def test_segments_must_share_a_currency():
    with pytest.raises(RatingError):
        rate_segments(
            MARCH,
            [
                Segment(plan(currency="USD"), date(2026, 3, 1), date(2026, 3, 16), []),
                Segment(plan(currency="EUR"), date(2026, 3, 16), date(2026, 4, 1), []),
            ],
        )


def test_jpy_lines_round_to_whole_yen():
    jpy = plan(
        FlatFee("base", "Base", D(10_000)),
        UsageCharge("req", "Requests", "requests", PerUnit(D("0.15"))),
        UsageCharge("img", "Images", "gpu_seconds", PerUnit(D("0.5"))),
        currency="jpy",
    )
    result = rate(jpy, [requests(1234, gpu_seconds=3)], APRIL, start=date(2026, 4, 21))
    assert line_tuples(result.invoice) == [
        ("flat_fee", "Base (10 of 30 days)", D(1), D(10_000), D("3333")),
        ("usage", "Requests", D(1234), D("0.15"), D("185")),  # 185.1
        ("usage", "Images", D(3), D("0.5"), D("2")),  # 1.5 half up
    ]
    assert result.invoice.total == D("3520")
    assert result.invoice.currency == "JPY"


# ----------------------------------------------------------------- attribution


def test_graduated_revenue_goes_to_events_at_the_marginal_tier_rate():
    charge = units_charge(Graduated(TYPOGRAPHIC))
    rows = [requests(3, "a", key="e1"), requests(4, "b", key="e2"), requests(6, "a", key="e3")]
    result = rate(plan(charge), rows, MARCH, attribute=True)
    assert result.invoice.total == D("85.50")  # 35 + 32.50 + 18
    attribution = result.attribution
    # e1: 3 x 7; e2: 2 x 7 + 2 x 6.5; e3: 3 x 6.5 + 3 x 6
    assert attribution.by_event == {"e1": D("21.00"), "e2": D("27.00"), "e3": D("37.50")}
    assert attribution.by_request_class == {"a": D("58.50"), "b": D("27.00")}
    assert attribution.unattributed == D("0.00")


def test_volume_revenue_goes_to_events_at_the_rate_reached():
    rows = [requests(3, key="e1"), requests(4, key="e2"), requests(6, key="e3")]
    result = rate(plan(units_charge(Volume(TYPOGRAPHIC))), rows, MARCH, attribute=True)
    assert result.invoice.total == D("78.00")
    assert result.attribution.by_event == {"e1": D("18.00"), "e2": D("24.00"), "e3": D("36.00")}


def test_the_allowance_goes_to_the_first_events_of_the_period():
    tokens = UsageCharge("t", "Tokens", "total_tokens", PerUnit(D(1)), included=D(10))
    rows = [
        requests(1, "chat", key=1, total_tokens=6),
        requests(1, "chat", key=2, total_tokens=6),
        requests(1, "classify", key=3, total_tokens=5),
    ]
    result = rate(plan(tokens), rows, MARCH, attribute=True)
    assert result.invoice.total == D("7.00")
    assert result.attribution.by_event == {1: D("0.00"), 2: D("2.00"), 3: D("5.00")}


def test_flat_fees_are_spread_over_requests_and_sum_to_the_cent():
    rows = [requests(1, "a", key="e1"), requests(1, "b", key="e2"), requests(1, "a", key="e3")]
    result = rate(plan(FlatFee("base", "Base", D(10))), rows, MARCH, attribute=True)
    attribution = result.attribution
    assert attribution.by_request_class == {"a": D("6.67"), "b": D("3.33")}
    assert attribution.by_event == {"e1": D("3.34"), "e2": D("3.33"), "e3": D("3.33")}


def test_flat_fees_follow_the_request_count_of_aggregated_rows():
    rows = [requests(3, "a"), requests(1, "b")]
    result = rate(plan(FlatFee("base", "Base", D(10))), rows, MARCH, attribute=True)
    assert result.attribution.by_request_class == {"a": D("7.50"), "b": D("2.50")}


def test_a_fee_with_no_requests_to_spread_over_is_unattributed():
    result = rate(plan(FlatFee("base", "Base", D(10))), [], MARCH, attribute=True)
    assert result.attribution.by_request_class == {}
    assert result.attribution.by_event == {}
    assert result.attribution.unattributed == D("10.00")


def test_minimum_true_up_is_spread_like_a_flat_fee():
    usage_charge = UsageCharge("req", "Requests", "requests", PerUnit(D(1)), request_class="a")
    minimum = MinimumCommitment("min", "Minimum", D(10))
    rows = [requests(2, "a", key="x"), requests(2, "b", key="y")]
    result = rate(plan(usage_charge, minimum), rows, MARCH, attribute=True)
    # usage 2.00 goes to x; true-up 8.00 over 4 requests: 4.00 each
    assert result.attribution.by_event == {"x": D("6.00"), "y": D("4.00")}


def test_finer_event_quantum_keeps_sub_cent_revenue_per_request():
    charge = UsageCharge("req", "Requests", "requests", PerUnit(D("0.009")))
    rows = [requests(1, "summarise", key=i) for i in range(1000)]
    result = rate(plan(charge), rows, MARCH, attribute=True, event_quantum=D("0.000001"))
    assert result.invoice.total == D("9.00")
    assert set(result.attribution.by_event.values()) == {D("0.009000")}
    coarse = rate(plan(charge), rows, MARCH, attribute=True).attribution
    assert sorted(set(coarse.by_event.values())) == [D("0.00"), D("0.01")]
    assert sum(coarse.by_event.values()) == D("9.00")


def _mixed_plan(currency="USD"):
    return plan(
        FlatFee("base", "Base", D("99.99")),
        UsageCharge(
            "in", "Input", "input_tokens", PerUnit(D("0.37")), unit_size=D(1000), included=D(5)
        ),
        UsageCharge(
            "out",
            "Output",
            "output_tokens",
            Graduated((Tier(D(7), D("1.13")), Tier(None, D("0.71")))),
            unit_size=D(1000),
        ),
        UsageCharge(
            "gpu", "GPU", "gpu_seconds", Volume((Tier(D(10), D("0.033")), Tier(None, D("0.029"))))
        ),
        UsageCharge(
            "pkg", "Retrieval", "retrieval_calls", Package(D(7), D("0.5")), request_class="rag"
        ),
        UsageCharge("win", "Outcomes", "outcome_value", Percentage(D("3.3"))),
        MinimumCommitment("min", "Minimum", D(250)),
        currency=currency,
    )


def _mixed_rows(n):
    classes = ("chat", "rag", "classify")
    return [
        UsageRow(
            {
                "requests": D(1),
                "input_tokens": D(317 * i % 1999),
                "output_tokens": D(211 * i % 907),
                "gpu_seconds": D(i % 13) / 8,
                "retrieval_calls": D(i % 5),
                "outcome_value": D(i % 11) / 4,
            },
            classes[i % 3],
            "m1" if i % 2 else "m2",
            f"evt_{i}",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("currency", ["USD", "JPY", "KWD"])
@pytest.mark.parametrize("n", [1, 7, 240])
def test_allocations_sum_exactly_to_the_invoice_total(currency, n):
    rows = _mixed_rows(n)
    result = rate(_mixed_plan(currency), rows, MARCH, start=date(2026, 3, 5), attribute=True)
    invoice, attribution = result.invoice, result.attribution
    assert attribution.total == invoice.total
    assert sum(attribution.by_request_class.values()) + attribution.unattributed == invoice.total
    assert sum(attribution.by_event.values()) == invoice.total
    assert len(attribution.by_event) == n
    for name, amount in attribution.by_request_class.items():
        members = [r.event_key for r in rows if r.request_class == name]
        assert sum(attribution.by_event[k] for k in members) == amount


def test_aggregated_rows_rate_to_the_same_invoice_as_events():
    rows = _mixed_rows(240)
    groups: dict[tuple, dict[str, Decimal]] = {}
    for row in rows:
        acc = groups.setdefault((row.request_class, row.model), {})
        for k, v in row.quantities.items():
            acc[k] = acc.get(k, D(0)) + v
    aggregates = [UsageRow(q, c, m) for (c, m), q in groups.items()]
    by_event = rate(_mixed_plan(), rows, MARCH, attribute=True).invoice
    by_aggregate = rate(_mixed_plan(), aggregates, MARCH).invoice
    assert by_aggregate == by_event
    assert by_event.total > D("250")


# ----------------------------------------------------------------- adjustments, validation


def test_late_usage_becomes_an_adjustment_line_on_the_next_invoice():
    charge_plan = plan(UsageCharge("req", "Requests", "requests", PerUnit(D("0.25"))))
    invoiced = rate(charge_plan, [requests(10)], MARCH).invoice
    rerated = rate(charge_plan, [requests(10), requests(3)], MARCH).invoice
    line = adjustment_line(invoiced=invoiced, rerated=rerated, on=APRIL)
    assert line == InvoiceLine(
        charge_key="adjustment",
        kind="adjustment",
        description="Adjustment for 2026-03-01 to 2026-04-01 (late usage)",
        quantity=D(1),
        unit_price=D("0.75"),
        amount=D("0.75"),
        period_start=date(2026, 4, 1),
        period_end=date(2026, 5, 1),
    )
    assert adjustment_line(invoiced=invoiced.total, rerated=invoiced, on=APRIL) is None


@pytest.mark.parametrize(
    ("charge", "message"),
    [
        (
            units_charge(Graduated((Tier(D(5), D(1)), Tier(D(5), D(1)), Tier(None, D(1))))),
            "charges.0.tiers.1.up_to",
        ),
        (units_charge(Volume((Tier(D(5), D(1)),))), "charges.0.tiers.0.up_to"),
        (
            units_charge(Graduated((Tier(None, D(1)), Tier(None, D(1))))),
            "charges.0.tiers.0.up_to",
        ),
        (units_charge(Graduated(())), "charges.0.tiers"),
        (UsageCharge("x", "X", "tokens", PerUnit(D(1))), "charges.0.metric"),
        (units_charge(PerUnit(D(1)), unit_size=D(0)), "charges.0.unit_size"),
        (units_charge(Package(D(0), D(1))), "charges.0.package_size"),
        (units_charge(PerUnit(D(-1))), "charges.0.unit_amount"),
        (FlatFee("f", "F", D(-1)), "charges.0.amount"),
    ],
)
def test_invalid_charges_are_refused_with_a_field_path(charge, message):
    with pytest.raises(RatingError, match=rf"^{message}:"):
        plan(charge)


def test_duplicate_charge_keys_are_refused():
    with pytest.raises(RatingError, match=r"^charges.1.key:"):
        plan(FlatFee("a", "A", D(1)), FlatFee("a", "B", D(1)))


def test_period_month_handles_december():
    assert Period.month(2026, 12) == Period(date(2026, 12, 1), date(2027, 1, 1))
    assert Period.month(2028, 2).days == 29


def test_class_only_attribution_gives_the_same_classes_without_events():
    rows = _mixed_rows(60)
    full = rate(_mixed_plan(), rows, MARCH, attribute=True).attribution
    classes_only = rate(_mixed_plan(), rows, MARCH, attribute=True, by_event=False).attribution
    assert classes_only.by_request_class == full.by_request_class
    assert classes_only.by_event == {}
    assert sum(full.by_request_class.values()) == D("250.00")  # the minimum commitment


def test_the_callers_decimal_context_does_not_change_the_price():
    from decimal import ROUND_DOWN, localcontext

    tokens = UsageCharge("t", "Tokens", "output_tokens", PerUnit(D(3)), unit_size=D(1_000_000))
    rows = [requests(1, "chat", output_tokens=1_234_567_891), requests(1, "rag", output_tokens=1)]
    expected = rate(plan(tokens), rows, MARCH, attribute=True)
    assert expected.invoice.total == D("3703.70")  # 1234.567892 x 3 = 3703.703676
    with localcontext() as ctx:
        ctx.prec, ctx.rounding = 6, ROUND_DOWN
        got = rate(plan(tokens), rows, MARCH, attribute=True)
    assert got == expected

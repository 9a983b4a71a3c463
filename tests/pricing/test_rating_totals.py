"""Totals-only rating gives the engine's invoice total and class attribution, to the digit."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from pricing.rating import (
    FlatFee,
    Graduated,
    MinimumCommitment,
    Package,
    Percentage,
    PerUnit,
    RatePlan,
    RatingError,
    Segment,
    Tier,
    UsageCharge,
    UsageRow,
    Volume,
    rate_segments,
)
from pricing.rating.records import Period
from pricing.rating.totals import TotalsPlan, rate_totals, rate_totals_each

D = Decimal
MARCH = Period.month(2026, 3)
METRICS = ("input_tokens", "output_tokens", "total_tokens", "requests", "outcome_value")


def _amount(rng: random.Random) -> Decimal:
    return rng.choice([D(0), D("0.005"), D("0.015"), D("29"), D("99.99"), D("12.345"), D(1)])


def _tiers(rng: random.Random) -> tuple[Tier, ...]:
    bounds = sorted(rng.sample([D("0.05"), D("0.2"), D(1), D(3), D(10), D(250)], rng.randint(0, 3)))
    tiers = [
        Tier(b, rng.choice([D("12"), D("0.0333"), D(5), D(0)]), rng.choice([D(0), D(0), D("2.5")]))
        for b in bounds
    ]
    return (*tiers, Tier(None, rng.choice([D(3), D("0.017"), D(0)])))


def _price(rng: random.Random) -> PerUnit | Graduated | Volume | Package | Percentage:
    kind = rng.randrange(5)
    if kind == 0:
        return PerUnit(rng.choice([D(6), D("0.02"), D("0.0000025"), D("1.005")]))
    if kind == 1:
        return Percentage(rng.choice([D(5), D("2.5"), D("33.3333")]))
    if kind == 2:
        return Package(rng.choice([D(1), D(1000), D("0.5")]), rng.choice([D(3), D("0.99")]))
    if kind == 3:
        return Volume(_tiers(rng))
    return Graduated(_tiers(rng))


def _plan(rng: random.Random, currency: str) -> RatePlan:
    charges: list[FlatFee | UsageCharge | MinimumCommitment] = []
    for i in range(rng.randint(0, 4)):
        kind = rng.random()
        key = f"c{i}"
        if kind < 0.2:
            charges.append(FlatFee(key, "Fee", _amount(rng)))
        elif kind < 0.3:
            charges.append(
                MinimumCommitment(key, "Minimum", rng.choice([D(19), D("0.01"), D(500)]))
            )
        else:
            charges.append(
                UsageCharge(
                    key,
                    "Usage",
                    rng.choice(METRICS),
                    _price(rng),
                    unit_size=rng.choice([D(1), D(1), D(1_000_000), D(3), D(7)]),
                    included=rng.choice([D(0), D(0), D("0.05"), D(2), D(1000)]),
                    model=rng.choice([None, None, None, "m1"]),
                    request_class=rng.choice([None, None, None, "a", "b"]),
                )
            )
    return RatePlan(currency, tuple(charges))


def _rows(rng: random.Random) -> tuple[UsageRow, ...]:
    rows = []
    for _ in range(rng.randint(0, 4)):
        quantities = {}
        for metric in METRICS:
            if rng.random() < 0.7:
                quantities[metric] = rng.choice(
                    [D(0), D(1), D(3), D(17), D(2_000_001), D(123_456), D("10.55"), D("0.333")]
                )
        rows.append(
            UsageRow(quantities, rng.choice([None, "a", "b", "c"]), rng.choice([None, "m1", "m2"]))
        )
    return tuple(rows)


def _segments(rng: random.Random, currency: str) -> list[Segment]:
    shape = rng.randrange(4)
    if shape == 0:
        cuts = [MARCH.start, MARCH.end]
    elif shape == 1:
        cuts = [date(2026, 3, 10), MARCH.end]
    elif shape == 2:
        cuts = [MARCH.start, date(2026, 3, 15), MARCH.end]
    else:
        cuts = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 30)]
    return [
        Segment(_plan(rng, currency), start, end, _rows(rng))
        for start, end in zip(cuts, cuts[1:], strict=False)
    ]


def _both(period: Period, segments: list[Segment], *, attribute: bool) -> tuple[object, object]:
    prepared = [(TotalsPlan(s.plan), s.start, s.end, s.usage) for s in segments]
    fast = rate_totals(period, prepared, attribute=attribute)
    if not attribute:
        return fast, (rate_segments(period, segments).invoice.total, None, D(0))
    result = rate_segments(period, segments, attribute=True, by_event=False)
    assert result.attribution is not None
    attribution = result.attribution
    return fast, (
        result.invoice.total,
        attribution.by_request_class,
        attribution.unattributed,
    )


def _as_text(totals: object) -> object:
    """Compare Decimals by their digits and exponent, and dicts with their key order."""
    total, by_class, unattributed = totals  # type: ignore[misc]
    classes = None if by_class is None else [(k, str(v)) for k, v in by_class.items()]
    return str(total), classes, str(unattributed)


@pytest.mark.parametrize("currency", ["USD", "JPY", "KWD"])
@pytest.mark.parametrize("attribute", [False, True])
def test_totals_match_the_engine_on_random_plans_and_usage(currency, attribute):
    rng = random.Random(f"{currency}-{attribute}")
    compared = 0
    for _ in range(700):
        segments = _segments(rng, currency)
        fast, engine = _both(MARCH, segments, attribute=attribute)
        assert _as_text(fast) == _as_text(engine), segments
        compared += 1
    assert compared == 700


def test_a_prepared_plan_rates_many_periods_alike():
    plan = RatePlan(
        "USD",
        (
            FlatFee("base", "Base", D("49")),
            UsageCharge(
                "tokens",
                "Tokens",
                "total_tokens",
                Graduated((Tier(D(1), D(5)), Tier(None, D(3)))),
                unit_size=D(1_000_000),
                included=D("0.1"),
            ),
            MinimumCommitment("min", "Minimum", D(60)),
        ),
    )
    prepared = TotalsPlan(plan)
    rows = (
        UsageRow({"total_tokens": D(900_000), "requests": D(3)}, "chat"),
        UsageRow({"total_tokens": D(2_500_000), "requests": D(1)}, "classify"),
    )
    # Half a month: fee 49 * 16/31 = 25.29, spread 3:1 by requests (18.9675 and 6.3225);
    # tokens: the 0.1M included goes to chat first, so chat 0.8M at 5 = 4.00 and classify
    # 0.2M at 5 + 2.3M at 3 = 7.90; minimum 60 * 16/31 = 30.97 < 37.19 charged: no true-up.
    # Cents by largest remainder: chat 22.9675 -> 22.97, classify 14.2225 -> 14.22.
    for _ in range(2):
        total, by_class, unattributed = rate_totals(
            MARCH, [(prepared, date(2026, 3, 16), MARCH.end, rows)], attribute=True
        )
        assert total == D("37.19")
        assert by_class == {"chat": D("22.97"), "classify": D("14.22")}
        assert unattributed == D("0.00")
    engine = rate_segments(
        MARCH, [Segment(plan, date(2026, 3, 16), MARCH.end, rows)], attribute=True
    )
    assert engine.attribution is not None
    assert engine.attribution.by_request_class == by_class


def test_totals_refuse_what_the_engine_refuses():
    usd = TotalsPlan(RatePlan("USD", (FlatFee("f", "Fee", D(1)),)))
    eur = TotalsPlan(RatePlan("EUR", (FlatFee("f", "Fee", D(1)),)))
    with pytest.raises(RatingError, match="at least one segment"):
        rate_totals(MARCH, [])
    with pytest.raises(RatingError, match="share one currency"):
        rate_totals(
            MARCH,
            [(usd, MARCH.start, date(2026, 3, 9), ()), (eur, date(2026, 3, 9), MARCH.end, ())],
        )
    with pytest.raises(RatingError, match="end after it starts"):
        rate_totals(MARCH, [(usd, MARCH.end, MARCH.start, ())], attribute=True)


@pytest.mark.parametrize("attribute", [False, True])
def test_rating_the_same_usage_under_several_plans_matches_the_engine_for_each(attribute):
    rng = random.Random(f"each-{attribute}")
    for _ in range(400):
        shape = _segments(rng, "USD")
        stretches = [(s.start, s.end, s.usage) for s in shape]
        plans = [_plan(rng, "USD") for _ in range(3)]
        each = rate_totals_each(
            MARCH, [TotalsPlan(p) for p in plans], stretches, attribute=attribute
        )
        assert len(each) == 3
        for plan, fast in zip(plans, each, strict=True):
            segments = [Segment(plan, start, end, usage) for start, end, usage in stretches]
            _, engine = _both(MARCH, segments, attribute=attribute)
            assert _as_text(fast) == _as_text(engine), segments
    with pytest.raises(RatingError, match="at least one segment"):
        rate_totals_each(MARCH, [], [], attribute=attribute)
    with pytest.raises(RatingError, match="end after it starts"):
        rate_totals_each(MARCH, [], [(MARCH.end, MARCH.start, ())], attribute=attribute)

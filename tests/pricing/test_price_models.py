"""The price model arithmetic on its own: exact Decimals, no plan, no database."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext

import pytest

from pricing.rating import Graduated, Package, Percentage, PerUnit, Tier, Volume
from pricing.rating.price_models import (
    RATING_CONTEXT,
    allowance_used,
    billable_units,
    graduated,
    package,
    per_unit,
    percentage,
    percentage_rate,
    price_of,
    prorate,
    split_in_order,
    tier_bands,
    true_up,
    volume,
)

D = Decimal
CENT = D("0.01")
# Stripe's tiered-pricing guide ("Typographic"): 1-5 at 7 USD, 6-10 at 6.50, 11+ at 6.
TYPOGRAPHIC = (Tier(D(5), D(7)), Tier(D(10), D("6.5")), Tier(None, D(6)))


@pytest.fixture(autouse=True)
def rating_context() -> Iterator[None]:
    with localcontext(RATING_CONTEXT):
        yield


def test_the_allowance_covers_units_up_to_what_is_included_and_bills_the_rest():
    assert (allowance_used(D(3), D(5)), billable_units(D(3), D(5))) == (D(3), D(0))
    assert (allowance_used(D(5), D(5)), billable_units(D(5), D(5))) == (D(5), D(0))
    assert (allowance_used(D(8), D(5)), billable_units(D(8), D(5))) == (D(5), D(3))
    assert billable_units(D("0.734512"), D(0)) == D("0.734512")


def test_rows_are_split_over_a_band_in_the_order_they_were_consumed():
    rows = [D(3), D(4), D(5)]  # running sum: 3, 7, 12
    assert split_in_order(rows, D(5), None) == [D(0), D(2), D(5)]
    assert split_in_order(rows, D(2), D(8)) == [D(1), D(4), D(1)]
    assert split_in_order(rows, D(12), None) == [D(0), D(0), D(0)]


def test_each_tier_starts_where_the_previous_one_ends():
    assert tier_bands(TYPOGRAPHIC) == (
        (D(0), D(5), D(7), D(0)),
        (D(5), D(10), D("6.5"), D(0)),
        (D(10), None, D(6), D(0)),
    )


def test_per_unit_prices_every_unit_and_rounds_the_line_half_up():
    rows = [D(1), D(2)]
    assert per_unit(D("0.005"), D(3), CENT, rows) == (
        ("usage", D(3), D("0.005"), D("0.02"), None, rows),
    )
    assert str(per_unit(D("0.0000025"), D(1000), CENT, None)[0][3]) == "0.00"


def test_a_percentage_charges_its_share_of_the_metric():
    rate = percentage_rate(D("2.5"))
    assert rate == D("0.025")
    assert percentage(rate, D("1234.50"), CENT, None) == (
        ("usage", D("1234.50"), D("0.025"), D("30.86"), None, None),
    )


def test_a_package_price_counts_every_started_package():
    assert package(D(100), D(5), D(250), CENT, None) == (
        ("usage", D(3), D(5), D("15.00"), None, None),
    )
    assert package(D(100), D(5), D(300), CENT, None)[0][1] == D(3)
    assert package(D(100), D(5), D(301), CENT, None)[0][1] == D(4)


def test_volume_prices_every_unit_at_the_tier_the_total_reaches_and_its_flat_amount_once():
    bands = tier_bands((Tier(D(5), D(1), flat_amount=D(10)), Tier(None, D("0.5"), D(3))))
    assert volume(bands, D(5), CENT, None) == (
        ("usage", D(5), D(1), D("5.00"), 1, None),
        ("tier_flat", D(1), D(10), D("10.00"), 1, None),
    )
    assert volume(bands, D(8), CENT, None) == (
        ("usage", D(8), D("0.5"), D("4.00"), 2, None),
        ("tier_flat", D(1), D(3), D("3.00"), 2, None),
    )


def test_graduated_fills_the_tiers_in_order_and_weights_rows_by_their_units_in_each():
    rows = [D(4), D(4), D(4)]  # running sum: 4, 8, 12
    assert graduated(tier_bands(TYPOGRAPHIC), D(12), CENT, rows) == [
        ("usage", D(5), D(7), D("35.00"), 1, [D(4), D(1), D(0)]),
        ("usage", D(5), D("6.5"), D("32.50"), 2, [D(0), D(3), D(2)]),
        ("usage", D(2), D(6), D("12.00"), 3, [D(0), D(0), D(2)]),
    ]


def test_a_graduated_tier_with_nothing_to_charge_has_no_weights():
    free_first = tier_bands((Tier(D(5), D(0)), Tier(None, D(2), flat_amount=D(1))))
    assert graduated(free_first, D(6), CENT, [D(6)]) == [
        ("usage", D(5), D(0), D("0.00"), 1, None),
        ("usage", D(1), D(2), D("2.00"), 2, [D(1)]),
        ("tier_flat", D(1), D(1), D("1.00"), 2, [D(1)]),
    ]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (PerUnit(D(6)), D("12.00")),
        (Percentage(D(5)), D("0.10")),
        (Package(D(3), D(4)), D("4.00")),
        (Volume(TYPOGRAPHIC), D("14.00")),
        (Graduated(TYPOGRAPHIC), D("14.00")),
    ],
)
def test_a_price_model_with_its_terms_bound_prices_billable_units(model, expected):
    lines = price_of(model)(D(2), CENT, None)
    assert sum(line[3] for line in lines) == expected


def test_fees_are_prorated_by_day_and_a_whole_period_is_left_exact():
    assert prorate(D(49), 16, 31) == D(49) * 16 / 31
    assert str(prorate(D("49.00"), 31, 31)) == "49.00"


def test_a_minimum_trues_up_only_the_shortfall():
    assert true_up(D("30.97"), D("25.29")) == D("5.68")
    assert true_up(D("30.97"), D("37.19")) == D(0)
    assert true_up(D("30.97"), D("30.97")) == D(0)

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.charge_specs import charges_from_data, charges_to_data
from pricing.rating import FlatFee, Graduated, Percentage, RatingError, Tier, UsageCharge

D = Decimal

HYBRID = [
    {"type": "flat_fee", "key": "base", "description": "Pro base fee", "amount": "100"},
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "included": "10",
        "model": None,
        "request_class": None,
        "price_model": "graduated",
        "tiers": [
            {"up_to": "40", "unit_amount": "3", "flat_amount": "0"},
            {"up_to": None, "unit_amount": "2", "flat_amount": "0"},
        ],
    },
]


def test_json_charges_become_engine_charges_and_back():
    charges = charges_from_data(HYBRID)
    assert charges == (
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
    assert charges_to_data(charges) == HYBRID


def test_defaults_fill_key_unit_size_and_included():
    (charge,) = charges_from_data(
        [
            {
                "type": "usage",
                "description": "Outcome share",
                "metric": "outcome_value",
                "price_model": "percentage",
                "percent": "2.5",
            }
        ]
    )
    assert charge == UsageCharge("usage_1", "Outcome share", "outcome_value", Percentage(D("2.5")))


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"type": "flat_fee"}, "charges: must be a list."),
        (
            [{"type": "coupon"}],
            "charges.0.type: must be one of flat_fee, usage, minimum, cost_plus.",
        ),
        ([{"type": "flat_fee", "amount": "1"}], "charges.0.description: this field is required."),
        (
            [{"type": "flat_fee", "description": "x", "amount": "ten"}],
            "charges.0.amount: 'ten' is not",
        ),
        (
            [{"type": "flat_fee", "description": "x", "amount": True}],
            "charges.0.amount: must be a decimal",
        ),
        (
            [{"type": "flat_fee", "description": "x", "amount": "1e20"}],
            "charges.0.amount: must be a number below",
        ),
        (
            [{"type": "flat_fee", "description": "x", "amount": "0.0000000000001"}],
            "charges.0.amount: at most 12 decimal places.",
        ),
        (
            [
                {
                    "type": "usage",
                    "description": "x",
                    "metric": "requests",
                    "price_model": "graduated",
                    "tiers": [],
                }
            ],
            "charges.0.tiers: a non-empty list",
        ),
        (
            [
                {
                    "type": "usage",
                    "description": "x",
                    "metric": "requests",
                    "price_model": "volume",
                    "tiers": [
                        {"up_to": "5", "unit_amount": "1"},
                        {"up_to": "2", "unit_amount": "1"},
                        {"unit_amount": "1"},
                    ],
                }
            ],
            "charges.0.tiers.1.up_to: tiers must ascend",
        ),
        (
            [{"type": "usage", "description": "x", "metric": "requests", "price_model": "free"}],
            "charges.0.price_model:",
        ),
        (
            [{"type": "usage", "description": "x", "metric": "bytes", "price_model": "per_unit"}],
            "charges.0.metric:",
        ),
        (
            [{"type": "flat_fee", "key": "a", "description": "x", "amount": "1"}] * 2,
            "charges.1.key: duplicate charge key 'a'.",
        ),
    ],
)
def test_invalid_json_charges_name_the_field(items, message):
    with pytest.raises(RatingError) as excinfo:
        charges_from_data(items)
    assert str(excinfo.value).startswith(message)


def test_rating_errors_split_into_field_and_message():
    with pytest.raises(RatingError) as excinfo:
        charges_from_data([{"type": "flat_fee", "description": "x", "amount": "-1"}])
    assert (excinfo.value.field, excinfo.value.message) == (
        "charges.0.amount",
        "cannot be negative.",
    )

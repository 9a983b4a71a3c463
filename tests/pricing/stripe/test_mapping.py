"""What each kind of charge becomes in Stripe, and that Stripe's arithmetic on it is Marginal's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.charge_specs import charges_from_data
from pricing.rating import Period, RatePlan, UsageRow, rate
from pricing.stripe.mapping import meter_for, meter_from_key, plan_mapping
from tests.stripe_fake import FakeStripe

HYBRID = [
    {"type": "flat_fee", "key": "base", "description": "Base", "amount": "49"},
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "included": "2",
        "price_model": "graduated",
        "tiers": [
            {"up_to": "10", "unit_amount": "3", "flat_amount": "1"},
            {"up_to": None, "unit_amount": "1.5"},
        ],
    },
]


def mapping_of(charges: list[dict[str, object]], currency: str = "USD"):  # type: ignore[no-untyped-def]
    return plan_mapping(RatePlan(currency, charges_from_data(charges)))


def test_a_hybrid_plan_becomes_a_licensed_fee_and_a_graduated_meter_price() -> None:
    mapping = mapping_of(HYBRID)
    assert mapping.item_charges == ()
    base, tokens = mapping.prices
    assert (base.charge_key, base.usage, base.meter_key) == ("base", False, None)
    assert base.params == {
        "currency": "usd",
        "unit_amount_decimal": "4900",
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
        "nickname": "Base",
    }
    assert (tokens.usage, tokens.meter_key) == (True, "total_tokens")
    assert tokens.params == {
        "currency": "usd",
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "metered"},
        "nickname": "Tokens",
        "billing_scheme": "tiered",
        "tiers_mode": "graduated",
        # 2M tokens free, then 3 USD per 1M (0.0003 cents a token) up to 10M billable.
        "tiers": [
            {"up_to": 2000000, "unit_amount_decimal": "0"},
            {"up_to": 12000000, "unit_amount_decimal": "0.0003", "flat_amount_decimal": "100"},
            {"up_to": "inf", "unit_amount_decimal": "0.00015"},
        ],
    }
    assert [m.event_name for m in mapping.meters] == ["mgl_total_tokens"]


def test_charges_stripe_cannot_express_become_invoice_items() -> None:
    charges = [
        {"type": "minimum", "key": "min", "description": "Minimum", "amount": "100"},
        {
            "type": "usage",
            "key": "share",
            "description": "Outcome fee",
            "metric": "outcome_value",
            "price_model": "percentage",
            "percent": "2.5",
        },
        {
            "type": "usage",
            "key": "vol",
            "description": "Volume",
            "metric": "requests",
            "included": "5",
            "price_model": "volume",
            "tiers": [{"up_to": None, "unit_amount": "1"}],
        },
        {
            "type": "usage",
            "key": "tiny",
            "description": "Tiny",
            "metric": "requests",
            "unit_size": "3",
            "price_model": "per_unit",
            "unit_amount": "1",
        },
        {
            "type": "usage",
            "key": "ok",
            "description": "Per outcome",
            "metric": "outcomes",
            "price_model": "per_unit",
            "unit_amount": "0.4",
        },
    ]
    mapping = mapping_of(charges)
    assert mapping.item_charges == ("min", "share", "vol", "tiny")
    assert [p.charge_key for p in mapping.prices] == ["ok"]
    assert mapping.prices[0].params["unit_amount_decimal"] == "40"


def test_a_package_price_divides_the_quantity_and_rounds_up() -> None:
    charges = [
        {
            "type": "usage",
            "key": "pk",
            "description": "Pack",
            "metric": "requests",
            "price_model": "package",
            "package_size": "100",
            "package_amount": "5",
        }
    ]
    (price,) = mapping_of(charges).prices
    assert price.params["transform_quantity"] == {"divide_by": 100, "round": "up"}
    assert price.params["unit_amount_decimal"] == "500"


def test_a_filtered_charge_has_its_own_meter_and_its_key_round_trips() -> None:
    charges = charges_from_data(
        [
            {
                "type": "usage",
                "key": "k",
                "description": "GPT",
                "metric": "output_tokens",
                "model": "gpt-4o",
                "request_class": "chat",
                "price_model": "per_unit",
                "unit_amount": "1",
            }
        ]
    )
    meter = meter_for(charges[0])  # type: ignore[arg-type]
    assert meter.key == "output_tokens|model=gpt-4o|class=chat"
    assert meter.event_name.startswith("mgl_output_tokens_") and len(meter.event_name) == 28
    assert meter_from_key(meter.key) == meter


@pytest.mark.parametrize(
    ("model", "units"),
    [
        ("graduated", Decimal(0)),
        ("graduated", Decimal(1500000)),
        ("graduated", Decimal(2000000)),
        ("graduated", Decimal(11999999)),
        ("graduated", Decimal(12000001)),
        ("graduated", Decimal(98765432)),
        ("volume", Decimal(1)),
        ("volume", Decimal(10000000)),
        ("volume", Decimal(10000001)),
        ("volume", Decimal(55555555)),
    ],
)
def test_the_fakes_tier_arithmetic_equals_the_rating_engine(model: str, units: Decimal) -> None:
    charge = {**HYBRID[1], "price_model": model}
    if model == "volume":
        charge["included"] = "0"
    plan = RatePlan("USD", charges_from_data([charge]))
    (spec,) = plan_mapping(plan).prices
    fake = FakeStripe()
    price = {
        "billing_scheme": spec.params["billing_scheme"],
        "tiers_mode": spec.params["tiers_mode"],
        "tiers": [
            {
                "up_to": None if t["up_to"] == "inf" else t["up_to"],
                "unit_amount_decimal": t["unit_amount_decimal"],
                "flat_amount_decimal": t.get("flat_amount_decimal", "0"),
            }
            for t in spec.params["tiers"]
        ],
    }
    period = Period.month(2026, 11)
    marginal = rate(plan, [UsageRow({"total_tokens": units})], period).invoice.total
    assert Decimal(fake._amount(price, units)) / 100 == marginal

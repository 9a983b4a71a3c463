"""Cost-plus charges: the requests' pinned cost times (1 + markup %), stable across re-costs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.charge_specs import charges_from_data, charges_to_data
from pricing.models import Invoice
from pricing.rating import CostPlus, Period, RatePlan, UsageRow, rate
from pricing.rating.totals import TotalsPlan, rate_totals
from pricing.stripe.mapping import plan_mapping
from pricing.tasks import finalize_due_invoices
from tests.economics.costs.helpers import store_events
from tests.pricing.factories import published_plan, subscribe

D = Decimal
MARCH = Period.month(2026, 3)

COST_PLUS_CHARGES: list[dict[str, Any]] = [
    {"type": "flat_fee", "key": "base", "description": "Platform", "amount": "10"},
    {
        "type": "cost_plus",
        "key": "ai",
        "description": "AI usage",
        "markup_percent": "25",
        "minimum_per_request": "0.002",
    },
]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def set_price(api: APIClient, valid_from: str, input_per_1m: str, output_per_1m: str) -> None:
    response = api.post(
        "/v1/costs/model-prices",
        {
            "model": "m",
            "valid_from": valid_from,
            "input_per_1m": input_per_1m,
            "output_per_1m": output_per_1m,
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def test_a_cost_plus_plan_re_rated_after_a_price_change_gives_the_same_invoice(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    set_price(api, "2026-01-01T00:00:00Z", input_per_1m="2", output_per_1m="8")
    published_plan(api, "cp", COST_PLUS_CHARGES)
    with on_commit():
        big, small = store_events(
            tenant,
            {
                "model": "m",
                "input_tokens": 1_000_000,
                "output_tokens": 250_000,
                "timestamp": datetime(2026, 3, 5, tzinfo=UTC),
            },
            {
                "model": "m",
                "input_tokens": 10_000,
                "output_tokens": 5_000,
                "timestamp": datetime(2026, 3, 6, tzinfo=UTC),
            },
        )
    subscribe(api, "cus_1", "cp", "2026-03-01")
    big.refresh_from_db()
    assert (big.cost_total, big.billing_cost) == (D("4"), D("4"))
    assert big.billing_cost_entries == big.cost_detail["price_ids"]

    def preview() -> dict[str, Any]:
        body = api.get("/v1/customers/cus_1/invoice-preview?period=2026-03").json()
        return {k: body[k] for k in ("lines", "period_total", "adjustment_total", "total")}

    first = preview()
    # Cost 4 + 0.06 = 4.06, times 1.25 = 5.075 -> 5.08; the floor 2 x 0.002 is less.
    assert [
        (ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in first["lines"]
    ] == [
        ("Platform", "1", "10", "10.00"),
        ("AI usage (cost + 25%)", "4.06", "1.25", "5.08"),
    ]
    assert first["total"] == "15.08"

    with time_machine.travel("2026-04-01T02:00:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 1
    assert Invoice.objects.get().total == D("15.08")

    # The vendor's price rises from March and March is re-costed: the cost changes, the
    # pinned cost and the invoice do not.
    set_price(api, "2026-03-01T00:00:00Z", input_per_1m="3", output_per_1m="12")
    with on_commit():
        response = api.post(
            "/v1/costs/recalculations",
            {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z", "reason": "new price"},
            format="json",
        )
    assert response.status_code == 202
    big.refresh_from_db()
    assert (big.cost_total, big.billing_cost) == (D("6"), D("4"))
    assert preview() == first
    april = api.get("/v1/customers/cus_1/invoice-preview?period=2026-04").json()
    assert april["adjustment_total"] == "0.00"  # nothing re-billed for March

    # A new event of March costs under the new price, pinned at its first cost.
    with on_commit():
        (late,) = store_events(
            tenant,
            {
                "model": "m",
                "input_tokens": 100_000,
                "timestamp": datetime(2026, 3, 20, tzinfo=UTC),
                "received_at": datetime(2026, 4, 2, tzinfo=UTC),
            },
        )
    late.refresh_from_db()
    assert late.billing_cost == D("0.3")
    # March now rates (4.36 x 1.25 = 5.45) + 10: 0.37 more than was billed, adjusted in April.
    april = api.get("/v1/customers/cus_1/invoice-preview?period=2026-04").json()
    assert april["adjustment_total"] == "0.37"


def test_the_minimum_per_request_floors_the_line_and_filters_apply(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    set_price(api, "2026-01-01T00:00:00Z", input_per_1m="1", output_per_1m="1")
    published_plan(
        api,
        "floor",
        [
            {
                "type": "cost_plus",
                "key": "chat",
                "description": "Chat",
                "markup_percent": "10",
                "minimum_per_request": "0.01",
                "request_class": "chat",
            }
        ],
    )
    with on_commit():
        store_events(
            tenant,
            *[
                {"model": "m", "input_tokens": 1000, "timestamp": datetime(2026, 3, d, tzinfo=UTC)}
                for d in (2, 3, 4)
            ],
            {
                "model": "m",
                "request_class": "search",
                "input_tokens": 9_000_000,
                "timestamp": datetime(2026, 3, 5, tzinfo=UTC),
            },
        )
    subscribe(api, "cus_1", "floor", "2026-03-01")
    body = api.get("/v1/customers/cus_1/invoice-preview?period=2026-03").json()
    # Chat cost 3 x 0.001 x 1.1 = 0.0033 is below 3 requests x 0.01: the floor bills 0.03.
    assert [
        (ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in body["lines"]
    ] == [("Chat (minimum 0.01 per request)", "3", "0.01", "0.03")]
    assert body["total"] == "0.03"


def test_cost_plus_rates_the_same_per_event_aggregated_and_totals_only() -> None:
    plan = RatePlan("USD", charges_from_data(COST_PLUS_CHARGES))
    rows = [
        UsageRow({"cost": D("0.0123456789"), "requests": D(1)}, "chat", "m", 1),
        UsageRow({"cost": D("1.5"), "requests": D(1)}, "summarise", "m", 2),
        UsageRow({"cost": D("0"), "requests": D(1)}, "chat", "m", 3),
    ]
    per_event = rate(plan, rows, MARCH, attribute=True)
    # 1.5123456789 x 1.25 = 1.890432098625 -> 1.89
    assert per_event.invoice.total == D("11.89")
    assert per_event.attribution is not None
    assert per_event.attribution.by_request_class == {"chat": D("6.68"), "summarise": D("5.21")}
    aggregated = rate(
        plan,
        [
            UsageRow({"cost": D("0.0123456789"), "requests": D(2)}, "chat", "m"),
            UsageRow({"cost": D("1.5"), "requests": D(1)}, "summarise", "m"),
        ],
        MARCH,
    )
    assert aggregated.invoice.total == D("11.89")
    totals = rate_totals(MARCH, [(TotalsPlan(plan), MARCH.start, MARCH.end, rows)], attribute=True)
    assert totals == (D("11.89"), {"chat": D("6.68"), "summarise": D("5.21")}, D("0.00"))


def test_a_cost_plus_charge_round_trips_and_needs_a_usd_plan() -> None:
    charges = charges_from_data(COST_PLUS_CHARGES)
    assert charges[1] == CostPlus("ai", "AI usage", D("25"), D("0.002"))
    assert charges_to_data(charges)[1] == {
        **COST_PLUS_CHARGES[1],
        "model": None,
        "request_class": None,
    }
    with pytest.raises(ValueError, match="charges.1.type: a cost_plus charge bills costs"):
        RatePlan("EUR", charges)
    with pytest.raises(ValueError, match="charges.0.markup_percent: this field is required"):
        charges_from_data([{"type": "cost_plus", "description": "x"}])


def test_a_eur_cost_plus_plan_is_a_400(api: APIClient) -> None:
    response = api.post(
        "/v1/plans",
        {"plan_id": "eu", "name": "EU", "currency": "EUR", "charges": COST_PLUS_CHARGES},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "charges.1.type"


def test_stripe_bills_a_cost_plus_charge_as_an_invoice_item() -> None:
    mapping = plan_mapping(RatePlan("USD", charges_from_data(COST_PLUS_CHARGES)))
    assert [p.charge_key for p in mapping.prices] == ["base"]
    assert mapping.item_charges == ("ai",)

"""Authorising from the expected usage: the cost book prices it, the plan at the month so far."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from metering.audit import Actor
from metering.models import Customer, Tenant
from pricing.credits import estimates
from pricing.credits.models import Authorization, Budget, CreditAccount
from pricing.credits.services import budget_create, credit_grant_create
from tests.pricing.credits.test_pipeline_sync import PER_REQUEST
from tests.pricing.factories import HYBRID_CHARGES, at, event, published_plan, subscribe

D = Decimal
ACTOR = Actor.system("tests")
NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)

M1 = {
    "provider": "acme-llm",
    "model": "m1",
    "valid_from": "2026-01-01T00:00:00Z",
    "input_per_1m": "3",
    "cached_input_per_1m": "0.3",
    "output_per_1m": "15",
}
# 150,000 input + 50,000 output tokens of m1: 0.45 + 0.75 = 1.20 USD.
USAGE = {"model": "m1", "input_tokens": 150_000, "output_tokens": 50_000}


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def priced_model(api: APIClient) -> None:
    created = api.post("/v1/costs/model-prices", M1, format="json")
    assert created.status_code == 201, created.json()


@pytest.fixture
def acme(tenant: Tenant) -> Customer:
    return Customer.objects.create(tenant=tenant, external_id="acme")


def _grant(tenant: Tenant, customer: Customer, credits: str, currency: str = "USD") -> None:
    credit_grant_create(
        tenant=tenant,
        customer=customer,
        kind="paid",
        credits=D(credits),
        currency=currency,
        effective_at=NOW - timedelta(days=30),
        actor=ACTOR,
    )


def _authorize(api: APIClient, **body: Any) -> Any:
    return api.post(
        "/v1/authorize",
        {"customer_id": "acme", "request_class": "chat", **body},
        format="json",
    )


@pytest.mark.parametrize(
    ("tokens_so_far", "spend"),
    [
        # Inside the 10M-token allowance, before and after: the request bills nothing.
        (1_000_000, "0"),
        # 9.9M so far: 0.1M of the request's 0.2M is beyond the allowance, at 3 per 1M.
        (9_900_000, "0.3"),
        # 49.9M so far (39.9 billable units): 0.1 unit at 3, then 0.1 at 2 above 40.
        (49_900_000, "0.5"),
        # Well into the second tier: 0.2 units at 2.
        (80_000_000, "0.4"),
    ],
)
def test_the_spend_is_the_marginal_price_at_the_month_s_usage_so_far(
    api: APIClient, tenant: Tenant, acme: Customer, tokens_so_far: int, spend: str
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    subscribe(api, "acme", "pro", "2026-01-01")
    event(tenant, acme, at(5), input_tokens=tokens_so_far)
    event(tenant, acme, at(2, month=2), input_tokens=90_000_000)  # February's: not this month

    response = _authorize(api, expected_usage=USAGE, hold=False)

    assert response.status_code == 200, response.json()
    assert response.json()["estimate"] == {
        "spend": spend,
        "cost": "1.2",
        "currency": "USD",
        "plan_code": "pro",
        "plan_version": 1,
    }
    assert response.json()["allowed"] is True


def test_a_usage_hold_reserves_the_estimated_amounts_on_credits_and_budgets(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    subscribe(api, "acme", "pro", "2026-01-01")
    event(tenant, acme, at(5), input_tokens=9_900_000)
    _grant(tenant, acme, "105")  # March's fee of 100 draws first
    budget_create(tenant=tenant, customer=acme, measure="cost", limit=D(10), actor=ACTOR)

    response = _authorize(api, expected_usage=USAGE)

    body = response.json()
    assert (body["allowed"], body["reason"], body["credits_remaining"]) == (True, "ok", "4.7")
    hold = Authorization.objects.get(pk=body["authorization_id"])
    assert (hold.spend, hold.cost) == (D("0.3"), D("1.2"))
    assert CreditAccount.objects.get(customer=acme).held == D("0.3")
    budget = Budget.objects.get(customer=acme)
    assert (budget.held_spend, budget.held_cost) == (D("0.3"), D("1.2"))


def test_a_request_that_would_break_the_margin_floor_is_denied_from_its_usage(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    """Per request at 1.25, costing 1.20: a 4 % margin, under a 40 % floor on the class."""
    published_plan(api, "per-request", PER_REQUEST)
    subscribe(api, "acme", "per-request", "2026-01-01")
    budget_create(
        tenant=tenant,
        customer=acme,
        measure="margin",
        floor_percent=D(40),
        request_class="chat",
        actor=ACTOR,
    )

    response = _authorize(api, expected_usage=USAGE)

    body = response.json()
    assert (body["allowed"], body["reason"], body["detail"]) == (
        False,
        "margin_floor",
        "The period's margin would fall to 4.00 %, below the floor of 40 %.",
    )
    assert body["estimate"]["spend"] == "1.25"
    assert body["estimate"]["cost"] == "1.2"
    assert not Authorization.objects.filter(tenant=tenant).exists()
    # A cheaper request of the same class passes: 1,000 output tokens cost 0.015.
    cheap = _authorize(api, expected_usage={"model": "m1", "output_tokens": 1000})
    assert (cheap.json()["allowed"], cheap.json()["estimate"]["cost"]) == (True, "0.015")


def test_a_small_request_keeps_its_fraction_of_a_cent(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    """0.000002 a token: 1,234 tokens are 0.002468, not a rounded 0.00."""
    per_token = [
        {
            "type": "usage",
            "key": "tokens",
            "description": "Tokens",
            "metric": "total_tokens",
            "price_model": "per_unit",
            "unit_amount": "0.000002",
        }
    ]
    published_plan(api, "tokens", per_token)
    subscribe(api, "acme", "tokens", "2026-01-01")
    _grant(tenant, acme, "0.01")

    response = _authorize(api, expected_usage={"model": "m1", "input_tokens": 1234})

    body = response.json()
    assert body["estimate"]["spend"] == "0.002468"
    assert body["credits_remaining"] == "0.007532"


def test_a_cost_plus_plan_bills_the_estimated_cost_marked_up(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    cost_plus = [
        {"type": "cost_plus", "key": "ai", "description": "AI", "markup_percent": "25"},
    ]
    published_plan(api, "cost-plus", cost_plus)
    subscribe(api, "acme", "cost-plus", "2026-01-01")

    response = _authorize(api, expected_usage=USAGE, hold=False)

    assert response.json()["estimate"]["spend"] == "1.5"  # 1.20 x 1.25


def test_an_outcome_priced_request_is_priced_as_a_success_unless_told_otherwise(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    resolutions = [
        {
            "type": "usage",
            "key": "resolutions",
            "description": "Resolved conversations",
            "metric": "outcomes",
            "price_model": "per_unit",
            "unit_amount": "0.99",
        }
    ]
    published_plan(api, "outcomes", resolutions)
    subscribe(api, "acme", "outcomes", "2026-01-01")

    success = _authorize(api, expected_usage=USAGE, hold=False).json()["estimate"]
    failure = _authorize(api, expected_usage={**USAGE, "outcome": "failure"}, hold=False).json()
    none = _authorize(api, expected_usage={**USAGE, "outcome": None}, hold=False).json()

    assert (success["spend"], failure["estimate"]["spend"], none["estimate"]["spend"]) == (
        "0.99",
        "0",
        "0",
    )


def test_a_customer_without_a_plan_today_bills_nothing(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    response = _authorize(api, expected_usage=USAGE, hold=False)

    assert response.json()["estimate"] == {
        "spend": "0",
        "cost": "1.2",
        "currency": None,
        "plan_code": None,
        "plan_version": None,
    }


def test_usage_the_cost_book_cannot_price_is_refused_with_its_field_and_holds_nothing(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    _grant(tenant, acme, "5")

    response = _authorize(
        api,
        expected_usage={"model": "unknown-9", "input_tokens": 10, "gpu_seconds": "2.5"},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "expected_usage.model",
            "message": "The cost book has no price for model 'unknown-9' now.",
        },
        {
            "field": "expected_usage.gpu_seconds",
            "message": "The cost book has no rate for GPU-seconds now.",
        },
    ]
    assert not Authorization.objects.filter(tenant=tenant).exists()
    assert CreditAccount.objects.get(customer=acme).held == D(0)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"expected_spend": "1", "expected_usage": USAGE},
            "expected_spend",
            "Give expected_usage or the expected amounts, not both.",
        ),
        (
            {"expected_cost": "1", "expected_usage": USAGE},
            "expected_cost",
            "Give expected_usage or the expected amounts, not both.",
        ),
        (
            {},
            "expected_spend",
            "Give expected_spend (and expected_cost) or expected_usage.",
        ),
        (
            {"expected_usage": {**USAGE, "output_tokens": -1}},
            "expected_usage.output_tokens",
            "Ensure this value is greater than or equal to 0.",
        ),
    ],
)
def test_amounts_and_usage_are_one_or_the_other(
    api: APIClient, tenant: Tenant, acme: Customer, body: dict[str, Any], field: str, message: str
) -> None:
    response = _authorize(api, **body)

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": field, "message": message}]


def test_the_usage_is_priced_in_the_plan_s_currency(
    api: APIClient, tenant: Tenant, acme: Customer
) -> None:
    published_plan(api, "per-request", PER_REQUEST)
    subscribe(api, "acme", "per-request", "2026-01-01")
    _grant(tenant, acme, "5", currency="EUR")
    _grant(tenant, acme, "5", currency="USD")

    named_other = _authorize(api, expected_usage=USAGE, currency="EUR")
    chosen = _authorize(api, expected_usage=USAGE)

    assert named_other.status_code == 400
    assert named_other.json()["errors"] == [
        {
            "field": "currency",
            "message": "The customer's plan bills in USD: the expected usage is priced in USD.",
        }
    ]
    # Two credit accounts, but the plan's currency chooses the USD one.
    assert (chosen.json()["allowed"], chosen.json()["credits_remaining"]) == (True, "3.75")


def test_the_month_so_far_is_read_at_most_the_configured_seconds_old(
    api: APIClient, tenant: Tenant, acme: Customer, frozen_time: Any
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    subscribe(api, "acme", "pro", "2026-01-01")
    event(tenant, acme, at(5), input_tokens=1_000_000)
    estimates.forget()
    with override_settings(AUTHORIZE_USAGE_SECONDS=10):
        first = _authorize(api, expected_usage=USAGE, hold=False).json()["estimate"]["spend"]
        event(tenant, acme, at(6), input_tokens=8_900_000)  # 9.9M now
        kept = _authorize(api, expected_usage=USAGE, hold=False).json()["estimate"]["spend"]
    with override_settings(AUTHORIZE_USAGE_SECONDS=0):
        fresh = _authorize(api, expected_usage=USAGE, hold=False).json()["estimate"]["spend"]

    assert (first, kept, fresh) == ("0", "0", "0.3")

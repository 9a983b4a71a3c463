"""docs/credits.md's worked example through the API: grants, a month of usage, an expiry,
a void, the invoice's credits, and requests denied at a cap and at a margin floor."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import time_machine
from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.models import Invoice
from pricing.tasks import finalize_due_invoices
from tests.pricing.factories import customer, event, published_plan, subscribe

D = Decimal
TOKENS = [
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "price_model": "per_unit",
        "unit_amount": "10",
    }
]


def at(day: int, month: int = 3, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def credits(api: APIClient) -> dict[str, Any]:
    response = api.get("/v1/customers/acme/credits")
    assert response.status_code == 200, response.content
    return response.json()


def remaining(body: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(g["kind"], g["drawn"], g["expired"], g["remaining"]) for g in body["grants"]]


def test_the_worked_example_balances_to_the_cent(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "payg", TOKENS)
    acme = customer(tenant, "acme")
    subscribe(api, "acme", "payg", "2026-03-01")
    with time_machine.travel("2026-03-01T00:00:00Z", tick=False):
        promo = api.post(
            "/v1/customers/acme/credit-grants",
            {
                "kind": "promotional",
                "credits": "100",
                "currency": "USD",
                "priority": 10,
                "expires_at": "2026-03-16T00:00:00Z",
                "description": "Welcome credit",
            },
            format="json",
            headers={"Idempotency-Key": "welcome-acme"},
        )
        assert promo.status_code == 201, promo.content
        again = api.post(
            "/v1/customers/acme/credit-grants",
            {"kind": "promotional", "credits": "100", "currency": "USD", "priority": 10},
            format="json",
            headers={"Idempotency-Key": "welcome-acme"},
        )
        assert (again.status_code, again.json()["id"]) == (200, promo.json()["id"])
        paid = api.post(
            "/v1/customers/acme/credit-grants",
            {"kind": "paid", "credits": "500", "currency": "USD", "priority": 20},
            format="json",
        )
        assert paid.status_code == 201
        assert paid.json()["amount"] == "500"
    # $10 per 1M tokens: 30, 50 (promotional), then 120, 100 (voided later), 80 (paid).
    event(tenant, acme, at(2), input_tokens=3_000_000)
    event(tenant, acme, at(10), input_tokens=5_000_000)
    event(tenant, acme, at(20), input_tokens=12_000_000)
    mistake = event(tenant, acme, at(22), input_tokens=10_000_000)
    event(tenant, acme, at(25), input_tokens=8_000_000)

    with time_machine.travel("2026-03-12T00:00:00Z", tick=False):
        body = credits(api)
        # The promotional grant goes first (lower priority number).
        assert remaining(body) == [
            ("promotional", "80", "0", "20"),
            ("paid", "0", "0", "500"),
        ]
        assert (body["balance"], body["held"], body["available"]) == ("520", "0", "520")

    with time_machine.travel("2026-03-23T00:00:00Z", tick=False):
        body = credits(api)
        # The promotional remainder expired on the 16th; the paid grant took 120 + 100.
        assert remaining(body) == [
            ("promotional", "80", "20", "0"),
            ("paid", "220", "0", "280"),
        ]
        assert body["balance"] == "280"
        mistake.voided_at = at(23, hour=0)  # as POST /v1/events/{id}/void does
        mistake.save()

    with time_machine.travel("2026-03-24T00:00:00Z", tick=False):
        body = credits(api)
        assert remaining(body)[1] == ("paid", "120", "0", "380")
        promo_id, paid_id = promo.json()["id"], paid.json()["id"]
        assert [(e["grant_id"], e["kind"], e["amount"]) for e in body["entries"]] == [
            (promo_id, "grant", "100"),
            (paid_id, "grant", "500"),
            (promo_id, "draw", "-80"),
            (promo_id, "expiry", "-20"),
            (paid_id, "draw", "-220"),
            (paid_id, "draw", "100"),  # the void gave back what the event drew
        ]

    with time_machine.travel("2026-04-01T02:00:00Z", tick=False):
        preview = api.get("/v1/customers/acme/invoice-preview?period=2026-03").json()
        assert (preview["total"], preview["credits_applied"], preview["amount_due"]) == (
            "280.00",
            "280.00",
            "0.00",
        )
        assert finalize_due_invoices.delay().get() == 1
        invoice = Invoice.objects.get()
        assert (invoice.total, invoice.credits_applied) == (D("280.00"), D("280.00"))
        body = credits(api)
        assert remaining(body) == [
            ("promotional", "80", "20", "0"),
            ("paid", "200", "0", "300"),
        ]
        assert body["balance"] == "300"
        # Balances add up: granted 600 = drawn 280 + expired 20 + left 300.
        assert sum(D(e["amount"]) for e in body["entries"]) == D(300)


def test_requests_are_denied_at_the_cap_and_at_the_margin_floor(
    api: APIClient, tenant: Tenant
) -> None:
    customer(tenant, "acme")
    cap = api.post(
        "/v1/budgets",
        {"customer_id": "acme", "measure": "spend", "limit": "50", "tag": "team-a"},
        format="json",
    )
    assert cap.status_code == 201, cap.content
    floor = api.post(
        "/v1/budgets",
        {
            "customer_id": "acme",
            "measure": "margin",
            "floor_percent": "40",
            "request_class": "summarise",
        },
        format="json",
    )
    assert floor.status_code == 201, floor.content

    def authorize(spend: str, cost: str = "0", **extra: Any) -> dict[str, Any]:
        response = api.post(
            "/v1/authorize",
            {
                "customer_id": "acme",
                "request_class": "chat",
                "expected_spend": spend,
                "expected_cost": cost,
                **extra,
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        return response.json()

    first = authorize("30", tag="team-a")
    assert (first["allowed"], first["reason"], first["credits_remaining"]) == (True, "ok", None)
    at_limit = authorize("20", tag="team-a")  # 30 + 20 = 50: exactly the limit is allowed
    assert at_limit["allowed"] is True
    assert at_limit["budgets"][0]["remaining"] == "0"
    over = authorize("0.01", tag="team-a")
    assert (over["allowed"], over["reason"], over["authorization_id"]) == (
        False,
        "spend_limit",
        None,
    )
    assert over["detail"] == "Spend this month would be 50.01, above the limit of 50."
    assert authorize("5", tag="team-b")["allowed"] is True  # another team: not capped

    # Releasing a hold gives its amount back.
    released = api.post(f"/v1/authorizations/{first['authorization_id']}/release")
    assert released.json()["status"] == "released"
    assert authorize("30", tag="team-a")["allowed"] is True

    # Margin floor 40 % on summarise: 10 billed at 5 cost (50 %) passes and is settled; then
    # 10 at 8 would leave (20 - 13) / 20 = 35 %: denied before it runs.
    ok = authorize("10", "5", request_class="summarise")
    assert ok["allowed"] is True
    settled = api.post(
        f"/v1/authorizations/{ok['authorization_id']}/settle",
        {"spend": "10", "cost": "5"},
        format="json",
    )
    assert settled.json()["status"] == "settled"
    low = authorize("10", "8", request_class="summarise")
    assert (low["allowed"], low["reason"]) == (False, "margin_floor")
    assert low["detail"] == "The period's margin would fall to 35.00 %, below the floor of 40 %."
    assert authorize("10", "6", request_class="summarise")["allowed"] is True  # exactly 40 %

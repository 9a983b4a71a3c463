"""DESIGN.md's example 1 through the whole product: prices, a plan, ingest, costing, rating, rollups."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
import time_machine
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db(transaction=True)

JAN_1 = "2026-01-01T00:00:00Z"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def post(api: APIClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(path, body, format="json")
    assert response.status_code in (200, 201), response.content
    return response.json()


def set_up_prices_and_plan(api: APIClient) -> None:
    # Costs from DESIGN.md: doc-summarise ~$0.015 a request, classify ~$0.0004.
    post(
        api,
        "/v1/costs/model-prices",
        {
            "valid_from": JAN_1,
            "provider": "openai",
            "model": "gpt-4o",
            "input_per_1m": "2.50",
            "cached_input_per_1m": "1.25",
            "output_per_1m": "10",
        },
    )
    post(
        api,
        "/v1/costs/model-prices",
        {
            "valid_from": JAN_1,
            "provider": "openai",
            "model": "gpt-4.1-nano",
            "input_per_1m": "0.10",
            "cached_input_per_1m": "0.025",
            "output_per_1m": "0.40",
        },
    )
    post(
        api,
        "/v1/costs/gpu-rates",
        {"gpu_type": "a10g", "valid_from": JAN_1, "usd_per_gpu_hour": "5.40"},
    )
    post(
        api,
        "/v1/costs/gpu-rates",
        {"gpu_type": "h100", "valid_from": JAN_1, "usd_per_gpu_hour": "14.40"},
    )
    post(
        api,
        "/v1/costs/service-rates",
        {"service": "retrieval", "valid_from": JAN_1, "usd_per_call": "0.001"},
    )
    # Revenue: $0.009 per summary, $0.006 per classification.
    post(
        api,
        "/v1/plans",
        {
            "plan_id": "per-request",
            "name": "Per request",
            "currency": "USD",
            "charges": [
                {
                    "type": "usage",
                    "key": "summaries",
                    "description": "Summaries",
                    "metric": "requests",
                    "request_class": "doc-summarise",
                    "price_model": "per_unit",
                    "unit_amount": "0.009",
                },
                {
                    "type": "usage",
                    "key": "classifications",
                    "description": "Classifications",
                    "metric": "requests",
                    "request_class": "classify",
                    "price_model": "per_unit",
                    "unit_amount": "0.006",
                },
            ],
        },
    )
    post(api, "/v1/plans/per-request/versions/1/publish", {})


def summarise(n: int) -> dict[str, Any]:
    return {
        "event_id": f"sum-{n}",
        "customer_id": "acme",
        "timestamp": "2026-11-10T09:00:00Z",
        "request_class": "doc-summarise",
        "model": "gpt-4o-2024-08-06",
        "provider": "openai",
        "input_tokens": 2000,
        "cached_input_tokens": 800,
        "output_tokens": 500,
        "gpu_seconds": "1.4",
        "gpu_type": "a10g",
        "retrieval_calls": 2,
    }


def classify(n: int) -> dict[str, Any]:
    return {
        "event_id": f"cls-{n}",
        "customer_id": "acme",
        "timestamp": "2026-11-10T09:30:00Z",
        "request_class": "classify",
        "model": "gpt-4.1-nano",
        "input_tokens": 1200,
        "output_tokens": 200,
        "gpu_seconds": "0.05",
        "gpu_type": "h100",
    }


@time_machine.travel(NOW, tick=False)
def test_a_losing_class_is_flagged_beside_a_positive_blend_from_ingest_to_report(api, tenant):
    set_up_prices_and_plan(api)
    post(api, "/v1/customers", {"external_id": "acme"})
    post(
        api,
        "/v1/subscriptions",
        {"customer_id": "acme", "plan_id": "per-request", "start_date": "2026-11-01"},
    )
    batch = [summarise(n) for n in range(10)] + [classify(n) for n in range(90)]
    ingested = api.post(
        "/v1/events", msgspec.json.encode({"events": batch}), content_type="application/json"
    )
    assert ingested.status_code == 200, ingested.content

    body = api.get(
        "/v1/economics/request-classes?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"
    ).json()

    rows = {
        c["request_class"]: (
            c["requests"],
            c["cost_per_request"],
            c["revenue_per_request"],
            c["margin_per_request"],
            c["margin_negative"],
        )
        for c in body["classes"]
    }
    assert rows == {
        "classify": (90, "0.0004", "0.006", "0.0056", False),
        "doc-summarise": (10, "0.0151", "0.009", "-0.0061", True),
    }
    # Totals to the cent (0.187 of cost, 0.443 of margin), per request to 8 places.
    assert (body["blended"]["cost"], body["blended"]["revenue"], body["blended"]["margin"]) == (
        "0.19",
        "0.63",
        "0.44",
    )
    assert body["blended_hides_loss"] is True
    assert body["statement"] == (
        "Blended margin is positive (0.44) while 1 request class loses money: "
        "doc-summarise (-0.0061 per request)."
    )
    # The invoice and the attributed revenue are the same money.
    summary = api.get("/v1/economics/summary?month=2026-11").json()
    assert (summary["revenue"], summary["usage_revenue"], summary["variable_cost"]) == (
        "0.63",
        "0.63",
        "0.19",
    )
    # November is still open: the customer's figures hold it apart, as month to date.
    customer = api.get("/v1/economics/customers/acme").json()
    assert (customer["revenue"], customer["tenure_months"], customer["arpa"]) == ("0", 0, None)
    assert customer["month_to_date"] == {
        "month": "2026-11",
        "revenue": "0.63",
        "variable_cost": "0.19",
        "requests": 100,
    }

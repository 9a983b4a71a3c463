"""Tried as a new user would: set prices, post events, read each event's cost breakdown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
import time_machine
from rest_framework.test import APIClient

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NOV_1 = "2026-11-01T00:00:00Z"


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_posted_events_show_their_cost_breakdown(
    api: APIClient, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    ok(api.post("/v1/customers", {"external_id": "cus_1"}))
    price = ok(
        api.post(
            "/v1/costs/model-prices",
            {
                "provider": "openai",
                "model": "gpt-4o",
                "valid_from": NOV_1,
                "input_per_1m": "2.50",
                "cached_input_per_1m": "1.25",
                "output_per_1m": "10",
            },
            format="json",
        )
    )
    gpu = ok(
        api.post(
            "/v1/costs/gpu-rates",
            {"valid_from": NOV_1, "usd_per_gpu_hour": "5.40"},
            format="json",
        )
    )
    retrieval = ok(
        api.post(
            "/v1/costs/service-rates",
            {"service": "retrieval", "valid_from": NOV_1, "usd_per_call": "0.001"},
            format="json",
        )
    )
    summarise = {
        "event_id": "req-a",
        "customer_id": "cus_1",
        "timestamp": "2026-11-23T14:00:00Z",
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
    unknown = {**summarise, "event_id": "req-x", "model": "homegrown-7b", "provider": ""}

    with django_capture_on_commit_callbacks(execute=True):
        posted = api.post(
            "/v1/events",
            msgspec.json.encode({"events": [summarise, unknown]}),
            content_type="application/json",
        )
    assert posted.status_code == 200, posted.content

    event = ok(api.get("/v1/events/req-a"))
    assert {k: event[k] for k in event if k.startswith("cost_")} == {
        "cost_status": "priced",
        "cost_tokens": "0.0110000000",
        "cost_gpu": "0.0021000000",
        "cost_services": "0.0020000000",
        "cost_external": "0.0000000000",
        "cost_total": "0.0151000000",
        "cost_detail": {
            "tier": "base",
            "token_buckets": {
                "input": "0.005",
                "cached_input": "0.001",
                "cache_write": "0",
                "output": "0.005",
                "reasoning": "0",
            },
            "request_fee": "0",
            "services": {"retrieval": "0.002"},
            "price_ids": {
                "model_price": price["id"],
                "model_price_source": "tenant",
                "gpu_rate": gpu["id"],
                "service_rates": {"retrieval": retrieval["id"]},
            },
            "missing": [],
        },
    }
    unpriced = ok(api.get("/v1/events/req-x"))
    assert (unpriced["cost_status"], unpriced["cost_total"]) == ("unpriced", None)
    assert [e["event_id"] for e in ok(api.get("/v1/costs/unpriced"))["results"]] == ["req-x"]

"""Helpers for pricing tests: plans over the API and usage events straight into metering."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from rest_framework.test import APIClient

from metering.models import Customer, Tenant, UsageEvent

_seq = itertools.count(1)

HYBRID_CHARGES: list[dict[str, Any]] = [
    {"type": "flat_fee", "key": "base", "description": "Pro base fee", "amount": "100"},
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "included": "10",
        "price_model": "graduated",
        "tiers": [
            {"up_to": "40", "unit_amount": "3"},
            {"up_to": None, "unit_amount": "2"},
        ],
    },
]

OUTCOME_CHARGES: list[dict[str, Any]] = [
    {
        "type": "usage",
        "key": "resolutions",
        "description": "Resolved conversations",
        "metric": "outcomes",
        "price_model": "per_unit",
        "unit_amount": "0.99",
    },
    {
        "type": "usage",
        "key": "value_share",
        "description": "Share of recovered value",
        "metric": "outcome_value",
        "price_model": "percentage",
        "percent": "2.5",
    },
]


def published_plan(
    api: APIClient, plan_id: str, charges: list[dict[str, Any]], currency: str = "USD"
) -> None:
    created = api.post(
        "/v1/plans",
        {"plan_id": plan_id, "name": plan_id.title(), "currency": currency, "charges": charges},
    )
    assert created.status_code == 201, created.json()
    published = api.post(f"/v1/plans/{plan_id}/versions/1/publish")
    assert published.status_code == 200, published.json()


def subscribe(api: APIClient, customer_id: str, plan_id: str, start: str, **extra: Any) -> dict:
    response = api.post(
        "/v1/subscriptions",
        {"customer_id": customer_id, "plan_id": plan_id, "start_date": start, **extra},
    )
    assert response.status_code == 201, response.json()
    return response.json()


def customer(tenant: Tenant, external_id: str) -> Customer:
    return Customer.objects.get_or_create(tenant=tenant, external_id=external_id)[0]


def event(
    tenant: Tenant,
    customer: Customer,
    timestamp: datetime,
    request_class: str = "chat",
    model: str = "m1",
    received_at: datetime | None = None,
    **fields: Any,
) -> UsageEvent:
    n = next(_seq)
    return UsageEvent.objects.create(
        tenant=tenant,
        customer=customer,
        event_id=f"evt_{n}",
        timestamp=timestamp,
        received_at=received_at or timestamp,
        request_class=request_class,
        model=model,
        payload_hash=hashlib.sha256(str(n).encode()).hexdigest(),
        **fields,
    )


def at(day: int, month: int = 3, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def dec(value: str) -> Decimal:
    return Decimal(value)

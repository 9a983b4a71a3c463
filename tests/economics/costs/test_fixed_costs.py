"""Monthly fixed costs: kept apart from per-request cost, read by feature ROI and utilisation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from rest_framework.test import APIClient

from economics.costs.models import FixedCost
from economics.costs.selectors import fixed_costs_for_month
from metering.models import Tenant
from tests.economics.costs.helpers import store_events

D = Decimal


def add(api: APIClient, **body: object) -> dict[str, object]:
    response = api.post("/v1/fixed-costs", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_fixed_cost_is_created_read_changed_and_deleted(api: APIClient) -> None:
    created = add(
        api,
        category="training",
        request_class="search-ranking",
        monthly_amount="5000.00",
        start_month="2026-01-01",
        description="ranking model retraining",
    )
    fixed_cost_id = created["id"]
    assert {k: v for k, v in created.items() if k not in ("created_at", "updated_at")} == {
        "id": fixed_cost_id,
        "category": "training",
        "request_class": "search-ranking",
        "monthly_amount": "5000",
        "currency": "USD",
        "start_month": "2026-01-01",
        "end_month": None,
        "description": "ranking model retraining",
    }
    changed = api.patch(
        f"/v1/fixed-costs/{fixed_cost_id}", {"end_month": "2026-07-01"}, format="json"
    )
    assert changed.json()["end_month"] == "2026-07-01"
    assert [
        c["id"] for c in api.get("/v1/fixed-costs?request_class=search-ranking").json()["results"]
    ] == [fixed_cost_id]
    assert api.get("/v1/fixed-costs?category=maintenance").json()["results"] == []
    assert api.delete(f"/v1/fixed-costs/{fixed_cost_id}").status_code == 204
    assert FixedCost.objects.count() == 0


def test_invalid_fixed_costs_are_a_400_and_write_nothing(api: APIClient) -> None:
    response = api.post(
        "/v1/fixed-costs",
        {
            "category": "marketing",
            "monthly_amount": "-1",
            "start_month": "2026-01-15",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "category", "message": '"marketing" is not a valid choice.'},
        {"field": "monthly_amount", "message": "Ensure this value is greater than or equal to 0."},
        {"field": "start_month", "message": "Must be the first day of a month (YYYY-MM-01)."},
    ]
    ended_before_start = api.post(
        "/v1/fixed-costs",
        {
            "category": "other",
            "monthly_amount": "1",
            "start_month": "2026-03-01",
            "end_month": "2026-03-01",
        },
        format="json",
    )
    assert ended_before_start.json()["errors"] == [
        {"field": "end_month", "message": "Must be after start_month."}
    ]
    assert FixedCost.objects.count() == 0


def test_fixed_costs_for_a_month_are_by_class_and_category_within_their_months(
    api: APIClient, tenant: Tenant
) -> None:
    add(
        api,
        category="training",
        request_class="search",
        monthly_amount="5000",
        start_month="2026-01-01",
    )
    add(
        api,
        category="reserved_capacity",
        request_class="search",
        monthly_amount="1200.50",
        start_month="2026-02-01",
        end_month="2026-04-01",
    )
    add(api, category="maintenance", monthly_amount="800", start_month="2026-01-01")

    january = fixed_costs_for_month(tenant=tenant, month=date(2026, 1, 20))
    march = fixed_costs_for_month(tenant=tenant, month=date(2026, 3, 1))
    april = fixed_costs_for_month(tenant=tenant, month=date(2026, 4, 1))

    assert january.by_class == {"": {"maintenance": D(800)}, "search": {"training": D(5000)}}
    assert march.for_class("search") == D("6200.5")
    assert (march.tenant_wide, march.total) == (D(800), D("7000.5"))
    assert april.for_class("search") == D(5000)
    assert fixed_costs_for_month(tenant=tenant, month=date(2025, 12, 1)).total == 0


def test_utilisation_divides_a_months_fixed_cost_by_its_requests(
    api: APIClient, tenant: Tenant
) -> None:
    add(
        api,
        category="training",
        request_class="search",
        monthly_amount="5000",
        start_month="2026-03-01",
    )
    add(api, category="maintenance", monthly_amount="300", start_month="2026-03-01")
    in_march = datetime(2026, 3, 10, tzinfo=UTC)
    store_events(
        tenant,
        {"request_class": "search", "requests": 600, "timestamp": in_march},
        {"request_class": "search", "requests": 400, "timestamp": in_march},
        {"request_class": "chat", "requests": 500, "timestamp": in_march},
        {"request_class": "search", "requests": 999, "timestamp": datetime(2026, 4, 1, tzinfo=UTC)},
        {
            "request_class": "search",
            "requests": 999,
            "timestamp": in_march,
            "voided_at": in_march,
        },
    )

    response = api.get("/v1/fixed-costs/utilisation?month=2026-03")

    assert response.status_code == 200
    assert response.json() == {
        "month": "2026-03",
        "currency": "USD",
        "total_fixed_cost": "5300",
        "lines": [
            {
                "request_class": "",
                "fixed_cost": "300",
                "by_category": {"maintenance": "300"},
                "requests": 1500,
                "fixed_cost_per_request": "0.2",
            },
            {
                "request_class": "search",
                "fixed_cost": "5000",
                "by_category": {"training": "5000"},
                "requests": 1000,
                "fixed_cost_per_request": "5",
            },
        ],
    }
    assert api.get("/v1/fixed-costs/utilisation?month=March").status_code == 400

from __future__ import annotations

from datetime import date

from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.models import Subscription
from tests.pricing.factories import HYBRID_CHARGES, customer, published_plan, subscribe


def test_subscribe_change_and_cancel(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    published_plan(api, "team", HYBRID_CHARGES)
    customer(tenant, "acme")
    created = subscribe(api, "acme", "pro", "2026-03-01")
    assert {k: created[k] for k in ("customer_id", "plan_id", "version", "start_date")} == {
        "customer_id": "acme",
        "plan_id": "pro",
        "version": 1,
        "start_date": "2026-03-01",
    }
    assert created["end_date"] is None

    changed = api.post(
        f"/v1/subscriptions/{created['id']}/change",
        {"plan_id": "team", "effective_date": "2026-03-16"},
    )
    assert changed.status_code == 201
    assert (changed.json()["plan_id"], changed.json()["start_date"]) == ("team", "2026-03-16")
    assert api.get(f"/v1/subscriptions/{created['id']}").json()["end_date"] == "2026-03-16"

    cancelled = api.post(
        f"/v1/subscriptions/{changed.json()['id']}/cancel", {"end_date": "2026-05-01"}
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["end_date"] == "2026-05-01"
    active = api.get("/v1/subscriptions?customer_id=acme&active_on=2026-03-20").json()["results"]
    assert [s["plan_id"] for s in active] == ["team"]


def test_an_overlapping_subscription_is_a_409_and_nothing_is_written(
    api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "acme")
    first = subscribe(api, "acme", "pro", "2026-03-01", end_date="2026-06-01")
    response = api.post(
        "/v1/subscriptions", {"customer_id": "acme", "plan_id": "pro", "start_date": "2026-05-15"}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Customer 'acme' already has subscription {first['id']} from 2026-03-01 to "
        "2026-06-01; change or end it instead."
    )
    assert Subscription.objects.count() == 1
    after = subscribe(api, "acme", "pro", "2026-06-01")
    assert after["start_date"] == "2026-06-01"


def test_bad_subscription_input_is_a_400_and_writes_nothing(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    api.post("/v1/plans/pro/versions", {})  # version 2 stays a draft
    customer(tenant, "acme")
    cases = [
        (
            {"customer_id": "nobody", "plan_id": "pro"},
            [{"field": "customer_id", "message": "No customer with this external_id."}],
        ),
        (
            {"customer_id": "acme", "plan_id": "pro", "version": 2},
            [
                {
                    "field": "version",
                    "message": "Version 2 is draft; subscribe to a published version.",
                }
            ],
        ),
        (
            {"customer_id": "acme", "plan_id": "pro", "version": 9},
            [{"field": "version", "message": "Plan 'pro' has no version 9."}],
        ),
        (
            {
                "customer_id": "acme",
                "plan_id": "pro",
                "start_date": "2026-03-10",
                "end_date": "2026-03-10",
            },
            [{"field": "end_date", "message": "Must be after start_date."}],
        ),
        (
            {"customer_id": "acme", "plan_id": "pro", "start_date": "March"},
            [
                {
                    "field": "start_date",
                    "message": "Date has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DD.",
                }
            ],
        ),
    ]
    for body, errors in cases:
        response = api.post("/v1/subscriptions", body)
        assert response.status_code == 400, body
        assert response.json()["errors"] == errors
    assert Subscription.objects.count() == 0


def test_a_change_before_the_start_is_a_400(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "acme")
    sub = subscribe(api, "acme", "pro", "2026-03-10")
    response = api.post(
        f"/v1/subscriptions/{sub['id']}/change", {"plan_id": "pro", "effective_date": "2026-03-10"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "effective_date", "message": "Must be after the start date 2026-03-10."}
    ]
    stored = Subscription.objects.get()
    assert (stored.start_date, stored.end_date) == (date(2026, 3, 10), None)


def test_another_tenants_subscription_is_a_404(
    api: APIClient, other_api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "acme")
    sub = subscribe(api, "acme", "pro", "2026-03-01")
    assert other_api.get(f"/v1/subscriptions/{sub['id']}").status_code == 404
    response = other_api.post(f"/v1/subscriptions/{sub['id']}/cancel", {"end_date": "2026-04-01"})
    assert response.status_code == 404
    assert Subscription.objects.get().end_date is None
    assert other_api.get("/v1/subscriptions").json()["results"] == []


def test_a_currency_can_change_only_on_the_first_of_a_month(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    published_plan(api, "pro-eu", HYBRID_CHARGES, currency="EUR")
    customer(tenant, "acme")
    sub = subscribe(api, "acme", "pro", "2026-03-01")
    response = api.post(
        f"/v1/subscriptions/{sub['id']}/change",
        {"plan_id": "pro-eu", "effective_date": "2026-03-16"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "version",
            "message": f"Version 1 bills in EUR but subscription {sub['id']} bills the same "
            "month in USD; change currency on the first day of a month.",
        }
    ]
    assert Subscription.objects.get().end_date is None
    moved = api.post(
        f"/v1/subscriptions/{sub['id']}/change",
        {"plan_id": "pro-eu", "effective_date": "2026-04-01"},
    )
    assert moved.status_code == 201
    preview = api.get("/v1/customers/acme/invoice-preview?period=2026-04").json()
    assert (preview["currency"], preview["total"]) == ("EUR", "100.00")

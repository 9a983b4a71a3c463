from __future__ import annotations

from collections.abc import Callable
from datetime import date

import time_machine
from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.models import Plan, PlanVersion, Subscription
from tests.pricing.factories import HYBRID_CHARGES, customer, published_plan, subscribe

HYBRID_STORED = [
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


def test_create_a_plan_with_a_draft_first_version(api: APIClient, tenant: Tenant) -> None:
    response = api.post(
        "/v1/plans",
        {"plan_id": "pro", "name": "Pro", "currency": "usd", "charges": HYBRID_CHARGES},
    )
    assert response.status_code == 201
    body = response.json()
    created_at = body["plan"]["created_at"]
    version_created_at = body["version"]["created_at"]
    assert body == {
        "plan": {
            "plan_id": "pro",
            "name": "Pro",
            "description": "",
            "created_at": created_at,
            "versions": [
                {"version": 1, "status": "draft", "currency": "USD", "published_at": None}
            ],
        },
        "version": {
            "plan_id": "pro",
            "version": 1,
            "status": "draft",
            "currency": "USD",
            "billing_period": "month",
            "charges": HYBRID_STORED,
            "created_at": version_created_at,
            "published_at": None,
            "retired_at": None,
        },
    }
    stored = PlanVersion.objects.get(tenant=tenant, plan__code="pro", version=1)
    assert stored.charges == HYBRID_STORED
    assert api.get("/v1/plans/pro/versions/1").json()["charges"] == HYBRID_STORED
    assert [p["plan_id"] for p in api.get("/v1/plans").json()["results"]] == ["pro"]


def test_invalid_tiers_are_a_400_with_the_field_path_and_nothing_is_written(
    api: APIClient,
) -> None:
    charges = [
        {
            "type": "usage",
            "description": "Tokens",
            "metric": "total_tokens",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "40", "unit_amount": "3"},
                {"up_to": "20", "unit_amount": "2"},
                {"up_to": None, "unit_amount": "1"},
            ],
        }
    ]
    response = api.post(
        "/v1/plans", {"plan_id": "bad", "name": "Bad", "currency": "USD", "charges": charges}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "charges.0.tiers.1.up_to", "message": "tiers must ascend above 40."}
    ]
    assert Plan.objects.count() == 0
    assert PlanVersion.objects.count() == 0


def test_malformed_plan_fields_are_a_400_naming_each_field(api: APIClient) -> None:
    response = api.post(
        "/v1/plans",
        {
            "plan_id": "has space",
            "name": "X",
            "currency": "USD",
            "charges": [{"type": "coupon", "description": "x", "amount": "1.0000000000001"}],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "plan_id", "message": "Use 1-64 letters, digits or _ . - characters."},
        {"field": "charges.0.type", "message": '"coupon" is not a valid choice.'},
        {
            "field": "charges.0.amount",
            "message": "Ensure that there are no more than 12 decimal places.",
        },
    ]
    assert Plan.objects.count() == 0


def test_a_missing_price_is_a_400(api: APIClient) -> None:
    charges = [
        {"type": "usage", "description": "Req", "metric": "requests", "price_model": "per_unit"}
    ]
    response = api.post(
        "/v1/plans", {"plan_id": "p", "name": "P", "currency": "USD", "charges": charges}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "charges.0.unit_amount", "message": "this field is required."}
    ]


def test_a_duplicate_plan_id_is_a_409(api: APIClient) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    response = api.post(
        "/v1/plans", {"plan_id": "pro", "name": "Again", "currency": "USD", "charges": []}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "A plan with plan_id 'pro' already exists."
    assert Plan.objects.count() == 1


def test_a_draft_can_be_edited_until_it_is_published(api: APIClient, tenant: Tenant) -> None:
    api.post("/v1/plans", {"plan_id": "pro", "name": "Pro", "currency": "USD", "charges": []})
    edited = api.patch(
        "/v1/plans/pro/versions/1",
        {"charges": [{"type": "flat_fee", "key": "base", "description": "Base", "amount": "9"}]},
    )
    assert edited.status_code == 200
    assert edited.json()["charges"][0]["amount"] == "9"
    published = api.post("/v1/plans/pro/versions/1/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"

    refused = api.patch("/v1/plans/pro/versions/1", {"currency": "EUR"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Version 1 of plan 'pro' is published and cannot change; create a new version instead."
    )
    assert api.post("/v1/plans/pro/versions/1/publish").status_code == 409
    stored = PlanVersion.objects.get(tenant=tenant, plan__code="pro", version=1)
    assert (stored.currency, stored.charges[0]["amount"]) == ("USD", "9")


def test_a_new_version_copies_the_latest_and_can_change(api: APIClient) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    response = api.post("/v1/plans/pro/versions", {"currency": "EUR"})
    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["status"], body["currency"]) == (2, "draft", "EUR")
    assert body["charges"] == HYBRID_STORED
    listed = api.get("/v1/plans/pro/versions").json()["results"]
    assert [(v["version"], v["status"]) for v in listed] == [(2, "draft"), (1, "published")]


def test_another_tenants_plan_is_a_404_and_cannot_be_subscribed_to(
    api: APIClient, other_api: APIClient, tenant: Tenant
) -> None:
    published_plan(other_api, "secret", HYBRID_CHARGES)
    assert api.get("/v1/plans/secret").status_code == 404
    assert api.patch("/v1/plans/secret/versions/1", {"currency": "EUR"}).status_code == 404
    customer(tenant, "acme")
    response = api.post(
        "/v1/subscriptions",
        {"customer_id": "acme", "plan_id": "secret", "start_date": "2026-03-01"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "plan_id", "message": "No plan with plan_id 'secret'."}
    ]
    assert Subscription.objects.count() == 0


def test_migrate_now_prorates_and_next_period_switches_on_the_first(
    api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "a")
    customer(tenant, "b")
    sub_a = subscribe(api, "a", "pro", "2026-01-01")
    sub_b = subscribe(api, "b", "pro", "2026-02-01")
    api.post("/v1/plans/pro/versions", {})
    draft_migrate = api.post("/v1/plans/pro/versions/2/migrate", {"at": "now"})
    assert draft_migrate.status_code == 409
    api.post("/v1/plans/pro/versions/2/publish")

    with time_machine.travel("2026-03-10T08:00:00Z", tick=False):
        now = api.post("/v1/plans/pro/versions/2/migrate", {"at": "now", "from_version": 1})
    assert now.status_code == 200
    body = now.json()
    assert (body["effective_date"], len(body["subscriptions"])) == ("2026-03-10", 2)
    assert {(s["customer_id"], s["version"], s["start_date"]) for s in body["subscriptions"]} == {
        ("a", 2, "2026-03-10"),
        ("b", 2, "2026-03-10"),
    }
    old = Subscription.objects.get(pk=sub_a["id"])
    assert (old.start_date, old.end_date) == (date(2026, 1, 1), date(2026, 3, 10))
    assert Subscription.objects.get(pk=sub_b["id"]).end_date == date(2026, 3, 10)

    api.post("/v1/plans/pro/versions", {})
    api.post("/v1/plans/pro/versions/3/publish")
    with time_machine.travel("2026-03-20T08:00:00Z", tick=False):
        later = api.post("/v1/plans/pro/versions/3/migrate", {})
    assert later.json()["effective_date"] == "2026-04-01"
    assert {s["version"] for s in later.json()["subscriptions"]} == {3}
    assert Subscription.objects.filter(tenant=tenant, end_date__isnull=True).count() == 2
    assert Subscription.objects.filter(tenant=tenant).count() == 6


def test_a_reader_cannot_create_plans(tenant: Tenant, client_for: Callable[..., APIClient]) -> None:
    reader = client_for(tenant, ["read"])
    response = reader.post(
        "/v1/plans", {"plan_id": "p", "name": "P", "currency": "USD", "charges": []}
    )
    assert response.status_code == 403
    assert Plan.objects.count() == 0


def test_a_retired_version_keeps_its_subscribers_but_takes_no_new_ones(
    api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "a")
    customer(tenant, "b")
    subscribe(api, "a", "pro", "2026-03-01")
    assert api.post("/v1/plans/pro/versions/2/retire").status_code == 404
    retired = api.post("/v1/plans/pro/versions/1/retire")
    assert (retired.status_code, retired.json()["status"]) == (200, "retired")
    assert api.post("/v1/plans/pro/versions/1/retire").status_code == 409
    response = api.post(
        "/v1/subscriptions",
        {"customer_id": "b", "plan_id": "pro", "version": 1, "start_date": "2026-03-01"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "version", "message": "Version 1 is retired; subscribe to a published version."}
    ]
    preview = api.get("/v1/customers/a/invoice-preview?period=2026-03").json()
    assert preview["total"] == "100.00"

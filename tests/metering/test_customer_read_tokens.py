"""Customer read tokens: issued for one customer, short-lived, shown once, stored hashed,
revocable from the very next request; they read that customer's usage, invoice preview and
credits, to the cent, and nothing else (tests/test_tenant_walk.py walks every operation)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from metering.api.base import CUSTOMER_READ_DENIED
from metering.models import AuditEntry, CustomerReadToken, Tenant
from tests.pricing.factories import customer, event, published_plan, subscribe

NOW = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
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


def issue(api: APIClient, customer_id: str, **body: Any) -> dict[str, Any]:
    response = api.post(f"/v1/customers/{customer_id}/read-tokens", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def acme(tenant: Tenant) -> None:
    customer(tenant, "acme")
    customer(tenant, "globex")


@pytest.mark.usefixtures("acme")
def test_a_token_is_shown_once_stored_hashed_and_lives_an_hour_by_default(
    api: APIClient, tenant: Tenant
) -> None:
    with time_machine.travel(NOW, tick=False):
        body = issue(api, "acme", name="portal session")
        listed = api.get("/v1/customers/acme/read-tokens")
    token = body.pop("token")
    assert token.startswith(body["prefix"] + "_") and body["prefix"].startswith("mct_")
    assert len(token) == len("mct_") + 8 + 1 + 43
    assert body == {
        "id": body["id"],
        "customer_id": "acme",
        "name": "portal session",
        "prefix": body["prefix"],
        "status": "active",
        "created_at": "2026-03-12T09:30:00Z",
        "expires_at": "2026-03-12T10:30:00Z",
        "last_used_at": None,
        "revoked_at": None,
    }
    stored = CustomerReadToken.objects.get(id=body["id"])
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(CustomerReadToken.objects.filter(id=body["id"]).values().get())
    # The list shows the same token without its secret.
    assert listed.status_code == 200
    assert listed.json() == [body]
    entry = AuditEntry.objects.of(tenant).get(action="customer_read_token.create")
    assert (entry.object_id, entry.before, entry.after) == (
        body["id"],
        None,
        {
            "name": "portal session",
            "prefix": body["prefix"],
            "expires_at": "2026-03-12T10:30:00Z",
            "revoked_at": None,
            "customer": "acme",
        },
    )


@pytest.mark.usefixtures("acme")
def test_the_lifetime_is_a_minute_to_a_day(api: APIClient) -> None:
    with time_machine.travel(NOW, tick=False):
        longest = issue(api, "acme", ttl_seconds=86_400)
        shortest = issue(api, "acme", ttl_seconds=60)
        too_long = api.post(
            "/v1/customers/acme/read-tokens", {"ttl_seconds": 86_401}, format="json"
        )
        too_short = api.post("/v1/customers/acme/read-tokens", {"ttl_seconds": 59}, format="json")
    assert longest["expires_at"] == "2026-03-13T09:30:00Z"
    assert shortest["expires_at"] == "2026-03-12T09:31:00Z"
    assert too_long.status_code == too_short.status_code == 400
    assert too_long["Content-Type"] == "application/problem+json"
    assert too_long.json()["errors"] == [
        {"field": "ttl_seconds", "message": "Ensure this value is less than or equal to 86400."}
    ]
    assert too_short.json()["errors"] == [
        {"field": "ttl_seconds", "message": "Ensure this value is greater than or equal to 60."}
    ]
    assert CustomerReadToken.objects.count() == 2  # nothing written for the refused ones


def test_a_token_reads_its_customers_usage_invoice_preview_and_credits_to_the_cent(
    api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "payg", TOKENS)
    acme = customer(tenant, "acme")
    globex = customer(tenant, "globex")
    subscribe(api, "acme", "payg", "2026-03-01")
    with time_machine.travel("2026-03-01T00:00:00Z", tick=False):
        for kind, amount, priority in (("promotional", "100", 10), ("paid", "500", 20)):
            grant = api.post(
                "/v1/customers/acme/credit-grants",
                {"kind": kind, "credits": amount, "currency": "USD", "priority": priority},
                format="json",
            )
            assert grant.status_code == 201, grant.content
    # $10 per 1M tokens: $30 and $95.50 for acme; globex's usage is not acme's.
    event(tenant, acme, datetime(2026, 3, 2, 12, tzinfo=UTC), input_tokens=3_000_000)
    event(
        tenant,
        acme,
        datetime(2026, 3, 10, 12, tzinfo=UTC),
        request_class="summarise",
        input_tokens=9_000_000,
        output_tokens=550_000,
    )
    event(tenant, globex, datetime(2026, 3, 10, 13, tzinfo=UTC), input_tokens=7_000_000)

    with time_machine.travel(NOW, tick=False):
        portal = bearer(issue(api, "acme")["token"])
        usage = portal.get("/v1/usage?from=2026-03-01&to=2026-04-01&group_by=request_class")
        everyone = api.get("/v1/usage?from=2026-03-01&to=2026-04-01&group_by=customer_id")
        preview = portal.get("/v1/customers/acme/invoice-preview?period=2026-03")
        balance = portal.get("/v1/customers/acme/credits")
        grants = portal.get("/v1/customers/acme/credit-grants")
        detail = portal.get("/v1/customers/acme")
        # The tenant's own key gets the same answers, byte for byte.
        assert (
            preview.content == api.get("/v1/customers/acme/invoice-preview?period=2026-03").content
        )
        assert balance.content == api.get("/v1/customers/acme/credits").content
        assert grants.content == api.get("/v1/customers/acme/credit-grants").content
        assert detail.content == api.get("/v1/customers/acme").content
        assert (
            usage.content
            == api.get(
                "/v1/usage?from=2026-03-01&to=2026-04-01&group_by=request_class&customer_id=acme"
            ).content
        )

    assert usage.status_code == 200
    rows = [
        (r["request_class"], r["events"], r["input_tokens"], r["output_tokens"])
        for r in usage.json()["results"]
    ]
    assert rows == [("chat", 1, 3_000_000, 0), ("summarise", 1, 9_000_000, 550_000)]
    assert [(r["customer_id"], r["input_tokens"]) for r in everyone.json()["results"]] == [
        ("acme", 12_000_000),
        ("globex", 7_000_000),
    ]
    assert preview.status_code == 200
    p = preview.json()
    assert (p["usage_total"], p["total"], p["credits_applied"], p["amount_due"]) == (
        "125.50",
        "125.50",
        "125.50",
        "0.00",
    )
    assert p["revenue_by_request_class"] == [
        {"request_class": "chat", "revenue": "30.00"},
        {"request_class": "summarise", "revenue": "95.50"},
    ]
    b = balance.json()
    assert (b["customer_id"], b["balance"], b["held"], b["available"]) == (
        "acme",
        "474.5",
        "0",
        "474.5",
    )
    # The promotional grant went first: all of it, then $25.50 of the paid one.
    assert [(g["kind"], g["drawn"], g["remaining"]) for g in b["grants"]] == [
        ("promotional", "100", "0"),
        ("paid", "25.5", "474.5"),
    ]
    assert [(g["kind"], g["amount"]) for g in grants.json()] == [
        ("promotional", "100"),
        ("paid", "500"),
    ]
    assert detail.json()["external_id"] == "acme"


@pytest.mark.usefixtures("acme")
def test_another_customer_is_a_404_and_every_other_operation_a_403(api: APIClient) -> None:
    portal = bearer(issue(api, "acme")["token"])
    for url in (
        "/v1/customers/globex",
        "/v1/customers/globex/credits",
        "/v1/customers/globex/credit-grants",
        "/v1/customers/globex/invoice-preview",
        "/v1/usage?customer_id=globex",
        "/v1/customers/nobody",
    ):
        response = portal.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        named = url.split("/")[3].split("?")[0] if "customer_id" not in url else "globex"
        assert response.json()["detail"] == f"No customer with external_id '{named}'."
    assert portal.get("/v1/usage?customer_id=acme").status_code == 200
    for method, url in (
        ("get", "/v1/customers"),
        ("get", "/v1/events"),
        ("get", "/v1/economics/customers/acme"),
        ("get", "/v1/customers/acme/read-tokens"),
        ("post", "/v1/customers/acme/read-tokens"),
        ("patch", "/v1/customers/acme"),
        ("post", "/v1/events"),
        ("post", "/v1/customers/acme/credit-grants"),
        ("get", "/v1/customers/globex/read-tokens"),  # a 403 first: no other customer is named
    ):
        response = getattr(portal, method)(url, {}, format="json")
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["detail"] == CUSTOMER_READ_DENIED


@pytest.mark.usefixtures("acme")
def test_a_token_is_refused_from_the_moment_it_expires(api: APIClient) -> None:
    with time_machine.travel(NOW, tick=False):
        portal = bearer(issue(api, "acme", ttl_seconds=600)["token"])
    with time_machine.travel(NOW + timedelta(seconds=599), tick=False):
        assert portal.get("/v1/customers/acme").status_code == 200
    with time_machine.travel(NOW + timedelta(seconds=600), tick=False):
        expired = portal.get("/v1/customers/acme")
        listed = api.get("/v1/customers/acme/read-tokens").json()
    assert expired.status_code == 401
    assert expired.json()["detail"] == "Unknown, expired or revoked read token."
    assert [(t["status"], t["last_used_at"]) for t in listed] == [
        ("expired", "2026-03-12T09:39:59Z")
    ]


@pytest.mark.usefixtures("acme")
def test_a_revoked_token_is_refused_on_the_very_next_request(
    api: APIClient, tenant: Tenant
) -> None:
    issued = issue(api, "acme")
    portal = bearer(issued["token"])
    assert portal.get("/v1/customers/acme/credits").status_code == 200
    revoked = api.delete(f"/v1/customers/acme/read-tokens/{issued['id']}")
    assert revoked.status_code == 200
    assert (revoked.json()["status"], revoked.json()["revoked_at"] is not None) == (
        "revoked",
        True,
    )
    assert portal.get("/v1/customers/acme/credits").status_code == 401
    again = api.delete(f"/v1/customers/acme/read-tokens/{issued['id']}")
    assert (again.status_code, again.json()["revoked_at"]) == (200, revoked.json()["revoked_at"])
    assert AuditEntry.objects.of(tenant).filter(action="customer_read_token.revoke").count() == 1
    # Addressed under another customer, the token does not exist.
    other = api.delete(f"/v1/customers/globex/read-tokens/{issued['id']}")
    assert other.status_code == 404
    assert api.delete("/v1/customers/acme/read-tokens/not-a-uuid").status_code == 404


@pytest.mark.usefixtures("acme")
def test_revoking_all_of_a_customers_tokens_leaves_the_others(api: APIClient) -> None:
    first, second = bearer(issue(api, "acme")["token"]), bearer(issue(api, "acme")["token"])
    globex = bearer(issue(api, "globex")["token"])
    revoked = api.delete("/v1/customers/acme/read-tokens")
    assert (revoked.status_code, revoked.json()) == (200, {"revoked": 2})
    assert first.get("/v1/customers/acme").status_code == 401
    assert second.get("/v1/customers/acme").status_code == 401
    assert globex.get("/v1/customers/globex").status_code == 200
    assert api.delete("/v1/customers/acme/read-tokens").json() == {"revoked": 0}
    assert [t["status"] for t in api.get("/v1/customers/acme/read-tokens").json()] == [
        "revoked",
        "revoked",
    ]


@pytest.mark.usefixtures("acme")
def test_a_read_or_ingest_key_cannot_issue_or_revoke_tokens(
    client_for: Any, tenant: Tenant
) -> None:
    reader = client_for(tenant, ["read"])
    refused = reader.post("/v1/customers/acme/read-tokens", {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This API key lacks the 'write' scope."
    assert reader.delete("/v1/customers/acme/read-tokens").status_code == 403
    assert reader.get("/v1/customers/acme/read-tokens").status_code == 200
    writer = client_for(tenant, ["write"])
    assert writer.post("/v1/customers/acme/read-tokens", {}, format="json").status_code == 201


@pytest.mark.usefixtures("acme")
def test_an_unknown_or_malformed_token_is_a_401(api: APIClient) -> None:
    token = issue(api, "acme")["token"]
    unknown = bearer(token[:-1] + ("A" if token[-1] != "A" else "B")).get("/v1/customers/acme")
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == "Unknown, expired or revoked read token."
    malformed = APIClient()
    malformed.credentials(HTTP_AUTHORIZATION=f"Bearer {token} extra")
    response = malformed.get("/v1/customers/acme")
    assert response.status_code == 401
    assert response.json()["detail"] == (
        "Malformed Authorization header: expected 'Bearer <api key>'."
    )


def test_a_token_reads_nothing_of_another_tenant(
    api: APIClient, tenant: Tenant, other_tenant: Tenant, other_api: APIClient
) -> None:
    customer(tenant, "acme")
    customer(other_tenant, "acme")  # the same external_id, another tenant's customer
    event(other_tenant, customer(other_tenant, "acme"), NOW, input_tokens=5)
    portal = bearer(issue(api, "acme")["token"])
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        usage = portal.get("/v1/usage?from=2026-03-01&to=2026-04-01")
    assert (usage.status_code, usage.json()["results"]) == (200, [])
    # The other tenant cannot list or revoke the owner's tokens.
    assert other_api.get("/v1/customers/acme/read-tokens").json() == []

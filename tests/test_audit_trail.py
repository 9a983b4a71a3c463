"""Every money-moving or access-changing action leaves one audit entry naming the key that asked.

Each test makes changes through the API and reads them back at GET /v1/audit-log: the action,
the object, its state before and after, and the actor (the request's API key). A request that
changes nothing, or is refused, leaves no entry.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import msgspec
import pytest
import time_machine
from rest_framework.test import APIClient

from economics.alerts import addresses
from metering.models import AuditEntry, Tenant
from tests.pricing.factories import HYBRID_CHARGES, customer, published_plan, subscribe


def log(client: APIClient, query: str) -> list[dict[str, Any]]:
    """The entries `query` selects, newest first, without entry ids and times."""
    response = client.get(f"/v1/audit-log?{query}")
    assert response.status_code == 200, response.content
    return [
        {k: v for k, v in entry.items() if k not in ("id", "occurred_at")}
        for entry in response.json()["results"]
    ]


def by(client: APIClient) -> dict[str, str]:
    key = client.api_key  # type: ignore[attr-defined]
    return {"type": "api_key", "id": str(key.id), "label": key.prefix}


def entry(
    client: APIClient,
    action: str,
    object_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "actor": by(client),
        "action": action,
        "object_type": action.split(".")[0],
        "object_id": str(object_id),
        "before": before,
        "after": after,
    }


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if response.content else None


# ----------------------------------------------------------------------------- prices


MODEL_PRICE_STATE = {
    "aliases": [],
    "as_of": None,
    "cache_write_per_1m": None,
    "cached_input_per_1m": None,
    "input_per_1m": "1",
    "long_cache_write_per_1m": None,
    "long_cached_input_per_1m": None,
    "long_context_threshold": None,
    "long_input_per_1m": None,
    "long_output_per_1m": None,
    "long_reasoning_per_1m": None,
    "model": "m",
    "origin": "manual",
    "output_per_1m": "2",
    "patterns": [],
    "provider": "acme",
    "reasoning_per_1m": None,
    "request_fee": None,
    "source": "",
    "valid_from": "2026-01-01T00:00:00Z",
}


def test_price_entries_are_audited_and_a_refused_change_leaves_no_entry(
    api: APIClient, teammate_api: APIClient
) -> None:
    body = {
        "provider": "acme",
        "model": "m",
        "valid_from": "2026-01-01T00:00:00Z",
        "input_per_1m": "1.00",
        "output_per_1m": "2",
    }
    price = ok(api.post("/v1/costs/model-prices", body, format="json"), 201)
    later = ok(
        api.post(
            "/v1/costs/model-prices",
            {**body, "valid_from": "2026-03-01T00:00:00Z", "input_per_1m": "1.5"},
            format="json",
        ),
        201,
    )
    refused = api.patch(f"/v1/costs/model-prices/{price['id']}", {"input_per_1m": "9"})
    assert refused.status_code == 409
    same = api.patch(f"/v1/costs/model-prices/{price['id']}", {"input_per_1m": "1"})
    assert same.status_code == 200
    ok(
        teammate_api.patch(
            f"/v1/costs/model-prices/{price['id']}",
            {"source": "https://acme.example/pricing", "as_of": "2026-01-02"},
        )
    )

    assert log(api, "object_type=model_price") == [
        entry(
            teammate_api,
            "model_price.update",
            price["id"],
            before=MODEL_PRICE_STATE,
            after={
                **MODEL_PRICE_STATE,
                "source": "https://acme.example/pricing",
                "as_of": "2026-01-02",
            },
        ),
        entry(
            api,
            "model_price.create",
            later["id"],
            after={
                **MODEL_PRICE_STATE,
                "input_per_1m": "1.5",
                "valid_from": "2026-03-01T00:00:00Z",
            },
        ),
        entry(api, "model_price.create", price["id"], after=MODEL_PRICE_STATE),
    ]


def test_gpu_and_service_rates_are_audited_and_never_changed(api: APIClient) -> None:
    gpu = ok(
        api.post(
            "/v1/costs/gpu-rates",
            {"gpu_type": "h100", "valid_from": "2026-01-01T00:00:00Z", "usd_per_gpu_hour": "2.99"},
        ),
        201,
    )
    service = ok(
        api.post(
            "/v1/costs/service-rates",
            {"service": "retrieval", "valid_from": "2026-01-01", "usd_per_call": "0.00040"},
        ),
        201,
    )
    refused = api.patch(f"/v1/costs/service-rates/{service['id']}", {"usd_per_call": "0.0005"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "A service rate is effective-dated and never changes (usd_per_call): post a new entry "
        "with a later valid_from (POST /v1/costs/service-rates), then re-cost past events "
        "(POST /v1/costs/recalculations)."
    )
    moved = api.patch(f"/v1/costs/gpu-rates/{gpu['id']}", {"valid_from": "2025-12-01T00:00:00Z"})
    assert moved.status_code == 409

    assert log(api, "action=gpu_rate.create") + log(api, "object_type=service_rate") == [
        entry(
            api,
            "gpu_rate.create",
            gpu["id"],
            after={
                "gpu_type": "h100",
                "valid_from": "2026-01-01T00:00:00Z",
                "usd_per_gpu_hour": "2.99",
            },
        ),
        entry(
            api,
            "service_rate.create",
            service["id"],
            after={
                "service": "retrieval",
                "valid_from": "2026-01-01T00:00:00Z",
                "usd_per_call": "0.0004",
            },
        ),
    ]
    assert log(api, "action=gpu_rate.update") == []


def test_an_import_is_one_entry_and_never_overwrites_an_entry(
    api: APIClient, tenant: Tenant
) -> None:
    price_map = {
        "acme/acme-1": {
            "litellm_provider": "acme",
            "mode": "chat",
            "input_cost_per_token": 1.5e-06,
            "output_cost_per_token": 6e-06,
        }
    }
    url = "/v1/costs/model-prices/import?source=litellm&valid_from=2026-01-01T00:00:00Z"
    first = ok(api.generic("POST", url, msgspec.json.encode(price_map), "application/json"))
    assert (first["created"], first["updated"], first["skipped"]) == (1, 0, {})
    price_map["acme/acme-1"]["input_cost_per_token"] = 3e-06
    again = ok(api.generic("POST", url, msgspec.json.encode(price_map), "application/json"))
    assert (again["created"], again["updated"], again["skipped"]) == (
        0,
        0,
        {"exists_with_other_prices": 1},
    )
    assert [p["input_per_1m"] for p in api.get("/v1/costs/model-prices").json()["results"]] == [
        "1.5"
    ]

    assert log(api, "action=model_price.import") == [
        entry(
            api,
            "model_price.import",
            "litellm:2026-01-01T00:00:00Z",
            after={
                "source": "litellm",
                "valid_from": "2026-01-01T00:00:00Z",
                "as_of": first_as_of(tenant),
                "created": 1,
                "unchanged": 0,
                "skipped": {},
            },
        )
    ]


def first_as_of(tenant: Tenant) -> str:
    from economics.costs.models import ModelPrice

    price = ModelPrice.objects.of(tenant).get()
    assert price.as_of is not None
    return price.as_of.isoformat()


def test_a_re_cost_is_audited_once(api: APIClient) -> None:
    asked = {
        "from": "2026-03-01T00:00:00Z",
        "to": "2026-04-01T00:00:00Z",
        "reason": "vendor invoice",
        "model": "m",
    }
    recalculation = ok(api.post("/v1/costs/recalculations", asked), 202)
    assert recalculation["requested_by"] == api.api_key.prefix  # type: ignore[attr-defined]
    assert log(api, "object_type=cost_recalculation") == [
        entry(
            api,
            "cost_recalculation.create",
            recalculation["id"],
            after={
                "start": "2026-03-01T00:00:00Z",
                "end": "2026-04-01T00:00:00Z",
                "model": "m",
                "only_unpriced": False,
                "reason": "vendor invoice",
            },
        )
    ]


# ----------------------------------------------------------------------------- other money


def test_fixed_costs_are_audited_from_creation_to_deletion(api: APIClient) -> None:
    created = ok(
        api.post(
            "/v1/fixed-costs",
            {
                "category": "training",
                "request_class": "search",
                "monthly_amount": "5000.00",
                "start_month": "2026-01-01",
            },
        ),
        201,
    )
    path = f"/v1/fixed-costs/{created['id']}"
    ok(api.patch(path, {"monthly_amount": "4500", "end_month": "2026-07-01"}))
    ok(api.patch(path, {"monthly_amount": "4500.000"}))  # the same amount: no entry
    ok(api.delete(path), 204)

    state = {
        "category": "training",
        "description": "",
        "end_month": None,
        "monthly_amount": "5000",
        "request_class": "search",
        "start_month": "2026-01-01",
    }
    changed = {**state, "monthly_amount": "4500", "end_month": "2026-07-01"}
    assert log(api, "object_type=fixed_cost") == [
        entry(api, "fixed_cost.delete", created["id"], before=changed),
        entry(api, "fixed_cost.update", created["id"], before=state, after=changed),
        entry(api, "fixed_cost.create", created["id"], after=state),
    ]


def test_acquisition_costs_are_audited(api: APIClient, tenant: Tenant) -> None:
    customer(tenant, "acme")
    row = ok(
        api.post(
            "/v1/acquisition-costs", {"customer_id": "acme", "month": "2026-09", "amount": "150"}
        ),
        201,
    )
    ok(api.delete(f"/v1/acquisition-costs/{row['id']}"), 204)

    state = {
        "customer_id": "acme",
        "month": "2026-09-01",
        "channel": "",
        "amount": "150",
        "note": "",
    }
    assert log(api, "object_type=acquisition_cost") == [
        entry(api, "acquisition_cost.delete", row["id"], before=state),
        entry(api, "acquisition_cost.create", row["id"], after=state),
    ]


# ----------------------------------------------------------------------------- plans


@time_machine.travel("2026-03-10T08:00:00Z")  # the clock runs: entries keep their order
def test_publish_retire_and_migrate_are_audited(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "a")
    sub = subscribe(api, "a", "pro", "2026-01-01")
    ok(api.post("/v1/plans/pro/versions", {}), 201)
    published = ok(api.post("/v1/plans/pro/versions/2/publish"))
    migrated = ok(api.post("/v1/plans/pro/versions/2/migrate", {"at": "now"}))
    nothing = ok(api.post("/v1/plans/pro/versions/2/migrate", {"at": "now"}))
    assert nothing["subscriptions"] == []
    retired = ok(api.post("/v1/plans/pro/versions/1/retire"))

    version = ok(api.get("/v1/plans/pro/versions/2"))
    charges = version["charges"]
    draft = {
        "status": "draft",
        "currency": "USD",
        "charges": charges,
        "published_at": None,
        "retired_at": None,
    }
    live = {**draft, "status": "published", "published_at": z(published["published_at"])}
    successor = migrated["subscriptions"][0]["id"]
    on_v1 = {
        "id": sub["id"],
        "customer_id": "a",
        "plan_id": "pro",
        "version": 1,
        "start_date": "2026-01-01",
        "end_date": None,
    }
    v1 = ok(api.get("/v1/plans/pro/versions/1"))
    assert log(api, "object_type=plan_version") == [
        entry(
            api,
            "plan_version.retire",
            "pro/versions/1",
            before={
                **draft,
                "charges": v1["charges"],
                "status": "published",
                "published_at": z(v1["published_at"]),
            },
            after={
                **draft,
                "charges": v1["charges"],
                "status": "retired",
                "published_at": z(v1["published_at"]),
                "retired_at": z(retired["retired_at"]),
            },
        ),
        entry(
            api,
            "plan_version.migrate",
            "pro/versions/2",
            before={"subscriptions": [on_v1]},
            after={
                "at": "now",
                "effective_date": "2026-03-10",
                "subscriptions": [
                    {**on_v1, "end_date": "2026-03-10"},
                    {
                        **on_v1,
                        "id": successor,
                        "version": 2,
                        "start_date": "2026-03-10",
                    },
                ],
            },
        ),
        entry(api, "plan_version.publish", "pro/versions/2", before=draft, after=live),
        entry(
            api,
            "plan_version.publish",
            "pro/versions/1",
            before={**draft, "charges": v1["charges"]},
            after={
                **draft,
                "charges": v1["charges"],
                "status": "published",
                "published_at": z(v1["published_at"]),
            },
        ),
    ]


def z(instant: str) -> str:
    return instant.replace("+00:00", "Z")


def test_subscriptions_are_audited_when_created_changed_and_cancelled(
    api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    published_plan(api, "team", HYBRID_CHARGES)
    customer(tenant, "acme")
    created = subscribe(api, "acme", "pro", "2026-03-01")
    changed = ok(
        api.post(
            f"/v1/subscriptions/{created['id']}/change",
            {"plan_id": "team", "effective_date": "2026-03-16"},
        ),
        201,
    )
    path = f"/v1/subscriptions/{changed['id']}/cancel"
    ok(api.post(path, {"end_date": "2026-05-01"}))
    ok(api.post(path, {"end_date": "2026-05-01"}))  # already ends then: no entry

    pro = {
        "id": created["id"],
        "customer_id": "acme",
        "plan_id": "pro",
        "version": 1,
        "start_date": "2026-03-01",
        "end_date": None,
    }
    team = {**pro, "id": changed["id"], "plan_id": "team", "start_date": "2026-03-16"}
    assert log(api, "object_type=subscription") == [
        entry(
            api,
            "subscription.cancel",
            changed["id"],
            before=team,
            after={**team, "end_date": "2026-05-01"},
        ),
        entry(
            api,
            "subscription.change",
            created["id"],
            before=pro,
            after={**pro, "end_date": "2026-03-16", "successor": team},
        ),
        entry(api, "subscription.create", created["id"], after=pro),
    ]


# ----------------------------------------------------------------------------- events


def test_voids_and_amendments_are_audited_under_the_key_that_asked(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    events = [
        {"event_id": "e1", "customer_id": "c1", "request_class": "chat"},
        {"event_id": "e2", "customer_id": "c1", "request_class": "chat"},
    ]
    ok(api.post("/v1/events", {"events": events}))
    writer = client_for(tenant, ["write"])
    voided = ok(writer.post("/v1/events/e1/void", {"reason": "test traffic"}))
    ok(writer.post("/v1/events/e1/void", {"reason": "again"}))  # already voided: no entry
    amended = ok(
        writer.post(
            "/v1/events/e2/amend",
            {
                "reason": "wrong class",
                "event": {**events[1], "event_id": "e2b", "request_class": "rag"},
            },
        ),
        201,
    )
    assert amended["event_id"] == "e2b"
    e2 = ok(api.get("/v1/events/e2"))

    assert log(api, "object_type=event") == [
        entry(
            writer,
            "event.amend",
            "e2",
            before={"voided_at": None},
            after={
                "voided_at": z(e2["voided_at"]),
                "replacement_event_id": "e2b",
                "reason": "wrong class",
            },
        ),
        entry(
            writer,
            "event.void",
            "e1",
            before={"voided_at": None},
            after={"voided_at": z(voided["voided_at"]), "reason": "test traffic"},
        ),
    ]


# ----------------------------------------------------------------------------- alerts


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def answer(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "hooks.example.com"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    monkeypatch.setattr(addresses, "getaddrinfo", answer)


def test_webhook_endpoints_are_audited_without_their_secret(
    api: APIClient, tenant: Tenant, dns: None
) -> None:
    url = "https://hooks.example.com/marginal"
    created = ok(api.post("/v1/webhook-endpoints", {"url": url}), 201)
    refused = api.post("/v1/webhook-endpoints", {"url": "https://127.0.0.1/x"})
    assert refused.status_code == 400
    ok(api.delete(f"/v1/webhook-endpoints/{created['id']}"), 204)

    state = {"url": url, "active": True}
    assert log(api, "object_type=webhook_endpoint") == [
        entry(api, "webhook_endpoint.delete", created["id"], before=state),
        entry(api, "webhook_endpoint.create", created["id"], after=state),
    ]
    assert created["secret"] not in str(list(AuditEntry.objects.of(tenant).values()))


def test_cost_slos_are_audited(api: APIClient) -> None:
    slo = ok(
        api.post("/v1/cost-slos", {"request_class": "chat", "max_cost_per_request": "0.0100"}),
        201,
    )
    assert (
        api.post("/v1/cost-slos", {"request_class": "chat", "min_margin_pct": "5"}).status_code
        == 409
    )
    ok(api.delete(f"/v1/cost-slos/{slo['id']}"), 204)

    state = {"request_class": "chat", "max_cost_per_request": "0.01", "min_margin_pct": None}
    assert log(api, "object_type=cost_slo") == [
        entry(api, "cost_slo.delete", slo["id"], before=state),
        entry(api, "cost_slo.create", slo["id"], after=state),
    ]

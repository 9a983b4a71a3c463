"""Reading events, voiding and amending them, and usage sums with percentiles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
import time_machine
from rest_framework.test import APIClient

from metering.models import EventCorrection, Tenant, UsageEvent

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_time() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def event(event_id: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": event_id,
        "customer_id": "cus_1",
        "timestamp": "2026-11-23T14:00:00Z",
        "request_class": "chat",
    }
    body.update(fields)
    return body


def ingest(client: APIClient, *events: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/v1/events",
        msgspec.json.encode({"events": list(events)}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] == len(events), body
    return body


# --- list and detail ---------------------------------------------------------------------


def test_an_event_reads_back_with_its_cost_columns(api: APIClient) -> None:
    ingest(api, event("e1", model="gpt-4o", input_tokens=10, gpu_seconds="1.5", latency_ms=9))
    response = api.get("/v1/events/e1")
    assert response.status_code == 200
    assert response.json() == {
        "event_id": "e1",
        "customer_id": "cus_1",
        "timestamp": "2026-11-23T14:00:00Z",
        "received_at": "2026-11-23T15:00:00Z",
        "request_class": "chat",
        "model": "gpt-4o",
        "provider": "",
        "input_tokens": 10,
        "cached_input_tokens": 0,
        "cache_write_tokens": 0,
        "output_tokens": 0,
        "reasoning_tokens": 0,
        "requests": 1,
        "gpu_seconds": "1.500000",
        "gpu_type": "",
        "retrieval_calls": 0,
        "external_cost": "0.0000000000",
        "outcome": None,
        "outcome_value": None,
        "latency_ms": 9,
        "trace_id": "",
        "properties": {},
        "voided_at": None,
        "amends_event_id": "",
        "cost_status": "pending",
        "cost_tokens": None,
        "cost_gpu": None,
        "cost_services": None,
        "cost_external": None,
        "cost_total": None,
        "cost_detail": {},
    }


def test_another_tenants_event_is_a_404(api: APIClient, other_api: APIClient) -> None:
    ingest(api, event("mine"))
    assert other_api.get("/v1/events/mine").status_code == 404
    assert other_api.post("/v1/events/mine/void", {}).status_code == 404
    amend = other_api.post("/v1/events/mine/amend", {"event": event("x")}, format="json")
    assert amend.status_code == 404
    assert other_api.get("/v1/events").json()["results"] == []


def test_a_teammate_reads_and_voids_the_owners_event_and_the_audit_names_their_key(
    api: APIClient, teammate_api: APIClient, other_api: APIClient
) -> None:
    ingest(api, event("mine"))
    assert teammate_api.get("/v1/events/mine").json()["event_id"] == "mine"
    assert [e["event_id"] for e in teammate_api.get("/v1/events").json()["results"]] == ["mine"]
    assert other_api.post("/v1/events/mine/void", {}).status_code == 404
    voided = teammate_api.post("/v1/events/mine/void", {"reason": "duplicate traffic"})
    assert voided.status_code == 200
    assert voided.json()["voided_at"] == "2026-11-23T15:00:00Z"
    assert list(EventCorrection.objects.values_list("event_id", "api_key_prefix")) == [
        ("mine", teammate_api.api_key.prefix)  # type: ignore[attr-defined]
    ]


def test_events_list_newest_first_with_filters_and_cursor(api: APIClient) -> None:
    ingest(
        api,
        event("a", timestamp="2026-11-23T10:00:00Z", model="m1"),
        event("b", timestamp="2026-11-23T11:00:00Z", model="m2", customer_id="cus_2"),
        event("c", timestamp="2026-11-23T12:00:00Z", model="m1", request_class="search"),
        event("d", timestamp="2026-11-23T13:00:00Z", model="m1"),
    )

    def ids(url: str) -> list[str]:
        response = api.get(url)
        assert response.status_code == 200, response.content
        return [item["event_id"] for item in response.json()["results"]]

    assert ids("/v1/events") == ["d", "c", "b", "a"]
    assert ids("/v1/events?model=m1") == ["d", "c", "a"]
    assert ids("/v1/events?customer_id=cus_2") == ["b"]
    assert ids("/v1/events?request_class=search") == ["c"]
    assert ids("/v1/events?from=2026-11-23T11:00:00Z&to=2026-11-23T13:00:00Z") == ["c", "b"]
    first = api.get("/v1/events?limit=3").json()
    assert [item["event_id"] for item in first["results"]] == ["d", "c", "b"]
    assert [item["event_id"] for item in api.get(first["next"]).json()["results"]] == ["a"]


def test_a_bad_time_filter_is_a_400(api: APIClient) -> None:
    response = api.get("/v1/events?from=yesterday")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "from",
            "message": "Must be an RFC 3339 date-time with a UTC offset, e.g. 2026-11-01T00:00:00Z.",
        }
    ]


# --- void and amend ------------------------------------------------------------------------


def test_a_voided_event_stays_readable_audited_and_out_of_usage(
    api: APIClient, tenant: Tenant
) -> None:
    ingest(api, event("keep", input_tokens=5), event("drop", input_tokens=7))
    response = api.post("/v1/events/drop/void", {"reason": "test traffic"})
    assert response.status_code == 200
    assert response.json()["voided_at"] == "2026-11-23T15:00:00Z"
    again = api.post("/v1/events/drop/void", {"reason": "twice"})
    assert again.json()["voided_at"] == "2026-11-23T15:00:00Z"
    assert list(EventCorrection.objects.values_list("event_id", "action", "reason")) == [
        ("drop", "void", "test traffic")
    ]
    assert api.get("/v1/events?voided=true").json()["results"][0]["event_id"] == "drop"
    usage = api.get("/v1/usage?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z").json()
    assert (usage["results"][0]["events"], usage["results"][0]["input_tokens"]) == (1, 5)
    # The voided event's id stays taken: re-posting it is a duplicate, not a new event.
    repost = ingest_raw(api, event("drop", input_tokens=7))
    assert (repost["duplicate"], UsageEvent.objects.filter(event_id="drop").count()) == (1, 1)


def ingest_raw(client: APIClient, *events: dict[str, Any]) -> dict[str, Any]:
    return client.post(
        "/v1/events",
        msgspec.json.encode({"events": list(events)}),
        content_type="application/json",
    ).json()


def test_amend_voids_the_original_and_links_a_replacement(api: APIClient, tenant: Tenant) -> None:
    ingest(api, event("orig", input_tokens=100))
    body = {"reason": "wrong count", "event": event("orig-v2", input_tokens=80)}
    response = api.post("/v1/events/orig/amend", body, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["event_id"], response.json()["amends_event_id"]) == ("orig-v2", "orig")
    assert api.get("/v1/events/orig").json()["voided_at"] == "2026-11-23T15:00:00Z"
    assert list(
        EventCorrection.objects.values_list("event_id", "action", "replacement_event_id", "reason")
    ) == [("orig", "amend", "orig-v2", "wrong count")]
    usage = api.get("/v1/usage?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z").json()
    assert (usage["results"][0]["events"], usage["results"][0]["input_tokens"]) == (1, 80)
    # The same amendment retried returns the same replacement and changes nothing.
    retry = api.post("/v1/events/orig/amend", body, format="json")
    assert (retry.status_code, retry.json()["event_id"]) == (201, "orig-v2")
    assert EventCorrection.objects.count() == 1
    assert UsageEvent.objects.filter(tenant=tenant).count() == 2


def test_amend_refusals(api: APIClient) -> None:
    ingest(api, event("o1"), event("o2"), event("taken"))
    same_id = api.post("/v1/events/o1/amend", {"event": event("o1")}, format="json")
    assert (same_id.status_code, same_id.json()["detail"]) == (
        409,
        "The replacement needs its own event_id, not the amended event's.",
    )
    taken = api.post("/v1/events/o1/amend", {"event": event("taken")}, format="json")
    assert (taken.status_code, taken.json()["detail"]) == (
        409,
        "An event with event_id 'taken' already exists.",
    )
    api.post("/v1/events/o2/void", {})
    voided = api.post("/v1/events/o2/amend", {"event": event("o2-new")}, format="json")
    assert (voided.status_code, voided.json()["detail"]) == (
        409,
        "Event 'o2' is voided; amend its replacement instead.",
    )
    invalid = api.post(
        "/v1/events/o1/amend", {"event": event("o1-new", input_tokens=-2), "x": 1}, format="json"
    )
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == [{"field": "x", "message": "Unknown field."}]
    invalid = api.post(
        "/v1/events/o1/amend", {"event": event("o1-new", input_tokens=-2)}, format="json"
    )
    assert invalid.json()["errors"] == [
        {"field": "event.input_tokens", "message": "Must be greater than or equal to 0."}
    ]
    assert UsageEvent.objects.filter(voided_at__isnull=False).count() == 1


def test_corrections_need_the_write_scope_not_ingest(
    tenant: Tenant, api: APIClient, client_for: Callable[..., APIClient]
) -> None:
    ingest(api, event("s1"), event("s2"))
    reader = client_for(tenant, ["read"])
    ingester = client_for(tenant, ["ingest"])
    assert reader.post("/v1/events/s1/void", {}).status_code == 403
    for path, body in [
        ("/v1/events/s1/void", {}),
        ("/v1/events/s2/amend", {"event": event("s2-fixed")}),
    ]:
        refused = ingester.post(path, body, format="json")
        assert refused.status_code == 403
        assert refused.json()["detail"] == "This API key lacks the 'write' scope."
    assert UsageEvent.objects.filter(voided_at__isnull=False).count() == 0
    assert client_for(tenant, ["write"]).post("/v1/events/s1/void", {}).status_code == 200


# --- usage -----------------------------------------------------------------------------------

WINDOW = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"


@pytest.fixture
def usage_events(api: APIClient) -> None:
    ingest(
        api,
        # chat / cus_1: latencies 10, 20, 30, 40 and tokens per request 100, 50, 30, 200
        event("u1", latency_ms=10, input_tokens=60, output_tokens=40, outcome="success",
              timestamp="2026-11-20T01:15:00Z", outcome_value="1.25", model="m1"),
        event("u2", latency_ms=20, input_tokens=100, requests=2, outcome="failure",
              timestamp="2026-11-20T01:45:00Z", model="m1", gpu_seconds="0.5"),
        event("u3", latency_ms=30, cached_input_tokens=20, reasoning_tokens=10,
              timestamp="2026-11-21T09:00:00Z", model="m2", retrieval_calls=2),
        event("u4", latency_ms=40, input_tokens=150, cache_write_tokens=50,
              timestamp="2026-11-22T09:00:00Z", model="m2", external_cost="0.002"),
        # search / cus_2: one event with no latency, tokens per request 10 / 3 = 3.333333
        event("u5", customer_id="cus_2", request_class="search", output_tokens=10,
              requests=3, timestamp="2026-11-22T10:00:00Z", provider="p"),
        # voided: leaves every sum
        event("u6", input_tokens=10_000, latency_ms=99_999, timestamp="2026-11-22T11:00:00Z"),
        # outside [from, to)
        event("u7", input_tokens=5, timestamp="2026-10-31T23:59:59Z"),
    )  # fmt: skip
    assert api.post("/v1/events/u6/void", {}).status_code == 200


@pytest.mark.usefixtures("usage_events")
def test_usage_sums_and_percentiles_per_request_class(api: APIClient) -> None:
    response = api.get(f"/v1/usage?{WINDOW}&group_by=request_class")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "from": "2026-11-01T00:00:00Z",
        "to": "2026-12-01T00:00:00Z",
        "group_by": ["request_class"],
        "bucket": None,
        "results": [
            {
                "request_class": "chat",
                "events": 4,
                "input_tokens": 310,
                "cached_input_tokens": 20,
                "cache_write_tokens": 50,
                "output_tokens": 40,
                "reasoning_tokens": 10,
                "requests": 5,
                "retrieval_calls": 2,
                "gpu_seconds": "0.500000",
                "external_cost": "0.0020000000",
                "outcomes": {"success": 1, "failure": 1, "none": 2},
                "outcome_value": "1.250000",
                # nearest rank over 4 values: p50 -> 2nd, p95 and p99 -> 4th
                "latency_ms": {"p50": 20, "p95": 40, "p99": 40},
                # sorted tokens per request: 30, 50, 100, 200
                "tokens_per_request": {
                    "p50": "50.000000",
                    "p95": "200.000000",
                    "p99": "200.000000",
                },
            },
            {
                "request_class": "search",
                "events": 1,
                "input_tokens": 0,
                "cached_input_tokens": 0,
                "cache_write_tokens": 0,
                "output_tokens": 10,
                "reasoning_tokens": 0,
                "requests": 3,
                "retrieval_calls": 0,
                "gpu_seconds": "0.000000",
                "external_cost": "0.0000000000",
                "outcomes": {"success": 0, "failure": 0, "none": 1},
                "outcome_value": "0.000000",
                "latency_ms": {"p50": None, "p95": None, "p99": None},
                "tokens_per_request": {"p50": "3.333333", "p95": "3.333333", "p99": "3.333333"},
            },
        ],
    }


@pytest.mark.usefixtures("usage_events")
def test_usage_by_customer_and_day(api: APIClient) -> None:
    body = api.get(f"/v1/usage?{WINDOW}&group_by=customer_id,model&bucket=day").json()
    rows = [
        (r["customer_id"], r["model"], r["bucket_start"], r["events"], r["latency_ms"]["p50"])
        for r in body["results"]
    ]
    assert rows == [
        ("cus_1", "m1", "2026-11-20T00:00:00Z", 2, 10),
        ("cus_1", "m2", "2026-11-21T00:00:00Z", 1, 30),
        ("cus_1", "m2", "2026-11-22T00:00:00Z", 1, 40),
        ("cus_2", "", "2026-11-22T00:00:00Z", 1, None),
    ]


@pytest.mark.usefixtures("usage_events")
def test_usage_in_hour_and_month_buckets(api: APIClient) -> None:
    hours = api.get(f"/v1/usage?{WINDOW}&bucket=hour&customer_id=cus_1").json()["results"]
    assert [(r["bucket_start"], r["events"]) for r in hours] == [
        ("2026-11-20T01:00:00Z", 2),
        ("2026-11-21T09:00:00Z", 1),
        ("2026-11-22T09:00:00Z", 1),
    ]
    wide = "from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z"
    months = api.get(f"/v1/usage?{wide}&bucket=month").json()["results"]
    assert [(r["bucket_start"], r["events"], r["input_tokens"]) for r in months] == [
        ("2026-10-01T00:00:00Z", 1, 5),
        ("2026-11-01T00:00:00Z", 5, 310),
    ]


@pytest.mark.usefixtures("usage_events")
def test_usage_without_groups_is_one_total_row(api: APIClient) -> None:
    [row] = api.get(f"/v1/usage?{WINDOW}").json()["results"]
    assert (row["events"], row["requests"], row["latency_ms"]) == (
        5,
        8,
        {"p50": 20, "p95": 40, "p99": 40},
    )
    # tokens per request over all five: 3.333333, 30, 50, 100, 200
    assert row["tokens_per_request"] == {
        "p50": "50.000000",
        "p95": "200.000000",
        "p99": "200.000000",
    }


def test_usage_with_no_events_is_empty(api: APIClient) -> None:
    assert api.get(f"/v1/usage?{WINDOW}").json()["results"] == []


def test_usage_rejects_unknown_groups_and_buckets(api: APIClient) -> None:
    response = api.get(f"/v1/usage?{WINDOW}&group_by=colour&bucket=week")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "group_by",
            "message": "Use distinct names among customer_id, request_class, model, provider.",
        },
        {"field": "bucket", "message": 'Must be "hour", "day" or "month".'},
    ]

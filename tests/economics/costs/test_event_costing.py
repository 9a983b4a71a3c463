"""Every stored event gets a cost from the prices in force at its timestamp."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError
from rest_framework.test import APIClient

from economics.costs.models import ModelPrice
from economics.costs.services import event_costs as costbook_services
from economics.costs.services.event_costs import events_cost
from economics.costs.services.prices import price_catalog_load
from economics.margins.models import RollupHour
from metering.changes import event_changes_note
from metering.models import Tenant, UsageEvent
from tests.economics.costs.helpers import costs_of, store_events

D = Decimal
JAN_1 = "2026-01-01T00:00:00Z"


def set_price(api: APIClient, **body: Any) -> dict[str, Any]:
    response = api.post("/v1/costs/model-prices", {"valid_from": JAN_1, **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run on-commit callbacks (the ingest listener, then costing) when the block exits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_design_example_a_and_b_cost_what_the_design_says(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    gpt_4o = set_price(
        api,
        provider="openai",
        model="gpt-4o",
        input_per_1m="2.50",
        cached_input_per_1m="1.25",
        output_per_1m="10",
    )
    nano = set_price(
        api,
        provider="openai",
        model="gpt-4.1-nano",
        input_per_1m="0.10",
        cached_input_per_1m="0.025",
        output_per_1m="0.40",
    )
    a10g = api.post(
        "/v1/costs/gpu-rates",
        {"gpu_type": "a10g", "valid_from": JAN_1, "usd_per_gpu_hour": "5.40"},
        format="json",
    ).json()
    h100 = api.post(
        "/v1/costs/gpu-rates",
        {"gpu_type": "h100", "valid_from": JAN_1, "usd_per_gpu_hour": "14.40"},
        format="json",
    ).json()
    retrieval = api.post(
        "/v1/costs/service-rates",
        {"service": "retrieval", "valid_from": JAN_1, "usd_per_call": "0.001"},
        format="json",
    ).json()

    with on_commit():
        summarise, classify = store_events(
            tenant,
            {
                "request_class": "doc-summarise",
                "model": "gpt-4o-2024-08-06",
                "provider": "openai",
                "input_tokens": 2_000,
                "cached_input_tokens": 800,
                "output_tokens": 500,
                "gpu_seconds": D("1.4"),
                "gpu_type": "a10g",
                "retrieval_calls": 2,
            },
            {
                "request_class": "classify",
                "model": "gpt-4.1-nano",
                "input_tokens": 1_200,
                "output_tokens": 200,
                "gpu_seconds": D("0.05"),
                "gpu_type": "h100",
            },
        )

    assert costs_of(summarise) == ("priced", D("0.011"), D("0.0021"), D("0.002"), D(0), D("0.0151"))
    assert costs_of(classify) == ("priced", D("0.0002"), D("0.0002"), D(0), D(0), D("0.0004"))
    assert summarise.cost_detail == {
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
            "model_price": gpt_4o["id"],
            "model_price_source": "tenant",
            "gpu_rate": a10g["id"],
            "service_rates": {"retrieval": retrieval["id"]},
        },
        "missing": [],
    }
    assert classify.cost_detail["price_ids"] == {
        "model_price": nano["id"],
        "model_price_source": "tenant",
        "gpu_rate": h100["id"],
    }


def test_a_price_change_applies_from_its_date_only(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    old = set_price(api, model="acme-llm", input_per_1m="10", output_per_1m="40")
    new = set_price(
        api,
        model="acme-llm",
        valid_from="2026-06-10T00:00:00Z",
        input_per_1m="2",
        output_per_1m="8",
    )
    usage = {"model": "acme-llm", "input_tokens": 1_000, "output_tokens": 1_000}

    with on_commit():
        before_any, before, at_change, after = store_events(
            tenant,
            {**usage, "timestamp": datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)},
            {**usage, "timestamp": datetime(2026, 6, 9, 23, 59, 59, tzinfo=UTC)},
            {**usage, "timestamp": datetime(2026, 6, 10, tzinfo=UTC)},
            {**usage, "timestamp": datetime(2026, 7, 1, tzinfo=UTC)},
        )

    assert costs_of(before_any) == ("unpriced", None, None, None, None, None)
    assert costs_of(before)[5] == D("0.05")
    assert before.cost_detail["price_ids"]["model_price"] == old["id"]
    assert costs_of(at_change)[5] == D("0.01")
    assert at_change.cost_detail["price_ids"]["model_price"] == new["id"]
    assert costs_of(after)[5] == D("0.01")


def test_an_unknown_model_is_unpriced_listed_and_never_zero(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    with on_commit():
        (event,) = store_events(
            tenant,
            {
                "event_id": "evt_mystery",
                "model": "mystery-9000",
                "input_tokens": 100,
                "external_cost": D("0.25"),
            },
        )

    assert costs_of(event) == ("unpriced", None, None, None, None, None)
    assert event.cost_detail["missing"] == [{"kind": "model", "key": "mystery-9000"}]
    assert event.cost_detail["known"] == {
        "tokens": "0",
        "gpu": "0",
        "services": "0",
        "external": "0.25",
    }
    listed = api.get("/v1/costs/unpriced")
    assert listed.status_code == 200
    assert listed.json() == {
        "next": None,
        "previous": None,
        "results": [
            {
                "event_id": "evt_mystery",
                "cost_status": "unpriced",
                "customer_id": "cus_1",
                "timestamp": "2026-03-01T12:00:00Z",
                "received_at": "2026-03-01T12:00:00Z",
                "request_class": "chat",
                "model": "mystery-9000",
                "provider": "",
                "gpu_type": "",
                "missing": [{"kind": "model", "key": "mystery-9000"}],
            }
        ],
    }
    assert api.get("/v1/costs/unpriced?model=other").json()["results"] == []
    assert api.get("/v1/costs/unpriced?from=2026-03-02T00:00:00Z").json()["results"] == []
    bad = api.get("/v1/costs/unpriced?from=yesterday")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "from"


def test_the_shipped_catalog_prices_dated_snapshots_and_a_tenant_price_overrides_it(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    price_catalog_load()
    usage = {"input_tokens": 1_000_000, "output_tokens": 100_000}

    with on_commit():
        snapshot, haiku = store_events(
            tenant,
            {**usage, "model": "gpt-4o-2024-08-06"},
            {**usage, "model": "claude-haiku-4-5-20251001", "provider": "anthropic"},
        )
    catalog_4o = ModelPrice.objects.get(tenant=None, model="gpt-4o")
    assert costs_of(snapshot)[5] == D("3.5")  # $2.50 + 0.1 x $10
    assert snapshot.cost_detail["price_ids"] == {
        "model_price": catalog_4o.id,
        "model_price_source": "catalog",
    }
    assert costs_of(haiku)[5] == D("1.5")  # $1 + 0.1 x $5

    own = set_price(api, model="gpt-4o", input_per_1m="2", output_per_1m="8")
    with on_commit():
        (overridden,) = store_events(tenant, {**usage, "model": "gpt-4o-2024-08-06"})
    assert costs_of(overridden)[5] == D("2.8")
    assert overridden.cost_detail["price_ids"]["model_price"] == own["id"]


def test_long_context_cached_reasoning_default_gpu_and_named_services_through_the_store(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    set_price(
        api,
        model="long-1",
        input_per_1m="3",
        cached_input_per_1m="0.3",
        cache_write_per_1m="3.75",
        output_per_1m="15",
        long_context={
            "threshold_tokens": 200_000,
            "input_per_1m": "6",
            "cached_input_per_1m": "0.6",
            "cache_write_per_1m": "7.5",
            "output_per_1m": "22.5",
        },
    )
    api.post(
        "/v1/costs/gpu-rates",
        {"gpu_type": "", "valid_from": JAN_1, "usd_per_gpu_hour": "3.60"},
        format="json",
    )
    api.post(
        "/v1/costs/service-rates",
        {"service": "serpapi", "valid_from": JAN_1, "usd_per_call": "0.015"},
        format="json",
    )
    base = {
        "model": "long-1",
        "cached_input_tokens": 100_000,
        "cache_write_tokens": 10_000,
        "output_tokens": 1_000,
        "reasoning_tokens": 2_000,
        "gpu_seconds": D(1),
        "gpu_type": "l4",  # no rate of its own: the tenant default applies
        "properties": {"service_calls": {"serpapi": 2}},
    }

    with on_commit():
        short, long = store_events(
            tenant, {**base, "input_tokens": 90_000}, {**base, "input_tokens": 90_001}
        )

    # 0.27 + 0.03 + 0.0375 + 0.015 + 0.03 tokens; 0.001 GPU; 0.03 services
    assert costs_of(short) == ("priced", D("0.3825"), D("0.001"), D("0.03"), D(0), D("0.4135"))
    # 0.540006 + 0.06 + 0.075 + 0.0225 + 0.045
    assert costs_of(long) == ("priced", D("0.742506"), D("0.001"), D("0.03"), D(0), D("0.773506"))
    assert long.cost_detail["tier"] == "long_context"


def test_costing_twice_changes_nothing_and_uses_a_fixed_number_of_queries(
    api: APIClient,
    tenant: Tenant,
    on_commit: Callable[..., Any],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    set_price(api, model="m", input_per_1m="1", output_per_1m="2")
    with on_commit():
        events = store_events(tenant, *[{"model": "m", "input_tokens": i} for i in range(1, 51)])
    pks = [e.pk for e in events]
    assert UsageEvent.objects.filter(cost_status="priced").count() == 50

    with django_assert_num_queries(4):  # 3 checks that the cached book is current, the events
        result = events_cost(tenant=tenant, event_pks=pks)
    assert (result.seen, result.changed, result.unpriced) == (50, 0, 0)

    api.post(
        "/v1/costs/model-prices",
        {
            "model": "m",
            "valid_from": "2026-02-01T00:00:00Z",
            "input_per_1m": "3",
            "output_per_1m": "2",
        },
        format="json",
    )
    # checks, book reload, events, one update (in the caller's transaction: no savepoint)
    with django_assert_num_queries(3 + 4 + 1 + 1):
        result = events_cost(tenant=tenant, event_pks=pks)
    assert (result.seen, result.changed) == (50, 50)
    assert UsageEvent.objects.get(pk=pks[0]).cost_total == D("0.000003")


def test_a_correction_is_applied_to_the_past_only_by_an_audited_re_cost(
    api: APIClient,
    tenant: Tenant,
    on_commit: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    price = set_price(api, model="m", input_per_1m="1", output_per_1m="1")
    with on_commit():
        inside, outside = store_events(
            tenant,
            {
                "model": "m",
                "input_tokens": 1_000_000,
                "timestamp": datetime(2026, 3, 5, tzinfo=UTC),
            },
            {
                "model": "m",
                "input_tokens": 1_000_000,
                "timestamp": datetime(2026, 4, 5, tzinfo=UTC),
            },
        )
    told: list[tuple[Any, list[int], Any, Any]] = []
    note = costbook_services.event_changes_note

    def noted(*, tenant: Tenant, event_pks: Any = (), start: Any = None, end: Any = None) -> Any:
        told.append((tenant.id, list(event_pks), start, end))
        return note(tenant=tenant, event_pks=event_pks, start=start, end=end)

    monkeypatch.setattr(costbook_services, "event_changes_note", noted)

    # The vendor charged $1.50 from March: a new entry from then (the January one is kept).
    fixed = set_price(
        api, model="m", valid_from="2026-03-01T00:00:00Z", input_per_1m="1.5", output_per_1m="1"
    )
    assert fixed["valid_from"] == "2026-03-01T00:00:00Z"
    assert price["id"] != fixed["id"]
    assert costs_of(inside)[5] == D(1)  # not re-costed yet

    with on_commit():
        response = api.post(
            "/v1/costs/recalculations",
            {
                "from": "2026-03-01T00:00:00Z",
                "to": "2026-04-01T00:00:00Z",
                "reason": "vendor invoice showed $1.50 for March",
            },
            format="json",
        )
    assert response.status_code == 202
    recalculation_id = response.json()["id"]

    assert costs_of(inside)[5] == D("1.5")
    assert costs_of(outside)[5] == D(1)
    # The changed event is noted with its cost, and the whole range once the re-cost is done.
    assert told == [
        (tenant.id, [inside.pk], None, None),
        (tenant.id, [], datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
    ]
    record = api.get(f"/v1/costs/recalculations/{recalculation_id}").json()
    assert {k: v for k, v in record.items() if k not in ("created_at", "finished_at")} == {
        "id": recalculation_id,
        "start": "2026-03-01T00:00:00Z",
        "end": "2026-04-01T00:00:00Z",
        "model": "",
        "only_unpriced": False,
        "reason": "vendor invoice showed $1.50 for March",
        "requested_by": api.api_key.prefix,  # type: ignore[attr-defined]
        "status": "done",
        "events_seen": 1,
        "events_changed": 1,
        "events_unpriced": 0,
        "currency": "USD",
        "cost_total_before": "1",
        "cost_total_after": "1.5",
        "error": "",
    }
    assert record["finished_at"] is not None
    assert [r["id"] for r in api.get("/v1/costs/recalculations").json()["results"]] == [
        recalculation_id
    ]


def test_a_re_cost_with_to_before_from_is_a_400_and_records_nothing(api: APIClient) -> None:
    response = api.post(
        "/v1/costs/recalculations",
        {"from": "2026-03-01T00:00:00Z", "to": "2026-03-01T00:00:00Z", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "to", "message": "Must be after from."}]
    assert api.get("/v1/costs/recalculations").json()["results"] == []


def test_unpriced_events_get_priced_by_a_re_cost_once_the_price_exists(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    with on_commit():
        (event,) = store_events(tenant, {"model": "late-model", "output_tokens": 1_000})
    assert costs_of(event)[0] == "unpriced"
    set_price(api, model="late-model", input_per_1m="1", output_per_1m="3")

    with on_commit():
        api.post(
            "/v1/costs/recalculations",
            {
                "from": "2026-01-01T00:00:00Z",
                "to": "2027-01-01T00:00:00Z",
                "only_unpriced": True,
                "reason": "price added",
            },
            format="json",
        )

    assert costs_of(event) == ("priced", D("0.003"), D(0), D(0), D(0), D("0.003"))
    assert api.get("/v1/costs/unpriced").json()["results"] == []


@pytest.mark.django_db(transaction=True)
def test_costs_and_audited_re_costs_reach_the_rollups(
    tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    api = client_for(tenant)
    price = set_price(api, model="m", input_per_1m="1", output_per_1m="1")
    at = datetime(2026, 3, 5, 10, tzinfo=UTC)

    (event,) = store_events(tenant, {"model": "m", "input_tokens": 1_000_000, "timestamp": at})

    assert costs_of(event)[5] == D(1)
    assert RollupHour.objects.get(tenant=tenant).cost_total == D(1)

    set_price(
        api, model="m", valid_from="2026-03-01T00:00:00Z", input_per_1m="2", output_per_1m="1"
    )
    assert price["input_per_1m"] == "1"
    # A later ingest notification (a void, say) does not touch an event already costed.
    event_changes_note(tenant=tenant, event_pks=[event.pk])
    assert costs_of(event)[5] == D(1)

    api.post(
        "/v1/costs/recalculations",
        {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z", "reason": "correction"},
        format="json",
    )

    assert costs_of(event)[5] == D(2)
    assert RollupHour.objects.get(tenant=tenant).cost_total == D(2)


def test_a_re_cost_walks_its_range_in_chunks_and_counts_every_event(
    api: APIClient,
    tenant: Tenant,
    on_commit: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    price = set_price(api, model="m", input_per_1m="1", output_per_1m="1")
    with on_commit():
        events = store_events(tenant, *[{"model": "m", "input_tokens": 1_000} for _ in range(5)])
    set_price(
        api, model="m", valid_from="2026-03-01T00:00:00Z", input_per_1m="3", output_per_1m="1"
    )
    assert price["input_per_1m"] == "1"
    monkeypatch.setattr(costbook_services, "RECOST_CHUNK", 2)

    with on_commit():
        response = api.post(
            "/v1/costs/recalculations",
            {"from": "2026-03-01T00:00:00Z", "to": "2026-03-02T00:00:00Z", "reason": "x"},
            format="json",
        )

    record = api.get(f"/v1/costs/recalculations/{response.json()['id']}").json()
    assert (record["events_seen"], record["events_changed"]) == (5, 5)
    assert (record["cost_total_before"], record["cost_total_after"]) == ("0.005", "0.015")
    assert [costs_of(e)[5] for e in events] == [D("0.003")] * 5


def test_a_re_cost_that_fails_says_so_in_its_record(
    api: APIClient,
    tenant: Tenant,
    on_commit: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_price(api, model="m", input_per_1m="1", output_per_1m="1")
    with on_commit():
        store_events(tenant, {"model": "m", "input_tokens": 1_000})

    def lost_connection(**kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(costbook_services, "events_cost", lost_connection)
    with pytest.raises(OperationalError), on_commit():
        response = api.post(
            "/v1/costs/recalculations",
            {"from": "2026-03-01T00:00:00Z", "to": "2026-03-02T00:00:00Z", "reason": "x"},
            format="json",
        )
        recalculation_id = response.json()["id"]

    record = api.get(f"/v1/costs/recalculations/{recalculation_id}").json()
    assert (record["status"], record["error"]) == (
        "failed",
        "server closed the connection unexpectedly",
    )

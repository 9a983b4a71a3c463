"""POST /v1/events: verdicts, idempotency, tenants, malformed bodies, failures."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from unittest import mock

import msgspec
import pytest
import time_machine
from django.db import IntegrityError, OperationalError, connection, connections
from rest_framework.test import APIClient

from metering import changes, event_store
from metering.event_services import events_ingest
from metering.models import Customer, EventChange, EventKey, Tenant, UsageEvent

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
CONFLICT = (
    "An event with this event_id was already stored with a different payload;"
    " the stored event is unchanged."
)


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
        "input_tokens": 100,
        "output_tokens": 20,
    }
    body.update(fields)
    return body


def post(client: APIClient, body: Any) -> Any:
    return client.post("/v1/events", msgspec.json.encode(body), content_type="application/json")


def stored(tenant: Tenant) -> list[tuple[str, int, int]]:
    rows = UsageEvent.objects.filter(tenant=tenant).order_by("event_id")
    return [(e.event_id, e.input_tokens, e.output_tokens) for e in rows]


def test_a_batch_gets_a_verdict_per_event_and_stores_exactly_the_new_ones(
    api: APIClient, tenant: Tenant
) -> None:
    assert post(api, {"events": [event("e1"), event("e2")]}).status_code == 200
    response = post(
        api,
        {
            "events": [
                event("e1"),  # duplicate
                event("e2", input_tokens=999),  # conflict
                event("e3"),  # new
                event("e4", input_tokens=-1),  # rejected
                event("e3"),  # repeated inside the batch: duplicate
                event("e5", customer_id="cus_2"),  # new, new customer
                event("e5", output_tokens=1),  # same id, other payload: conflict
            ]
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "accepted": 2,
        "duplicate": 2,
        "conflict": 2,
        "rejected": 1,
        "customers_created": 1,
        "created_customer_ids": ["cus_2"],
        "results": [
            {"index": 0, "event_id": "e1", "status": "duplicate", "errors": []},
            {
                "index": 1,
                "event_id": "e2",
                "status": "conflict",
                "errors": [{"field": "events.1.event_id", "message": CONFLICT}],
            },
            {
                "index": 3,
                "event_id": "e4",
                "status": "rejected",
                "errors": [
                    {
                        "field": "events.3.input_tokens",
                        "message": "Must be greater than or equal to 0.",
                    }
                ],
            },
            {"index": 4, "event_id": "e3", "status": "duplicate", "errors": []},
            {
                "index": 6,
                "event_id": "e5",
                "status": "conflict",
                "errors": [{"field": "events.6.event_id", "message": CONFLICT}],
            },
        ],
    }
    assert stored(tenant) == [
        ("e1", 100, 20),
        ("e2", 100, 20),
        ("e3", 100, 20),
        ("e5", 100, 20),
    ]
    assert sorted(Customer.objects.filter(tenant=tenant).values_list("external_id", flat=True)) == [
        "cus_1",
        "cus_2",
    ]
    assert EventKey.objects.filter(tenant=tenant).count() == 4


def test_a_retried_batch_changes_nothing(api: APIClient, tenant: Tenant) -> None:
    batch = {"events": [event(f"r{i}", latency_ms=i) for i in range(20)]}
    first = post(api, batch).json()
    assert (first["accepted"], first["duplicate"], first["customers_created"]) == (20, 0, 1)
    before = list(UsageEvent.objects.filter(tenant=tenant).order_by("id").values())
    again = post(api, batch).json()
    assert (again["accepted"], again["duplicate"], again["conflict"]) == (0, 20, 0)
    assert again["customers_created"] == 0
    assert list(UsageEvent.objects.filter(tenant=tenant).order_by("id").values()) == before


def test_a_retried_event_without_a_timestamp_is_a_duplicate(
    api: APIClient, tenant: Tenant, frozen_time: Any
) -> None:
    body = event("no-ts")
    del body["timestamp"]
    assert post(api, body).status_code == 201
    frozen_time.shift(timedelta(seconds=90))
    response = post(api, body)
    assert response.status_code == 200
    assert response.json()["duplicate"] == 1
    assert UsageEvent.objects.get(tenant=tenant, event_id="no-ts").timestamp == NOW


def test_another_tenants_identical_event_ids_are_other_events(
    api: APIClient, other_api: APIClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    assert post(api, {"events": [event("same")]}).json()["accepted"] == 1
    theirs = post(other_api, {"events": [event("same", input_tokens=5)]}).json()
    assert (theirs["accepted"], theirs["conflict"]) == (1, 0)
    assert stored(tenant) == [("same", 100, 20)]
    assert stored(other_tenant) == [("same", 5, 20)]
    mine = UsageEvent.objects.get(tenant=tenant)
    assert mine.customer.tenant_id == tenant.pk
    assert UsageEvent.objects.get(tenant=other_tenant).customer.tenant_id == other_tenant.pk


def test_a_single_event_is_201_then_200_as_a_duplicate(api: APIClient, tenant: Tenant) -> None:
    first = post(api, event("one"))
    assert first.status_code == 201
    assert first.json() == {
        "accepted": 1,
        "duplicate": 0,
        "conflict": 0,
        "rejected": 0,
        "customers_created": 1,
        "created_customer_ids": ["cus_1"],
        "results": [],
    }
    again = post(api, event("one"))
    assert again.status_code == 200
    assert again.json()["results"] == [
        {"index": 0, "event_id": "one", "status": "duplicate", "errors": []}
    ]


def test_a_single_conflicting_event_is_a_409_and_the_original_stays(
    api: APIClient, tenant: Tenant
) -> None:
    post(api, event("one"))
    response = post(api, event("one", output_tokens=21))
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/conflict",
        "title": "Conflict",
        "status": 409,
        "detail": CONFLICT,
    }
    assert stored(tenant) == [("one", 100, 20)]


def test_a_single_invalid_event_is_a_400_with_field_paths(api: APIClient, tenant: Tenant) -> None:
    response = post(api, event("bad", request_class="no spaces", requests=0, extra=1))
    assert response.status_code == 400
    assert response.json() == {
        "type": "/problems/validation-error",
        "title": "Invalid request",
        "status": 400,
        "detail": "The request has invalid fields; see errors.",
        "errors": [
            {
                "field": "request_class",
                "message": "Must be a slug: letters, digits, hyphens and underscores.",
            },
            {"field": "requests", "message": "Must be greater than or equal to 1."},
            {"field": "extra", "message": "Unknown field."},
        ],
    }
    assert UsageEvent.objects.count() == 0
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (b"{not json", 400, "The request body is not valid JSON: JSON is malformed: "),
        (b"[]", 400, 'The request body must be an event object or {"events": [...]}.'),
        (b'{"events": 3}', 400, '"events" must be a list of event objects.'),
        (b"", 400, "The request body is empty."),
    ],
)
def test_a_malformed_body_stores_nothing(
    api: APIClient, tenant: Tenant, body: bytes, status: int, detail: str
) -> None:
    response = api.post("/v1/events", body, content_type="application/json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith(detail)
    assert UsageEvent.objects.count() == 0


def test_more_than_10000_events_is_a_413_and_stores_nothing(api: APIClient) -> None:
    response = post(api, {"events": [event(f"x{i}") for i in range(10_001)]})
    assert response.status_code == 413
    assert response.json() == {
        "type": "/problems/payload-too-large",
        "title": "Payload too large",
        "status": 413,
        "detail": "A batch holds at most 10000 events; got 10001.",
    }
    assert UsageEvent.objects.count() == 0


def test_a_body_that_is_not_json_is_a_415(api: APIClient) -> None:
    response = api.post("/v1/events", "event_id=1", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["type"] == "/problems/unsupported-media-type"
    assert UsageEvent.objects.count() == 0


def test_a_database_failure_is_a_503_and_nothing_is_half_stored(
    api: APIClient, tenant: Tenant
) -> None:
    with mock.patch.object(
        event_store, "events_insert", side_effect=OperationalError("connection lost")
    ):
        response = post(api, {"events": [event("a"), event("b", customer_id="cus_new")]})
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["detail"] == (
        "The database is unavailable; nothing was stored. Retry the request."
    )
    assert EventKey.objects.count() == 0
    assert UsageEvent.objects.count() == 0
    assert Customer.objects.filter(tenant=tenant).count() == 0
    retry = post(api, {"events": [event("a"), event("b", customer_id="cus_new")]})
    assert retry.json()["accepted"] == 2


def test_a_lost_race_for_a_key_is_retried_once_then_answered_503(
    api: APIClient, tenant: Tenant
) -> None:
    real = event_store.events_claim
    calls: list[int] = []

    def lose_once(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**kwargs)

    with mock.patch.object(event_store, "events_claim", side_effect=lose_once):
        assert post(api, {"events": [event("race")]}).json()["accepted"] == 1
    assert len(calls) == 2
    with mock.patch.object(event_store, "events_claim", side_effect=IntegrityError("again")):
        response = post(api, {"events": [event("race-2")]})
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert response.json()["detail"] == (
        "Events could not be stored; nothing was stored. Retry the request."
    )
    assert stored(tenant) == [("race", 100, 20)]


def test_events_are_stored_with_every_field(api: APIClient, tenant: Tenant) -> None:
    post(
        api,
        event(
            "full",
            cached_input_tokens=30,
            cache_write_tokens=4,
            reasoning_tokens=5,
            requests=2,
            gpu_seconds="1.400001",
            gpu_type="a100",
            retrieval_calls=3,
            external_cost="0.0000000025",
            outcome="success",
            outcome_value=12.5,
            latency_ms=812,
            trace_id="run-1",
            model="gpt-4o",
            provider="openai",
            properties={"tier": "pro", "beta": True, "score": 0.5},
        ),
    )
    row = UsageEvent.objects.get(tenant=tenant, event_id="full")
    assert row.timestamp == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    assert row.received_at == NOW
    assert (row.input_tokens, row.cached_input_tokens, row.cache_write_tokens) == (100, 30, 4)
    assert (row.output_tokens, row.reasoning_tokens, row.requests) == (20, 5, 2)
    assert row.gpu_seconds == Decimal("1.400001")
    assert row.external_cost == Decimal("0.0000000025")
    assert row.outcome_value == Decimal("12.5")
    assert (row.outcome, row.latency_ms, row.trace_id) == ("success", 812, "run-1")
    assert (row.model, row.provider, row.gpu_type, row.retrieval_calls) == (
        "gpt-4o",
        "openai",
        "a100",
        3,
    )
    assert row.properties == {"tier": "pro", "beta": True, "score": 0.5}
    assert (row.cost_status, row.cost_total, row.voided_at) == ("pending", None, None)
    assert len(row.payload_hash) == 64


# (gpu_seconds, external_cost, outcome_value) as posted, and as stored.
DECIMALS = [
    (("1.400001", "0.0000000025", 12.5), (Decimal("1.400001"), Decimal("2.5E-9"), Decimal("12.5"))),
    ((0, "0.000", None), (Decimal(0), Decimal(0), None)),
    ((2.50, 1e-10, "1E2"), (Decimal("2.5"), Decimal("1E-10"), Decimal(100))),
    (
        ("00012.5000000", "123.0000000001", "1234.500000"),
        (Decimal("12.5"), Decimal("123.0000000001"), Decimal("1234.5")),
    ),
]


@pytest.mark.parametrize("size", [1, event_store.STAGE_MIN_EVENTS])
@pytest.mark.parametrize("known_customer", [True, False])
def test_decimals_are_stored_exactly_however_the_batch_travels(
    api: APIClient, tenant: Tenant, size: int, known_customer: bool
) -> None:
    # One event travels in the statement, a batch through the staging table; the events of a
    # new customer are copied after the customer is created.
    if known_customer:
        Customer.objects.create(tenant=tenant, external_id="cus_1")
    events = [
        event(f"d{i}-{n}", gpu_seconds=gpu, external_cost=cost, outcome_value=value)
        for i, ((gpu, cost, value), _) in enumerate(DECIMALS)
        for n in range(size)
    ]
    body = post(api, {"events": events}).json()
    assert (body["accepted"], body["customers_created"]) == (
        len(events),
        0 if known_customer else 1,
    )
    rows = UsageEvent.objects.filter(tenant=tenant)
    found = {(e.event_id, e.gpu_seconds, e.external_cost, e.outcome_value) for e in rows}
    assert found == {
        (f"d{i}-{n}", *values) for i, (_, values) in enumerate(DECIMALS) for n in range(size)
    }


def test_otel_attributes_are_stored_in_the_exclusive_buckets(
    api: APIClient, tenant: Tenant
) -> None:
    body = {
        "event_id": "otel-1",
        "customer_id": "cus_1",
        "request_class": "chat",
        "gen_ai.usage.input_tokens": 1000,
        "gen_ai.usage.cache_read.input_tokens": 600,
        "gen_ai.usage.cache_creation.input_tokens": 100,
        "gen_ai.usage.output_tokens": 500,
        "gen_ai.usage.reasoning.output_tokens": 120,
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.provider.name": "openai",
    }
    assert post(api, body).status_code == 201
    row = UsageEvent.objects.get(tenant=tenant, event_id="otel-1")
    assert (row.input_tokens, row.cached_input_tokens, row.cache_write_tokens) == (300, 600, 100)
    assert (row.output_tokens, row.reasoning_tokens) == (380, 120)
    assert (row.model, row.provider) == ("gpt-4o-2024-08-06", "openai")


def test_the_timestamp_window_is_the_tenants(api: APIClient, tenant: Tenant) -> None:
    tenant.event_max_age_days = 1
    tenant.event_max_future_seconds = 60
    tenant.save()
    response = post(
        api,
        {
            "events": [
                event("old", timestamp="2026-11-22T14:59:59Z"),
                event("ahead", timestamp="2026-11-23T15:01:01Z"),
                event("ok", timestamp="2026-11-22T15:00:00Z"),
            ]
        },
    )
    assert [(r["event_id"], r["errors"]) for r in response.json()["results"]] == [
        (
            "old",
            [
                {
                    "field": "events.0.timestamp",
                    "message": "Must not be more than 1 day in the past.",
                }
            ],
        ),
        (
            "ahead",
            [
                {
                    "field": "events.1.timestamp",
                    "message": "Must not be more than 1 minute in the future.",
                }
            ],
        ),
    ]
    assert stored(tenant) == [("ok", 100, 20)]


@pytest.fixture
def listener() -> Any:
    """Stand in for the one change listener; put the real one back afterwards."""
    heard: list[Any] = []
    previous = changes._listener
    changes.change_listener_set(heard.append)
    yield heard
    changes.change_listener_set(previous)


def test_the_listener_hears_of_stored_events_after_commit(
    api: APIClient,
    tenant: Tenant,
    listener: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post(api, {"events": [event("h1"), event("h2"), event("h1")]})
    with django_capture_on_commit_callbacks(execute=True):
        post(api, {"events": [event("h1")]})  # nothing new: nobody is told
    pks = list(
        UsageEvent.objects.filter(tenant=tenant).order_by("event_id").values_list("pk", flat=True)
    )
    assert listener == [tenant.pk]
    assert list(EventChange.objects.values_list("event_pks", flat=True)) == [[[pks[0], pks[-1]]]]


def test_a_failing_listener_does_not_fail_the_ingest_and_the_note_stays(
    api: APIClient, tenant: Tenant, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    def broken(tenant_id: Any) -> None:
        raise RuntimeError("listener down")

    previous = changes._listener
    changes.change_listener_set(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post(api, {"events": [event("l1")]})
    finally:
        changes.change_listener_set(previous)
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    pk = UsageEvent.objects.get(tenant=tenant, event_id="l1").pk
    assert list(EventChange.objects.values_list("event_pks", flat=True)) == [[[pk, pk]]]
    assert "listener down" in caplog.text


def test_the_note_is_written_before_the_commit_once_per_batch(
    api: APIClient, tenant: Tenant, listener: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[tuple[list[list[int]], int]] = []
    create = EventChange.objects.create

    def recorder(**fields: Any) -> EventChange:
        # Inside the storing transaction: the rows are there, the commit not yet.
        runs = fields["event_pks"]
        visible = UsageEvent.objects.filter(
            tenant=tenant, pk__gte=runs[0][0], pk__lte=runs[-1][1]
        ).count()
        seen.append((runs, visible))
        return create(**fields)

    with mock.patch.object(EventChange.objects, "create", recorder):
        with django_capture_on_commit_callbacks(execute=False):
            post(api, {"events": [event("r1"), event("r2"), event("r1")]})
            assert len(seen) == 1 and listener == []
        post(api, {"events": [event("r2")]})  # nothing new: no note
    pks = list(
        UsageEvent.objects.filter(tenant=tenant).order_by("event_id").values_list("pk", flat=True)
    )
    assert seen == [([[pks[0], pks[-1]]], 2)]


def test_a_failing_note_stores_nothing_and_answers_503(api: APIClient, tenant: Tenant) -> None:
    def broken(**fields: Any) -> None:
        raise OperationalError("note table unavailable")

    with mock.patch.object(EventChange.objects, "create", broken):
        response = post(api, {"events": [event("n1"), event("n2", customer_id="cus_new")]})
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert EventKey.objects.count() == UsageEvent.objects.count() == 0
    assert Customer.objects.filter(tenant=tenant).count() == 0
    assert post(api, {"events": [event("n1"), event("n2")]}).json()["accepted"] == 2


def test_ingest_needs_the_ingest_scope(
    tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    assert post(client_for(tenant, ["read"]), event("s")).status_code == 403
    assert post(client_for(tenant, ["ingest"]), event("s")).status_code == 201


def test_a_batch_costs_a_fixed_number_of_queries(
    tenant: Tenant, django_assert_max_num_queries: Any
) -> None:
    body = msgspec.json.encode(
        {"events": [event(f"q{i}", customer_id=f"c{i % 7}") for i in range(300)]}
    )
    events_ingest(tenant=tenant, body=msgspec.json.encode({"events": [event("q0")]}))
    # PostgreSQL: (through Django's cursor) customers of new customers (read, create, re-read),
    # the note, savepoint; the claim and COPYs go through psycopg directly.
    # SQLite: bulk inserts are chunked by its limit on query variables.
    limit = 8 if connection.vendor == "postgresql" else 20
    with django_assert_max_num_queries(limit):
        report = events_ingest(tenant=tenant, body=body)
    assert (report.accepted, report.duplicate, report.conflict) == (299, 0, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second_order", ["same", "reversed"])
def test_two_connections_posting_the_same_batch_store_each_event_once(second_order: str) -> None:
    tenant = Tenant.objects.create(name="Racer")
    events = [event(f"race-{i}", customer_id=f"rc{i % 13}") for i in range(400)]
    # In reverse order the two transactions would wait on each other's keys (a deadlock)
    # unless keys are claimed in one global order.
    second = events if second_order == "same" else events[::-1]
    bodies = [msgspec.json.encode({"events": events}), msgspec.json.encode({"events": second})]
    barrier = threading.Barrier(2)
    reports: list[Any] = []
    failures: list[BaseException] = []

    def run(body: bytes) -> None:
        try:
            barrier.wait()
            reports.append(events_ingest(tenant=tenant, body=body))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert (
        sorted(r.accepted for r in reports) in ([0, 400], [200, 200])
        or sum(r.accepted for r in reports) == 400
    )
    assert sum(r.accepted for r in reports) == 400
    assert sum(r.duplicate for r in reports) == 400
    assert sum(r.conflict for r in reports) == 0
    assert UsageEvent.objects.filter(tenant=tenant).count() == 400
    assert EventKey.objects.filter(tenant=tenant).count() == 400
    assert Customer.objects.filter(tenant=tenant).count() == 13
    assert connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_key_committed_by_another_request_while_claiming_still_gets_its_verdict() -> None:
    import psycopg

    from metering.event_fast import parse_events

    tenant = Tenant.objects.create(name="Overlap")
    body = msgspec.json.encode({"events": [event("held"), event("free")]})
    held = parse_events(body, now=NOW)[0][0].event
    assert held is not None
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    )
    # Another request has claimed "held" and not committed yet: the claim below waits for
    # it, so its own snapshot predates that key and the stored hash is read afterwards.
    other.execute(
        'INSERT INTO metering_eventkey (tenant_id, event_id, payload_hash, "timestamp")'
        " VALUES (%s, %s, %s, %s)",
        [tenant.pk, "held", held.payload_hash, held.timestamp],
    )
    reports: list[Any] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            reports.append(events_ingest(tenant=tenant, body=body))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    for _ in range(500):
        if other.execute(waiting).fetchone()[0]:
            break
        time.sleep(0.01)
    other.commit()
    other.close()
    thread.join()

    assert failures == []
    assert (reports[0].accepted, reports[0].duplicate, reports[0].conflict) == (1, 1, 0)
    assert list(UsageEvent.objects.filter(tenant=tenant).values_list("event_id", flat=True)) == [
        "free"
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_batches_sharing_a_fifth_of_their_ids_store_each_event_once() -> None:
    import random

    tenant = Tenant.objects.create(name="Crowd")
    rng = random.Random(16)
    shared = [event(f"shared-{i}", customer_id=f"sc{i % 11}") for i in range(100)]
    batches = []
    for client in range(8):
        own = [event(f"own-{client}-{i}", customer_id=f"oc{i % 17}") for i in range(200)]
        rows = own + rng.sample(shared, 50)  # 50 of 250: a fifth of each batch is shared
        rng.shuffle(rows)
        batches.append(rows)
    unique = {row["event_id"] for rows in batches for row in rows}
    barrier = threading.Barrier(len(batches))
    reports: list[Any] = []
    failures: list[BaseException] = []

    def run(body: bytes) -> None:
        try:
            barrier.wait()
            reports.append(events_ingest(tenant=tenant, body=body))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(msgspec.json.encode({"events": rows}),))
        for rows in batches
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(reports) == 8
    assert sum(r.accepted for r in reports) == len(unique)
    assert sum(r.duplicate for r in reports) == 8 * 250 - len(unique)
    assert sum(r.conflict for r in reports) == sum(r.rejected for r in reports) == 0
    stored_ids = list(UsageEvent.objects.filter(tenant=tenant).values_list("event_id", flat=True))
    assert sorted(stored_ids) == sorted(unique)
    assert EventKey.objects.filter(tenant=tenant).count() == len(unique)
    duplicates = sorted(
        entry["event_id"] for r in reports for entry in r.entries if entry["status"] == "duplicate"
    )
    assert set(duplicates) <= {row["event_id"] for row in shared}
    assert len(duplicates) == 8 * 250 - len(unique)
    assert Customer.objects.filter(tenant=tenant).count() == 11 + 17


def _index_probes_only(plan: dict[str, Any], table: str) -> list[tuple[str, str]]:
    """(node type, index condition) of every read of `table` in a plan."""
    found = []
    if plan.get("Relation Name") == table and plan["Node Type"] != "ModifyTable":
        found.append((plan["Node Type"], plan.get("Index Cond", "")))
    for child in plan.get("Plans", []):
        found.extend(_index_probes_only(child, table))
    return found


@pytest.mark.postgres
@pytest.mark.parametrize("staged", [False, True])
def test_the_claim_probes_the_unique_index_per_key_even_with_stale_statistics(
    tenant: Tenant, staged: bool
) -> None:
    import psycopg

    other = Tenant.objects.create(name="Small")
    EventKey.objects.bulk_create(
        [
            EventKey(tenant=other, event_id=f"o{i}", payload_hash="h", timestamp=NOW)
            for i in range(50)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE metering_eventkey")  # statistics from when the tenant had none
        cursor.execute(
            "INSERT INTO metering_eventkey SELECT %s, 'k' || g, 'h', now()"
            " FROM generate_series(1, 20000) AS g",
            [tenant.pk],
        )
    from metering.event_fast import parse_events

    body = msgspec.json.encode({"events": [event(f"k{i}") for i in range(300)]})
    events = [result.event for result in parse_events(body, now=NOW)[0]]
    rows = event_store.stage_rows(events, {})  # type: ignore[arg-type]
    params: dict[str, Any] = {"tenant": tenant.pk, "received": NOW}
    for index, column in enumerate(zip(*rows, strict=True)):
        params[f"c{index}"] = list(column)
    sql = event_store._CLAIM_ARRAYS
    with psycopg.Cursor(connection.connection) as cursor:
        if staged:
            cursor.execute(event_store._STAGE_CREATE)
            sql = event_store._CLAIM_STAGED
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params, binary=True)
        plan = cursor.fetchone()[0][0]["Plan"]
    probes = _index_probes_only(plan, "metering_eventkey")
    assert probes
    for node_type, condition in probes:
        assert node_type == "Index Scan"
        assert "tenant_id = " in condition and "event_id)::text = s" in condition
    customer_probes = _index_probes_only(plan, "metering_customer")
    assert customer_probes
    for node_type, condition in customer_probes:
        assert node_type == "Index Scan"
        assert "tenant_id = " in condition and "external_id)::text = s" in condition


def test_counts_up_to_their_documented_limit_are_stored(api: APIClient, tenant: Tenant) -> None:
    """requests and retrieval_calls take up to 10^12, like the token counts."""
    big = event("e-big", requests=1_000_000_000_000, retrieval_calls=999_999_999_999)
    assert post(api, {"events": [big]}).status_code == 200
    stored = UsageEvent.objects.get(tenant=tenant, event_id="e-big")
    assert (stored.requests, stored.retrieval_calls) == (1_000_000_000_000, 999_999_999_999)

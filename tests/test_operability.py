"""Operability: /metrics for allowed scrapers, request ids, JSON log lines naming the tenant."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient

from config.logs import logging_config
from economics.margins.models import DirtyBucket
from metering.models import CostStatus, Customer, EventChange, Tenant, UsageEvent

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def scrape(
    client: Client | APIClient, **extra: str
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """GET /metrics and index every sample by (name, sorted labels)."""
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def post(api: APIClient, body: object) -> int:
    response = api.post("/v1/events", msgspec.json.encode(body), content_type="application/json")
    return response.status_code


def test_metrics_count_ingest_verdicts_and_time_each_operation(api: APIClient) -> None:
    before = scrape(Client())
    event = {"event_id": "e1", "customer_id": "c", "request_class": "chat"}
    status = post(
        api,
        {
            "events": [
                event,
                {"event_id": "e2", "customer_id": "c", "request_class": "chat"},
                event,  # the same payload again: a duplicate
                {**event, "request_class": "classify"},  # same id, other payload: a conflict
                {"event_id": "e3", "request_class": "chat"},  # no customer: rejected
            ]
        },
    )
    after = scrape(Client())

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    verdicts = {
        verdict: delta("marginal_events_ingested_total", verdict=verdict)
        for verdict in ("accepted", "duplicate", "conflict", "rejected")
    }
    assert verdicts == {"accepted": 2, "duplicate": 1, "conflict": 1, "rejected": 1}
    timed = {"operation": "events_ingest", "method": "POST", "status": f"{status // 100}xx"}
    assert delta("marginal_http_request_duration_seconds_count", **timed) == 1
    assert delta("marginal_http_request_duration_seconds_bucket", le="+Inf", **timed) == 1


def test_metrics_show_the_pipelines_backlog_and_lags(api: APIClient, tenant: Tenant) -> None:
    with time_machine.travel(NOW - timedelta(seconds=90), tick=False):
        assert post(api, {"event_id": "late", "customer_id": "c", "request_class": "chat"}) == 201
    # As if costing had not run yet: one event pending for 90 s, one bucket marked 30 s ago.
    UsageEvent.objects.of(tenant).update(cost_status=CostStatus.PENDING)
    EventChange.objects.of(tenant).delete()
    DirtyBucket.objects.of(tenant).delete()
    customer = Customer.objects.of(tenant).get(external_id="c")
    mark = DirtyBucket.objects.create(tenant=tenant, customer=customer, hour=NOW)
    DirtyBucket.objects.of(tenant).filter(pk=mark.pk).update(marked_at=NOW - timedelta(seconds=30))
    with time_machine.travel(NOW, tick=False):
        samples = scrape(Client())
    figures = {
        name: samples[(name, ())]
        for name in (
            "marginal_events_pending_costing",
            "marginal_costing_lag_seconds",
            "marginal_change_notes_waiting",
            "marginal_rollup_marks_waiting",
            "marginal_rollup_lag_seconds",
            "marginal_event_to_report_lag_seconds",
        )
    }
    assert figures == {
        "marginal_events_pending_costing": 1.0,
        "marginal_costing_lag_seconds": 90.0,
        "marginal_change_notes_waiting": 0.0,
        "marginal_rollup_marks_waiting": 1.0,
        "marginal_rollup_lag_seconds": 30.0,
        "marginal_event_to_report_lag_seconds": 90.0,
    }
    assert samples[("marginal_delivery_failures", (("kind", "webhook"),))] == 0.0


def test_metrics_are_refused_outside_the_allowed_networks_without_the_token(db: None) -> None:
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    refused = outsider.get("/metrics")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    with override_settings(METRICS_TOKEN="scrape-secret"):
        assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
        scrape(outsider, HTTP_AUTHORIZATION="Bearer scrape-secret")
    with override_settings(METRICS_ALLOWED_NETWORKS=["203.0.113.0/24"]):
        scrape(outsider)
    # No token configured: a bearer header opens nothing.
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.redis
def test_metrics_read_the_depth_of_each_celery_queue(db: None) -> None:
    import redis

    prefix = f"metrics-test-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.rpush(f"{prefix}costing", "a", "b", "c")
    try:
        options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": prefix}
        with override_settings(CELERY_BROKER_TRANSPORT_OPTIONS=options):
            samples = scrape(Client())
    finally:
        client.delete(f"{prefix}costing")
    depths = {
        dict(labels)["queue"]: value
        for (name, labels), value in samples.items()
        if name == "marginal_celery_queue_depth"
    }
    assert depths == {
        queue.name: 3.0 if queue.name == "costing" else 0.0 for queue in settings.CELERY_TASK_QUEUES
    }


def test_each_response_names_its_request_id(api: APIClient) -> None:
    made = api.get("/v1/customers")
    assert len(made["X-Request-ID"]) == 32
    assert api.get("/v1/customers", HTTP_X_REQUEST_ID="lb-7f3a.2")["X-Request-ID"] == "lb-7f3a.2"
    replaced = api.get("/v1/customers", HTTP_X_REQUEST_ID="not an id\n")["X-Request-ID"]
    assert len(replaced) == 32


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The project's JSON log format, captured from the root logger."""
    stream = io.StringIO()
    config = logging_config(fmt="json", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.config.dictConfig(config)
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_log_lines_of_a_request_carry_its_request_id_and_tenant(
    api: APIClient, tenant: Tenant, json_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    def counted(*, verdict: str, count: int) -> None:
        logging.getLogger("metering.ingest").info("events counted: %s %s", verdict, count)

    monkeypatch.setattr("metering.event_services.events_ingested_count", counted)
    response = api.post(
        "/v1/events",
        msgspec.json.encode({"event_id": "x", "customer_id": "c", "request_class": "chat"}),
        content_type="application/json",
        HTTP_X_REQUEST_ID="req-1",
    )
    assert response.status_code == 201
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    accepted = next(line for line in lines if line["event"] == "events counted: accepted 1")
    assert {k: accepted[k] for k in ("request_id", "tenant_id", "level", "logger")} == {
        "request_id": "req-1",
        "tenant_id": str(tenant.pk),
        "level": "info",
        "logger": "metering.ingest",
    }
    # Django's own line about a refused request names the request too.
    refused = APIClient().get("/v1/customers", HTTP_X_REQUEST_ID="req-2")
    assert refused.status_code == 401
    line = json.loads(json_log.getvalue().splitlines()[-1])
    assert (line["logger"], line["event"], line["request_id"]) == (
        "django.request",
        "Unauthorized: /v1/customers",
        "req-2",
    )
    # Outside a request, nothing is left bound.
    logging.getLogger("metering.ingest").warning("after")
    after = json.loads(json_log.getvalue().splitlines()[-1])
    assert "request_id" not in after and "tenant_id" not in after

"""POST /v1/otlp/v1/traces: OTLP/HTTP trace exports become usage events, once each."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Status
from rest_framework.test import APIClient

from metering.models import Tenant, UsageEvent

URL = "/v1/otlp/v1/traces"
PROTOBUF = "application/x-protobuf"
TRACE = bytes.fromhex("5b8efff798038103d269b633813fc60c")
END = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)


def value(raw: Any) -> AnyValue:
    if isinstance(raw, bool):
        return AnyValue(bool_value=raw)
    if isinstance(raw, int):
        return AnyValue(int_value=raw)
    return AnyValue(string_value=raw)


def export(
    *spans: dict[str, Any], resource: dict[str, Any] | None = None
) -> ExportTraceServiceRequest:
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    for key, raw in (resource or {"service.name": "support-bot"}).items():
        resource_spans.resource.attributes.append(KeyValue(key=key, value=value(raw)))
    scope = resource_spans.scope_spans.add()
    for spec in spans:
        span = scope.spans.add()
        span.trace_id = TRACE
        span.span_id = bytes.fromhex(spec["span_id"])
        span.name = spec.get("name", "chat gpt-4o")
        end = spec.get("end", END)
        span.end_time_unix_nano = int(end.timestamp()) * 1_000_000_000
        span.start_time_unix_nano = span.end_time_unix_nano - 812_000_000
        if "status" in spec:
            span.status.code = spec["status"]
        for key, raw in spec["attributes"].items():
            span.attributes.append(KeyValue(key=key, value=value(raw)))
    return request


def genai(**extra: Any) -> dict[str, Any]:
    return {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.cache_read.input_tokens": 200,
        "gen_ai.usage.output_tokens": 300,
        "marginal.customer_id": "cus_42",
        **extra,
    }


def post(client: APIClient, request: ExportTraceServiceRequest, **headers: str) -> Any:
    return client.post(URL, request.SerializeToString(), content_type=PROTOBUF, **headers)


@pytest.fixture
def ingest_api(tenant: Tenant, client_for: Callable[..., APIClient]) -> APIClient:
    return client_for(tenant, ["ingest"])


def test_a_genai_span_becomes_one_usage_event_and_other_spans_are_skipped(
    ingest_api: APIClient, tenant: Tenant
) -> None:
    request = export(
        {"span_id": "eee19b7ec3c1b174", "attributes": genai(), "status": Status.STATUS_CODE_OK},
        {
            "span_id": "aaa19b7ec3c1b174",
            "name": "GET /search",
            "attributes": {"http.method": "GET"},
        },
    )
    response = post(ingest_api, request)
    assert response.status_code == 200
    assert response["Content-Type"] == PROTOBUF
    answer = ExportTraceServiceResponse.FromString(response.content)
    assert not answer.HasField("partial_success")
    event = UsageEvent.objects.of(tenant).get()
    assert {
        "event_id": event.event_id,
        "trace_id": event.trace_id,
        "customer": event.customer.external_id,
        "timestamp": event.timestamp,
        "request_class": event.request_class,
        "model": event.model,
        "provider": event.provider,
        "input_tokens": event.input_tokens,
        "cached_input_tokens": event.cached_input_tokens,
        "output_tokens": event.output_tokens,
        "latency_ms": event.latency_ms,
        "outcome": event.outcome,
    } == {
        "event_id": "5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174",
        "trace_id": "5b8efff798038103d269b633813fc60c",
        "customer": "cus_42",
        "timestamp": END,
        "request_class": "chat",
        "model": "gpt-4o-2024-08-06",
        "provider": "openai",
        "input_tokens": 1000,
        "cached_input_tokens": 200,
        "output_tokens": 300,
        "latency_ms": 812,
        "outcome": "success",
    }


def test_a_span_sent_twice_counts_once(ingest_api: APIClient, tenant: Tenant) -> None:
    request = export({"span_id": "eee19b7ec3c1b174", "attributes": genai()})
    assert post(ingest_api, request).status_code == 200
    again = post(ingest_api, request)
    assert again.status_code == 200
    assert not ExportTraceServiceResponse.FromString(again.content).HasField("partial_success")
    assert UsageEvent.objects.of(tenant).count() == 1


def test_a_span_without_a_customer_is_rejected_with_its_reason_and_the_rest_stored(
    ingest_api: APIClient, tenant: Tenant
) -> None:
    attributes = genai()
    del attributes["marginal.customer_id"]
    request = export(
        {"span_id": "eee19b7ec3c1b174", "attributes": attributes},
        {"span_id": "bbb19b7ec3c1b174", "attributes": genai(**{"gen_ai.usage.output_tokens": -1})},
        {"span_id": "ccc19b7ec3c1b174", "attributes": genai()},
    )
    answer = ExportTraceServiceResponse.FromString(post(ingest_api, request).content)
    assert answer.partial_success.rejected_spans == 2
    assert answer.partial_success.error_message == (
        "2 of 3 usage spans rejected: span eee19b7ec3c1b174: no customer: set "
        "marginal.customer_id or enduser.id on the span or its resource; span bbb19b7ec3c1b174: "
        "gen_ai.usage.output_tokens: Must be greater than or equal to 0."
    )
    stored = list(UsageEvent.objects.of(tenant).values_list("event_id", flat=True))
    assert stored == ["5b8efff798038103d269b633813fc60c-ccc19b7ec3c1b174"]


def test_the_customer_and_class_may_come_from_the_resource(
    ingest_api: APIClient, tenant: Tenant
) -> None:
    attributes = genai()
    del attributes["marginal.customer_id"], attributes["gen_ai.operation.name"]
    request = export(
        {
            "span_id": "eee19b7ec3c1b174",
            "attributes": attributes,
            "status": Status.STATUS_CODE_ERROR,
        },
        resource={"enduser.id": "cus_7", "marginal.request_class": "support-bot"},
    )
    assert post(ingest_api, request).status_code == 200
    event = UsageEvent.objects.of(tenant).get()
    assert (event.customer.external_id, event.request_class, event.outcome) == (
        "cus_7",
        "support-bot",
        "failure",
    )


def test_otlp_json_with_hex_ids_and_gzip_is_read_too(ingest_api: APIClient, tenant: Tenant) -> None:
    request = export({"span_id": "eee19b7ec3c1b174", "attributes": genai()})
    body = json_format.MessageToDict(request)
    span = body["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
    span["traceId"], span["spanId"] = TRACE.hex(), "eee19b7ec3c1b174"
    response = ingest_api.post(
        URL,
        gzip.compress(json.dumps(body).encode()),
        content_type="application/json",
        HTTP_CONTENT_ENCODING="gzip",
    )
    assert response.status_code == 200
    assert response.json() == {}
    assert UsageEvent.objects.of(tenant).get().event_id == (
        "5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174"
    )


def test_a_json_answer_explains_rejections(ingest_api: APIClient) -> None:
    body = {
        "resourceSpans": [
            {
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "traceId": TRACE.hex(),
                                "spanId": "eee19b7ec3c1b174",
                                "endTimeUnixNano": str(int(END.timestamp()) * 10**9),
                                "attributes": [
                                    {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "5"}}
                                ],
                            }
                        ]
                    }
                ]
            }
        ]
    }
    response = ingest_api.post(URL, body, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "partialSuccess": {
            "rejectedSpans": "1",
            "errorMessage": "1 of 1 usage spans rejected: span eee19b7ec3c1b174: no customer: "
            "set marginal.customer_id or enduser.id on the span or its resource",
        }
    }


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        (b"\xff\xff\xff", PROTOBUF, 400, "The body is not an OTLP protobuf export"),
        (b"[1]", "application/json", 400, 'The body must be an object: {"resourceSpans": [...]}.'),
        (
            b'{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "zz"}]}]}]}',
            "application/json",
            400,
            "resourceSpans.0.scopeSpans.0.spans.0.traceId: 'zz' does not match",
        ),
        (
            b'{"resourceSpans": [{"scopeSpans": [{"spans": [{"status": {"message": 5}}]}]}]}',
            "application/json",
            400,
            "resourceSpans.0.scopeSpans.0.spans.0.status.message: 5 is not of type 'string'",
        ),
        (b"x", "text/plain", 415, "Send OTLP as application/x-protobuf or application/json."),
    ],
)
def test_an_unreadable_export_is_a_problem_and_stores_nothing(
    ingest_api: APIClient, tenant: Tenant, body: bytes, content_type: str, status: int, detail: str
) -> None:
    response = ingest_api.post(URL, body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith(detail)
    assert UsageEvent.objects.of(tenant).count() == 0


def test_a_gzip_bomb_is_refused(ingest_api: APIClient, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = ingest_api.post(
        URL, gzip.compress(b" " * 5000), content_type=PROTOBUF, HTTP_CONTENT_ENCODING="gzip"
    )
    assert response.status_code == 413


def test_a_key_without_the_ingest_scope_gets_403_and_no_key_401(
    tenant: Tenant, client_for: Callable[..., APIClient], anon: APIClient
) -> None:
    request = export({"span_id": "eee19b7ec3c1b174", "attributes": genai()})
    assert post(client_for(tenant, ["read"]), request).status_code == 403
    assert post(anon, request).status_code == 401
    assert UsageEvent.objects.of(tenant).count() == 0

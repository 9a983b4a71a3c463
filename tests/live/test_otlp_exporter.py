"""OpenTelemetry in, end to end: the real SDK and its OTLP/HTTP exporter send GenAI spans to a
live server; the usage shows in /v1/economics/request-classes and /v1/usage, exact to the token.
"""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.live.stack import LiveStack

pytestmark = pytest.mark.worker


def call(stack: LiveStack, key: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        stack.base_url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_spans_from_the_sdk_exporter_become_usage_exact_to_the_token(
    live_stack: LiveStack,
) -> None:
    admin_key = live_stack.create_tenant("OpenTelemetry e2e")
    ingest_key = call(
        live_stack, admin_key, "POST", "/v1/api-keys", {"name": "otel", "scopes": ["ingest"]}
    )["key"]
    # $3 per 1M input tokens, $15 per 1M output tokens.
    call(
        live_stack,
        admin_key,
        "POST",
        "/v1/costs/model-prices",
        {
            "model": "otel-model",
            "valid_from": "2020-01-01T00:00:00Z",
            "input_per_1m": "3",
            "output_per_1m": "15",
        },
    )

    # An instrumented app: its spans are kept in memory so the same ones can be exported twice.
    memory = InMemorySpanExporter()
    provider = TracerProvider(
        resource=Resource.create(
            {"service.name": "support-bot", "marginal.request_class": "otel-chat"}
        )
    )
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("e2e")
    for customer, input_tokens, output_tokens in (
        ("cus_otel_1", 1000, 200),
        ("cus_otel_2", 2500, 400),
        (None, 999, 99),  # no customer attribute: rejected
    ):
        with tracer.start_as_current_span("chat otel-model") as span:
            span.set_attribute("gen_ai.operation.name", "chat")
            span.set_attribute("gen_ai.provider.name", "openai")
            span.set_attribute("gen_ai.request.model", "otel-model")
            span.set_attribute("gen_ai.usage.input_tokens", input_tokens)
            span.set_attribute("gen_ai.usage.output_tokens", output_tokens)
            if customer:
                span.set_attribute("marginal.customer_id", customer)
    with tracer.start_as_current_span("GET /healthz"):  # not usage: skipped
        pass
    spans = memory.get_finished_spans()
    assert len(spans) == 4

    exporter = OTLPSpanExporter(
        endpoint=f"{live_stack.base_url}/v1/otlp/v1/traces",
        headers={"Authorization": f"Bearer {ingest_key}"},
        timeout=30,
    )
    assert exporter.export(spans) == SpanExportResult.SUCCESS
    assert exporter.export(spans) == SpanExportResult.SUCCESS  # a retry: counted once
    exporter.shutdown()
    provider.shutdown()

    events = call(live_stack, admin_key, "GET", "/v1/events?request_class=otel-chat")["results"]
    assert sorted((e["customer_id"], e["input_tokens"], e["output_tokens"]) for e in events) == [
        ("cus_otel_1", 1000, 200),
        ("cus_otel_2", 2500, 400),
    ]

    today = datetime.now(UTC).date()
    window = f"from={today}&to={today + timedelta(days=1)}"
    deadline = time.monotonic() + 90
    row: dict[str, Any] = {}
    while time.monotonic() < deadline:
        report = call(live_stack, admin_key, "GET", f"/v1/economics/request-classes?{window}")
        rows = [r for r in report["classes"] if r["request_class"] == "otel-chat"]
        if rows and rows[0]["requests"] == 2 and Decimal(rows[0]["cost"]) > 0:
            row = rows[0]
            break
        time.sleep(0.5)
    assert row, "the report never showed the spans' usage"
    # 1,000 x $3/1M + 200 x $15/1M + 2,500 x $3/1M + 400 x $15/1M = $0.0195: the total is in
    # cents, the cost per request to eight places.
    assert row["cost"] == "0.02"
    assert Decimal(row["cost_per_request"]) == Decimal("0.00975")

    usage = call(
        live_stack,
        admin_key,
        "GET",
        f"/v1/usage?{window}&group_by=request_class&request_class=otel-chat",
    )["results"]
    assert [(u["events"], u["input_tokens"], u["output_tokens"]) for u in usage] == [(2, 3500, 600)]

"""OpenTelemetry in: OTLP/HTTP trace exports turned into usage events.

A backend that already traces its model calls with the OpenTelemetry GenAI conventions sends its
spans here (`POST /v1/otlp/v1/traces`, protobuf or JSON, optionally gzip) instead of re-posting
the same numbers. Each span that carries a `gen_ai.usage.*` attribute becomes one usage event,
stored through the same idempotent path as `POST /v1/events`:

    event_id       <trace id>-<span id> (hex), so a span exported twice counts once
    trace_id       the trace id (hex): a trace is the composite unit (a conversation, a run)
    timestamp      the span's end time; latency_ms its duration
    customer_id    the first of settings.OTLP_CUSTOMER_ATTRIBUTES present, each looked up on
                   the span, then on its resource (default: marginal.customer_id, then
                   enduser.id)
    request_class  likewise from settings.OTLP_REQUEST_CLASS_ATTRIBUTES
                   (default: marginal.request_class, then gen_ai.operation.name)
    tokens, model, provider   the gen_ai.usage.*, gen_ai.response.model / gen_ai.request.model
                   and gen_ai.provider.name (or the older gen_ai.system) attributes, read by the
                   event schema exactly as in a posted event
    outcome        "failure" for a span with status ERROR, "success" for OK

Spans without any `gen_ai.usage.*` attribute (HTTP, database, ...) are not usage and are
skipped. A usage span that cannot become a valid event (no customer attribute, a negative token
count, ...) is rejected: the OTLP partial-success answer counts it and says why.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema
from django.conf import settings
from google.protobuf import json_format
from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

from metering.event_schema import MalformedBody, check_depth, validate_events
from metering.event_services import CONFLICT, REJECTED, events_store
from metering.models import Tenant

PROTOBUF = "application/x-protobuf"
JSON = "application/json"
USAGE_PREFIX = "gen_ai.usage."
# Attributes copied onto the event under their own (OTel GenAI) names.
GENAI_ATTRIBUTES = (
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.reasoning.output_tokens",
    "gen_ai.request.model",
    "gen_ai.response.model",
    "gen_ai.provider.name",
)
MAX_MESSAGE_REASONS = 20
ID_FIELDS = ("traceId", "spanId", "parentSpanId")


@dataclass
class OtlpReport:
    """What an export became: events accepted or already known, spans rejected and why."""

    spans: int = 0
    usage_spans: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)

    def response(self) -> ExportTraceServiceResponse:
        answer = ExportTraceServiceResponse()
        if self.rejected:
            answer.partial_success.rejected_spans = self.rejected
            shown = self.reasons[:MAX_MESSAGE_REASONS]
            more = len(self.reasons) - len(shown)
            message = "; ".join(shown) + (f"; and {more} more" if more else "")
            answer.partial_success.error_message = (
                f"{self.rejected} of {self.usage_spans} usage spans rejected: {message}"
            )
        return answer


# ----------------------------------------------------------------------------- decoding


def decode_request(
    body: bytes,
    *,
    content_type: str,
    content_encoding: str,
    json_schema: Mapping[str, Any] | None = None,
) -> Any:
    """Decode an OTLP/HTTP trace export (protobuf or JSON, gzip or not); raise MalformedBody."""
    if content_encoding == "gzip":
        body = gunzip(body, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    elif content_encoding not in ("", "identity"):
        raise MalformedBody(415, f"Unsupported Content-Encoding {content_encoding!r}; use gzip.")
    request = ExportTraceServiceRequest()
    if content_type == PROTOBUF:
        try:
            request.ParseFromString(body)
        except DecodeError as exc:
            raise MalformedBody(400, f"The body is not an OTLP protobuf export: {exc}.") from exc
        return request
    check_depth(body)
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise MalformedBody(400, f"The body is not valid JSON: {exc}.") from exc
    if not isinstance(data, dict):
        raise MalformedBody(400, 'The body must be an object: {"resourceSpans": [...]}.')
    if json_schema is not None:
        problem = jsonschema.exceptions.best_match(
            jsonschema.Draft202012Validator(json_schema).iter_errors(data)
        )
        if problem is not None:
            where = ".".join(str(part) for part in problem.absolute_path) or "(the body)"
            raise MalformedBody(400, f"{where}: {problem.message}")
    try:
        json_format.ParseDict(_ids_to_base64(data), request, ignore_unknown_fields=True)
    except (json_format.ParseError, ValueError, TypeError) as exc:
        raise MalformedBody(400, f"The body is not an OTLP JSON export: {exc}") from exc
    return request


def gunzip(body: bytes, *, limit: int) -> bytes:
    """Inflate a gzip body, refusing one that inflates past `limit` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise MalformedBody(400, f"The body is not valid gzip: {exc}.") from exc
    if len(out) > limit:
        raise MalformedBody(413, "The inflated body is over the size limit.")
    return out


def _ids_to_base64(data: Any) -> Any:
    """OTLP JSON writes trace and span ids in hex; protobuf's JSON mapping reads base64."""
    if isinstance(data, list):
        return [_ids_to_base64(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key in ID_FIELDS and isinstance(value, str) and value:
            try:
                value = base64.b64encode(bytes.fromhex(value)).decode()
            except ValueError as exc:
                raise MalformedBody(400, f"{key} must be written in hex.") from exc
        out[key] = _ids_to_base64(value)
    return out


# ----------------------------------------------------------------------------- mapping


def attribute_value(value: AnyValue) -> Any:
    """A scalar AnyValue as Python; arrays and maps are not used here (None)."""
    kind = value.WhichOneof("value")
    if kind == "string_value":
        return value.string_value
    if kind == "int_value":
        return value.int_value
    if kind == "double_value":
        number = value.double_value
        return int(number) if number.is_integer() else str(number)
    if kind == "bool_value":
        return value.bool_value
    return None


def attributes(pairs: Sequence[KeyValue]) -> dict[str, Any]:
    return {pair.key: attribute_value(pair.value) for pair in pairs}


def _first(names: Sequence[str], *sources: Mapping[str, Any]) -> Any:
    for name in names:
        for source in sources:
            if source.get(name) not in (None, ""):
                return source[name]
    return None


@dataclass
class SpanEvent:
    """A usage span as a raw event for the event schema, or the reason it cannot be one."""

    label: str
    raw: dict[str, Any] | None
    reason: str | None = None


def usage_spans(request: Any) -> Iterator[tuple[Span, dict[str, Any], dict[str, Any]]]:
    """Every span of an export with its own and its resource's attributes."""
    for resource_spans in request.resource_spans:
        resource = attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield span, attributes(span.attributes), resource


def span_event(span: Span, own: dict[str, Any], resource: dict[str, Any]) -> SpanEvent:
    """Map one GenAI span to a raw usage event (the names a posted event may use)."""
    trace_id, span_id = span.trace_id.hex(), span.span_id.hex()
    label = f"span {span_id or '(no id)'}"
    if not trace_id or not span_id:
        return SpanEvent(label, None, "the span has no trace id or span id")
    customer_names = settings.OTLP_CUSTOMER_ATTRIBUTES
    customer = _first(customer_names, own, resource)
    if customer is None:
        names = " or ".join(customer_names)
        return SpanEvent(label, None, f"no customer: set {names} on the span or its resource")
    raw: dict[str, Any] = {
        "event_id": f"{trace_id}-{span_id}",
        "trace_id": trace_id,
        "customer_id": str(customer),
        "timestamp": _instant(span.end_time_unix_nano or span.start_time_unix_nano),
    }
    request_class = _first(settings.OTLP_REQUEST_CLASS_ATTRIBUTES, own, resource)
    if request_class is not None:
        raw["request_class"] = str(request_class)
    for name in GENAI_ATTRIBUTES:
        if own.get(name) is not None:
            raw[name] = own[name]
    if "gen_ai.provider.name" not in raw and own.get("gen_ai.system"):
        raw["gen_ai.provider.name"] = own["gen_ai.system"]
    if span.end_time_unix_nano >= span.start_time_unix_nano > 0:
        raw["latency_ms"] = (span.end_time_unix_nano - span.start_time_unix_nano) // 1_000_000
    if span.status.code == Status.STATUS_CODE_ERROR:
        raw["outcome"] = "failure"
    elif span.status.code == Status.STATUS_CODE_OK:
        raw["outcome"] = "success"
    return SpanEvent(label, raw)


def _instant(unix_nano: int) -> str:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=unix_nano // 1000)
    return moment.isoformat()


def _is_usage(own: Mapping[str, Any]) -> bool:
    return any(name.startswith(USAGE_PREFIX) for name in own)


# ----------------------------------------------------------------------------- service


def spans_ingest(
    *,
    tenant: Tenant,
    body: bytes,
    content_type: str,
    content_encoding: str = "",
    json_schema: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> OtlpReport:
    """Store the GenAI spans of an OTLP trace export as usage events, once each.

    Raises MalformedBody for an undecodable export, or an OTLP JSON one outside `json_schema`
    (the shape the API documents), storing nothing; Unavailable when the database fails
    (nothing stored: the exporter retries the whole export).
    """
    now = now or datetime.now(UTC)
    request = decode_request(
        body, content_type=content_type, content_encoding=content_encoding, json_schema=json_schema
    )
    report = OtlpReport()
    mapped: list[SpanEvent] = []
    for span, own, resource in usage_spans(request):
        report.spans += 1
        if _is_usage(own):
            mapped.append(span_event(span, own, resource))
    report.usage_spans = len(mapped)
    if not mapped:
        return report
    convertible = [item for item in mapped if item.raw is not None]
    results = validate_events(
        [item.raw for item in convertible],
        batch=False,
        now=now,
        max_age=timedelta(days=tenant.event_max_age_days),
        max_future=timedelta(seconds=tenant.event_max_future_seconds),
    )
    stored = events_store(tenant=tenant, results=results, batch=False, received_at=now)
    report.accepted, report.duplicate = stored.accepted, stored.duplicate
    report.rejected = stored.rejected + stored.conflict
    for item in mapped:
        if item.raw is None:
            report.rejected += 1
            report.reasons.append(f"{item.label}: {item.reason}")
    for entry in stored.entries:
        if entry["status"] in (REJECTED, CONFLICT):
            label = convertible[entry["index"]].label
            problems = ", ".join(f"{e['field']}: {e['message']}" for e in entry["errors"])
            report.reasons.append(f"{label}: {problems}")
    return report

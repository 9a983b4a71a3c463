"""OpenTelemetry in: the OTLP/HTTP traces receiver (the mapping lives in metering/otlp.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from google.protobuf import json_format
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.errors import PayloadTooLarge
from metering import otlp
from metering.api.base import TenantApiView
from metering.event_schema import MalformedBody

_HEX_TRACE = {
    "type": "string",
    "pattern": "^[0-9a-fA-F]{32}$",
    "example": "5b8efff798038103d269b633813fc60c",
}
_HEX_SPAN = {"type": "string", "pattern": "^[0-9a-fA-F]{16}$", "example": "eee19b7ec3c1b174"}
_INT64_STRING = {"type": "string", "pattern": "^-?[0-9]{1,18}$"}
_INT64_NUMBER = {"type": "integer", "minimum": -(10**18), "maximum": 10**18}
_NANOS = {
    "description": "Nanoseconds since the Unix epoch: a decimal string (as OTLP JSON writes "
    "it) or a number.",
    "oneOf": [
        {"type": "string", "pattern": "^[0-9]{1,19}$"},
        {"type": "integer", "minimum": 0, "maximum": 10**19},
    ],
}
_BASE64 = "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
_INT32 = {"type": "integer", "minimum": -2147483648, "maximum": 2147483647}
_ANY_VALUE = {
    "description": "An attribute value; only scalars are read (arrays, maps and bytes are "
    "accepted and ignored).",
    "oneOf": [
        {
            "type": "object",
            "properties": {"stringValue": {"type": "string"}},
            "required": ["stringValue"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"intValue": {"oneOf": [_INT64_STRING, _INT64_NUMBER]}},
            "required": ["intValue"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"doubleValue": {"type": "number"}},
            "required": ["doubleValue"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"boolValue": {"type": "boolean"}},
            "required": ["boolValue"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"arrayValue": {"type": "object"}},
            "required": ["arrayValue"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"kvlistValue": {"type": "object"}},
            "required": ["kvlistValue"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"bytesValue": {"type": "string", "pattern": _BASE64}},
            "required": ["bytesValue"],
            "additionalProperties": False,
        },
    ],
}
_ATTRIBUTES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"key": {"type": "string"}, "value": _ANY_VALUE},
        "required": ["key", "value"],
    },
}
_SPAN = {
    "type": "object",
    "properties": {
        "traceId": _HEX_TRACE,
        "spanId": _HEX_SPAN,
        "parentSpanId": _HEX_SPAN,
        "name": {"type": "string"},
        "kind": _INT32,
        "startTimeUnixNano": _NANOS,
        "endTimeUnixNano": _NANOS,
        "attributes": _ATTRIBUTES,
        "status": {
            "type": "object",
            "properties": {
                "code": {**_INT32, "description": "0 unset, 1 ok, 2 error."},
                "message": {"type": "string"},
            },
        },
    },
}
EXPORT_REQUEST_JSON: dict[str, Any] = {
    "type": "object",
    "description": "An OTLP ExportTraceServiceRequest in OTLP JSON (ids in hex).",
    "properties": {
        "resourceSpans": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "resource": {"type": "object", "properties": {"attributes": _ATTRIBUTES}},
                    "scopeSpans": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "scope": {
                                    "type": "object",
                                    "properties": {
                                        "name": {"type": "string"},
                                        "version": {"type": "string"},
                                    },
                                },
                                "spans": {"type": "array", "items": _SPAN},
                            },
                        },
                    },
                },
            },
        }
    },
}
EXPORT_RESPONSE_JSON: dict[str, Any] = {
    "type": "object",
    "description": "An OTLP ExportTraceServiceResponse; partialSuccess only when spans were rejected.",
    "properties": {
        "partialSuccess": {
            "type": "object",
            "properties": {
                "rejectedSpans": {
                    "type": "string",
                    "pattern": "^[0-9]+$",
                    "description": "How many usage spans were rejected (int64 as a string).",
                },
                "errorMessage": {"type": "string", "description": "Why, span by span."},
            },
            "required": ["rejectedSpans", "errorMessage"],
        }
    },
}


class OtlpTracesApi(TenantApiView):
    """Receive OpenTelemetry traces (OTLP/HTTP) and store their GenAI spans as usage events."""

    operation_ids = {"post": "otlp_traces_export"}
    summaries = {"post": "Export OpenTelemetry traces (OTLP/HTTP)"}
    tag = "opentelemetry"

    required_scope = "ingest"
    problem_codes = (413, 503)
    parser_classes: list[type] = []  # the body is read as it came: protobuf or JSON

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # Exporters may Accept only protobuf: answers are protobuf or JSON by the request's
        # own type (below), and errors problem JSON, whatever Accept says.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        request={otlp.PROTOBUF: OpenApiTypes.BINARY, otlp.JSON: EXPORT_REQUEST_JSON},
        responses={
            (200, otlp.JSON): OpenApiResponse(
                EXPORT_RESPONSE_JSON,
                description="Stored, or partly: the rejected spans are counted and explained.",
            ),
            (200, otlp.PROTOBUF): OpenApiResponse(
                OpenApiTypes.BINARY, description="The same answer as protobuf."
            ),
        },
        description=(
            "The OTLP/HTTP traces endpoint: point an OpenTelemetry SDK exporter or a collector's "
            "`otlphttp` exporter at `<base>/v1/otlp` (it appends `/v1/traces`) with the header "
            "`Authorization: Bearer <ingest key>`. Protobuf (`application/x-protobuf`) or OTLP "
            "JSON (`application/json`), optionally `Content-Encoding: gzip`.\n\n"
            "Each span carrying a `gen_ai.usage.*` attribute becomes one usage event through "
            "the same idempotent path as `POST /v1/events`: event_id `<trace id>-<span id>` "
            "(a span exported twice counts once), trace_id the trace id, timestamp the span's "
            "end, latency its duration, outcome `failure` for an ERROR status; tokens, model "
            "and provider from `gen_ai.usage.*`, `gen_ai.response.model` (else "
            "`gen_ai.request.model`) and `gen_ai.provider.name`. The customer is the first of "
            "`marginal.customer_id`, `enduser.id` present, each looked up on the span, then on its "
            "resource; the request class likewise the first of `marginal.request_class`, "
            "`gen_ai.operation.name` "
            "(both lists are settings: OTLP_CUSTOMER_ATTRIBUTES, "
            "OTLP_REQUEST_CLASS_ATTRIBUTES). Other spans are skipped. A usage span that cannot "
            "become an event is rejected and the answer's `partialSuccess` counts it and says "
            "why; the others are stored."
        ),
        examples=[
            OpenApiExample(
                "Rejected span",
                response_only=True,
                status_codes=["200"],
                media_type=otlp.JSON,
                value={
                    "partialSuccess": {
                        "rejectedSpans": "1",
                        "errorMessage": "1 of 3 usage spans rejected: span eee19b7ec3c1b174: no "
                        "customer: set marginal.customer_id or enduser.id on the span or its "
                        "resource",
                    }
                },
            )
        ],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type not in (otlp.PROTOBUF, otlp.JSON):
            raise exceptions.UnsupportedMediaType(
                content_type or "(none)",
                detail="Send OTLP as application/x-protobuf or application/json.",
            )
        encoding = request.headers.get("Content-Encoding", "").strip().lower()
        try:
            report = otlp.spans_ingest(
                tenant=self.tenant,
                body=request.body,
                content_type=content_type,
                content_encoding=encoding,
                json_schema=EXPORT_REQUEST_JSON,
            )
        except MalformedBody as exc:
            if exc.status == 413:
                raise PayloadTooLarge(exc.detail) from exc
            if exc.status == 415:
                raise exceptions.UnsupportedMediaType(encoding, detail=exc.detail) from exc
            if exc.field is not None:
                raise exceptions.ValidationError({exc.field: [exc.detail]}) from exc
            raise exceptions.ParseError(exc.detail) from exc
        answer = report.response()
        if content_type == otlp.PROTOBUF:
            return HttpResponse(answer.SerializeToString(), content_type=otlp.PROTOBUF)
        return Response(json_format.MessageToDict(answer))

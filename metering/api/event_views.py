"""Event API: ingest, list and read events, void and amend them, and usage summaries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.errors import Conflict, PayloadTooLarge
from config.api.jsondepth import json_depth_error, too_deep_message
from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import bool_param, range_parameters, range_params, report_range_params
from metering import event_selectors, event_services
from metering.api.base import TenantApiView
from metering.api.event_serializers import (
    EventAmendInputSerializer,
    EventIngestOutputSerializer,
    EventVoidInputSerializer,
    UsageEventBatchInputSerializer,
    UsageEventDetailOutputSerializer,
    UsageEventInputSerializer,
    UsageEventOutputSerializer,
    as_field_errors,
)
from metering.event_schema import MalformedBody, validate_event

INGEST_REQUEST = PolymorphicProxySerializer(
    component_name="UsageEventIngestInput",
    serializers=[UsageEventInputSerializer, UsageEventBatchInputSerializer],
    resource_type_field_name=None,
)
_DECODER = msgspec.json.Decoder()
USAGE_SPAN = timedelta(days=30)  # the usage summary's range when `from` is not given
_GROUP = "(customer_id|request_class|model|provider)"
GROUP_BY_PATTERN = rf"^({_GROUP}(,{_GROUP}){{0,3}})?$"  # empty: absent


class EventListIngestApi(TenantApiView):
    """Post usage events (one object or {"events": [...]}), or list stored events."""

    operation_ids = {"post": "events_ingest", "get": "events_list"}
    summaries = {"get": "List usage events", "post": "Ingest usage events"}
    tag = "events"

    method_scopes = {"GET": "read", "HEAD": "read", "OPTIONS": "read", "POST": "ingest"}
    problem_codes = (409, 413, 503)

    @extend_schema(
        request=INGEST_REQUEST,
        responses={
            200: OpenApiResponse(
                EventIngestOutputSerializer,
                description="A batch (every verdict in the body), or a single duplicate.",
            ),
            201: OpenApiResponse(EventIngestOutputSerializer, description="A stored event."),
        },
        description=(
            'Post one event, or `{"events": [...]}` with up to 10,000 events (more: 413). '
            "Idempotent by `event_id` per tenant, forever: an identical repeat is a "
            "`duplicate`, stored once; the same `event_id` with another payload is a "
            "`conflict` and the stored event is untouched. Valid events of a batch are stored "
            "even when others are rejected; the response counts every verdict and lists each "
            "event that was not plainly accepted. A single event that is rejected gets 400, "
            "a conflicting one 409. A body that is not JSON or has the wrong shape gets "
            "400/413/415 and stores nothing; a database failure gets 503 with Retry-After "
            "and stores nothing, so retrying is safe.\n\n"
            "Token buckets are exclusive: `input_tokens` excludes cached and cache-write "
            "tokens, `output_tokens` excludes reasoning tokens. OpenTelemetry GenAI names are "
            "accepted: `gen_ai.usage.input_tokens` (inclusive) becomes input_tokens = it − "
            "cached_input_tokens − cache_write_tokens; `gen_ai.usage.output_tokens` "
            "(inclusive) becomes output_tokens = it − reasoning_tokens; "
            "`gen_ai.usage.cache_read.input_tokens` → cached_input_tokens, "
            "`gen_ai.usage.cache_creation.input_tokens` → cache_write_tokens, "
            "`gen_ai.usage.reasoning.output_tokens` → reasoning_tokens, "
            "`gen_ai.response.model` (else `gen_ai.request.model`) → model, "
            "`gen_ai.provider.name` → provider. Giving a field under both names is an error."
        ),
        examples=[
            OpenApiExample(
                "One event",
                request_only=True,
                value={
                    "event_id": "req_01HZX",
                    "customer_id": "cus_42",
                    "timestamp": "2026-11-23T15:04:05Z",
                    "request_class": "doc-summarise",
                    "model": "gpt-4o",
                    "provider": "openai",
                    "input_tokens": 1200,
                    "cached_input_tokens": 300,
                    "output_tokens": 400,
                    "gpu_seconds": "1.4",
                    "retrieval_calls": 2,
                    "outcome": "success",
                    "latency_ms": 812,
                },
            ),
            OpenApiExample(
                "A batch",
                request_only=True,
                value={
                    "events": [
                        {
                            "event_id": "req_01HZX",
                            "customer_id": "cus_42",
                            "request_class": "chat",
                            "model": "gpt-4o",
                            "input_tokens": 1200,
                            "output_tokens": 300,
                        },
                        {
                            "event_id": "req_01HZY",
                            "customer_id": "cus_42",
                            "request_class": "chat",
                            "input_tokens": -5,
                        },
                    ]
                },
            ),
            OpenApiExample(
                "Verdicts of a batch",
                response_only=True,
                status_codes=["200"],
                value={
                    "accepted": 1,
                    "duplicate": 0,
                    "conflict": 0,
                    "rejected": 1,
                    "customers_created": 0,
                    "created_customer_ids": [],
                    "results": [
                        {
                            "index": 1,
                            "event_id": "req_01HZY",
                            "status": "rejected",
                            "errors": [
                                {
                                    "field": "events.1.input_tokens",
                                    "message": "Must be greater than or equal to 0.",
                                }
                            ],
                        }
                    ],
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise exceptions.UnsupportedMediaType(
                content_type or "(none)", detail="Send the events as application/json."
            )
        try:
            report = event_services.events_ingest(tenant=self.tenant, body=request.body)
        except MalformedBody as exc:
            if exc.status == 413:
                raise PayloadTooLarge(exc.detail) from exc
            if exc.field is not None:
                raise exceptions.ValidationError({exc.field: [exc.detail]}) from exc
            raise exceptions.ParseError(exc.detail) from exc
        body = report.as_body()
        if report.batch:
            return Response(body, status=status.HTTP_200_OK)
        if report.rejected:
            raise exceptions.ValidationError(
                {item["field"]: [item["message"]] for item in report.entries[0]["errors"]}
            )
        if report.conflict:
            raise Conflict(event_services.CONFLICT_MESSAGE)
        code = status.HTTP_201_CREATED if report.accepted else status.HTTP_200_OK
        return Response(body, status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("customer_id", str, description="Your customer's external id."),
            OpenApiParameter("request_class", str),
            OpenApiParameter("model", str),
            *range_parameters(),
            OpenApiParameter("voided", bool, description="Only voided (true) or live (false)."),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(UsageEventOutputSerializer)},
        description="Stored events, newest first, voided ones included unless filtered.",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        start, end = range_params(params)
        qs = event_selectors.event_list(
            tenant=self.tenant,
            customer_id=params.get("customer_id"),
            request_class=params.get("request_class"),
            model=params.get("model"),
            start=start,
            end=end,
            voided=bool_param(params, "voided"),
        )
        return paginate(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=UsageEventOutputSerializer,
            ordering=("-timestamp", "-id"),  # type: ignore[arg-type]
        )


class EventDetailApi(TenantApiView):
    """Read one event by its event_id, with its cost once priced."""

    operation_ids = {"get": "events_retrieve"}
    summaries = {"get": "Read an event"}
    tag = "events"

    required_scope = "read"

    @extend_schema(responses={200: UsageEventDetailOutputSerializer})
    def get(self, request: Request, event_id: str) -> Response:
        event = event_selectors.event_get(tenant=self.tenant, event_id=event_id)
        return Response(UsageEventDetailOutputSerializer(event).data)


class EventVoidApi(TenantApiView):
    """Void an event: it stays readable, marked voided and audited, and leaves every sum."""

    operation_ids = {"post": "events_void"}
    tag = "events"
    optional_bodies = ("post",)  # every field has a default: no body is fine

    required_scope = "write"  # a correction, not an ingest: posting usage never removes it

    @extend_schema(
        request=EventVoidInputSerializer,
        responses={200: UsageEventDetailOutputSerializer},
        description="Voiding an already voided event changes nothing (safe to retry).",
    )
    def post(self, request: Request, event_id: str) -> Response:
        event = event_selectors.event_get(tenant=self.tenant, event_id=event_id)
        data = EventVoidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = event_services.event_void(
            tenant=self.tenant,
            event=event,
            reason=data.validated_data["reason"],
            actor=self.actor,
        )
        return Response(UsageEventDetailOutputSerializer(event).data)


class EventAmendApi(TenantApiView):
    """Amend an event: void it and store a replacement (with its own event_id) linked to it."""

    operation_ids = {"post": "events_amend"}
    tag = "events"

    required_scope = "write"  # a correction, not an ingest: posting usage never removes it
    problem_codes = (409, 503)

    @extend_schema(
        request=EventAmendInputSerializer,
        responses={201: UsageEventDetailOutputSerializer},
        description=(
            "The replacement is validated like an ingested event (errors under `event.`). "
            "Retrying the same amendment returns the stored replacement; amending a voided "
            "event or reusing a taken event_id is a 409."
        ),
    )
    def post(self, request: Request, event_id: str) -> Response:
        event = event_selectors.event_get(tenant=self.tenant, event_id=event_id)
        too_deep = json_depth_error(request.body)
        if too_deep is not None:
            raise exceptions.ValidationError({too_deep: [too_deep_message()]})
        try:
            body = _DECODER.decode(request.body or b"{}")
        except (msgspec.DecodeError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"The request body is not valid JSON: {exc}.") from exc
        if not isinstance(body, dict):
            raise exceptions.ParseError("The request body must be a JSON object.")
        errors: dict[str, Any] = {}
        unknown = sorted(set(body) - {"reason", "event"})
        for name in unknown:
            errors[name] = ["Unknown field."]
        reason = body.get("reason", "")
        if not isinstance(reason, str) or len(reason) > 500:
            errors["reason"] = ["Must be a string of at most 500 characters."]
        if "event" not in body:
            errors["event"] = ["This field is required."]
        if errors:
            raise exceptions.ValidationError(errors)
        now = timezone.now()
        result = validate_event(
            body["event"],
            prefix="event.",
            now=now,
            max_age=timedelta(days=self.tenant.event_max_age_days),
            max_future=timedelta(seconds=self.tenant.event_max_future_seconds),
        )
        if result.errors:
            fixed = [("event" if p == "non_field_errors" else p, m) for p, m in result.errors]
            raise exceptions.ValidationError(as_field_errors(fixed))
        replacement = event_services.event_amend(
            tenant=self.tenant,
            event=event,
            result=result,
            reason=reason,
            actor=self.actor,
            received_at=now,
        )
        return Response(
            UsageEventDetailOutputSerializer(replacement).data, status=status.HTTP_201_CREATED
        )


_PERCENTILES = inline_serializer(
    name="UsagePercentiles",
    fields={
        "p50": serializers.CharField(allow_null=True),
        "p95": serializers.CharField(allow_null=True),
        "p99": serializers.CharField(allow_null=True),
    },
)
_LATENCY_PERCENTILES = inline_serializer(
    name="UsageLatencyPercentiles",
    fields={
        "p50": serializers.IntegerField(allow_null=True),
        "p95": serializers.IntegerField(allow_null=True),
        "p99": serializers.IntegerField(allow_null=True),
    },
)


class UsageRowOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(required=False, help_text="When grouped by it.")
    request_class = serializers.CharField(required=False, help_text="When grouped by it.")
    model = serializers.CharField(required=False, help_text="When grouped by it.")
    provider = serializers.CharField(required=False, help_text="When grouped by it.")
    bucket_start = serializers.DateTimeField(
        required=False, help_text="Start (UTC) of the hour, day or month, when bucketed."
    )
    events = serializers.IntegerField()
    input_tokens = serializers.IntegerField()
    cached_input_tokens = serializers.IntegerField()
    cache_write_tokens = serializers.IntegerField()
    output_tokens = serializers.IntegerField()
    reasoning_tokens = serializers.IntegerField()
    requests = serializers.IntegerField()
    retrieval_calls = serializers.IntegerField()
    gpu_seconds = serializers.DecimalField(max_digits=30, decimal_places=6)
    external_cost = serializers.DecimalField(max_digits=30, decimal_places=10)
    outcomes = inline_serializer(
        name="UsageOutcomeCounts",
        fields={
            "success": serializers.IntegerField(),
            "failure": serializers.IntegerField(),
            "none": serializers.IntegerField(),
        },
    )
    outcome_value = serializers.DecimalField(max_digits=30, decimal_places=6)
    latency_ms = _LATENCY_PERCENTILES
    tokens_per_request = _PERCENTILES


class UsageApi(TenantApiView):
    """Usage sums per group over [from, to), with latency and tokens-per-request percentiles."""

    operation_ids = {"get": "usage_retrieve"}
    summaries = {"get": "Usage sums per group over a time range"}
    tag = "usage"

    required_scope = "read"
    customer_token_methods = ("GET",)  # filtered to the token's customer
    problem_codes = (404,)  # a customer read token naming another customer

    @extend_schema(
        parameters=[
            *range_parameters(from_default="30 days before to", to_default="now"),
            OpenApiParameter(
                "group_by",
                {"type": "string", "pattern": GROUP_BY_PATTERN},
                description="Comma-separated, each at most once: customer_id, request_class, "
                "model, provider.",
            ),
            OpenApiParameter("bucket", str, enum=["hour", "day", "month"]),
            OpenApiParameter("customer_id", str, description="Only this customer."),
            OpenApiParameter("request_class", str),
            OpenApiParameter("model", str),
        ],
        responses={
            200: inline_serializer(
                name="UsageSummary",
                fields={
                    "from": serializers.DateTimeField(),
                    "to": serializers.DateTimeField(),
                    "group_by": serializers.ListField(child=serializers.CharField()),
                    "bucket": serializers.CharField(allow_null=True),
                    "results": UsageRowOutputSerializer(many=True),
                },
            )
        },
        description=(
            "Voided events are left out. Percentiles are nearest-rank over the events of a "
            "group (the value at rank ceil(p × n) in ascending order, as PostgreSQL's "
            "percentile_disc): latency_ms over events that reported a latency; "
            "tokens_per_request over all events, where an event's value is the sum of its "
            "five token buckets divided by its requests, rounded half-up to 6 decimal places."
        ),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        start, end = report_range_params(params, default_start=lambda to: to - USAGE_SPAN)
        errors: dict[str, list[str]] = {}
        group_by = [g.strip() for g in params.get("group_by", "").split(",") if g.strip()]
        bad = [g for g in group_by if g not in event_selectors.GROUP_FIELDS]
        if bad or len(set(group_by)) != len(group_by):
            errors["group_by"] = [
                "Use distinct names among customer_id, request_class, model, provider."
            ]
        bucket = params.get("bucket")
        if bucket is not None and bucket not in event_selectors.BUCKETS:
            errors["bucket"] = ['Must be "hour", "day" or "month".']
        if errors:
            raise exceptions.ValidationError(errors)
        rows = event_selectors.usage_summary(
            tenant=self.tenant,
            query=event_selectors.UsageQuery(
                start=start,
                end=end,
                group_by=group_by,
                bucket=bucket,
                customer_id=self.token_customer_id or params.get("customer_id"),
                request_class=params.get("request_class"),
                model=params.get("model"),
            ),
        )
        return Response(
            {
                "from": start,
                "to": end,
                "group_by": group_by,
                "bucket": bucket,
                "results": UsageRowOutputSerializer(rows, many=True).data,
            }
        )

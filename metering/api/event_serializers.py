"""Serializers of the event API.

The ingest body is validated by `metering.event_schema` (msgspec, on the hot path); the
input serializers here only document that body in the OpenAPI schema, field for field.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.schema import FieldErrorSerializer
from metering import event_schema as rules
from metering.models import Outcome, UsageEvent

_DECIMAL_HELP = "A JSON number or a numeric string; kept exactly."


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"},
        ]
    }
)
class DecimalInputField(serializers.DecimalField):
    """A non-negative decimal given as a JSON number or a numeric string (documentation)."""


class UsageEventInputSerializer(serializers.Serializer):
    """One usage event: one inference request. Unknown fields are rejected."""

    event_id = serializers.RegexField(
        rf"^{rules.EVENT_ID_PATTERN}$",
        help_text="Your idempotency key, unique per tenant forever: a retry with the same "
        "payload is a duplicate, with another payload a conflict. 1-128 letters, digits or "
        "_ . : @ - characters, starting with a letter or digit, so that the event can be "
        "read, voided and amended at /v1/events/{event_id}.",
    )
    customer_id = serializers.RegexField(
        r"^[A-Za-z0-9_.:@\-]{1,128}$",
        help_text="Your customer's external id; an unknown customer is created on first sight.",
    )
    timestamp = serializers.DateTimeField(
        required=False,
        help_text="RFC 3339 with an offset; default: when received. Accepted from "
        "event_max_age_days (35) in the past to event_max_future_seconds (300) ahead.",
    )
    request_class = serializers.SlugField(
        max_length=rules.MAX_REQUEST_CLASS_LENGTH,
        help_text="The endpoint or feature that made the request, e.g. doc-summarise.",
    )
    model = serializers.CharField(
        required=False, allow_null=True, max_length=rules.MAX_MODEL_LENGTH
    )
    provider = serializers.CharField(
        required=False, allow_null=True, max_length=rules.MAX_PROVIDER_LENGTH
    )
    input_tokens = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=rules.MAX_COUNT,
        help_text="Input tokens NOT counting cached or cache-write tokens.",
    )
    cached_input_tokens = serializers.IntegerField(
        required=False, min_value=0, max_value=rules.MAX_COUNT, help_text="Cache-read tokens."
    )
    cache_write_tokens = serializers.IntegerField(
        required=False, min_value=0, max_value=rules.MAX_COUNT, help_text="Cache-write tokens."
    )
    output_tokens = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=rules.MAX_COUNT,
        help_text="Output tokens NOT counting reasoning tokens.",
    )
    reasoning_tokens = serializers.IntegerField(
        required=False, min_value=0, max_value=rules.MAX_COUNT
    )
    requests = serializers.IntegerField(
        required=False, min_value=1, max_value=rules.MAX_COUNT, help_text="Default 1."
    )
    gpu_seconds = DecimalInputField(
        required=False,
        max_digits=rules.GPU_SECONDS_DIGITS[0],
        decimal_places=rules.GPU_SECONDS_DIGITS[1],
        min_value=0,
        help_text=f"Seconds of GPU time. {_DECIMAL_HELP}",
    )
    gpu_type = serializers.CharField(
        required=False, allow_null=True, max_length=rules.MAX_GPU_TYPE_LENGTH
    )
    retrieval_calls = serializers.IntegerField(
        required=False, min_value=0, max_value=rules.MAX_COUNT
    )
    external_cost = DecimalInputField(
        required=False,
        max_digits=rules.EXTERNAL_COST_DIGITS[0],
        decimal_places=rules.EXTERNAL_COST_DIGITS[1],
        min_value=0,
        help_text=f"USD of third-party spend for this request. {_DECIMAL_HELP}",
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_null=True)
    outcome_value = DecimalInputField(
        required=False,
        allow_null=True,
        max_digits=rules.OUTCOME_VALUE_DIGITS[0],
        decimal_places=rules.OUTCOME_VALUE_DIGITS[1],
        min_value=0,
        help_text=f"USD value of the outcome (an order, a cost avoided). {_DECIMAL_HELP}",
    )
    latency_ms = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=rules.MAX_LATENCY_MS
    )
    trace_id = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=rules.MAX_TRACE_ID_LENGTH,
        help_text="Groups the calls of one composite request (an agent run, a conversation).",
    )
    properties = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        allow_null=True,
        help_text=f"Flat map of string to string, number, boolean or null; at most "
        f"{rules.MAX_PROPERTIES} keys and {rules.MAX_PROPERTIES_BYTES} bytes as JSON.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            if not field.required:
                field.allow_null = True  # null means "not given" for every optional field
            if isinstance(field, serializers.CharField) and not field.required:
                field.allow_blank = True
        # OpenTelemetry GenAI names: dotted, so they cannot be class attributes.
        for alias, target in rules.OTEL_ALIASES.items():
            if target in rules.TOKEN_BUCKETS:
                inclusive = alias in ("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens")
                note = (
                    " (inclusive OTel total; split into the exclusive buckets)" if inclusive else ""
                )
                fields[alias] = serializers.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=rules.MAX_COUNT,
                    help_text=f"OpenTelemetry alias of {target}{note}.",
                )
            else:
                fields[alias] = serializers.CharField(
                    required=False,
                    allow_null=True,
                    allow_blank=True,
                    max_length=rules.MAX_MODEL_LENGTH
                    if target == "model"
                    else rules.MAX_PROVIDER_LENGTH,
                    help_text=f"OpenTelemetry alias of {target}.",
                )
        return fields


class UsageEventBatchInputSerializer(serializers.Serializer):
    events = serializers.ListField(
        child=UsageEventInputSerializer(),
        min_length=1,
        max_length=rules.MAX_BATCH_EVENTS,
        help_text=f"1 to {rules.MAX_BATCH_EVENTS} events (more: 413).",
    )


class EventVerdictSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the event in the posted batch.")
    event_id = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["duplicate", "conflict", "rejected"])
    errors = FieldErrorSerializer(many=True)  # type: ignore[assignment]


class EventIngestOutputSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="Events stored by this request.")
    duplicate = serializers.IntegerField(help_text="Events already stored with this payload.")
    conflict = serializers.IntegerField(
        help_text="Events whose event_id is stored with another payload (left unchanged)."
    )
    rejected = serializers.IntegerField(help_text="Invalid events (see results).")
    customers_created = serializers.IntegerField()
    created_customer_ids = serializers.ListField(child=serializers.CharField())
    results = EventVerdictSerializer(
        many=True, help_text="One entry per event that was not plainly accepted."
    )


class UsageEventOutputSerializer(serializers.ModelSerializer):
    customer_id = serializers.CharField(source="customer.external_id", read_only=True)

    class Meta:
        model = UsageEvent
        fields = [
            "event_id",
            "customer_id",
            "timestamp",
            "received_at",
            "request_class",
            "model",
            "provider",
            "input_tokens",
            "cached_input_tokens",
            "cache_write_tokens",
            "output_tokens",
            "reasoning_tokens",
            "requests",
            "gpu_seconds",
            "gpu_type",
            "retrieval_calls",
            "external_cost",
            "outcome",
            "outcome_value",
            "latency_ms",
            "trace_id",
            "properties",
            "voided_at",
            "amends_event_id",
        ]
        read_only_fields = fields


class UsageEventDetailOutputSerializer(UsageEventOutputSerializer):
    class Meta(UsageEventOutputSerializer.Meta):
        fields = [
            *UsageEventOutputSerializer.Meta.fields,
            "cost_status",
            "cost_tokens",
            "cost_gpu",
            "cost_services",
            "cost_external",
            "cost_total",
            "cost_detail",
        ]
        read_only_fields = fields


class EventVoidInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class EventAmendInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    event = UsageEventInputSerializer(
        help_text="The replacement event, with its own new event_id; the amended event is "
        "voided and the replacement records it in amends_event_id."
    )


def as_field_errors(errors: list[tuple[str, str]]) -> dict[str, Any]:
    """Turn validator errors into the dict a DRF ValidationError renders as field paths."""
    detail: dict[str, list[str]] = {}
    for path, message in errors:
        detail.setdefault(path, []).append(message)
    return detail

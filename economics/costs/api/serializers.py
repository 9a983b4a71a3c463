"""Serializers of the cost book API (names are unique across the schema)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from economics.costs import costing
from economics.costs.models import (
    CostRecalculation,
    FixedCost,
    FixedCostCategory,
    GpuRate,
    ModelPrice,
    ServiceRate,
)

SLUG = r"^[A-Za-z0-9_.:@/\-]{1,64}$"


@extend_schema_field({"type": "string", "format": "decimal", "example": "2.5"})
class UsdField(serializers.DecimalField):
    """A USD amount as a plain decimal string without trailing zeros."""

    def to_representation(self, value: Any) -> str:
        return costing.format_usd(Decimal(value))


def rate_field(help_text: str, *, required: bool = True) -> UsdField:
    return UsdField(
        max_digits=20,
        decimal_places=10,
        min_value=Decimal(0),
        required=required,
        allow_null=not required,
        help_text=help_text,
    )


class LongContextSerializer(serializers.Serializer):
    threshold_tokens = serializers.IntegerField(
        min_value=1,
        help_text="Above this many prompt tokens (input + cached + cache write) the rates below "
        "apply to the whole request.",
    )
    input_per_1m = rate_field("USD per 1M input tokens above the threshold.")
    cached_input_per_1m = rate_field("USD per 1M cached input tokens.", required=False)
    cache_write_per_1m = rate_field("USD per 1M cache write tokens.", required=False)
    output_per_1m = rate_field("USD per 1M output tokens above the threshold.")
    reasoning_per_1m = rate_field("USD per 1M reasoning tokens.", required=False)


LONG_FIELDS = {
    "input_per_1m": "long_input_per_1m",
    "cached_input_per_1m": "long_cached_input_per_1m",
    "cache_write_per_1m": "long_cache_write_per_1m",
    "output_per_1m": "long_output_per_1m",
    "reasoning_per_1m": "long_reasoning_per_1m",
}


class ModelPriceOutputSerializer(serializers.ModelSerializer):
    input_per_1m = UsdField(max_digits=20, decimal_places=10)
    cached_input_per_1m = UsdField(max_digits=20, decimal_places=10, allow_null=True)
    cache_write_per_1m = UsdField(max_digits=20, decimal_places=10, allow_null=True)
    output_per_1m = UsdField(max_digits=20, decimal_places=10)
    reasoning_per_1m = UsdField(max_digits=20, decimal_places=10, allow_null=True)
    request_fee = UsdField(max_digits=20, decimal_places=10, allow_null=True)
    long_context = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    catalog = serializers.SerializerMethodField()

    class Meta:
        model = ModelPrice
        fields = [
            "id",
            "provider",
            "model",
            "aliases",
            "patterns",
            "valid_from",
            "currency",
            "input_per_1m",
            "cached_input_per_1m",
            "cache_write_per_1m",
            "output_per_1m",
            "reasoning_per_1m",
            "request_fee",
            "long_context",
            "origin",
            "catalog",
            "source",
            "as_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(LongContextSerializer(allow_null=True))
    def get_long_context(self, obj: ModelPrice) -> dict[str, Any] | None:
        if obj.long_context_threshold is None:
            return None
        body: dict[str, Any] = {"threshold_tokens": obj.long_context_threshold}
        for name, column in LONG_FIELDS.items():
            value = getattr(obj, column)
            body[name] = None if value is None else costing.format_usd(value)
        return body

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, obj: ModelPrice) -> str:
        return "USD"

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_catalog(self, obj: ModelPrice) -> bool:
        return obj.tenant_id is None


def _names(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=50,
        help_text=help_text,
    )


class ModelPriceCreateInputSerializer(serializers.Serializer):
    provider = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default="", help_text="e.g. openai."
    )
    model = serializers.CharField(max_length=200)
    aliases = _names("Other exact model names priced by this entry.")
    patterns = _names("Globs (* and ?) of model names, e.g. gpt-4o-20??-??-??.")
    valid_from = serializers.DateTimeField(
        help_text="In force from this instant until the next entry of the same provider + model."
    )
    input_per_1m = rate_field("USD per 1M input tokens.")
    cached_input_per_1m = rate_field(
        "USD per 1M cached input tokens (default: input).", required=False
    )
    cache_write_per_1m = rate_field(
        "USD per 1M cache write tokens (default: input).", required=False
    )
    output_per_1m = rate_field("USD per 1M output tokens.")
    reasoning_per_1m = rate_field("USD per 1M reasoning tokens (default: output).", required=False)
    request_fee = rate_field("USD per request, on top of tokens.", required=False)
    long_context = LongContextSerializer(required=False, allow_null=True)
    # A field named like Field.source: DRF's metaclass moves it into _declared_fields.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=500, required=False, allow_blank=True, help_text="Public URL of the price."
    )
    as_of = serializers.DateField(required=False, allow_null=True)

    def to_model_fields(self) -> dict[str, Any]:
        """Return the validated data as ModelPrice columns."""
        data = dict(self.validated_data)
        if "long_context" in data:
            long_context = data.pop("long_context")
            data["long_context_threshold"] = None
            for column in LONG_FIELDS.values():
                data[column] = None
            if long_context:
                data["long_context_threshold"] = long_context["threshold_tokens"]
                for name, column in LONG_FIELDS.items():
                    data[column] = long_context.get(name)
        return data


class ModelPriceUpdateInputSerializer(ModelPriceCreateInputSerializer):
    model = serializers.CharField(max_length=200, required=False)
    valid_from = serializers.DateTimeField(required=False)
    input_per_1m = rate_field("USD per 1M input tokens.", required=False)
    output_per_1m = rate_field("USD per 1M output tokens.", required=False)


class ModelPriceImportOutputSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    skipped = serializers.DictField(
        child=serializers.IntegerField(), help_text="Entries not imported, by reason."
    )
    warnings = serializers.ListField(child=serializers.CharField())


class GpuRateOutputSerializer(serializers.ModelSerializer):
    usd_per_gpu_hour = UsdField(max_digits=20, decimal_places=10)
    currency = serializers.SerializerMethodField()

    class Meta:
        model = GpuRate
        fields = [
            "id",
            "gpu_type",
            "valid_from",
            "currency",
            "usd_per_gpu_hour",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, obj: GpuRate) -> str:
        return "USD"


class GpuRateCreateInputSerializer(serializers.Serializer):
    gpu_type = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="As events report it (e.g. h100); empty sets the tenant's default rate.",
    )
    valid_from = serializers.DateTimeField()
    usd_per_gpu_hour = rate_field("USD per GPU-hour.")


class GpuRateUpdateInputSerializer(serializers.Serializer):
    gpu_type = serializers.CharField(max_length=64, required=False, allow_blank=True)
    valid_from = serializers.DateTimeField(required=False)
    usd_per_gpu_hour = rate_field("USD per GPU-hour.", required=False)

    def validate_usd_per_gpu_hour(self, value: Decimal | None) -> Decimal:
        if value is None:
            raise serializers.ValidationError("This field may not be null.")
        return value


class ServiceRateOutputSerializer(serializers.ModelSerializer):
    usd_per_call = UsdField(max_digits=20, decimal_places=10)
    currency = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRate
        fields = [
            "id",
            "service",
            "valid_from",
            "currency",
            "usd_per_call",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, obj: ServiceRate) -> str:
        return "USD"


class ServiceRateCreateInputSerializer(serializers.Serializer):
    service = serializers.RegexField(
        SLUG,
        help_text="'retrieval' prices an event's retrieval_calls; any other name prices the "
        "calls an event reports in properties.service_calls {name: count}.",
        error_messages={"invalid": "Use 1-64 letters, digits or _ . : @ / - characters."},
    )
    valid_from = serializers.DateTimeField()
    usd_per_call = rate_field("USD per call.")


class ServiceRateUpdateInputSerializer(serializers.Serializer):
    service = serializers.RegexField(
        SLUG,
        required=False,
        error_messages={"invalid": "Use 1-64 letters, digits or _ . : @ / - characters."},
    )
    valid_from = serializers.DateTimeField(required=False)
    usd_per_call = rate_field("USD per call.", required=False)

    def validate_usd_per_call(self, value: Decimal | None) -> Decimal:
        if value is None:
            raise serializers.ValidationError("This field may not be null.")
        return value


class UnpricedEventOutputSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    cost_status = serializers.ChoiceField(
        choices=["unpriced", "pending"],
        help_text="unpriced: a price was missing; pending: not costed yet (the pipeline costs "
        "it within seconds, its sweep within a minute).",
    )
    customer_id = serializers.CharField(source="customer.external_id")
    timestamp = serializers.DateTimeField()
    received_at = serializers.DateTimeField()
    request_class = serializers.CharField()
    model = serializers.CharField()
    provider = serializers.CharField()
    gpu_type = serializers.CharField()
    missing = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": ["model", "gpu", "service"]},
                    "key": {"type": "string"},
                },
                "required": ["kind", "key"],
            },
        }
    )
    def get_missing(self, obj: Any) -> list[dict[str, str]]:
        return list((obj.cost_detail or {}).get("missing", []))


class CostRecalculationCreateInputSerializer(serializers.Serializer):
    model = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Only this model."
    )
    only_unpriced = serializers.BooleanField(
        required=False, default=False, help_text="Only events still unpriced."
    )
    reason = serializers.CharField(max_length=500, help_text="Why: kept in the audit record.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # The body says from/to ("from" is a Python keyword, so no class attribute can).
        fields: dict[str, serializers.Field] = {
            "from": serializers.DateTimeField(
                source="start", help_text="Range start (inclusive, UTC)."
            ),
            "to": serializers.DateTimeField(source="end", help_text="Range end (exclusive, UTC)."),
        }
        fields.update(super().get_fields())
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError({"to": "Must be after from."})
        return attrs


class CostRecalculationOutputSerializer(serializers.ModelSerializer):
    cost_total_before = UsdField(max_digits=24, decimal_places=10)
    cost_total_after = UsdField(max_digits=24, decimal_places=10)
    currency = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, obj: CostRecalculation) -> str:
        return "USD"

    class Meta:
        model = CostRecalculation
        fields = [
            "id",
            "start",
            "end",
            "model",
            "only_unpriced",
            "reason",
            "requested_by",
            "status",
            "events_seen",
            "events_changed",
            "events_unpriced",
            "currency",
            "cost_total_before",
            "cost_total_after",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


def _first_of_month(value: dt.date) -> None:
    if value.day != 1:
        raise serializers.ValidationError("Must be the first day of a month (YYYY-MM-01).")


class FixedCostOutputSerializer(serializers.ModelSerializer):
    monthly_amount = UsdField(max_digits=20, decimal_places=6)
    currency = serializers.SerializerMethodField()

    class Meta:
        model = FixedCost
        fields = [
            "id",
            "category",
            "request_class",
            "monthly_amount",
            "currency",
            "start_month",
            "end_month",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, obj: FixedCost) -> str:
        return "USD"


class FixedCostCreateInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=FixedCostCategory.choices)
    request_class = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="The request class it serves; empty for the whole tenant.",
    )
    monthly_amount = UsdField(
        max_digits=20, decimal_places=6, min_value=Decimal(0), help_text="USD per month."
    )
    start_month = serializers.DateField(
        validators=[_first_of_month], help_text="First month it applies to (YYYY-MM-01)."
    )
    end_month = serializers.DateField(
        required=False,
        allow_null=True,
        validators=[_first_of_month],
        help_text="First month it no longer applies to (YYYY-MM-01); empty: ongoing.",
    )
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        end = attrs.get("end_month")
        if end is not None and "start_month" in attrs and end <= attrs["start_month"]:
            raise serializers.ValidationError({"end_month": "Must be after start_month."})
        return attrs


class FixedCostUpdateInputSerializer(FixedCostCreateInputSerializer):
    category = serializers.ChoiceField(choices=FixedCostCategory.choices, required=False)
    request_class = serializers.CharField(max_length=64, required=False, allow_blank=True)
    monthly_amount = UsdField(max_digits=20, decimal_places=6, min_value=Decimal(0), required=False)
    start_month = serializers.DateField(required=False, validators=[_first_of_month])


class FixedCostUtilisationLineSerializer(serializers.Serializer):
    request_class = serializers.CharField(help_text="Empty: costs of the whole tenant.")
    fixed_cost = UsdField(max_digits=20, decimal_places=6, help_text="USD in the month.")
    by_category = serializers.DictField(child=UsdField(max_digits=20, decimal_places=6))
    requests = serializers.IntegerField(help_text="Requests in the month (tenant-wide: all).")
    fixed_cost_per_request = UsdField(
        max_digits=30, decimal_places=10, allow_null=True, help_text="null when no requests."
    )


class FixedCostUtilisationOutputSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    currency = serializers.CharField()
    total_fixed_cost = UsdField(max_digits=20, decimal_places=6)
    lines = FixedCostUtilisationLineSerializer(many=True)

"""Serializers of the decisions API: composites, what-ifs, mix shift (names unique in the schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from economics.margins.api.serializers import (
    ExactDecimalField,
    currency_field,
    money,
    per_request,
)

EXACT = " Exact (10 decimal places at most)."


def exact(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text + EXACT, **kwargs)


# ---------------------------------------------------------------------------- composites


class CompositeQuerySerializer(serializers.Serializer):
    request_class = serializers.CharField(max_length=64, required=False, allow_blank=True)
    worst = serializers.IntegerField(min_value=0, max_value=100, required=False, default=10)


class DistributionOutputSerializer(serializers.Serializer):
    mean = per_request("Mean over the composites; null without any.")
    p50 = per_request("Median (nearest rank: an observed value).")
    p95 = per_request("95th percentile (nearest rank).")
    p99 = per_request("99th percentile (nearest rank).")


class CompositeWorstOutputSerializer(serializers.Serializer):
    trace_id = serializers.CharField()
    customer_id = serializers.CharField(help_text="The root event's customer.")
    calls = serializers.IntegerField(help_text="Requests of its events.")
    cost = exact("Variable cost of its events.")
    revenue = exact("Attributed revenue of its events.")
    margin = exact("Revenue minus cost (negative: a loss).")


class CompositeClassOutputSerializer(serializers.Serializer):
    composite_class = serializers.CharField(help_text="The request class of the root event.")
    composites = serializers.IntegerField()
    unpriced_composites = serializers.IntegerField(
        help_text="Composites with an event of unknown cost: left out of every cost figure."
    )
    calls = serializers.IntegerField(help_text="Requests of every composite's events.")
    calls_per_composite = DistributionOutputSerializer()
    cost = money("Variable cost of the priced composites.")
    revenue = money("Attributed revenue of the priced composites.")
    margin = money("Revenue minus variable cost of the priced composites.")
    cost_per_composite = DistributionOutputSerializer()
    revenue_per_composite = DistributionOutputSerializer()
    margin_per_composite = DistributionOutputSerializer()
    successful_composites = serializers.IntegerField(
        help_text="Composites whose last reported outcome is success."
    )
    cost_per_successful_composite = per_request(
        "Cost of the priced composites / their successful ones; null without a success."
    )
    worst = CompositeWorstOutputSerializer(many=True, help_text="The largest losses first.")


class RangeOutputSerializer(serializers.Serializer):
    """A report over [from, to)."""

    from_ = serializers.DateTimeField()
    to = serializers.DateTimeField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class CompositeReportOutputSerializer(RangeOutputSerializer):
    currency = currency_field()
    classes = CompositeClassOutputSerializer(many=True)


class CompositeEventOutputSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    timestamp = serializers.DateTimeField()
    request_class = serializers.CharField()
    model = serializers.CharField()
    requests = serializers.IntegerField()
    cost_status = serializers.CharField()
    cost = exact("Variable cost; null when unknown (unpriced or pending).", allow_null=True)
    revenue = exact("Attributed revenue.")
    margin = exact("Revenue minus cost; null when the cost is unknown.", allow_null=True)
    outcome = serializers.CharField(allow_null=True)


class CompositeOutputSerializer(serializers.Serializer):
    trace_id = serializers.CharField()
    composite_class = serializers.CharField(help_text="The request class of the root event.")
    customer_id = serializers.CharField(help_text="The root event's customer.")
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()
    currency = currency_field()
    calls = serializers.IntegerField()
    unpriced_events = serializers.IntegerField()
    cost = exact("Sum of the events' costs; null when one is unknown.", allow_null=True)
    revenue = exact("Sum of the events' attributed revenue.")
    margin = exact("Revenue minus cost; null when the cost is unknown.", allow_null=True)
    outcome = serializers.CharField(
        allow_null=True, help_text="The last outcome its events report."
    )
    events = CompositeEventOutputSerializer(many=True)

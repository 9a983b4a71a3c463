"""Serializers of the decisions API: composites, what-ifs, mix shift (names unique in the schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from economics.decisions.models import WhatIf
from economics.margins.api.serializers import (
    ExactDecimalField,
    currency_field,
    money,
    per_request,
    ratio,
)
from pricing.api.serializers import CURRENCY_VALIDATORS, ChargeInputSerializer

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


# ---------------------------------------------------------------------------- what-ifs

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
CHANGE_TYPES = [
    "model",
    "cached_input_share",
    "output_tokens",
    "retrieval_calls",
    "gpu_rate",
    "retire",
]


def _decimal_in(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20, decimal_places=10, required=False, help_text=help_text
    )


class WhatIfChangeInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=CHANGE_TYPES,
        help_text=(
            "model: the class runs on `model` (and `provider`); cached_input_share: this `share` "
            "(0-1) of the prompt's input tokens is cached; output_tokens: output tokens change "
            "by `percent` (-30: 30 % fewer); retrieval_calls: `per_request` retrieval calls per "
            "request; gpu_rate: `gpu_type` costs `usd_per_gpu_hour`; retire: the class is "
            "dropped (`remove_fixed_costs` also drops its fixed costs)."
        ),
    )
    request_class = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        help_text="The class changed; left out: every class (required to retire).",
    )
    model = serializers.CharField(max_length=200, required=False)
    provider = serializers.CharField(max_length=64, required=False, allow_blank=True)
    share = _decimal_in("cached_input_share: 0-1.")
    percent = _decimal_in("output_tokens: the change in percent, at least -100.")
    per_request = _decimal_in("retrieval_calls: calls per request.")
    gpu_type = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text='gpu_rate: "" is the default.'
    )
    usd_per_gpu_hour = _decimal_in("gpu_rate: USD per GPU-hour.")
    remove_fixed_costs = serializers.BooleanField(required=False, default=False)


class WhatIfCandidateInputSerializer(serializers.Serializer):
    simulation_id = serializers.UUIDField(
        required=False, help_text="Take a candidate of this simulation (with `plan`)."
    )
    plan = serializers.CharField(
        max_length=32, required=False, help_text="The simulation's candidate key (candidate_1)."
    )
    name = serializers.CharField(max_length=200, required=False)
    plan_id = serializers.CharField(max_length=64, required=False)
    version = serializers.IntegerField(min_value=1, required=False)
    currency = serializers.CharField(
        min_length=3, max_length=3, required=False, validators=CURRENCY_VALIDATORS
    )
    charges = ChargeInputSerializer(
        many=True, required=False, help_text="Inline plans: charges as plan versions take them."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        ways = [
            "simulation_id" in attrs,
            "plan_id" in attrs or "version" in attrs,
            "charges" in attrs or "currency" in attrs,
        ]
        if sum(ways) != 1:
            raise serializers.ValidationError(
                "Give one of: simulation_id (and plan), plan_id and version, currency and charges."
            )
        return attrs


class WhatIfCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    start_month = serializers.RegexField(MONTH, help_text="First month, YYYY-MM.")
    end_month = serializers.RegexField(
        MONTH, help_text="Month after the last one, YYYY-MM (half-open range)."
    )
    changes = WhatIfChangeInputSerializer(
        many=True, required=False, help_text="Cost-book changes and classes retired."
    )
    candidate = WhatIfCandidateInputSerializer(
        required=False,
        help_text=(
            "Reprice too: a plan every customer moves to (an existing version, inline charges, "
            "or a simulation's candidate)."
        ),
    )


class WhatIfFiguresOutputSerializer(serializers.Serializer):
    requests = serializers.CharField()
    unpriced_requests = serializers.CharField(
        help_text="Requests whose cost is unknown: left out of the cost per request."
    )
    cost = serializers.CharField(help_text="Variable cost of the priced requests, to the cent.")
    revenue = serializers.CharField(help_text="Revenue, to the cent.")
    margin = serializers.CharField(help_text="Revenue minus variable cost, to the cent.")
    cost_per_request = serializers.CharField(allow_null=True, help_text="8 places.")
    revenue_per_request = serializers.CharField(allow_null=True, help_text="8 places.")
    margin_per_request = serializers.CharField(allow_null=True, help_text="8 places.")
    margin_pct = serializers.CharField(
        allow_null=True,
        help_text="margin_per_request / revenue_per_request x 100, 4 places (unknown costs "
        "left out).",
    )
    margin_negative = serializers.BooleanField(help_text="The margin per request is below zero.")


class WhatIfClassOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField(
        allow_null=True, help_text="null: fees of months without requests."
    )
    retired = serializers.BooleanField()
    before = WhatIfFiguresOutputSerializer()
    after = WhatIfFiguresOutputSerializer()


class WhatIfCustomerSideOutputSerializer(serializers.Serializer):
    revenue = serializers.CharField()
    cost = serializers.CharField(help_text="Variable cost of the priced requests, to the cent.")
    unpriced_requests = serializers.CharField(
        help_text="Requests whose cost is unknown: left out of the gross margin %."
    )
    gross_margin_pct = serializers.CharField(
        allow_null=True,
        help_text="Margin per request / revenue per request x 100, the cost per priced "
        "request standing for every request (with every cost known: (revenue - cost) / revenue).",
    )


class WhatIfCustomerOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField()
    margin_change = serializers.CharField(help_text="After minus before, to the cent.")
    before = WhatIfCustomerSideOutputSerializer()
    after = WhatIfCustomerSideOutputSerializer()


class WhatIfFixedCostsOutputSerializer(serializers.Serializer):
    before = serializers.CharField()
    after = serializers.CharField()
    margin_after_fixed_before = serializers.CharField()
    margin_after_fixed_after = serializers.CharField()


class WhatIfCandidateOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    plan_id = serializers.CharField(allow_null=True)


class WhatIfResultsOutputSerializer(serializers.Serializer):
    currency = currency_field()
    months = serializers.ListField(child=serializers.CharField())
    changes = serializers.ListField(child=serializers.DictField(), help_text="As resolved.")
    candidate = WhatIfCandidateOutputSerializer(allow_null=True)
    request_classes = WhatIfClassOutputSerializer(many=True)
    blended = WhatIfClassOutputSerializer()
    fixed_costs = WhatIfFixedCostsOutputSerializer()
    customers = WhatIfCustomerOutputSerializer(
        many=True, help_text="The customers whose margin moves most, largest first."
    )


class WhatIfOutputSerializer(serializers.Serializer):
    what_if_id = serializers.UUIDField(source="id")
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=WhatIf.Status.choices)
    progress = serializers.IntegerField(help_text="Percent done, 0-100.")
    start_month = serializers.CharField(source="params.start_month")
    end_month = serializers.CharField(source="params.end_month")
    results = WhatIfResultsOutputSerializer(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class WhatIfSummaryOutputSerializer(serializers.Serializer):
    what_if_id = serializers.UUIDField(source="id")
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=WhatIf.Status.choices)
    progress = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


# ---------------------------------------------------------------------------- mix shift

PLACES8 = "8 places."


class MixSideOutputSerializer(serializers.Serializer):
    requests = serializers.IntegerField()
    unpriced_requests = serializers.IntegerField(
        help_text="Requests of events of unknown cost: left out of the cost per request."
    )
    share_of_requests = serializers.CharField(help_text="0-1, 4 places.")
    margin_per_request = serializers.CharField(help_text=PLACES8)


class MixClassOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField()
    before = MixSideOutputSerializer(help_text="The compare (base) period.")
    after = MixSideOutputSerializer(help_text="The [from, to) period.")
    mix_effect = serializers.CharField(help_text="(share after - share before) x margin before.")
    rate_effect = serializers.CharField(help_text="share after x (margin after - margin before).")
    total_effect = serializers.CharField(help_text="mix_effect + rate_effect.")


class MixBlendedSideOutputSerializer(serializers.Serializer):
    requests = serializers.IntegerField()
    margin_per_request = serializers.CharField(help_text=PLACES8)


class MixBlendedOutputSerializer(serializers.Serializer):
    before = MixBlendedSideOutputSerializer()
    after = MixBlendedSideOutputSerializer()
    change = serializers.CharField(help_text="after - before: the classes' effects add up to it.")
    mix_effect = serializers.CharField()
    rate_effect = serializers.CharField()


class MixReportOutputSerializer(RangeOutputSerializer):
    compare_from = serializers.DateTimeField()
    compare_to = serializers.DateTimeField()
    currency = currency_field()
    blended = MixBlendedOutputSerializer()
    classes = MixClassOutputSerializer(many=True)


# ---------------------------------------------------------------------------- crossing point


class CrossingQuerySerializer(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=3, required=False, default=3)
    request_class = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CrossingMethodOutputSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="`holt_linear_trend`.")
    library = serializers.CharField(help_text="The library and version that fits it.")
    description = serializers.CharField()
    history_days = serializers.IntegerField(help_text="Days of rollups read before as_of.")
    min_history_days = serializers.IntegerField(
        help_text="Days a class needs (from its first day with requests) to be forecast."
    )
    holdout_days = serializers.IntegerField(
        help_text="The last days of history held out to measure the forecast's error."
    )
    recent_days = serializers.IntegerField(
        help_text="The last days of history whose margin says whether a class is positive now."
    )


class CrossingRecentOutputSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    requests = serializers.IntegerField()
    unpriced_requests = serializers.IntegerField(
        help_text="Requests of unknown cost: left out of the cost per request."
    )
    cost_per_request = per_request("Cost per priced request; null when none is priced.")
    revenue_per_request = per_request("Revenue per request.")
    margin_per_request = per_request("Revenue per request - cost per priced request.")
    share_of_requests = ratio("Fraction of the tenant's requests (0-1).")


class CrossingErrorOutputSerializer(serializers.Serializer):
    mae = serializers.CharField(
        allow_null=True, help_text="Mean absolute error over the held-out days."
    )
    mape_pct = serializers.CharField(
        allow_null=True,
        help_text="Mean absolute percentage error over the held-out days with a non-zero value.",
    )
    days = serializers.IntegerField(help_text="Held-out days scored (days with a value).")


class CrossingErrorsOutputSerializer(serializers.Serializer):
    cost_per_request = CrossingErrorOutputSerializer()
    revenue_per_request = CrossingErrorOutputSerializer()
    share_of_requests = CrossingErrorOutputSerializer()


class CrossingPeriodOutputSerializer(serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField(help_text="Exclusive.")
    cost_per_request = per_request("Mean of the period's daily forecasts.")
    revenue_per_request = per_request("Mean of the period's daily forecasts.")
    margin_per_request = per_request("revenue_per_request - cost_per_request.")
    share_of_requests = ratio("Mean of the period's daily forecasts (0-1).")
    margin_negative = serializers.BooleanField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {("from" if name == "from_" else name): field for name, field in fields.items()}


class CrossingClassOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["forecast", "insufficient_history", "unpriced"],
        help_text="`insufficient_history`: fewer days than min_history_days, no forecast; "
        "`unpriced`: no request of the class has a known cost.",
    )
    history_days = serializers.IntegerField()
    message = serializers.CharField(allow_null=True)
    recent = CrossingRecentOutputSerializer(help_text="The last recent_days days as they were.")
    periods = CrossingPeriodOutputSerializer(many=True)
    holdout_error = CrossingErrorsOutputSerializer(allow_null=True)
    margin_negative_now = serializers.BooleanField()
    crosses = serializers.BooleanField(
        help_text="Margin-positive (or zero) now and forecast below zero within the horizon."
    )
    crossing_date = serializers.DateField(
        allow_null=True, help_text="The first day forecast below zero when it crosses."
    )


class CrossingBlendedOutputSerializer(serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()
    margin_per_request = per_request(
        "Sum of share x margin per request of the forecast classes, shares scaled to 1."
    )
    margin_negative = serializers.BooleanField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {("from" if name == "from_" else name): field for name, field in fields.items()}


class CrossingReportOutputSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    months = serializers.IntegerField()
    history_from = serializers.DateTimeField()
    history_to = serializers.DateTimeField()
    currency = currency_field()
    method = CrossingMethodOutputSerializer()
    classes = CrossingClassOutputSerializer(many=True)
    blended = CrossingBlendedOutputSerializer(many=True)
    crossing_classes = serializers.ListField(child=serializers.CharField())

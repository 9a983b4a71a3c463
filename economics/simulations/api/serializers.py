"""Serializers of the simulation API (names are unique across the schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from economics.simulations.models import Simulation
from pricing.api.serializers import CURRENCY_VALIDATORS, ChargeInputSerializer

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


# Each figure is rounded once by the engine (economics.margins.formulas); the texts say how.
def _number(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, help_text=help_text, **kwargs
    )


def _money(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return _number(f"{help_text} In `currency`, rounded to its minor unit.", **kwargs)


def _pct(help_text: str) -> serializers.DecimalField:
    return _number(f"{help_text} Rounded to 4 decimal places.", allow_null=True)


# ----------------------------------------------------------------------------- input


class SimulationCandidateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, help_text="Label in the results.")
    plan_id = serializers.CharField(
        max_length=64, required=False, help_text="An existing plan's plan_id (with version)."
    )
    version = serializers.IntegerField(min_value=1, required=False)
    currency = serializers.CharField(
        min_length=3,
        max_length=3,
        required=False,
        validators=CURRENCY_VALIDATORS,
        help_text="Inline plans: ISO 4217 (USD).",
    )
    charges = ChargeInputSerializer(
        many=True, required=False, help_text="Inline plans: charges as plan versions take them."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        by_version = "plan_id" in attrs or "version" in attrs
        inline = "charges" in attrs or "currency" in attrs
        if by_version == inline:
            raise serializers.ValidationError(
                "Give either plan_id and version of an existing plan, or currency and charges."
            )
        if by_version and not ("plan_id" in attrs and "version" in attrs):
            raise serializers.ValidationError("plan_id and version go together.")
        if inline and not ("charges" in attrs and "currency" in attrs):
            raise serializers.ValidationError("An inline plan needs currency and charges.")
        return attrs


class SimulationCustomersInputSerializer(serializers.Serializer):
    external_ids = serializers.ListField(
        child=serializers.CharField(max_length=128),
        required=False,
        help_text="Only these customers (your external ids).",
    )
    plan_id = serializers.CharField(
        max_length=64, required=False, help_text="Only customers subscribed to this plan..."
    )
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="...version during the months simulated."
    )


class SimulationCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    candidates = SimulationCandidateInputSerializer(
        many=True, help_text="One to five plans to try: existing versions or inline charges."
    )
    customers = SimulationCustomersInputSerializer(
        required=False, help_text="Which customers (default: all with usage or a subscription)."
    )
    start_month = serializers.RegexField(MONTH, help_text="First month simulated, YYYY-MM.")
    end_month = serializers.RegexField(
        MONTH, help_text="Month after the last one simulated, YYYY-MM (half-open range)."
    )


# ----------------------------------------------------------------------------- results


class SimulationPlanFiguresOutputSerializer(serializers.Serializer):
    plan = serializers.CharField(help_text="baseline, or the candidate's key (candidate_1, ...).")
    revenue = _money("Revenue under this plan (invoice lines rounded as invoices round them).")
    margin = _money("Revenue minus variable cost.")
    margin_pct = _pct("Margin / revenue in percent; null without revenue.")


class SimulationPlanDeltaOutputSerializer(SimulationPlanFiguresOutputSerializer):
    revenue_delta = _money(
        "Candidate minus baseline revenue; null for the baseline.", allow_null=True
    )
    revenue_delta_pct = _pct("Revenue delta / baseline revenue in percent; null for the baseline.")
    margin_delta = _money(
        "Candidate minus baseline margin; null for the baseline.", allow_null=True
    )


class SimulationPlanTotalsOutputSerializer(SimulationPlanDeltaOutputSerializer):
    name = serializers.CharField()
    customers_paying_more = serializers.IntegerField(
        allow_null=True, help_text="Customers whose bill would rise (null for the baseline)."
    )
    customers_paying_less = serializers.IntegerField(
        allow_null=True, help_text="Customers whose bill would fall."
    )
    customers_unchanged = serializers.IntegerField(allow_null=True)


class SimulationTotalsOutputSerializer(serializers.Serializer):
    customers = serializers.IntegerField()
    customer_months = serializers.IntegerField()
    requests = _number("Requests in the months simulated.")
    uncosted_requests = serializers.IntegerField(help_text="Requests with no cost yet.")
    variable_cost = _money("Sum of cost_total of live events.")
    plans = SimulationPlanTotalsOutputSerializer(many=True, help_text="Baseline first.")


class SimulationClassPlanOutputSerializer(SimulationPlanFiguresOutputSerializer):
    margin_per_request = _number(
        "Revenue per request - variable cost per priced request of the class (with every cost "
        "known: margin / requests), rounded to 8 decimal places.",
        allow_null=True,
    )
    margin_negative = serializers.BooleanField()


class SimulationRequestClassOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField(
        allow_null=True, help_text="null: fees of months with no requests to spread them over."
    )
    requests = _number("Requests of the class.")
    unpriced_requests = serializers.IntegerField(
        help_text="Requests of the class whose cost is unknown: left out of the variable cost, "
        "margin per request and margin % (never costed as $0)."
    )
    variable_cost = _money("Variable cost of the class's priced requests.")
    plans = SimulationClassPlanOutputSerializer(many=True)


class SimulationMoverOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField()
    revenue_delta = _money("What the customer would pay more (or less, negative).")


class SimulationMoversOutputSerializer(serializers.Serializer):
    plan = serializers.CharField()
    largest_increases = SimulationMoverOutputSerializer(
        many=True, help_text="Customers who would pay the most more (the plan's losers)."
    )
    largest_decreases = SimulationMoverOutputSerializer(
        many=True, help_text="Customers who would pay the most less (the plan's winners)."
    )


class SimulationResultsOutputSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217 currency of every amount in the results.")
    months = serializers.ListField(child=serializers.CharField())
    totals = SimulationTotalsOutputSerializer()
    request_classes = SimulationRequestClassOutputSerializer(many=True)
    movers = SimulationMoversOutputSerializer(many=True)
    summary = serializers.ListField(
        child=serializers.CharField(), help_text="Plain sentences on the largest effects."
    )


class SimulationPlanOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    plan_id = serializers.CharField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()


class SimulationCustomersOutputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["all", "list", "plan_version"])
    external_ids = serializers.ListField(child=serializers.CharField(), required=False)
    plan_id = serializers.CharField(required=False)
    version = serializers.IntegerField(required=False)


# Declared, not derived from the model: a small integer's range differs between databases,
# and the schema must not.
def progress_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100, help_text="Percent done, 0-100.")


class SimulationOutputSerializer(serializers.ModelSerializer):
    simulation_id = serializers.UUIDField(source="id")
    progress = progress_field()
    start_month = serializers.CharField(source="params.start_month")
    end_month = serializers.CharField(source="params.end_month")
    candidates = SimulationPlanOutputSerializer(source="params.candidates", many=True)
    customers = SimulationCustomersOutputSerializer(source="params.customers")
    results = SimulationResultsOutputSerializer(
        allow_null=True, help_text="null until the simulation has succeeded."
    )

    class Meta:
        model = Simulation
        fields = [
            "simulation_id",
            "name",
            "status",
            "progress",
            "error",
            "start_month",
            "end_month",
            "candidates",
            "customers",
            "results",
            "created_at",
            "started_at",
            "finished_at",
        ]


class SimulationSummaryOutputSerializer(serializers.ModelSerializer):
    simulation_id = serializers.UUIDField(source="id")
    progress = progress_field()

    class Meta:
        model = Simulation
        fields = [
            "simulation_id",
            "name",
            "status",
            "progress",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]

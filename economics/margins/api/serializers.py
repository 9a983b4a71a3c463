"""Serializers of the margin, customer-economics and acquisition API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from config.api.params import MonthField
from economics.margins.formulas import plain
from economics.margins.models import AcquisitionCost


class ExactDecimalField(serializers.DecimalField):
    """A Decimal shown exactly as a plain string, trailing zeros dropped ("-0.006")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(max_digits=None, decimal_places=None, **kwargs)

    def to_representation(self, value: Decimal) -> str:
        return plain(Decimal(value))


def money(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text, **kwargs)


def nullable_money(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text, allow_null=True, **kwargs)


# --------------------------------------------------------------- request classes


class ClassFiguresOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField()
    model = serializers.CharField(allow_null=True, help_text="Set when grouped by model.")
    requests = serializers.IntegerField()
    share_of_requests = nullable_money("Fraction of all requests in the range (0-1).")
    cost_per_request = nullable_money("Variable cost per request, USD.")
    revenue_per_request = nullable_money("Attributed revenue per request, USD.")
    margin_per_request = nullable_money("Contribution margin per request, USD.")
    inference_margin_pct = nullable_money("(revenue - variable cost) / revenue x 100.")
    cost = money("Variable cost, USD.")
    revenue = money("Attributed revenue, USD.")
    margin = money("Revenue - variable cost, USD.")
    margin_negative = serializers.BooleanField(help_text="Each request of this class loses money.")


class RequestClassReportOutputSerializer(serializers.Serializer):
    from_ = serializers.DateTimeField()
    to = serializers.DateTimeField()
    grouped_by = serializers.ChoiceField(choices=["request_class", "model"])
    classes = ClassFiguresOutputSerializer(many=True)
    blended = ClassFiguresOutputSerializer(help_text="All classes together, shown beside them.")
    negative_classes = serializers.ListField(child=serializers.CharField())
    blended_hides_loss = serializers.BooleanField(
        help_text="The blended margin is positive while at least one class loses money."
    )
    statement = serializers.CharField(allow_null=True)
    unpriced_events = serializers.IntegerField(
        help_text="Events whose cost is unknown (no price): counted, not costed as $0."
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class RequestClassQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=["request_class", "model"], required=False, default="request_class"
    )


# ---------------------------------------------------------------------- customers


class CustomerEconomicsOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(source="customer.external_id")
    name = serializers.CharField(source="customer.name")
    status = serializers.ChoiceField(choices=["active", "churned", "never_active"])
    first_active = serializers.DateField(allow_null=True)
    last_active = serializers.DateField(allow_null=True)
    tenure_months = serializers.IntegerField(help_text="Calendar months from first to last/now.")
    requests = serializers.IntegerField()
    revenue = money("Attributed revenue to date, USD.", source="figures.revenue")
    variable_cost = money("Variable cost to date, USD.", source="figures.cost")
    gross_margin = money("Revenue - variable cost to date, USD.", source="figures.margin")
    gross_margin_pct = nullable_money(
        source="figures.gross_margin_pct", help_text="Gross margin %."
    )
    arpa = nullable_money(source="figures.arpa", help_text="Revenue per month of tenure, USD.")
    monthly_churn = money("Tenant-wide churn per account-month used for LTV.")
    ltv = nullable_money(
        source="figures.ltv", help_text="ARPA x GM% / monthly churn, USD; null at zero churn."
    )
    discounted_ltv = nullable_money(
        source="figures.discounted_ltv", help_text="Monthly margin / (churn + discount rate), USD."
    )
    ltv_basis = serializers.ChoiceField(
        choices=["churn", "discounted"], allow_null=True, source="figures.ltv_basis"
    )
    realised_ltv = money("Gross margin actually earned to date, USD.")
    cohort = MonthField(allow_null=True, help_text="Month the customer was created (YYYY-MM).")
    cohort_realised_ltv = nullable_money(
        "Realised LTV of the cohort: gross margin earned to date by the customers created "
        "that month, per customer, USD."
    )
    cac = nullable_money(
        source="figures.cac", help_text="Acquisition cost, USD; null when none is recorded."
    )
    cac_payback_months = nullable_money(
        source="figures.cac_payback_months",
        help_text="CAC / (monthly revenue x GM%); null when it never pays back.",
    )
    ltv_to_cac = nullable_money(
        source="figures.ltv_to_cac", help_text="LTV (or discounted LTV) / CAC."
    )
    engagement_destroys_value = serializers.BooleanField(
        help_text="Most of this customer's requests lose money: more use, more loss."
    )


# ------------------------------------------------------------- acquisition costs


class AcquisitionCostOutputSerializer(serializers.ModelSerializer):
    customer_id = serializers.SerializerMethodField()
    month = MonthField(read_only=True)
    amount = money("Acquisition spend, USD.")

    class Meta:
        model = AcquisitionCost
        fields = ["id", "customer_id", "month", "channel", "amount", "note", "created_at"]
        read_only_fields = fields

    def get_customer_id(self, obj: AcquisitionCost) -> str | None:
        return obj.customer.external_id if obj.customer else None


class AcquisitionCostCreateInputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Spend on one customer; omit to spread it over the month's new customers.",
    )
    month = MonthField(help_text="Cohort month YYYY-MM (the customers created that month).")
    channel = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Spread only over customers whose metadata.channel is this.",
    )
    amount = serializers.DecimalField(max_digits=24, decimal_places=10, min_value=Decimal("0"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# ----------------------------------------------------------------------- features


class FeatureOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField(
        allow_null=True, help_text="null: fixed costs not tied to one class (or the total)."
    )
    requests = serializers.IntegerField(source="roi.requests")
    revenue = money("Attributed revenue, USD.")
    outcome_value = money("Sum of the requests' outcome_value, USD.")
    value = money("revenue + outcome_value, USD.", source="roi.value")
    variable_cost = money("USD.", source="roi.variable_cost")
    fixed_cost = money("Fixed costs of the month, USD.", source="roi.fixed_cost")
    total_cost = money("USD.", source="roi.total_cost")
    net = money("value - variable cost - fixed cost, USD.", source="roi.net")
    roi_pct = nullable_money(source="roi.roi_pct", help_text="net / total cost x 100.")
    fixed_cost_per_request = nullable_money(
        source="roi.fixed_cost_per_request", help_text="Fixed cost at this volume, USD per request."
    )


class FeatureReportOutputSerializer(serializers.Serializer):
    month = MonthField()
    features = FeatureOutputSerializer(many=True)
    total = FeatureOutputSerializer()


# ------------------------------------------------------------------------ summary


class SummaryOutputSerializer(serializers.Serializer):
    month = MonthField()
    revenue = money("Rated revenue of the month, USD.")
    recurring_revenue = money("Flat fees and minimum true-ups, USD.")
    usage_revenue = money("Usage charges, USD.")
    variable_cost = money("USD.")
    fixed_cost = money("USD.")
    inference_margin = money("revenue - variable cost, USD.")
    inference_margin_pct = nullable_money("(revenue - variable cost) / revenue x 100.")
    gross_margin = money("revenue - variable cost - fixed cost, USD.")
    gross_margin_pct = nullable_money("(revenue - variable - fixed cost) / revenue x 100.")
    requests = serializers.IntegerField()
    unpriced_events = serializers.IntegerField()
    active_customers = serializers.IntegerField(help_text="Customers with events in the month.")
    churned_customers = serializers.IntegerField(help_text="Customers who churned in the month.")
    customers_at_start = serializers.IntegerField()
    logo_churn_pct = nullable_money("churned / customers at the start x 100.")
    net_revenue_retention_pct = nullable_money(
        "This month's revenue from last month's customers / last month's revenue x 100."
    )


# ---------------------------------------------------------------- SLOs and alerts

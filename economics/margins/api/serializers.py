"""Serializers of the margin, customer-economics and acquisition API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from config.api.fields import DecimalStringField
from config.api.params import MonthField
from economics.margins.formulas import COST_CURRENCY, plain
from economics.margins.models import AcquisitionCost


class ExactDecimalField(serializers.DecimalField):
    """A Decimal shown exactly as a plain string, trailing zeros dropped ("-0.006")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(max_digits=None, decimal_places=None, **kwargs)

    def to_representation(self, value: Decimal) -> str:
        return plain(Decimal(value))


# Each figure arrives rounded once by economics.margins.formulas; the help texts say how.
MONEY = " Rounded to the currency's minor unit (cents)."
PER_REQUEST = " Rounded to 8 decimal places."
RATIO = " Rounded to 4 decimal places."


def money(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text + MONEY, **kwargs)


def nullable_money(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text + MONEY, allow_null=True, **kwargs)


def per_request(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text + PER_REQUEST, allow_null=True, **kwargs)


def ratio(help_text: str, **kwargs: Any) -> ExactDecimalField:
    return ExactDecimalField(help_text=help_text + RATIO, allow_null=True, **kwargs)


def currency_field() -> serializers.CharField:
    return serializers.CharField(
        help_text="ISO 4217 currency of every amount here (costs are recorded in USD)."
    )


# --------------------------------------------------------------- request classes


class ClassFiguresOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField()
    model = serializers.CharField(allow_null=True, help_text="Set when grouped by model.")
    requests = serializers.IntegerField()
    unpriced_requests = serializers.IntegerField(
        help_text="Requests whose cost is unknown (no price): counted in `requests`, left out "
        "of `cost` and of every cost-based ratio (never costed as $0)."
    )
    share_of_requests = ratio("Fraction of all requests in the range (0-1).")
    cost_per_request = per_request(
        "Variable cost per priced request (cost / (requests - unpriced_requests)); null when "
        "no request has a known cost."
    )
    revenue_per_request = per_request("Attributed revenue per request.")
    margin_per_request = per_request(
        "Revenue per request - cost per priced request; null when no request has a known cost."
    )
    inference_margin_pct = ratio(
        "margin_per_request / revenue_per_request x 100 (with every cost known: "
        "(revenue - variable cost) / revenue x 100)."
    )
    cost = money("Variable cost of the priced requests.")
    revenue = money("Attributed revenue.")
    margin = money("Revenue - variable cost of the priced requests.")
    margin_negative = serializers.BooleanField(help_text="Each request of this class loses money.")


class RequestClassReportOutputSerializer(serializers.Serializer):
    from_ = serializers.DateTimeField()
    to = serializers.DateTimeField()
    currency = currency_field()
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


STATUSES = ["active", "churned", "never_active"]


class MonthToDateOutputSerializer(serializers.Serializer):
    month = MonthField(help_text="The open month (UTC), YYYY-MM.")
    revenue = money("What the month's invoice preview bills so far (fees in full).")
    variable_cost = money("Variable cost of the month's requests so far.")
    requests = serializers.IntegerField()


class CustomerEconomicsOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(source="customer.external_id")
    name = serializers.CharField(source="customer.name")
    as_of = serializers.DateTimeField(help_text="The moment status and churn are taken at.")
    currency = currency_field()
    status = serializers.ChoiceField(choices=STATUSES, source="lifecycle.status")
    churned_on = serializers.DateField(
        allow_null=True,
        source="lifecycle.churned_on",
        help_text="First day no longer active (a subscription's end, or the day after the last "
        "request of a usage-only customer silent for the churn window); null unless churned.",
    )
    churn_month = MonthField(
        allow_null=True,
        source="lifecycle.churn_month",
        help_text="The month the loss counts in (the last active month), as in the summary "
        "and cohorts; null unless churned.",
    )
    active_since = MonthField(
        allow_null=True,
        source="lifecycle.first_month",
        help_text="First month invoiced or used, YYYY-MM; null if never active.",
    )
    first_active = serializers.DateField(allow_null=True, help_text="First day with requests.")
    last_active = serializers.DateField(allow_null=True, help_text="Last day with requests.")
    tenure_months = serializers.IntegerField(
        help_text="Closed months active (the open month is in month_to_date)."
    )
    requests = serializers.IntegerField(help_text="Requests in closed months.")
    unpriced_requests = serializers.IntegerField(
        help_text="Of those, requests whose cost is unknown: left out of gross margin %, "
        "predicted LTV and CAC payback (the cost per priced request stands for each)."
    )
    revenue = money(
        "What the customer was invoiced for its closed months (flat fees and minimums of "
        "months without requests included).",
        source="figures.revenue",
    )
    variable_cost = money("Variable cost of closed months.", source="figures.cost")
    gross_margin = money("Revenue - variable cost, closed months.", source="figures.margin")
    gross_margin_pct = ratio("Gross margin %.", source="figures.gross_margin_pct")
    arpa = nullable_money(
        "Revenue per closed month active; null before the first month closes.",
        source="figures.arpa",
    )
    monthly_churn = ratio("Tenant-wide churn per account-month used for LTV (closed months).")
    ltv = nullable_money(
        "Active customers: predicted, ARPA x GM% / monthly churn (null at zero churn). "
        "Churned customers: the gross margin they actually earned (ltv_basis realised).",
        source="figures.ltv",
    )
    discounted_ltv = nullable_money(
        "Monthly margin / (churn + discount rate); null for churned customers.",
        source="figures.discounted_ltv",
    )
    ltv_basis = serializers.ChoiceField(
        choices=["churn", "discounted", "realised"], allow_null=True, source="figures.ltv_basis"
    )
    realised_ltv = money("Gross margin actually earned in closed months.")
    cohort = MonthField(allow_null=True, help_text="Month the customer was created (YYYY-MM).")
    cohort_realised_ltv = nullable_money(
        "Realised LTV of the cohort: gross margin earned in closed months by the customers "
        "created that month, per customer."
    )
    cac = nullable_money("Acquisition cost; null when none is recorded.", source="figures.cac")
    cac_payback_months = ratio(
        "CAC / (ARPA x GM%); null when it never pays back.", source="figures.cac_payback_months"
    )
    ltv_to_cac = ratio("LTV (or discounted LTV) / CAC.", source="figures.ltv_to_cac")
    engagement_destroys_value = serializers.BooleanField(
        help_text="Most of this customer's requests lose money: more use, more loss."
    )
    month_to_date = MonthToDateOutputSerializer(
        help_text="The open month so far, kept out of every figure above."
    )


class CustomerEconomicsQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False, default=None)


# ------------------------------------------------------------- acquisition costs


class AcquisitionCostOutputSerializer(serializers.ModelSerializer):
    customer_id = serializers.SerializerMethodField()
    month = MonthField(read_only=True)
    amount = ExactDecimalField(help_text="Acquisition spend as recorded (up to 10 places).")
    currency = serializers.SerializerMethodField(
        help_text="ISO 4217 currency of the amount (USD, the currency of costs)."
    )

    class Meta:
        model = AcquisitionCost
        fields = [
            "id",
            "customer_id",
            "month",
            "channel",
            "amount",
            "currency",
            "note",
            "created_at",
        ]
        read_only_fields = fields

    def get_customer_id(self, obj: AcquisitionCost) -> str | None:
        return obj.customer.external_id if obj.customer else None

    def get_currency(self, obj: AcquisitionCost) -> str:
        return COST_CURRENCY


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
    unpriced_requests = serializers.IntegerField(
        source="roi.unpriced_requests",
        help_text="Requests of unknown variable cost: left out of ROI % and the per-request "
        "figures (the variable cost per priced request stands for each).",
    )
    revenue = money("Attributed revenue.")
    outcome_value = money("Sum of the requests' outcome_value.")
    value = money("revenue + outcome_value.", source="roi.value")
    variable_cost = money("Variable cost.", source="roi.variable_cost")
    fixed_cost = money("Fixed costs of the month.", source="roi.fixed_cost")
    total_cost = money("Variable + fixed cost.", source="roi.total_cost")
    net = money("value - variable cost - fixed cost.", source="roi.net")
    roi_pct = ratio("net / total cost x 100.", source="roi.roi_pct")
    fixed_cost_per_request = per_request(
        "Fixed cost at this volume, per request.", source="roi.fixed_cost_per_request"
    )


class FeatureReportOutputSerializer(serializers.Serializer):
    month = MonthField()
    currency = currency_field()
    features = FeatureOutputSerializer(many=True)
    total = FeatureOutputSerializer()


# ------------------------------------------------------------------------ summary


class SummaryOutputSerializer(serializers.Serializer):
    month = MonthField()
    as_of = serializers.DateTimeField(help_text="The moment churn is taken at.")
    closed = serializers.BooleanField(
        help_text="The month has ended; false: every figure is month-to-date."
    )
    currency = currency_field()
    revenue = money("What customers are invoiced for the month (the preview while open).")
    recurring_revenue = money("Flat fees and minimum true-ups.")
    usage_revenue = money("Usage charges.")
    variable_cost = money("Variable cost.")
    fixed_cost = money("Fixed cost.")
    inference_margin = money("revenue - variable cost.")
    inference_margin_pct = ratio(
        "(revenue - variable cost) / revenue x 100; with requests of unknown cost, the "
        "variable cost per priced request stands for each of them (they are never $0)."
    )
    gross_margin = money("revenue - variable cost - fixed cost.")
    gross_margin_pct = ratio(
        "(revenue - variable - fixed cost) / revenue x 100, the variable cost as in "
        "inference_margin_pct."
    )
    requests = serializers.IntegerField()
    unpriced_requests = serializers.IntegerField(
        help_text="Requests whose cost is unknown: left out of the margin percentages."
    )
    unpriced_events = serializers.IntegerField()
    active_customers = serializers.IntegerField(
        help_text="Customers active in the month: invoiced, using or paying."
    )
    new_customers = serializers.IntegerField(help_text="Of those, in their first active month.")
    customers_at_start = serializers.IntegerField(help_text="Of those, active the month before.")
    churned_customers = serializers.IntegerField(
        help_text="Customers lost in the month (their last active month), as of as_of."
    )
    logo_churn_pct = ratio("churned / active customers x 100; null while the month is open.")
    net_revenue_retention_pct = ratio(
        "This month's revenue from the customers it started with / their revenue the month "
        "before x 100; null while the month is open."
    )


# ---------------------------------------------------------------- SLOs and alerts


# ------------------------------------------------------------------------ cohorts


class CohortMonthOutputSerializer(serializers.Serializer):
    month = MonthField()
    closed = serializers.BooleanField()
    active_customers = serializers.IntegerField(help_text="Of the cohort, active in the month.")
    churned_customers = serializers.IntegerField(help_text="Of the cohort, lost in the month.")
    revenue = money("Invoiced to the cohort for the month.")


class CohortOutputSerializer(serializers.Serializer):
    cohort = MonthField(help_text="The month its customers were created, YYYY-MM.")
    customers = serializers.IntegerField()
    active_customers = serializers.IntegerField(help_text="Active as of as_of.")
    churned_customers = serializers.IntegerField(help_text="Churned as of as_of.")
    never_active = serializers.IntegerField()
    realised_ltv = money("Gross margin earned in closed months, per customer of the cohort.")
    months = CohortMonthOutputSerializer(many=True)


class CohortReportOutputSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField(help_text="The moment churn is taken at.")
    currency = currency_field()
    cohorts = CohortOutputSerializer(many=True)


class CustomerProjectionOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField()
    as_of = serializers.DateTimeField()
    window_start = serializers.DateTimeField(
        help_text="The daily rate's first day: the last 7 complete UTC days before today."
    )
    window_end = serializers.DateTimeField(help_text="Today's 00:00 UTC (excluded).")
    daily_rate = DecimalStringField(
        help_text="Attributed revenue per day over the window (days without usage count as 0)."
    )
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    month_to_date = DecimalStringField(help_text="The month's attributed revenue so far.")
    days_left_in_period = DecimalStringField()
    projected_invoice = DecimalStringField(
        help_text="month_to_date + daily_rate x days_left_in_period, to the cent."
    )
    currency = serializers.CharField(allow_null=True, help_text="The credits' currency.")
    credits_available = DecimalStringField(
        allow_null=True, help_text="balance - held (null: no credits)."
    )
    credit_days_left = DecimalStringField(
        allow_null=True,
        help_text="credits_available / daily_rate, rounded down to 0.1 (null: no credits or"
        " no recent usage).",
    )

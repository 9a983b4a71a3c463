"""Serializers of the pricing API (names are unique across the schema)."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.fields import DecimalStringField
from pricing.charge_specs import CHARGE_TYPES, PRICE_MODELS
from pricing.models import Invoice, PlanVersion, Subscription
from pricing.money import round_money
from pricing.rating import METRICS

# Three letters, upper or lower case (stored upper case); the rating engine knows the minor units.
CURRENCY_VALIDATORS = [
    RegexValidator(r"^[A-Za-z]{3}$", "Use an ISO 4217 code of three letters, e.g. USD.")
]
LINE_KINDS = ("flat_fee", "usage", "included", "tier_flat", "minimum", "adjustment")


def _decimal(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=27, decimal_places=12, help_text=help_text, **kwargs)


# ----------------------------------------------------------------------------- charges


class TierInputSerializer(serializers.Serializer):
    up_to = _decimal(
        "Upper bound of the tier in billing units, inclusive; null for the last tier.",
        allow_null=True,
        required=False,
    )
    unit_amount = _decimal("Price per billing unit in the tier.", required=False)
    flat_amount = _decimal("Charged once when usage enters the tier.", required=False)


class ChargeInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=CHARGE_TYPES)
    key = serializers.RegexField(
        r"^[A-Za-z0-9_.\-]{1,64}$",
        required=False,
        help_text="Stable id of the charge within the plan (default: type and position).",
    )
    description = serializers.CharField(max_length=200, help_text="Shown on invoice lines.")
    amount = _decimal(
        "flat_fee: fee per monthly period (billed in advance, prorated by day); "
        "minimum: minimum spend per period.",
        required=False,
    )
    metric = serializers.ChoiceField(choices=METRICS, required=False)
    unit_size = _decimal(
        "usage: metric units per billing unit, e.g. 1000000 to price per 1M tokens.",
        required=False,
    )
    included = _decimal(
        "usage: billing units included free each period before the price applies.",
        required=False,
    )
    model = serializers.CharField(
        max_length=200, required=False, allow_null=True, help_text="Only events of this model."
    )
    request_class = serializers.CharField(
        max_length=64, required=False, allow_null=True, help_text="Only this request class."
    )
    price_model = serializers.ChoiceField(choices=PRICE_MODELS, required=False)
    unit_amount = _decimal("per_unit: price per billing unit.", required=False)
    tiers = TierInputSerializer(many=True, required=False, help_text="graduated / volume tiers.")
    package_size = _decimal("package: billing units per package.", required=False)
    package_amount = _decimal("package: price per started package.", required=False)
    percent = _decimal("percentage: percent of the metric (2.5 is 2.5 %).", required=False)
    markup_percent = _decimal(
        "cost_plus: markup on the requests' pinned cost (20 bills cost x 1.20).", required=False
    )
    minimum_per_request = _decimal(
        "cost_plus: at least this much per request over the period (default 0).",
        required=False,
    )


class TierOutputSerializer(serializers.Serializer):
    up_to = DecimalStringField(allow_null=True)
    unit_amount = DecimalStringField()
    flat_amount = DecimalStringField()


class ChargeOutputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=CHARGE_TYPES)
    key = serializers.CharField()
    description = serializers.CharField()
    amount = DecimalStringField(required=False)
    metric = serializers.ChoiceField(choices=METRICS, required=False)
    unit_size = DecimalStringField(required=False)
    included = DecimalStringField(required=False)
    model = serializers.CharField(required=False, allow_null=True)
    request_class = serializers.CharField(required=False, allow_null=True)
    price_model = serializers.ChoiceField(choices=PRICE_MODELS, required=False)
    unit_amount = DecimalStringField(required=False)
    tiers = TierOutputSerializer(many=True, required=False)
    package_size = DecimalStringField(required=False)
    package_amount = DecimalStringField(required=False)
    percent = DecimalStringField(required=False)
    markup_percent = DecimalStringField(required=False)
    minimum_per_request = DecimalStringField(required=False)


def charges_input(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the keys DRF filled with None so the charge parser applies its defaults."""
    out = []
    for item in data:
        charge = {k: v for k, v in item.items() if v is not None or k in ("model", "request_class")}
        if "tiers" in charge:
            charge["tiers"] = [dict(t) for t in charge["tiers"]]
        out.append(charge)
    return out


# ----------------------------------------------------------------------------- plans


class PlanVersionOutputSerializer(serializers.ModelSerializer):
    plan_id = serializers.CharField(source="plan.code")
    charges = serializers.SerializerMethodField()

    @extend_schema_field(ChargeOutputSerializer(many=True))
    def get_charges(self, version: PlanVersion) -> Any:
        return version.charges

    class Meta:
        model = PlanVersion
        fields = [
            "plan_id",
            "version",
            "status",
            "currency",
            "billing_period",
            "charges",
            "created_at",
            "published_at",
            "retired_at",
        ]
        read_only_fields = fields


class PlanVersionSummaryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["version", "status", "currency", "published_at"]
        read_only_fields = fields


class PlanOutputSerializer(serializers.Serializer):
    plan_id = serializers.CharField(source="code")
    name = serializers.CharField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    versions = serializers.SerializerMethodField()

    @extend_schema_field(PlanVersionSummaryOutputSerializer(many=True))
    def get_versions(self, plan: Any) -> Any:
        versions = sorted(plan.versions.all(), key=lambda v: v.version)
        return PlanVersionSummaryOutputSerializer(versions, many=True).data


class PlanCreateInputSerializer(serializers.Serializer):
    plan_id = serializers.RegexField(
        r"^[A-Za-z0-9_.\-]{1,64}$",
        help_text="Your own id for the plan (letters, digits and _ . -), unique per tenant.",
        error_messages={"invalid": "Use 1-64 letters, digits or _ . - characters."},
    )
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    currency = serializers.CharField(
        min_length=3, max_length=3, validators=CURRENCY_VALIDATORS, help_text="ISO 4217, e.g. USD."
    )
    charges = ChargeInputSerializer(many=True, help_text="Charges of version 1 (a draft).")


class PlanCreatedOutputSerializer(serializers.Serializer):
    plan = PlanOutputSerializer()
    version = PlanVersionOutputSerializer()


class PlanVersionCreateInputSerializer(serializers.Serializer):
    currency = serializers.CharField(
        min_length=3,
        max_length=3,
        required=False,
        validators=CURRENCY_VALIDATORS,
        help_text="Default: the latest version's.",
    )
    charges = ChargeInputSerializer(
        many=True, required=False, help_text="Default: a copy of the latest version's charges."
    )


class PlanVersionUpdateInputSerializer(PlanVersionCreateInputSerializer):
    pass


class PlanVersionMigrateInputSerializer(serializers.Serializer):
    from_version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Only subscriptions on this version (default all older).",
    )
    at = serializers.ChoiceField(
        choices=["next_period", "now"],
        default="next_period",
        help_text="next_period: from the 1st of next month; now: today, prorated by day.",
    )


# ----------------------------------------------------------------------------- subscriptions


class SubscriptionOutputSerializer(serializers.ModelSerializer):
    customer_id = serializers.CharField(source="customer.external_id")
    plan_id = serializers.CharField(source="plan_version.plan.code")
    version = serializers.IntegerField(source="plan_version.version")

    class Meta:
        model = Subscription
        fields = [
            "id",
            "customer_id",
            "plan_id",
            "version",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlanVersionMigratedOutputSerializer(serializers.Serializer):
    plan_id = serializers.CharField()
    version = serializers.IntegerField()
    effective_date = serializers.DateField()
    subscriptions = SubscriptionOutputSerializer(many=True, help_text="The migrated subscriptions.")


class SubscriptionCreateInputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(max_length=128)
    plan_id = serializers.CharField(max_length=64)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="Default: the latest published version."
    )
    start_date = serializers.DateField(required=False, help_text="Default: today (UTC).")
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text="Exclusive; null for open-ended."
    )


class SubscriptionChangeInputSerializer(serializers.Serializer):
    plan_id = serializers.CharField(max_length=64)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="Default: the latest published version."
    )
    effective_date = serializers.DateField(
        required=False, help_text="The new version starts this day (default today, UTC)."
    )


class SubscriptionCancelInputSerializer(serializers.Serializer):
    end_date = serializers.DateField(
        required=False, help_text="Exclusive end (default: the first day of next month)."
    )


# ----------------------------------------------------------------------------- invoices


class InvoiceLineOutputSerializer(serializers.Serializer):
    charge_key = serializers.CharField()
    kind = serializers.ChoiceField(choices=LINE_KINDS)
    description = serializers.CharField()
    quantity = DecimalStringField(help_text="Billing units (or 1 for fees).")
    unit_price = DecimalStringField(help_text="Unrounded price per unit.")
    amount = DecimalStringField(help_text="Rounded to the currency's minor unit.")
    period_start = serializers.DateField()
    period_end = serializers.DateField(help_text="Exclusive.")
    proration = serializers.BooleanField()
    tier = serializers.IntegerField(allow_null=True)


class RequestClassRevenueOutputSerializer(serializers.Serializer):
    request_class = serializers.CharField()
    revenue = DecimalStringField()


class InvoiceAmountsSerializer(serializers.Serializer):
    customer_id = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField(help_text="Exclusive.")
    currency = serializers.CharField(allow_null=True)
    lines = InvoiceLineOutputSerializer(many=True)
    period_total = DecimalStringField(help_text="Charges of this period.")
    adjustment_total = DecimalStringField(help_text="Late usage of earlier, finalised periods.")
    total = DecimalStringField()
    recurring_total = DecimalStringField(help_text="Flat fees and minimum true-ups.")
    usage_total = DecimalStringField()
    revenue_by_request_class = RequestClassRevenueOutputSerializer(
        many=True, help_text="period_total allocated to request classes, to the cent."
    )
    unattributed = DecimalStringField(help_text="Fees of a period without any request.")
    credits_applied = DecimalStringField(
        help_text="Prepaid credits this period's usage drew (see /v1/customers/{id}/credits)."
    )
    amount_due = DecimalStringField(help_text="total - credits_applied.")


class InvoicePreviewOutputSerializer(InvoiceAmountsSerializer):
    pass


class InvoiceOutputSerializer(InvoiceAmountsSerializer):
    id = serializers.UUIDField()
    finalized_at = serializers.DateTimeField()


def money(value: Any, currency: str | None) -> str:
    """Format an amount to the currency's minor unit."""
    return format(round_money(value, currency) if currency else value, "f")


def invoice_body(invoice: Invoice) -> dict[str, Any]:
    """Return the API shape of a finalised invoice."""
    c = invoice.currency
    return {
        "id": invoice.id,
        "customer_id": invoice.customer.external_id,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "currency": c,
        "lines": invoice.lines,
        "period_total": money(invoice.period_total, c),
        "adjustment_total": money(invoice.adjustment_total, c),
        "total": money(invoice.total, c),
        "recurring_total": money(invoice.recurring_total, c),
        "usage_total": money(invoice.usage_total, c),
        "revenue_by_request_class": [
            {"request_class": name, "revenue": amount}
            for name, amount in sorted(invoice.revenue_by_request_class.items())
        ],
        "unattributed": money(invoice.unattributed, c),
        "credits_applied": money(invoice.credits_applied, c),
        "amount_due": money(invoice.total - invoice.credits_applied, c),
        "finalized_at": invoice.finalized_at,
    }

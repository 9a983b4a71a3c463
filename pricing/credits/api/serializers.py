"""Serializers of the credits and guardrails API (names are unique across the schema)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import RegexValidator
from rest_framework import serializers

from config.api.fields import DecimalStringField
from metering.models import Outcome
from pricing.credits.models import BudgetMeasure, GrantKind

CURRENCY_VALIDATORS = [
    RegexValidator(r"^[A-Za-z]{3}$", "Use an ISO 4217 code of three letters, e.g. USD.")
]


def _decimal(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    """An amount: never negative (a request cannot bill or cost less than nothing)."""
    kwargs.setdefault("min_value", Decimal(0))
    return serializers.DecimalField(max_digits=24, decimal_places=10, help_text=help_text, **kwargs)


class CreditGrantCreateInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GrantKind.choices, help_text="paid or promotional.")
    credits = _decimal("How many credits (in `unit`; in the currency when no unit is given).")
    currency = serializers.CharField(
        validators=CURRENCY_VALIDATORS, help_text="The currency the credits pay invoices in."
    )
    unit = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="A custom credit unit, e.g. 'tokens-credits' (empty: the currency itself).",
    )
    unit_rate = _decimal(
        "Currency per credit unit (default 1).", required=False, default=Decimal(1)
    )
    priority = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        default=100,
        help_text="Lower draws first (default 100).",
    )
    effective_at = serializers.DateTimeField(required=False, help_text="Default: now.")
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Null: never expires."
    )
    description = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )


class CreditGrantOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    customer_id = serializers.CharField()
    kind = serializers.ChoiceField(choices=GrantKind.choices)
    currency = serializers.CharField()
    credits = DecimalStringField()
    unit = serializers.CharField()
    unit_rate = DecimalStringField()
    amount = DecimalStringField(help_text="credits x unit_rate, in the currency.")
    priority = serializers.IntegerField()
    effective_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    voided_at = serializers.DateTimeField(allow_null=True)
    description = serializers.CharField()


class CreditGrantBalanceSerializer(CreditGrantOutputSerializer):
    drawn = DecimalStringField(help_text="Taken by rated usage, in the currency.")
    expired = DecimalStringField()
    voided = DecimalStringField()
    remaining = DecimalStringField(help_text="In the currency.")
    remaining_credits = DecimalStringField(help_text="In the grant's unit.")


class CreditEntryOutputSerializer(serializers.Serializer):
    grant_id = serializers.UUIDField()
    kind = serializers.CharField()
    amount = DecimalStringField()
    occurred_at = serializers.DateTimeField()


class CreditBalanceOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField()
    currency = serializers.CharField()
    balance = DecimalStringField(help_text="Credits of grants in force now, after rated usage.")
    held = DecimalStringField(help_text="Reserved by open authorisations.")
    available = DecimalStringField(help_text="balance - held: what an authorisation can use.")
    as_of = serializers.DateTimeField()
    grants = CreditGrantBalanceSerializer(many=True)
    entries = CreditEntryOutputSerializer(many=True, help_text="The ledger, oldest first.")


class BudgetCreateInputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(max_length=128)
    measure = serializers.ChoiceField(choices=BudgetMeasure.choices)
    limit = _decimal("spend (the plan's currency) or cost (USD): the monthly cap.", required=False)
    floor_percent = serializers.DecimalField(
        max_digits=7,
        decimal_places=4,
        required=False,
        help_text="margin: the lowest margin % the month may reach.",
    )
    request_class = serializers.CharField(
        max_length=64,
        required=False,
        default="",
        allow_blank=True,
        help_text="Only this request class (empty: all).",
    )
    tag = serializers.CharField(
        max_length=128,
        required=False,
        default="",
        allow_blank=True,
        help_text="Only requests with this tag, e.g. an end user (empty: all).",
    )
    alert_percents = serializers.ListField(
        child=serializers.DecimalField(
            max_digits=9, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal(1000)
        ),
        max_length=10,
        required=False,
        help_text=(
            "spend and cost budgets: the percentages of the limit that raise a budget_threshold"
            " alert, once each per month (default [80, 100]; [] for none)."
        ),
    )


class BudgetOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    customer_id = serializers.CharField(source="customer.external_id")
    measure = serializers.CharField()
    limit = DecimalStringField(allow_null=True)
    floor_percent = DecimalStringField(allow_null=True)
    request_class = serializers.CharField()
    tag = serializers.CharField()
    period_start = serializers.DateField()
    spend = DecimalStringField()
    cost = DecimalStringField()
    held_spend = DecimalStringField()
    held_cost = DecimalStringField()
    alert_percents = serializers.ListField(child=DecimalStringField())


def _count(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, max_value=2**63 - 1, required=False, default=0, help_text=help_text, **kwargs
    )


class ExpectedUsageSerializer(serializers.Serializer):
    """A request's expected usage: the fields of a usage event, as an estimate."""

    model = serializers.CharField(
        max_length=128, required=False, default="", allow_blank=True, help_text="e.g. gpt-4o."
    )
    provider = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)
    input_tokens = _count("Expected input tokens (not cached).")
    cached_input_tokens = _count("Expected cached input tokens.")
    cache_write_tokens = _count("Expected cache-write tokens.")
    output_tokens = _count("Expected output tokens.")
    reasoning_tokens = _count("Expected reasoning tokens.")
    requests = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, default=1)
    gpu_seconds = serializers.DecimalField(
        max_digits=18, decimal_places=6, min_value=Decimal(0), required=False, default=Decimal(0)
    )
    gpu_type = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)
    retrieval_calls = _count("Expected retrieval calls.")
    external_cost = serializers.DecimalField(
        max_digits=20,
        decimal_places=10,
        min_value=Decimal(0),
        required=False,
        default=Decimal(0),
        help_text="Cost already priced by the caller, USD.",
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        allow_null=True,
        default=Outcome.SUCCESS,
        help_text="The outcome to price (default success; null for none).",
    )
    outcome_value = serializers.DecimalField(
        max_digits=20, decimal_places=6, required=False, allow_null=True, default=None
    )


class AuthorizeInputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(max_length=128)
    request_class = serializers.CharField(max_length=64)
    expected_spend = _decimal(
        "What the request should bill, in the credits' currency (or give expected_usage).",
        required=False,
    )
    expected_cost = _decimal(
        "What it should cost us, in USD (default 0; with expected_usage, leave it out).",
        required=False,
    )
    expected_usage = ExpectedUsageSerializer(
        required=False,
        help_text="Instead of expected_spend and expected_cost: the usage the request should"
        " have. Its cost is priced with the cost book now, its spend is its marginal price"
        " under the customer's plan at the month's usage so far.",
    )
    tag = serializers.CharField(max_length=128, required=False, default="", allow_blank=True)
    currency = serializers.CharField(
        validators=CURRENCY_VALIDATORS,
        required=False,
        help_text="The credits' currency (default: the customer's only credit account; with"
        " expected_usage, the plan's currency).",
    )
    hold = serializers.BooleanField(
        required=False, default=True, help_text="Reserve the amounts until settled."
    )
    hold_seconds = serializers.IntegerField(
        min_value=1,
        max_value=86_400,
        required=False,
        default=300,
        help_text="When an unsettled hold gives its amounts back.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "expected_usage" in attrs:
            both = [f for f in ("expected_spend", "expected_cost") if f in attrs]
            if both:
                raise serializers.ValidationError(
                    {both[0]: "Give expected_usage or the expected amounts, not both."}
                )
        elif "expected_spend" not in attrs:
            raise serializers.ValidationError(
                {"expected_spend": "Give expected_spend (and expected_cost) or expected_usage."}
            )
        return attrs


class AuthorizeEstimateSerializer(serializers.Serializer):
    spend = DecimalStringField(help_text="The request's marginal price (10 places).")
    cost = DecimalStringField(help_text="Its cost under the cost book now, USD.")
    currency = serializers.CharField(allow_null=True, help_text="The plan's (null: no plan).")
    plan_code = serializers.CharField(allow_null=True)
    plan_version = serializers.IntegerField(allow_null=True)


class AuthorizeOutputSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=["ok", "insufficient_credits", "spend_limit", "cost_limit", "margin_floor"]
    )
    detail = serializers.CharField()
    authorization_id = serializers.UUIDField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    credits_remaining = DecimalStringField(
        allow_null=True, help_text="Credits left after this request's hold (null: no credits)."
    )
    budgets = serializers.ListField(child=serializers.DictField(), help_text="Each budget's state.")
    estimate = AuthorizeEstimateSerializer(
        allow_null=True, help_text="With expected_usage: the amounts authorised (else null)."
    )


class AuthorizationSettleInputSerializer(serializers.Serializer):
    spend = _decimal("What the request really billed.")
    cost = _decimal("What it really cost, USD.", required=False, default=Decimal(0))


class AuthorizationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    customer_id = serializers.CharField(source="customer.external_id")
    request_class = serializers.CharField()
    tag = serializers.CharField()
    spend = DecimalStringField()
    cost = DecimalStringField()
    status = serializers.CharField()
    expires_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


def _threshold(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    kwargs.setdefault("min_value", Decimal(0))
    kwargs.setdefault("max_digits", 24)
    kwargs.setdefault("decimal_places", 10)
    return serializers.DecimalField(
        required=False,
        allow_null=True,
        default=None,
        help_text=help_text,
        **kwargs,
    )


class CreditAlertSettingsInputSerializer(serializers.Serializer):
    balance_below = _threshold(
        "credits_balance_low when available credits fall below this amount (the credits'"
        " currency). Null: off."
    )
    balance_below_percent = _threshold(
        "credits_balance_low when available credits fall below this % of the credits of the"
        " grants in force. Null: off.",
        max_digits=7,
        decimal_places=4,
    )
    running_out_days = _threshold(
        "credits_running_out when the credits last fewer days than this at the recent daily"
        " rate. Null: off.",
        max_digits=9,
        decimal_places=2,
    )
    projected_invoice_above = _threshold(
        "invoice_projected when the month's projected invoice is above this amount. Null: off."
    )


class CreditAlertSettingsOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField(allow_null=True, help_text="Null: the tenant's default.")
    set_by = serializers.ChoiceField(
        choices=["customer", "tenant", "default"],
        help_text="Whose settings these are: the customer's own, the tenant's default, or the"
        " built-in default (running_out_days 7, the rest off).",
    )
    balance_below = DecimalStringField(allow_null=True)
    balance_below_percent = DecimalStringField(allow_null=True)
    running_out_days = DecimalStringField(allow_null=True)
    projected_invoice_above = DecimalStringField(allow_null=True)


class AutoTopUpInputSerializer(serializers.Serializer):
    currency = serializers.CharField(
        validators=CURRENCY_VALIDATORS, help_text="The credits' currency."
    )
    below = _decimal("Top up when the credit balance falls below this amount.")
    credits = _decimal(
        "Paid credits (in the currency) each top-up grants.", min_value=Decimal("0.01")
    )
    max_per_month = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        required=False,
        default=1,
        help_text="At most this many top-ups per calendar month (UTC).",
    )
    cooldown_seconds = serializers.IntegerField(
        min_value=0,
        max_value=31 * 86_400,
        required=False,
        default=0,
        help_text="No top-up within this many seconds of the previous one.",
    )
    active = serializers.BooleanField(required=False, default=True)


class AutoTopUpMadeSerializer(serializers.Serializer):
    grant_id = serializers.UUIDField()
    period_start = serializers.DateField()
    sequence = serializers.IntegerField(help_text="1 for the month's first top-up.")
    amount = DecimalStringField()
    balance_before = DecimalStringField()
    created_at = serializers.DateTimeField()


class AutoTopUpOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    customer_id = serializers.CharField(source="customer.external_id")
    currency = serializers.CharField()
    below = DecimalStringField()
    credits = DecimalStringField()
    max_per_month = serializers.IntegerField()
    cooldown_seconds = serializers.IntegerField()
    active = serializers.BooleanField()
    top_ups = AutoTopUpMadeSerializer(many=True, help_text="The latest 100, newest first.")

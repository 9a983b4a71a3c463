"""Bodies of the Stripe integration's API (unique names for the OpenAPI schema)."""

from __future__ import annotations

from rest_framework import serializers

from config.api.params import MonthField


class StripeConnectionInputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["test", "live"], help_text="Stripe mode of the key.")
    secret_key = serializers.CharField(
        max_length=255,
        trim_whitespace=True,
        write_only=True,
        help_text="Secret (sk_) or restricted (rk_) key; stored encrypted, never shown again.",
    )
    webhook_secret = serializers.CharField(
        max_length=255,
        trim_whitespace=True,
        write_only=True,
        help_text="Signing secret (whsec_) of the webhook endpoint; stored encrypted.",
    )


class StripeConnectionOutputSerializer(serializers.Serializer):
    connected = serializers.BooleanField()
    mode = serializers.CharField(allow_null=True)
    secret_key = serializers.CharField(
        allow_null=True, help_text="Masked: the prefix and the last four characters."
    )
    webhook_secret = serializers.CharField(allow_null=True, help_text="Masked, as secret_key.")
    webhook_url = serializers.CharField(
        help_text="Path of this tenant's webhook endpoint, to register in Stripe."
    )
    connected_at = serializers.DateTimeField(allow_null=True)
    outbox_pending = serializers.IntegerField()
    outbox_dead = serializers.IntegerField()


class StripeOutboxOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    operation = serializers.CharField(help_text="customer.sync, plan_version.sync, ...")
    subject = serializers.CharField(help_text="The pk or key of the object synced.")
    idempotency_key = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "done", "dead"])
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField()
    last_error = serializers.CharField()
    stripe_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)


class StripeWebhookOutputSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    duplicate = serializers.BooleanField(help_text="True when this event was stored before.")
    event_id = serializers.CharField()


class StripeDifferenceOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=["meter_usage", "invoice_total", "meter_error"])
    customer_id = serializers.CharField(allow_null=True)
    subject = serializers.CharField(help_text="The meter key, Marginal invoice id or Stripe meter.")
    marginal_value = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True)
    stripe_value = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True)
    cause = serializers.CharField()
    found_at = serializers.DateTimeField()


class StripeReconciliationOutputSerializer(serializers.Serializer):
    month = MonthField()
    ran_at = serializers.DateTimeField(allow_null=True, help_text="Null: not reconciled yet.")
    complete = serializers.BooleanField(help_text="False when Stripe could not be read.")
    differences = StripeDifferenceOutputSerializer(many=True)


class StripePreviewChargeOutputSerializer(serializers.Serializer):
    charge_key = serializers.CharField()
    marginal = serializers.CharField(help_text="Marginal's amount for the charge.")
    stripe = serializers.CharField(help_text="What Stripe's own lines bill for it.")
    item = serializers.CharField(help_text="The invoice item Marginal adds at invoicing.")


class StripePreviewItemOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    charge_key = serializers.CharField()
    description = serializers.CharField()
    amount = serializers.CharField()


class StripePreviewOutputSerializer(serializers.Serializer):
    customer_id = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    currency = serializers.CharField(allow_null=True)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["upcoming", "invoices"],
        help_text="Stripe's upcoming invoice (current month) or its invoices (a past month).",
    )
    marginal_total = serializers.CharField()
    stripe_total = serializers.CharField(help_text="Stripe's lines before Marginal's items.")
    items_total = serializers.CharField()
    stripe_expected_total = serializers.CharField(help_text="stripe_total + items_total.")
    difference = serializers.CharField(help_text="marginal_total - stripe_expected_total.")
    charges = StripePreviewChargeOutputSerializer(many=True)
    items = StripePreviewItemOutputSerializer(many=True)

"""Serializers of the cost SLO, alert and webhook API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from economics.alerts.models import Alert, CostSlo, WebhookDelivery, WebhookEndpoint
from economics.margins.api.serializers import money, nullable_money


class CostSloOutputSerializer(serializers.ModelSerializer):
    max_cost_per_request = nullable_money("USD per request.")
    min_margin_pct = nullable_money("Inference margin floor, %.")

    class Meta:
        model = CostSlo
        fields = ["id", "request_class", "max_cost_per_request", "min_margin_pct", "created_at"]
        read_only_fields = fields


class CostSloCreateInputSerializer(serializers.Serializer):
    request_class = serializers.CharField(max_length=200)
    max_cost_per_request = serializers.DecimalField(
        max_digits=24,
        decimal_places=10,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Alert when a day's cost per request is above this (USD).",
    )
    min_margin_pct = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Alert when a day's inference margin % is below this.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["max_cost_per_request"] is None and attrs["min_margin_pct"] is None:
            raise serializers.ValidationError(
                {"max_cost_per_request": "Give max_cost_per_request, min_margin_pct or both."}
            )
        return attrs


class AlertOutputSerializer(serializers.ModelSerializer):
    customer_id = serializers.SerializerMethodField()
    request_class = serializers.SerializerMethodField()
    observed = money("The measured figure (USD, or % for margin alerts).")
    threshold = money("The SLO, or the baseline median for anomalies.")

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "request_class",
            "customer_id",
            "window_start",
            "window_end",
            "observed",
            "threshold",
            "message",
            "created_at",
            "acknowledged_at",
        ]
        read_only_fields = fields

    def get_customer_id(self, obj: Alert) -> str | None:
        return obj.customer.external_id if obj.customer else None

    def get_request_class(self, obj: Alert) -> str | None:
        return obj.request_class or None


class WebhookEndpointOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "active", "created_at"]
        read_only_fields = fields


class WebhookEndpointCreatedOutputSerializer(WebhookEndpointOutputSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text=(
            "Signing secret, shown only here. Each delivery carries Marginal-Signature: "
            "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>."
        ),
    )

    class Meta(WebhookEndpointOutputSerializer.Meta):
        fields = [*WebhookEndpointOutputSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookEndpointCreateInputSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=1000,
        help_text=(
            "Alerts are POSTed here as JSON. An https URL whose host resolves to public "
            "addresses only (not loopback, private, link-local, multicast, reserved or "
            "unspecified ones); checked again before every delivery, redirects not followed."
        ),
    )


class WebhookDeliveryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint_id",
            "alert_id",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "delivered_at",
            "created_at",
        ]
        read_only_fields = fields

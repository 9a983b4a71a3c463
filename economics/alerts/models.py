"""Tables of cost SLOs, the alerts they raise, and the webhooks that deliver them.

Imported by economics.models so Django registers them (app label `economics`).
"""

from __future__ import annotations

import uuid

from django.db import models

from economics.margins.models import money_field
from metering.tenancy import TenantOwnedModel


class CostSlo(TenantOwnedModel):
    """Per request class: a ceiling on cost per request and/or a floor on inference margin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    request_class = models.CharField(max_length=200)
    max_cost_per_request = money_field(null=True, blank=True)  # USD
    min_margin_pct = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "request_class"], name="economics_cost_slo_class"
            )
        ]

    def __str__(self) -> str:
        return f"SLO {self.request_class}"


class Alert(TenantOwnedModel):
    class Kind(models.TextChoices):
        COST_PER_REQUEST = "cost_per_request", "Cost per request above the SLO"
        MARGIN = "margin", "Inference margin below the SLO"
        CLASS_SPEND_ANOMALY = "class_spend_anomaly", "Daily spend of a class is anomalous"
        CUSTOMER_SPEND_ANOMALY = "customer_spend_anomaly", "Daily spend of a customer is anomalous"
        STRIPE_DIFFERENCE = "stripe_difference", "Stripe differs from Marginal"
        STRIPE_METER_ERROR = "stripe_meter_error", "Stripe reported a meter error"
        BUDGET_THRESHOLD = "budget_threshold", "A budget reached a threshold of its limit"
        CREDITS_RUNNING_OUT = (
            "credits_running_out",
            "Credits run out within the set number of days at the recent rate",
        )
        CREDITS_BALANCE_LOW = "credits_balance_low", "Credits fell below a set balance"
        INVOICE_PROJECTED = (
            "invoice_projected",
            "The month's projected invoice is above a set amount",
        )
        MARGIN_CROSSING = (
            "margin_crossing",
            "A request class is forecast to cross from a positive margin to a loss",
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # One breach = one kind x subject x day; the unique key makes re-evaluation a no-op.
    dedup_key = models.CharField(max_length=400)
    request_class = models.CharField(max_length=200, blank=True, default="")
    customer = models.ForeignKey(
        "metering.Customer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    observed = money_field()
    threshold = money_field()
    message = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "dedup_key"], name="economics_alert_dedup")
        ]
        indexes = [models.Index(fields=["tenant", "-created_at"], name="economics_alert_recent")]

    def __str__(self) -> str:
        return self.message


class WebhookEndpoint(TenantOwnedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=1000)
    secret = models.CharField(max_length=100)  # HMAC-SHA256 key shared with the receiver
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "active"], name="economics_webhook_active")]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(TenantOwnedModel):
    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"  # gave up after the last retry

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One delivery per alert per endpoint: a breach is never sent twice. The tenant is
            # in the key so the constraint holds shard-locally on Citus (docs/scaling.md).
            models.UniqueConstraint(
                fields=["tenant", "endpoint", "alert"], name="economics_delivery_once_per_tenant"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="economics_delivery_due")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} -> {self.endpoint_id} ({self.status})"

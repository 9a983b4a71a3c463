"""Admin of alerts, read-only: SLOs and webhook endpoints change through the audited API."""

from __future__ import annotations

from django.contrib import admin

from economics.alerts.models import Alert, CostSlo, WebhookDelivery, WebhookEndpoint
from economics.margins.admin import ReadOnlyAdmin


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "tenant", "kind", "request_class", "observed", "threshold"]
    list_filter = ["kind"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "tenant", "status", "attempts", "last_status_code"]
    list_filter = ["status"]


@admin.register(CostSlo)
class CostSloAdmin(ReadOnlyAdmin):
    list_display = ["request_class", "tenant", "max_cost_per_request", "min_margin_pct"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "tenant", "active", "created_at"]
    exclude = ["secret"]

"""Admin of the margin side: rollups, alerts and deliveries are read-only; SLOs and spend editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from economics.margin_models import (
    AcquisitionCost,
    Alert,
    CostSlo,
    RollupDay,
    WebhookDelivery,
    WebhookEndpoint,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the system computes: visible, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RollupDay)
class RollupDayAdmin(ReadOnlyAdmin):
    list_display = ["bucket_start", "tenant", "customer", "request_class", "model", "requests"]
    list_filter = ["request_class"]
    date_hierarchy = "bucket_start"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "tenant", "kind", "request_class", "observed", "threshold"]
    list_filter = ["kind"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "tenant", "status", "attempts", "last_status_code"]
    list_filter = ["status"]


@admin.register(CostSlo)
class CostSloAdmin(admin.ModelAdmin):
    list_display = ["request_class", "tenant", "max_cost_per_request", "min_margin_pct"]


@admin.register(AcquisitionCost)
class AcquisitionCostAdmin(admin.ModelAdmin):
    list_display = ["month", "tenant", "channel", "customer", "amount"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "tenant", "active", "created_at"]
    exclude = ["secret"]

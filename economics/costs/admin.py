"""Admin of the cost book: read-only, since every change goes through the audited API.

Tenants change prices, rates and fixed costs through the API (each change is a new audited
entry); the shipped catalog is loaded with `manage.py import_prices --format catalog`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from economics.costs.models import (
    CostRecalculation,
    FixedCost,
    GpuRate,
    ModelPrice,
    ServiceRate,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows changed only through the API, which audits every change: visible, never edited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModelPrice)
class ModelPriceAdmin(ReadOnlyAdmin):
    list_display = [
        "model",
        "provider",
        "tenant",
        "valid_from",
        "input_per_1m",
        "cached_input_per_1m",
        "output_per_1m",
        "long_context_threshold",
        "origin",
    ]
    list_filter = ["origin", "provider"]
    search_fields = ["model", "provider"]
    ordering = ["provider", "model", "valid_from"]


@admin.register(GpuRate)
class GpuRateAdmin(ReadOnlyAdmin):
    list_display = ["gpu_type", "tenant", "valid_from", "usd_per_gpu_hour"]
    search_fields = ["gpu_type"]


@admin.register(ServiceRate)
class ServiceRateAdmin(ReadOnlyAdmin):
    list_display = ["service", "tenant", "valid_from", "usd_per_call"]
    search_fields = ["service"]


@admin.register(FixedCost)
class FixedCostAdmin(ReadOnlyAdmin):
    list_display = ["category", "request_class", "tenant", "monthly_amount", "start_month"]
    list_filter = ["category"]


@admin.register(CostRecalculation)
class CostRecalculationAdmin(ReadOnlyAdmin):
    list_display = ["id", "tenant", "start", "end", "status", "events_changed", "created_at"]

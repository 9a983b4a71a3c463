"""Admin of the cost book: prices and rates are managed here too; re-costs are read-only."""

from __future__ import annotations

from django.contrib import admin

from economics.costs.models import (
    CostRecalculation,
    FixedCost,
    GpuRate,
    ModelPrice,
    ServiceRate,
)


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):
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
    readonly_fields = ["origin", "created_at", "updated_at"]
    ordering = ["provider", "model", "valid_from"]


@admin.register(GpuRate)
class GpuRateAdmin(admin.ModelAdmin):
    list_display = ["gpu_type", "tenant", "valid_from", "usd_per_gpu_hour"]
    search_fields = ["gpu_type"]


@admin.register(ServiceRate)
class ServiceRateAdmin(admin.ModelAdmin):
    list_display = ["service", "tenant", "valid_from", "usd_per_call"]
    search_fields = ["service"]


@admin.register(FixedCost)
class FixedCostAdmin(admin.ModelAdmin):
    list_display = ["category", "request_class", "tenant", "monthly_amount", "start_month"]
    list_filter = ["category"]


@admin.register(CostRecalculation)
class CostRecalculationAdmin(admin.ModelAdmin):
    list_display = ["id", "tenant", "start", "end", "status", "events_changed", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # re-costs are requested through the API, which audits them

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

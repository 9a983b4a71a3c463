"""Read-only admin for plans, subscriptions and invoices (changes go through the API)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pricing.models import Invoice, InvoiceAdjustment, Plan, PlanVersion, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "tenant", "created_at")
    search_fields = ("code", "name")


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "version", "status", "currency", "published_at")
    list_filter = ("status", "currency")


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("customer", "plan_version", "start_date", "end_date")


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("customer", "period_start", "currency", "total", "finalized_at")
    list_filter = ("currency",)


@admin.register(InvoiceAdjustment)
class InvoiceAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("invoice", "adjusted_invoice", "amount")


from pricing.stripe import admin as stripe_admin  # noqa: E402, F401  (registers its models)

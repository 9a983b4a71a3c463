"""Read-only admin of the Stripe integration (keys are never shown, even encrypted)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pricing.stripe.models import (
    StripeConnection,
    StripeDifference,
    StripeEvent,
    StripeInvoice,
    StripeObject,
    StripeOutbox,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StripeConnection)
class StripeConnectionAdmin(ReadOnlyAdmin):
    list_display = ("tenant", "mode", "secret_key_hint", "webhook_secret_hint", "connected_at")
    exclude = ("secret_key_encrypted", "webhook_secret_encrypted")


@admin.register(StripeOutbox)
class StripeOutboxAdmin(ReadOnlyAdmin):
    list_display = ("id", "tenant", "operation", "subject", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "operation")


@admin.register(StripeObject)
class StripeObjectAdmin(ReadOnlyAdmin):
    list_display = ("tenant", "kind", "local_key", "stripe_id", "synced_at")
    list_filter = ("kind",)


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "tenant", "event_type", "status", "received_at")
    list_filter = ("status", "event_type")


@admin.register(StripeInvoice)
class StripeInvoiceAdmin(ReadOnlyAdmin):
    list_display = ("stripe_id", "tenant", "customer", "period_month", "status", "total")


@admin.register(StripeDifference)
class StripeDifferenceAdmin(ReadOnlyAdmin):
    list_display = ("tenant", "month", "kind", "subject", "cause", "found_at", "resolved_at")

from django.contrib import admin

from metering.models import ApiKey, AuditEntry, Customer, EventCorrection, Tenant, UsageEvent


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "created_at"]
    search_fields = ["name"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "name",
        "tenant",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "key_hash", "tenant", "created_at", "last_used_at"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["external_id", "name", "tenant", "archived", "created_at"]
    search_fields = ["external_id", "name"]


@admin.register(UsageEvent)
class UsageEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "tenant", "request_class", "model", "timestamp", "cost_total"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # usage is immutable: corrections go through void/amend

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(EventCorrection)
class EventCorrectionAdmin(admin.ModelAdmin):
    """The audit trail of voids and amendments: read-only."""

    list_display = ["event_id", "action", "replacement_event_id", "tenant", "created_at"]
    search_fields = ["event_id", "replacement_event_id"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: append-only, so read-only here."""

    list_display = ["occurred_at", "action", "object_id", "actor_label", "tenant"]
    list_filter = ["action", "object_type", "actor_type"]
    search_fields = ["object_id", "actor_label", "actor_id"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

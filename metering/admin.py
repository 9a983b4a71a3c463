from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from metering.audit import Actor
from metering.models import (
    ApiKey,
    AuditEntry,
    Customer,
    EventCorrection,
    Membership,
    Tenant,
    UsageEvent,
)
from metering.services import api_key_revoke


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "created_at"]
    search_fields = ["name"]
    # Changed with `manage.py set_rate_limits`, which records the change in the audit log.
    readonly_fields = ["rate_limits"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Who signs in to which tenant's dashboard; members are created by create_tenant and demo."""

    list_display = ["user", "tenant", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "tenant__name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued through the API; here they can be read and revoked, both audited."""

    list_display = [
        "prefix",
        "name",
        "tenant",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("metering.change_apikey"))

    @admin.action(description="Revoke the selected keys", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        actor = Actor.of_user(request.user)
        keys = list(queryset.select_related("tenant").filter(revoked_at__isnull=True))
        for key in keys:
            api_key_revoke(tenant=key.tenant, api_key=key, actor=actor)
        self.message_user(request, f"Revoked {len(keys)} key(s).", messages.SUCCESS)


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

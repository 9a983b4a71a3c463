"""Admin of the margin side, read-only: acquisition spend changes through the audited API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from economics.margins.models import AcquisitionCost, RollupDay


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


@admin.register(AcquisitionCost)
class AcquisitionCostAdmin(ReadOnlyAdmin):
    list_display = ["month", "tenant", "channel", "customer", "amount"]

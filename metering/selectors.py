"""Reads of the metering app; every query is scoped to the caller's tenant."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet

from config.errors import NotFound
from metering.models import ApiKey, AuditEntry, Customer, Tenant


def api_key_list(*, tenant: Tenant) -> QuerySet[ApiKey]:
    return ApiKey.objects.of(tenant)


def api_key_get(*, tenant: Tenant, key_id: str) -> ApiKey:
    try:
        return ApiKey.objects.of(tenant).get(id=key_id)
    except (ApiKey.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No API key with this id.") from exc


def customer_list(
    *, tenant: Tenant, archived: bool | None = None, search: str | None = None
) -> QuerySet[Customer]:
    qs = Customer.objects.of(tenant)
    if archived is not None:
        qs = qs.filter(archived=archived)
    if search:
        qs = qs.filter(external_id__startswith=search)
    return qs


def customer_get(*, tenant: Tenant, external_id: str) -> Customer:
    try:
        return Customer.objects.of(tenant).get(external_id=external_id)
    except Customer.DoesNotExist as exc:
        raise NotFound(f"No customer with external_id '{external_id}'.") from exc


def audit_entry_list(
    *,
    tenant: Tenant,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    actor: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """The tenant's audit entries; `actor` matches an API key's id or prefix (or a job's name)."""
    entries = AuditEntry.objects.of(tenant)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if actor:
        entries = entries.filter(Q(actor_id=actor) | Q(actor_label=actor))
    if start is not None:
        entries = entries.filter(occurred_at__gte=start)
    if end is not None:
        entries = entries.filter(occurred_at__lt=end)
    return entries

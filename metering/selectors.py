"""Reads of the metering app; every query is scoped to the caller's tenant."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet

from config.errors import NotFound
from metering.models import ApiKey, Customer, Tenant


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

"""Reads of customer read tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet

from config.errors import NotFound
from metering.models import Customer, CustomerReadToken, Tenant


def read_token_list(*, tenant: Tenant, customer: Customer) -> QuerySet[CustomerReadToken]:
    """Every token issued for `customer` (live, expired and revoked), newest first."""
    return (
        CustomerReadToken.objects.of(tenant)
        .select_related("customer")
        .filter(customer=customer)
        .order_by("-created_at", "id")
    )


def read_token_get(*, tenant: Tenant, customer: Customer, token_id: str) -> CustomerReadToken:
    try:
        return read_token_list(tenant=tenant, customer=customer).get(id=token_id)
    except (CustomerReadToken.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No read token with this id for this customer.") from exc

"""Reads of the margin side of economics that are plain rows (reports live in reports.py)."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet

from config.errors import NotFound
from economics.margins.models import AcquisitionCost
from metering.models import Tenant

M = TypeVar("M", bound=Model)


def get_one(queryset: QuerySet[M], pk: str, what: str) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound(f"No {what} with this id.") from exc


def acquisition_cost_list(*, tenant: Tenant) -> QuerySet[AcquisitionCost]:
    return AcquisitionCost.objects.of(tenant).select_related("customer")


def acquisition_cost_get(*, tenant: Tenant, acquisition_cost_id: str) -> AcquisitionCost:
    return get_one(acquisition_cost_list(tenant=tenant), acquisition_cost_id, "acquisition cost")

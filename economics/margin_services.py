"""Writes of the margin side of economics: acquisition spend, cost SLOs (webhooks in webhooks.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from config.api.errors import Conflict
from economics.margin_models import AcquisitionCost, CostSlo
from metering.models import Customer, Tenant


def acquisition_cost_create(
    *,
    tenant: Tenant,
    month: date,
    amount: Decimal,
    customer: Customer | None = None,
    channel: str = "",
    note: str = "",
) -> AcquisitionCost:
    """Record acquisition spend for one customer, or for a cohort month (and channel)."""
    return AcquisitionCost.objects.create(
        tenant=tenant, customer=customer, month=month, channel=channel, amount=amount, note=note
    )


def acquisition_cost_delete(*, tenant: Tenant, acquisition_cost: AcquisitionCost) -> None:
    acquisition_cost.delete()


def cost_slo_create(
    *,
    tenant: Tenant,
    request_class: str,
    max_cost_per_request: Decimal | None,
    min_margin_pct: Decimal | None,
) -> CostSlo:
    """Set a request class's cost SLO; a class has at most one (409 otherwise)."""
    try:
        with transaction.atomic():
            return CostSlo.objects.create(
                tenant=tenant,
                request_class=request_class,
                max_cost_per_request=max_cost_per_request,
                min_margin_pct=min_margin_pct,
            )
    except IntegrityError as exc:
        raise Conflict(
            f"Request class '{request_class}' already has a cost SLO; delete it first."
        ) from exc


def cost_slo_delete(*, tenant: Tenant, slo: CostSlo) -> None:
    slo.delete()

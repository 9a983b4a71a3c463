"""Writes of the margin side of economics: acquisition spend."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from economics.margins.models import AcquisitionCost
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

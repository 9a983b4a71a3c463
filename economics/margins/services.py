"""Writes of the margin side of economics: acquisition spend."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from economics.margins.models import AcquisitionCost
from metering.audit import Actor, audit_record, jsonable
from metering.models import Customer, Tenant


def _acquisition_cost_state(row: AcquisitionCost) -> dict[str, Any]:
    return jsonable(
        {
            "customer_id": row.customer.external_id if row.customer else None,
            "month": row.month,
            "channel": row.channel,
            "amount": row.amount,
            "note": row.note,
        }
    )


@transaction.atomic
def acquisition_cost_create(
    *,
    tenant: Tenant,
    month: date,
    amount: Decimal,
    actor: Actor,
    customer: Customer | None = None,
    channel: str = "",
    note: str = "",
) -> AcquisitionCost:
    """Record acquisition spend for one customer, or for a cohort month (and channel)."""
    row = AcquisitionCost.objects.create(
        tenant=tenant, customer=customer, month=month, channel=channel, amount=amount, note=note
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="acquisition_cost.create",
        object_type="acquisition_cost",
        object_id=row.pk,
        after=_acquisition_cost_state(row),
    )
    return row


@transaction.atomic
def acquisition_cost_delete(
    *, tenant: Tenant, acquisition_cost: AcquisitionCost, actor: Actor
) -> None:
    """Delete an acquisition cost entry."""
    audit_record(
        tenant=tenant,
        actor=actor,
        action="acquisition_cost.delete",
        object_type="acquisition_cost",
        object_id=acquisition_cost.pk,
        before=_acquisition_cost_state(acquisition_cost),
    )
    acquisition_cost.delete()

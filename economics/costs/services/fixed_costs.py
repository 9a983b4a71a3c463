"""Writes of fixed costs: monthly amounts per request class or for the whole tenant."""

from __future__ import annotations

import logging
from typing import Any

from economics.costs.models import (
    FixedCost,
)
from metering.models import Tenant

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Fixed costs

FIXED_COST_FIELDS = {
    "category",
    "request_class",
    "monthly_amount",
    "start_month",
    "end_month",
    "description",
}


def fixed_cost_create(*, tenant: Tenant, **fields: Any) -> FixedCost:
    """Add a monthly fixed cost for a request class ("" for the whole tenant)."""
    return FixedCost.objects.create(
        tenant=tenant, **{k: v for k, v in fields.items() if k in FIXED_COST_FIELDS}
    )


def fixed_cost_update(*, tenant: Tenant, fixed_cost: FixedCost, **fields: Any) -> FixedCost:
    changed = [k for k in fields if k in FIXED_COST_FIELDS]
    for name in changed:
        setattr(fixed_cost, name, fields[name])
    if changed:
        fixed_cost.save(update_fields=[*changed, "updated_at"])
    return fixed_cost


def fixed_cost_delete(*, tenant: Tenant, fixed_cost: FixedCost) -> None:
    fixed_cost.delete()

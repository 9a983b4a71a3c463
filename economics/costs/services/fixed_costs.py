"""Writes of fixed costs: monthly amounts per request class or for the whole tenant."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from economics.costs.models import (
    FixedCost,
)
from metering.audit import Actor, audit_record, audit_values
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


AUDITED = sorted(FIXED_COST_FIELDS)


@transaction.atomic
def fixed_cost_create(*, tenant: Tenant, actor: Actor, **fields: Any) -> FixedCost:
    """Add a monthly fixed cost for a request class ("" for the whole tenant)."""
    fixed_cost = FixedCost.objects.create(
        tenant=tenant, **{k: v for k, v in fields.items() if k in FIXED_COST_FIELDS}
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="fixed_cost.create",
        object_type="fixed_cost",
        object_id=fixed_cost.pk,
        after=audit_values(fixed_cost, AUDITED),
    )
    return fixed_cost


@transaction.atomic
def fixed_cost_update(
    *, tenant: Tenant, fixed_cost: FixedCost, actor: Actor, **fields: Any
) -> FixedCost:
    """Change a fixed cost's amount, class, category, months or description."""
    changed = [k for k in fields if k in FIXED_COST_FIELDS]
    before = audit_values(fixed_cost, AUDITED)
    for name in changed:
        setattr(fixed_cost, name, fields[name])
    after = audit_values(fixed_cost, AUDITED)
    if changed:
        fixed_cost.save(update_fields=[*changed, "updated_at"])
    if after != before:
        audit_record(
            tenant=tenant,
            actor=actor,
            action="fixed_cost.update",
            object_type="fixed_cost",
            object_id=fixed_cost.pk,
            before=before,
            after=after,
        )
    return fixed_cost


@transaction.atomic
def fixed_cost_delete(*, tenant: Tenant, fixed_cost: FixedCost, actor: Actor) -> None:
    """Delete a fixed cost."""
    audit_record(
        tenant=tenant,
        actor=actor,
        action="fixed_cost.delete",
        object_type="fixed_cost",
        object_id=fixed_cost.pk,
        before=audit_values(fixed_cost, AUDITED),
    )
    fixed_cost.delete()

"""Requesting a re-cost of a past range, explicit and audited: record it, queue the run.

This module queues a task, so it sits above `tasks`, which call the run itself
(`services.event_costs.cost_recalculation_run`): services never import tasks.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from economics.costs.models import CostRecalculation
from economics.costs.tasks import run_cost_recalculation
from metering.models import Tenant


@transaction.atomic
def cost_recalculation_request(
    *,
    tenant: Tenant,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    requested_by: str,
    model: str = "",
    only_unpriced: bool = False,
) -> CostRecalculation:
    """Record a re-cost of [start, end) and queue it once the record is committed."""
    recalculation = CostRecalculation.objects.create(
        tenant=tenant,
        start=start,
        end=end,
        model=model,
        only_unpriced=only_unpriced,
        reason=reason,
        requested_by=requested_by,
    )
    transaction.on_commit(lambda: run_cost_recalculation.delay(recalculation.pk))
    return recalculation

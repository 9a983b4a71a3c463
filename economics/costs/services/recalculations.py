"""Re-costing a past range, explicit and audited: the request and the run."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from economics.costs.models import (
    CostRecalculation,
)
from metering.models import Tenant

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Re-costing a past range (explicit and audited)


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
    from economics.costs.tasks import run_cost_recalculation

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

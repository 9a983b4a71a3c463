"""Requesting a re-cost of a past range, explicit and audited: record it, queue the run.

This module queues a task, so it sits above `tasks`, which call the run itself
(`services.event_costs.cost_recalculation_run`): services never import tasks.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from config.errors import InvalidInput
from config.jobs import job_create_once, job_send_on_commit
from economics.costs.models import CostRecalculation
from economics.costs.tasks import run_cost_recalculation
from metering.audit import Actor, audit_record
from metering.models import Tenant


@transaction.atomic
def cost_recalculation_request(
    *,
    tenant: Tenant,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    actor: Actor,
    model: str = "",
    only_unpriced: bool = False,
    idempotency_key: str = "",
) -> CostRecalculation:
    """Record a re-cost of [start, end) and queue it once the record is committed.

    With an `idempotency_key`, the same request again returns the re-cost it created; the
    key with another request is a conflict. `requested_by` keeps the actor's key prefix (or
    the command's name); the audit log keeps the actor.
    """
    retired = tenant.events_retired_before
    if retired is not None and start < retired:
        # Its raw events are gone: re-costing would rewrite the kept rollups from nothing.
        raise InvalidInput(
            [
                (
                    "start",
                    f"Raw events before {retired.isoformat()} were retired; start there or later.",
                )
            ]
        )
    asked = {
        "start": start,
        "end": end,
        "model": model,
        "only_unpriced": only_unpriced,
        "reason": reason,
    }
    recalculation, created = job_create_once(
        CostRecalculation,
        tenant=tenant,
        idempotency_key=idempotency_key,
        asked=asked,
        what="re-cost",
        requested_by=actor.label[:64],
    )
    if not created:
        return recalculation
    audit_record(
        tenant=tenant,
        actor=actor,
        action="cost_recalculation.create",
        object_type="cost_recalculation",
        object_id=recalculation.pk,
        after=asked,
    )
    job_send_on_commit(run_cost_recalculation, CostRecalculation, recalculation.pk)
    return recalculation

"""Running a what-if job: re-cost, re-rate, compare with what happened, record the outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F

from config.jobs import job_claim
from economics.costs.selectors import fixed_costs_for_month
from economics.dates import instant, month_label
from economics.decisions import changes as kinds
from economics.decisions.models import WhatIf
from economics.decisions.selectors import (
    recost,
    recost_summed,
    unpriced_from_rows,
)
from economics.decisions.whatif import NOTHING_RECOSTED, accumulate, results
from economics.simulations.engine import SimulationError
from economics.simulations.selectors import month_periods, simulation_inputs
from metering.models import Tenant
from pricing.charge_specs import charges_from_data
from pricing.rating import RatePlan, RatingError

ProgressHook = Callable[[int], None]  # percent done
ZERO = Decimal(0)


def _now() -> datetime:
    return datetime.now(UTC)


def _writer(
    tenant: Tenant, what_if_id: Any, hook: ProgressHook | None, low: int, high: int
) -> Callable[[int, int], None]:
    """Map steps done to low-high % and write it when the whole percent changes."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = low + ((high - low) * done) // max(total, 1)
        if percent == last[0]:
            return
        last[0] = percent
        WhatIf.objects.of(tenant).filter(pk=what_if_id).update(progress=percent)
        if hook is not None:
            hook(percent)

    return report


def _objects() -> Any:
    return WhatIf.objects.cross_tenant(reason="worker: the task has the job's id only")


def what_if_run(
    *, what_if_id: Any, progress: ProgressHook | None = None, resume: bool = False
) -> WhatIf:
    """Run a queued (or interrupted) what-if to succeeded or failed; a finished one is kept."""
    what_if = _objects().select_related("tenant").get(pk=what_if_id)
    if what_if.status in (WhatIf.Status.SUCCEEDED, WhatIf.Status.FAILED):
        return what_if  # running a finished job again changes nothing
    if not resume and not job_claim(WhatIf, what_if.pk):
        what_if.refresh_from_db()
        return what_if  # another worker runs it
    tenant = what_if.tenant
    job = WhatIf.objects.of(tenant).filter(pk=what_if.pk)
    job.update(
        status=WhatIf.Status.RUNNING,
        progress=0,
        error="",
        started_at=_now(),
        attempts=F("attempts") + 1,
    )
    params = what_if.params
    try:
        document = _compute(tenant, what_if.pk, params, progress)
    except (SimulationError, RatingError) as exc:
        return what_if_fail(what_if_id=what_if.pk, error=str(exc))
    job.update(status=WhatIf.Status.SUCCEEDED, progress=100, results=document, finished_at=_now())
    if progress is not None:
        progress(100)
    what_if.refresh_from_db()
    return what_if


def _compute(
    tenant: Tenant, what_if_id: Any, params: dict[str, Any], progress: ProgressHook | None
) -> dict[str, object]:
    changes = [kinds.change_from_data(c) for c in params["changes"]]
    retire = kinds.retired(changes)
    candidate = params.get("candidate")
    plan = (
        RatePlan(candidate["currency"], charges_from_data(candidate["charges"]))
        if candidate
        else None
    )
    _writer(tenant, what_if_id, progress, 0, 5)(1, 1)
    periods = month_periods(month_label(params["start_month"]), month_label(params["end_month"]))
    start, end = instant(periods[0].start), instant(periods[-1].end)
    cost_changes = [c for c in changes if c.kind in kinds.COST_KINDS]
    # The unpriced requests come from the customer-months' usage query; on PostgreSQL the
    # re-cost's events are summed by the database (exact there, see recost_summed), elsewhere
    # each event is read.
    rows: list[tuple[Any, ...]] = []
    inputs = simulation_inputs(
        tenant=tenant,
        params={
            "start_month": params["start_month"],
            "end_month": params["end_month"],
            "customers": {"mode": "all"},
            "candidates": [candidate] if candidate else [],
        },
        rows_read=rows,
    )
    recosted = NOTHING_RECOSTED
    if cost_changes:
        classes = kinds.recosted_classes(cost_changes)
        if connection.vendor == "postgresql":
            recosted = recost_summed(
                tenant=tenant, start=start, end=end, classes=classes, changes=cost_changes
            )
        else:
            recosted = recost(
                tenant=tenant,
                start=start,
                end=end,
                classes=classes,
                changes=cost_changes,
                progress=_writer(tenant, what_if_id, progress, 5, 40),
            )
    _writer(tenant, what_if_id, progress, 5, 40)(1, 1)
    sums = accumulate(
        inputs.months,
        recosted=recosted,
        unpriced_before=unpriced_from_rows(tenant=tenant, rows=rows),
        retire=retire,
        candidate=plan,
        progress=_writer(tenant, what_if_id, progress, 40, 99),
        customer_count=inputs.customer_count,
    )
    fixed_before = fixed_after = ZERO
    for period in periods:
        month = fixed_costs_for_month(tenant=tenant, month=period.start)
        fixed_before += month.total
        fixed_after += month.total - sum(
            (month.for_class(name) for name, c in retire.items() if c.remove_fixed_costs), ZERO
        )
    document = results(
        sums,
        month_labels=inputs.month_labels,
        retire=retire,
        fixed_before=fixed_before,
        fixed_after=fixed_after,
    )
    document["changes"] = params["changes"]
    document["candidate"] = (
        None if not candidate else {"name": candidate["name"], "plan_id": candidate.get("plan_id")}
    )
    return document


def what_if_fail(*, what_if_id: Any, error: str, unless_finished: bool = False) -> WhatIf:
    """Mark a what-if failed with a message a user can act on."""
    qs = _objects().filter(pk=what_if_id)
    if unless_finished:
        qs = qs.exclude(status__in=(WhatIf.Status.SUCCEEDED, WhatIf.Status.FAILED))
    qs.update(status=WhatIf.Status.FAILED, error=error[:2000], finished_at=_now())
    found: WhatIf = _objects().get(pk=what_if_id)
    return found

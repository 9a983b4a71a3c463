"""Running a what-if job: re-cost, re-rate, compare with what happened, record the outcome."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from config.jobs import job_claim
from config.queueing import task_send
from economics.costs.selectors import fixed_costs_for_month
from economics.dates import instant, month_label
from economics.decisions import changes as kinds
from economics.decisions.models import WhatIf, WhatIfChunk
from economics.decisions.selectors import (
    CustomerRange,
    recost,
    recost_summed,
    unpriced_from_rows,
)
from economics.decisions.whatif import (
    NOTHING_RECOSTED,
    WhatIfSums,
    accumulate,
    merge_sums,
    results,
    sums_from_data,
    sums_to_data,
)
from economics.simulations.engine import SimulationError
from economics.simulations.runner import chunk_bounds
from economics.simulations.selectors import month_periods, scope_customer_ids, simulation_inputs
from metering.models import Tenant
from pricing.charge_specs import charges_from_data
from pricing.rating import Period, RatePlan, RatingError

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
    *,
    what_if_id: Any,
    progress: ProgressHook | None = None,
    resume: bool = False,
    chunked: bool | None = None,
) -> WhatIf:
    """Run a queued (or interrupted) what-if to succeeded or failed; a finished one is kept.

    ``chunked`` splits the customers into chunk tasks sent to the workers and returns the
    job `running`; the chunk that finishes last merges the sums, as a simulation's chunks
    do. By default a run is chunked when WHAT_IF_RUN_MODE is "tasks" and Celery has a
    broker (tasks run in-process, eagerly, without one: the run then stays here).
    """
    if chunked is None:
        chunked = settings.WHAT_IF_RUN_MODE == "tasks" and not current_app.conf.task_always_eager
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
        if chunked:
            _plan(params)  # a candidate plan that cannot be read fails the job here
            return _chunks_send(what_if)
        document = _compute(tenant, what_if.pk, params, progress)
    except (SimulationError, RatingError) as exc:
        return what_if_fail(what_if_id=what_if.pk, error=str(exc))
    job.update(status=WhatIf.Status.SUCCEEDED, progress=100, results=document, finished_at=_now())
    if progress is not None:
        progress(100)
    what_if.refresh_from_db()
    return what_if


class _Plan(NamedTuple):
    """What a what-if's parameters ask for, read once."""

    retire: dict[str, kinds.Change]
    cost_changes: list[kinds.Change]
    candidate: dict[str, Any] | None
    plan: RatePlan | None
    periods: list[Period]


def _plan(params: dict[str, Any]) -> _Plan:
    changes = [kinds.change_from_data(c) for c in params["changes"]]
    candidate = params.get("candidate")
    plan = (
        RatePlan(candidate["currency"], charges_from_data(candidate["charges"]))
        if candidate
        else None
    )
    periods = month_periods(month_label(params["start_month"]), month_label(params["end_month"]))
    return _Plan(
        retire=kinds.retired(changes),
        cost_changes=[c for c in changes if c.kind in kinds.COST_KINDS],
        candidate=candidate,
        plan=plan,
        periods=periods,
    )


def _sums(
    tenant: Tenant,
    params: dict[str, Any],
    *,
    customers: CustomerRange | None = None,
    recost_progress: Callable[[int, int], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[WhatIfSums, int]:
    """Re-cost, rate and sum the customers (all, or one chunk's range); and how many."""
    asked = _plan(params)
    start, end = instant(asked.periods[0].start), instant(asked.periods[-1].end)
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
            "candidates": [asked.candidate] if asked.candidate else [],
        },
        customer_range=customers,
        rows_read=rows,
    )
    recosted = NOTHING_RECOSTED
    if asked.cost_changes:
        classes = kinds.recosted_classes(asked.cost_changes)
        if connection.vendor == "postgresql":
            recosted = recost_summed(
                tenant=tenant,
                start=start,
                end=end,
                classes=classes,
                changes=asked.cost_changes,
                customers=customers,
            )
        else:
            recosted = recost(
                tenant=tenant,
                start=start,
                end=end,
                classes=classes,
                changes=asked.cost_changes,
                progress=recost_progress,
                customers=customers,
            )
    if recost_progress is not None:
        recost_progress(1, 1)
    sums = accumulate(
        inputs.months,
        recosted=recosted,
        unpriced_before=unpriced_from_rows(tenant=tenant, rows=rows),
        retire=asked.retire,
        candidate=asked.plan,
        progress=progress,
        customer_count=inputs.customer_count,
    )
    return sums, inputs.customer_count


def _document(tenant: Tenant, params: dict[str, Any], sums: WhatIfSums) -> dict[str, object]:
    """The what-if's results from the sums of every customer, and the tenant's fixed costs."""
    asked = _plan(params)
    fixed_before = fixed_after = ZERO
    for period in asked.periods:
        month = fixed_costs_for_month(tenant=tenant, month=period.start)
        fixed_before += month.total
        fixed_after += month.total - sum(
            (month.for_class(name) for name, c in asked.retire.items() if c.remove_fixed_costs),
            ZERO,
        )
    document = results(
        sums,
        month_labels=[f"{p.start:%Y-%m}" for p in asked.periods],
        retire=asked.retire,
        fixed_before=fixed_before,
        fixed_after=fixed_after,
    )
    candidate = asked.candidate
    document["changes"] = params["changes"]
    document["candidate"] = (
        None if not candidate else {"name": candidate["name"], "plan_id": candidate.get("plan_id")}
    )
    return document


def _compute(
    tenant: Tenant, what_if_id: Any, params: dict[str, Any], progress: ProgressHook | None
) -> dict[str, object]:
    _writer(tenant, what_if_id, progress, 0, 5)(1, 1)
    sums, _ = _sums(
        tenant,
        params,
        recost_progress=_writer(tenant, what_if_id, progress, 5, 40),
        progress=_writer(tenant, what_if_id, progress, 40, 99),
    )
    return _document(tenant, params, sums)


def what_if_fail(*, what_if_id: Any, error: str, unless_finished: bool = False) -> WhatIf:
    """Mark a what-if failed with a message a user can act on."""
    qs = _objects().filter(pk=what_if_id)
    if unless_finished:
        qs = qs.exclude(status__in=(WhatIf.Status.SUCCEEDED, WhatIf.Status.FAILED))
    qs.update(status=WhatIf.Status.FAILED, error=error[:2000], finished_at=_now())
    found: WhatIf = _objects().get(pk=what_if_id)
    return found


# --------------------------------------------------------------------------- chunk tasks

CHUNK_TASK = "economics.what_if_chunk"


def _chunks_send(what_if: WhatIf) -> WhatIf:
    """Record the job's chunks (once) and send a task for each chunk without sums yet."""
    tenant = what_if.tenant
    chunks = WhatIfChunk.objects.of(tenant).filter(what_if=what_if)
    if not chunks.exists():  # a job run again (sweep, redelivery) keeps the chunks it has
        ids = scope_customer_ids(tenant=tenant, params={**what_if.params, "customers": None})
        WhatIfChunk.objects.bulk_create(
            [
                WhatIfChunk(
                    tenant=tenant,
                    what_if=what_if,
                    index=i,
                    first_customer=first,
                    last_customer=last,
                )
                for i, (first, last) in enumerate(chunk_bounds(ids, settings.WHAT_IF_CHUNKS))
            ],
            ignore_conflicts=True,
        )
    WhatIf.objects.of(tenant).filter(pk=what_if.pk).update(progress=5)
    waiting = list(
        chunks.filter(finished_at__isnull=True).order_by("index").values_list("index", flat=True)
    )
    if not waiting:  # no customer at all, or every chunk done before: merge what is stored
        return what_if_merge(what_if_id=what_if.pk)
    what_if_chunk = current_app.tasks[CHUNK_TASK]  # by name: economics.decisions.tasks
    for index in waiting:
        # A send the broker refuses leaves the job running; the sweep sends the job again
        # once it is stale, and only the chunks without sums are sent then.
        task_send(what_if_chunk, str(what_if.pk), index)
    what_if.refresh_from_db()
    return what_if


def _chunk_progress(tenant: Tenant, chunk: WhatIfChunk) -> Callable[[int, int], None]:
    """Record a chunk's customers done; write the job's progress from every chunk's share."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = (100 * done) // max(total, 1)
        if percent == last[0]:
            return
        last[0] = percent
        WhatIfChunk.objects.of(tenant).filter(pk=chunk.pk).update(done=done, customers=total)
        shares = WhatIfChunk.objects.of(tenant).filter(what_if_id=chunk.what_if_id)
        fractions = [
            1.0 if finished is not None else (d / c if c else 0.0)
            for d, c, finished in shares.values_list("done", "customers", "finished_at")
        ]
        job = 5 + int(94 * sum(fractions) / max(len(fractions), 1))
        WhatIf.objects.of(tenant).filter(pk=chunk.what_if_id, status=WhatIf.Status.RUNNING).update(
            progress=Greatest(F("progress"), min(job, 99))
        )

    return report


def what_if_chunk_run(*, what_if_id: Any, index: int) -> str:
    """Compute one chunk's customers and store their sums once; merge if it was the last chunk.

    Run twice (a redelivery, a retry), a chunk whose sums are stored computes nothing and
    adds nothing: the sums are written only where there are none, and the job's results are
    merged from the stored sums once, by whichever chunk finds them all present.
    """
    what_if = _objects().select_related("tenant").get(pk=what_if_id)
    if what_if.status != WhatIf.Status.RUNNING:
        return str(what_if.status)  # finished (or failed) already: nothing to add
    tenant = what_if.tenant
    chunk = WhatIfChunk.objects.of(tenant).get(what_if=what_if, index=index)
    if chunk.finished_at is None:
        WhatIfChunk.objects.of(tenant).filter(pk=chunk.pk).update(attempts=F("attempts") + 1)
        try:
            sums, count = _sums(
                tenant,
                what_if.params,
                customers=(chunk.first_customer, chunk.last_customer),
                progress=_chunk_progress(tenant, chunk),
            )
        except (SimulationError, RatingError) as exc:
            return str(what_if_fail(what_if_id=what_if.pk, error=str(exc)).status)
        # First write wins; a concurrent run of the same chunk wrote the same sums.
        WhatIfChunk.objects.of(tenant).filter(pk=chunk.pk, finished_at__isnull=True).update(
            sums=sums_to_data(sums),
            worker=f"{socket.gethostname()}:{os.getpid()}",
            customers=count,
            done=count,
            finished_at=_now(),
        )
    return str(what_if_merge(what_if_id=what_if.pk).status)


def what_if_merge(*, what_if_id: Any) -> WhatIf:
    """Merge the stored sums of every chunk into the job's results, once, when all are in."""
    with transaction.atomic():
        what_if = _objects().select_for_update().select_related("tenant").get(pk=what_if_id)
        if what_if.status != WhatIf.Status.RUNNING:
            return what_if  # merged (or failed) already
        tenant = what_if.tenant
        chunks = WhatIfChunk.objects.of(tenant).filter(what_if=what_if)
        if chunks.filter(finished_at__isnull=True).exists():
            return what_if  # the last chunk to finish merges
        try:
            total = merge_sums(
                sums_from_data(sums or {})
                for sums in chunks.order_by("index").values_list("sums", flat=True)
            )
            document = _document(tenant, what_if.params, total)
        except (SimulationError, RatingError) as exc:
            what_if_fail(what_if_id=what_if.pk, error=str(exc))
            what_if.refresh_from_db()
            return what_if
        WhatIf.objects.of(tenant).filter(pk=what_if.pk).update(
            status=WhatIf.Status.SUCCEEDED, progress=100, results=document, finished_at=_now()
        )
        # The results hold everything the sums did; the rows stay as the record of the run.
        chunks.update(sums=None)
    what_if.refresh_from_db()
    return what_if

"""Running a simulation job: rate past usage under candidate plans, record the outcome."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from config.jobs import job_claim
from config.queueing import task_send
from economics.dates import month_label
from economics.simulations.engine import (
    BASELINE,
    Candidate,
    SimulationError,
    accumulate,
    merge_partials,
    partial_from_data,
    partial_to_data,
    simulate,
    simulation_result,
)
from economics.simulations.models import Simulation, SimulationChunk
from economics.simulations.selectors import month_periods, scope_customer_ids, simulation_inputs
from metering.models import Tenant
from pricing.charge_specs import charges_from_data
from pricing.rating import RatePlan, RatingError

ProgressHook = Callable[[int], None]  # percent done


def _now() -> datetime:
    return datetime.now(UTC)


def _progress_writer(
    tenant: Tenant, simulation_id: Any, hook: ProgressHook | None
) -> Callable[[int, int], None]:
    """Map customers done to 5-99 % and write it when the whole percent changes."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = 5 + (94 * done) // max(total, 1)
        if percent == last[0]:
            return
        last[0] = percent
        Simulation.objects.of(tenant).filter(pk=simulation_id).update(progress=percent)
        if hook is not None:
            hook(percent)

    return report


def _candidates(params: Mapping[str, Any]) -> list[Candidate]:
    return [
        Candidate(c["key"], c["name"], RatePlan(c["currency"], charges_from_data(c["charges"])))
        for c in params["candidates"]
    ]


def simulation_run(
    *,
    simulation_id: Any,
    progress: ProgressHook | None = None,
    resume: bool = False,
    chunked: bool | None = None,
) -> Simulation:
    """Run a queued (or interrupted) simulation to succeeded or failed; a finished one is kept.

    A second delivery of the same job while it runs elsewhere does nothing; `resume` is the
    task's own retry of a run it started. ``chunked`` splits the customers into chunk tasks
    sent to the workers and returns the job `running`; the chunk that finishes last merges
    the results. By default a run is chunked when SIMULATION_RUN_MODE is "tasks" and Celery
    has a broker (tasks run in-process, eagerly, without one: the run then stays here).
    """
    if chunked is None:
        chunked = settings.SIMULATION_RUN_MODE == "tasks" and not current_app.conf.task_always_eager
    simulation = (
        Simulation.objects.cross_tenant(reason="worker: the task has the job's id only")
        .select_related("tenant")
        .get(pk=simulation_id)
    )
    if simulation.status in (Simulation.Status.SUCCEEDED, Simulation.Status.FAILED):
        return simulation  # running a finished job again changes nothing
    if not resume and not job_claim(Simulation, simulation.pk):
        simulation.refresh_from_db()
        return simulation  # another worker runs it
    job = Simulation.objects.of(simulation.tenant).filter(pk=simulation.pk)
    job.update(
        status=Simulation.Status.RUNNING,
        progress=0,
        error="",
        started_at=_now(),
        attempts=F("attempts") + 1,
    )
    params = simulation.params
    try:
        candidates = _candidates(params)
        if chunked:
            return _chunks_send(simulation, candidates)
        inputs = simulation_inputs(tenant=simulation.tenant, params=params)
        writer = _progress_writer(simulation.tenant, simulation.pk, progress)
        writer(0, 1)
        result = simulate(
            inputs.months,
            candidates,
            currency=params["currency"],
            month_labels=inputs.month_labels,
            customer_count=inputs.customer_count,
            progress=writer,
            workers=settings.SIMULATION_WORKERS,
        )
    except (SimulationError, RatingError) as exc:
        return simulation_fail(simulation_id=simulation.pk, error=str(exc))
    job.update(
        status=Simulation.Status.SUCCEEDED,
        progress=100,
        results=result.results,
        customer_rows=result.customers,
        finished_at=_now(),
    )
    if progress is not None:
        progress(100)
    simulation.refresh_from_db()
    return simulation


def simulation_fail(*, simulation_id: Any, error: str, unless_finished: bool = False) -> Simulation:
    """Mark a simulation failed with a message a user can act on."""
    qs = Simulation.objects.cross_tenant(reason="worker: the task has the job's id only").filter(
        pk=simulation_id
    )
    if unless_finished:
        qs = qs.exclude(status__in=(Simulation.Status.SUCCEEDED, Simulation.Status.FAILED))
    qs.update(status=Simulation.Status.FAILED, error=error[:2000], finished_at=_now())
    return Simulation.objects.cross_tenant(reason="worker: the task has the job's id only").get(
        pk=simulation_id
    )


# --------------------------------------------------------------------------- chunk tasks

CHUNK_TASK = "economics.simulation_chunk"


def chunk_bounds(customer_ids: list[int], chunks: int) -> list[tuple[int, int]]:
    """Cut ascending customer keys into up to ``chunks`` [first, last] ranges of equal size."""
    if not customer_ids:
        return []
    n = max(1, min(chunks, len(customer_ids)))
    size = -(-len(customer_ids) // n)
    return [
        (customer_ids[i], customer_ids[min(i + size, len(customer_ids)) - 1])
        for i in range(0, len(customer_ids), size)
    ]


def _chunks_send(simulation: Simulation, candidates: list[Candidate]) -> Simulation:
    """Record the job's chunks (once) and send a task for each chunk without sums yet."""
    tenant = simulation.tenant
    chunks = SimulationChunk.objects.of(tenant).filter(simulation=simulation)
    if not chunks.exists():  # a job run again (sweep, redelivery) keeps the chunks it has
        ids = scope_customer_ids(tenant=tenant, params=simulation.params)
        SimulationChunk.objects.bulk_create(
            [
                SimulationChunk(
                    tenant=tenant,
                    simulation=simulation,
                    index=i,
                    first_customer=first,
                    last_customer=last,
                )
                for i, (first, last) in enumerate(chunk_bounds(ids, settings.SIMULATION_CHUNKS))
            ],
            ignore_conflicts=True,
        )
    Simulation.objects.of(tenant).filter(pk=simulation.pk).update(progress=5)
    waiting = list(
        chunks.filter(finished_at__isnull=True).order_by("index").values_list("index", flat=True)
    )
    if not waiting:  # no customer at all, or every chunk done before: merge what is stored
        return simulation_merge(simulation_id=simulation.pk)
    simulation_chunk = current_app.tasks[CHUNK_TASK]  # by name: economics.simulations.tasks
    for index in waiting:
        # A send the broker refuses leaves the job running; the sweep sends the job again
        # once it is stale, and only the chunks without sums are sent then.
        task_send(simulation_chunk, str(simulation.pk), index)
    simulation.refresh_from_db()
    return simulation


def _chunk_progress(tenant: Tenant, chunk: SimulationChunk) -> Callable[[int, int], None]:
    """Record a chunk's customers done; write the job's progress from every chunk's share."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = (100 * done) // max(total, 1)
        if percent == last[0]:
            return
        last[0] = percent
        SimulationChunk.objects.of(tenant).filter(pk=chunk.pk).update(done=done, customers=total)
        shares = SimulationChunk.objects.of(tenant).filter(simulation_id=chunk.simulation_id)
        fractions = [
            1.0 if finished is not None else (d / c if c else 0.0)
            for d, c, finished in shares.values_list("done", "customers", "finished_at")
        ]
        job = 5 + int(94 * sum(fractions) / max(len(fractions), 1))
        Simulation.objects.of(tenant).filter(
            pk=chunk.simulation_id, status=Simulation.Status.RUNNING
        ).update(progress=Greatest(F("progress"), min(job, 99)))

    return report


def simulation_chunk_run(*, simulation_id: Any, index: int) -> str:
    """Rate one chunk's customers and store their sums once; merge if it was the last chunk.

    Run twice (a redelivery, a retry), a chunk whose sums are stored computes nothing and
    adds nothing: the sums are written only where there are none, and the job's results are
    merged from the stored sums once, by whichever chunk finds them all present.
    """
    simulation = (
        Simulation.objects.cross_tenant(reason="worker: the task has the job's id only")
        .select_related("tenant")
        .get(pk=simulation_id)
    )
    if simulation.status != Simulation.Status.RUNNING:
        return str(simulation.status)  # finished (or failed) already: nothing to add
    tenant = simulation.tenant
    chunk = SimulationChunk.objects.of(tenant).get(simulation=simulation, index=index)
    if chunk.finished_at is None:
        SimulationChunk.objects.of(tenant).filter(pk=chunk.pk).update(attempts=F("attempts") + 1)
        params = simulation.params
        try:
            candidates = _candidates(params)
            inputs = simulation_inputs(
                tenant=tenant,
                params=params,
                customer_range=(chunk.first_customer, chunk.last_customer),
            )
            part = accumulate(
                inputs.months,
                candidates,
                currency=params["currency"],
                progress=_chunk_progress(tenant, chunk),
                customer_count=inputs.customer_count,
            )
        except (SimulationError, RatingError) as exc:
            return str(simulation_fail(simulation_id=simulation.pk, error=str(exc)).status)
        # First write wins; a concurrent run of the same chunk wrote the same sums.
        SimulationChunk.objects.of(tenant).filter(pk=chunk.pk, finished_at__isnull=True).update(
            sums=partial_to_data(part),
            worker=f"{socket.gethostname()}:{os.getpid()}",
            customers=inputs.customer_count,
            done=inputs.customer_count,
            finished_at=_now(),
        )
    return str(simulation_merge(simulation_id=simulation.pk).status)


def simulation_merge(*, simulation_id: Any) -> Simulation:
    """Merge the stored sums of every chunk into the job's results, once, when all are in."""
    with transaction.atomic():
        simulation = (
            Simulation.objects.cross_tenant(reason="worker: the task has the job's id only")
            .select_for_update()
            .select_related("tenant")
            .get(pk=simulation_id)
        )
        if simulation.status != Simulation.Status.RUNNING:
            return simulation  # merged (or failed) already
        tenant = simulation.tenant
        chunks = SimulationChunk.objects.of(tenant).filter(simulation=simulation)
        if chunks.filter(finished_at__isnull=True).exists():
            return simulation  # the last chunk to finish merges
        params = simulation.params
        try:
            candidates = _candidates(params)
        except RatingError as exc:
            simulation_fail(simulation_id=simulation.pk, error=str(exc))
            simulation.refresh_from_db()
            return simulation
        keys = [BASELINE, *(c.key for c in candidates)]
        parts = (
            partial_from_data(sums or {})
            for sums in chunks.order_by("index").values_list("sums", flat=True)
        )
        total = merge_partials(parts, keys)
        periods = [params["start_month"], params["end_month"]]
        result = simulation_result(
            total,
            candidates,
            currency=params["currency"],
            month_labels=_month_labels(*periods),
        )
        Simulation.objects.of(tenant).filter(pk=simulation.pk).update(
            status=Simulation.Status.SUCCEEDED,
            progress=100,
            results=result.results,
            customer_rows=result.customers,
            finished_at=_now(),
        )
        # The results hold everything the sums did; the rows stay as the record of the run.
        chunks.update(sums=None)
    simulation.refresh_from_db()
    return simulation


def _month_labels(start_month: str, end_month: str) -> list[str]:
    periods = month_periods(month_label(start_month), month_label(end_month))
    return [f"{p.start:%Y-%m}" for p in periods]

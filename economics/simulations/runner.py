"""Running a simulation job: rate past usage under candidate plans, record the outcome."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import F

from config.jobs import job_claim
from economics.simulations.engine import Candidate, SimulationError, simulate
from economics.simulations.models import Simulation
from economics.simulations.selectors import simulation_inputs
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


def simulation_run(
    *, simulation_id: Any, progress: ProgressHook | None = None, resume: bool = False
) -> Simulation:
    """Run a queued (or interrupted) simulation to succeeded or failed; a finished one is kept.

    A second delivery of the same job while it runs elsewhere does nothing; `resume` is the
    task's own retry of a run it started.
    """
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
        candidates = [
            Candidate(c["key"], c["name"], RatePlan(c["currency"], charges_from_data(c["charges"])))
            for c in params["candidates"]
        ]
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

"""Celery tasks of the cost book: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from config.jobs import job_send, jobs_to_send
from economics.costs.models import CostRecalculation
from economics.costs.services.event_costs import cost_recalculation_run


@shared_task(name="economics.run_cost_recalculation", acks_late=True)
def run_cost_recalculation(recalculation_id: int) -> int:
    """Run one recorded re-cost; return how many events changed (its notes reach the rollups)."""
    return cost_recalculation_run(recalculation_id=recalculation_id).events_changed


@shared_task(name="economics.recalculations_sweep")
def recalculations_sweep() -> int:
    """Beat: send again the re-costs whose task never arrived or whose worker died."""
    waiting = jobs_to_send(CostRecalculation)
    for recalculation_id in waiting:
        job_send(run_cost_recalculation, CostRecalculation, recalculation_id)
    return len(waiting)

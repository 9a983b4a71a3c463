"""Celery tasks of the cost book: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from economics.costs.services.event_costs import cost_recalculation_run


@shared_task(name="economics.run_cost_recalculation", acks_late=True)
def run_cost_recalculation(recalculation_id: int) -> int:
    """Run one recorded re-cost; return how many events changed (its notes reach the rollups)."""
    return cost_recalculation_run(recalculation_id=recalculation_id).events_changed

"""Celery tasks of the cost book: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from metering.models import Tenant


# Queued by every ingest request: no result is stored, so sending it is one broker write.
@shared_task(name="economics.cost_events", max_retries=5, default_retry_delay=2, ignore_result=True)
def cost_events(tenant_id: str, event_pks: list[int]) -> int:
    """Cost those of these events still pending (idempotent), then see the rollups refreshed.

    Return how many changed. Changed costs queue a refresh themselves (the costs-changed
    listener); otherwise (a void, an event stored already costed) a refresh is queued here
    when the ingest's notes are waiting.
    """
    from economics.costs.services.event_costs import events_cost
    from economics.pipeline import rollups_kick

    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return 0
    changed = events_cost(tenant=tenant, event_pks=event_pks, only_pending=True).changed
    if not changed:
        rollups_kick(tenant.pk)
    return changed


@shared_task(name="economics.cost_pending_events")
def cost_pending_events() -> int:
    """Cost recent events still pending (the periodic safety net); return how many changed."""
    from economics.costs.services.event_costs import events_cost_pending

    return events_cost_pending().changed


@shared_task(name="economics.run_cost_recalculation", acks_late=True)
def run_cost_recalculation(recalculation_id: int) -> int:
    """Run one recorded re-cost; return how many events changed."""
    from economics.costs.services.event_costs import cost_recalculation_run

    return cost_recalculation_run(recalculation_id=recalculation_id).events_changed

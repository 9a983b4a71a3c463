"""Celery tasks of economics: thin wrappers that take ids, call one service, own the retries."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


@shared_task(name="economics.rollups_refresh", acks_late=True)
def rollups_refresh(tenant_id: str) -> int:
    """Recompute the tenant's marked buckets, then check SLOs on the days that moved."""
    from economics.rollups import rollup_refresh

    result = rollup_refresh(tenant_id=uuid.UUID(tenant_id))
    today = datetime.now(UTC).date()
    for day in sorted(result.days):
        if (today - day).days <= 1:  # only live days: old days do not page anyone
            alerts_evaluate.delay(tenant_id, day.isoformat())
    return result.marks


@shared_task(name="economics.rollups_refresh_all")
def rollups_refresh_all() -> int:
    """Beat: refresh every tenant with marks left behind (a lost kick, a killed worker).

    Tenants with nothing marked get their stored churn base recomputed when it no longer
    holds (a customer went quiet, a subscription ended, the month turned).
    """
    from economics.customer_base import customer_base_refresh, customer_base_stale_tenants
    from economics.rollups import rollup_pending_tenants

    tenants = rollup_pending_tenants()
    for tenant_id in tenants:
        rollups_refresh.delay(str(tenant_id))
    pending = set(tenants)
    for tenant in customer_base_stale_tenants():
        if tenant.pk not in pending:
            customer_base_refresh(tenant=tenant)
    return len(tenants)


@shared_task(name="economics.alerts_evaluate")
def alerts_evaluate(tenant_id: str, day: str | None = None) -> int:
    """Check cost SLOs and spend anomalies of one tenant on one UTC day (default today)."""
    from economics.alerts import anomaly_evaluate, slo_evaluate
    from metering.models import Tenant

    tenant = Tenant.objects.get(pk=tenant_id)
    when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    return len(slo_evaluate(tenant=tenant, day=when)) + len(
        anomaly_evaluate(tenant=tenant, day=when)
    )


@shared_task(name="economics.alerts_evaluate_all")
def alerts_evaluate_all() -> int:
    """Beat: evaluate today for every tenant with rollups today."""
    from economics.margin_models import ClassDay
    from economics.rollups import day_floor

    today = day_floor(datetime.now(UTC))
    tenants = ClassDay.objects.filter(bucket_start=today).values_list("tenant_id", flat=True)
    ids = {str(t) for t in tenants}
    for tenant_id in sorted(ids):
        alerts_evaluate.delay(tenant_id)
    return len(ids)


@shared_task(name="economics.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: str) -> str:
    """Try a delivery once; with a real broker, come back when its retry is due."""
    from economics.margin_models import WebhookDelivery
    from economics.webhooks import webhook_attempt

    status = webhook_attempt(delivery_id=delivery_id)
    if status == WebhookDelivery.Status.PENDING and not webhook_deliver.app.conf.task_always_eager:
        due = WebhookDelivery.objects.values_list("next_attempt_at", flat=True).get(pk=delivery_id)
        delay = max((due - datetime.now(UTC)).total_seconds(), 0)
        webhook_deliver.apply_async((delivery_id,), countdown=delay)
    return status


@shared_task(name="economics.webhooks_deliver_due")
def webhooks_deliver_due() -> int:
    """Beat: attempt every pending delivery that is due (covers lost retries)."""
    from economics.webhooks import webhook_due

    due = webhook_due()
    for delivery_id in due:
        webhook_deliver.delay(str(delivery_id))
    return len(due)


class SimulationTask(Task):
    """Backstop: a simulation stopped outside its own handlers (a hard time limit) is failed."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        from economics.simulation_services import simulation_fail

        simulation_id = kwargs.get("simulation_id") or args[0]
        simulation_fail(
            simulation_id=simulation_id,
            error=f"The simulation stopped on an unexpected error ({type(exc).__name__}).",
            unless_finished=True,
        )


@shared_task(
    name="economics.tasks.simulation_run",
    base=SimulationTask,
    bind=True,
    acks_late=True,
    max_retries=3,
)
def simulation_run(self: Task, simulation_id: str) -> str:
    """Run one simulation; database outages are retried, every other failure is recorded."""
    from economics.simulation_services import simulation_fail
    from economics.simulation_services import simulation_run as run

    try:
        return str(run(simulation_id=simulation_id).status)
    except (OperationalError, InterfaceError) as exc:
        retries = self.request.retries
        if not self.request.is_eager and retries < (self.max_retries or 0):
            raise self.retry(exc=exc, countdown=2 ** (retries + 1)) from exc
        error = "The database was unavailable for the simulation, even after retries."
        logger.warning("simulation %s: %s", simulation_id, exc)
    except SoftTimeLimitExceeded:
        limit = self.app.conf.task_soft_time_limit
        error = (
            f"The simulation ran longer than {limit} seconds and was stopped; "
            "simulate fewer customers or months at a time."
        )
    except Exception as exc:
        # The job's boundary: whatever went wrong, the simulation must end `failed`, never
        # stay `running`. Logged with its traceback; re-raised for the worker's own records.
        logger.exception("simulation %s stopped on an unexpected error", simulation_id)
        simulation_fail(
            simulation_id=simulation_id,
            error=f"The simulation stopped on an unexpected error ({type(exc).__name__}).",
        )
        if not self.request.is_eager:
            raise
        return "failed"
    simulation_fail(simulation_id=simulation_id, error=error)
    return "failed"

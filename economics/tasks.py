"""Celery tasks of the pipeline (economics/pipeline.py): thin wrappers that take ids.

`on_events_changed` is metering's one change listener: after a change commits, it queues
the processing of the tenant's notes. Every task here is idempotent and reads durable
input (notes, marks, pending events), so the beat's `pipeline_sweep` recovers anything a
lost message or a killed worker left behind.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from uuid import UUID

from celery import shared_task
from django.conf import settings

from config.queueing import task_send, task_send_later
from economics import pipeline, retention
from economics.alerts.tasks import alerts_evaluate
from economics.costs.selectors import pending_event_tenants
from economics.margins.customer_base import customer_base_stale_tenants
from economics.margins.rollups import rollup_marked_tenants
from metering.audit import Actor
from metering.changes import event_change_tenants
from metering.models import Tenant

# Per web process: until when (monotonic clock) a sent `changes_process` of each tenant is
# still to run, so that a change noted before then is certain to be seen by it.
_processing_due: dict[UUID, float] = {}


def on_events_changed(tenant_id: UUID) -> None:
    """Queue the processing of a tenant's change notes (they are committed already).

    With PIPELINE_COALESCE_SECONDS > 0 the changes of one tenant in one process coalesce:
    the first change queues the processing to run that many seconds later, and the changes
    that follow within the window (less half of it, a margin for the clocks of other hosts)
    queue nothing, since that run takes every note committed before it starts. A busy
    tenant then costs the broker one message per window instead of one per request.
    When the broker cannot take it, the notes wait for the sweep: nothing is lost.
    """
    window = settings.PIPELINE_COALESCE_SECONDS
    if window <= 0 or changes_process.app.conf.task_always_eager:  # in-process: run it now
        task_send(changes_process, str(tenant_id))
        return
    now = time.monotonic()
    if _processing_due.get(tenant_id, 0.0) > now:
        return
    if task_send_later(changes_process, window, str(tenant_id)):
        _processing_due[tenant_id] = now + window / 2


def _tenant(tenant_id: str) -> Tenant | None:
    return Tenant.objects.filter(pk=tenant_id).first()


# Queued by every ingest request: no result is stored, so sending it is one broker write.
@shared_task(name="economics.changes_process", acks_late=True, ignore_result=True)
def changes_process(tenant_id: str) -> int:
    """Cost and mark the events of the tenant's notes, then queue the rollups; return costed."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return 0
    result = pipeline.changes_process(tenant=tenant)
    if result.marked:
        task_send(rollups_process, tenant_id)
    return result.costed


@shared_task(name="economics.pending_process", acks_late=True, ignore_result=True)
def pending_process(tenant_id: str) -> int:
    """Cost and mark the tenant's events left pending without a note; return costed."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return 0
    result = pipeline.pending_process(
        tenant=tenant, received_before=datetime.now(UTC) - pipeline.SWEEP_GRACE
    )
    if result.marked:
        task_send(rollups_process, tenant_id)
    return result.costed


@shared_task(name="economics.rollups_refresh", acks_late=True)
def rollups_process(tenant_id: str) -> int:
    """Recompute the tenant's marked buckets, then check SLOs on the live days that moved."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return 0
    result = pipeline.rollups_process(tenant=tenant)
    for day in pipeline.live_days(result.days, today=datetime.now(UTC).date()):
        task_send(alerts_evaluate, tenant_id, day.isoformat())
    return result.marks


@shared_task(name="economics.pipeline_sweep")
def pipeline_sweep() -> int:
    """Beat: queue every step that has durable input waiting; return how many were queued.

    Notes whose task was lost, events pending without a note, marks whose refresh was lost,
    and churn bases that no longer hold (a customer went quiet, the month turned, a
    subscription was written: its customer-months are rated again by the refresh).
    """
    queued = 0
    for tenant_id in event_change_tenants():
        changes_process.delay(str(tenant_id))
        queued += 1
    for tenant_id in pending_event_tenants(
        received_before=datetime.now(UTC) - pipeline.SWEEP_GRACE
    ):
        pending_process.delay(str(tenant_id))
        queued += 1
    marked = rollup_marked_tenants()
    for tenant_id in marked:
        rollups_process.delay(str(tenant_id))
        queued += 1
    for tenant in customer_base_stale_tenants():
        if tenant.pk not in marked:
            rollups_process.delay(str(tenant.pk))
            queued += 1
    return queued


@shared_task(name="economics.events_retire")
def events_retire_task() -> list[str]:
    """Beat: drop the months of raw events that retention allows; return their partitions."""
    verdicts = retention.events_retire(
        now=datetime.now(UTC), actor=Actor.system("beat: economics.events_retire")
    )
    return [v.partition for v in verdicts if v.dropped]

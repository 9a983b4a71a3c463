"""Celery tasks of the Stripe integration (queue `stripe`): thin wrappers that take ids.

Every task is idempotent and reads durable rows (outbox rows, usage marks, stored events),
so the beat recovers whatever a lost message or a killed worker left behind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import stripe
from celery import shared_task
from django.utils import timezone

from config.queueing import BROKER_ERRORS, task_send
from metering.models import Customer, Tenant
from pricing.stripe import drain, reconciliation, usage, webhooks
from pricing.stripe.models import StripeConnection, StripeObject
from pricing.stripe.outbox import customer_changed

# Events left unhandled this long are handled again by the beat (their task was lost).
EVENT_GRACE = timedelta(minutes=2)


def _tenant(tenant_id: str) -> Tenant | None:
    return Tenant.objects.filter(pk=tenant_id).first()


@shared_task(name="stripe.outbox_drain", acks_late=True)
def outbox_drain(tenant_id: str) -> int:
    """Send the tenant's due outbox rows; come back when the next waiting row is due."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return 0
    result = drain.outbox_drain(tenant=tenant)
    if result.next_due is not None and not outbox_drain.app.conf.task_always_eager:
        delay = max((result.next_due - timezone.now()).total_seconds(), 0.0)
        try:
            outbox_drain.apply_async((tenant_id,), countdown=delay)
        except BROKER_ERRORS:  # the beat drains what this could not queue
            pass
    return result.done


@shared_task(name="stripe.outbox_drain_all")
def outbox_drain_all() -> int:
    """Beat: queue a drain for every tenant with rows due (covers lost kicks)."""
    tenants = drain.outbox_due_tenants(now=timezone.now())
    for tenant_id in tenants:
        task_send(outbox_drain, tenant_id)
    return len(tenants)


@shared_task(name="stripe.usage_sync", acks_late=True)
def usage_sync(tenant_id: str) -> int:
    """Recompute the tenant's marked usage windows and queue those that moved."""
    tenant = _tenant(tenant_id)
    return 0 if tenant is None else usage.usage_sync(tenant=tenant)


@shared_task(name="stripe.usage_sync_all")
def usage_sync_all() -> int:
    """Beat: queue a usage sync for every tenant with marks waiting."""
    tenants = usage.usage_mark_tenants()
    for tenant_id in tenants:
        task_send(usage_sync, tenant_id)
    return len(tenants)


@shared_task(name="stripe.customers_sync_all")
def customers_sync_all() -> int:
    """Beat: queue the mirroring of customers changed since they were last mirrored."""
    queued = 0
    connections = StripeConnection.objects.cross_tenant(reason="beat: every connected tenant")
    for connection in connections.select_related("tenant"):
        tenant = connection.tenant
        synced = dict(
            StripeObject.objects.of(tenant)
            .filter(kind=StripeObject.Kind.CUSTOMER)
            .values_list("local_key", "synced_at")
        )
        customers = Customer.objects.of(tenant).filter(pk__in=[int(k) for k in synced])
        for customer in customers:
            if customer.updated_at > synced[str(customer.pk)]:
                if customer_changed(tenant=tenant, customer=customer) is not None:
                    queued += 1
    return queued


@shared_task(
    name="stripe.event_handle",
    acks_late=True,
    autoretry_for=(stripe.StripeError,),
    retry_backoff=1,
    retry_backoff_max=60,
    max_retries=8,
)
def event_handle(tenant_id: str, event_pk: int) -> str:
    """Act on one stored Stripe event (refetching its object)."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return "gone"
    return webhooks.event_handle(tenant=tenant, event_pk=event_pk)


@shared_task(name="stripe.events_handle_due")
def events_handle_due() -> int:
    """Beat: handle stored events whose task was lost or failed."""
    due = webhooks.events_due(before=timezone.now() - EVENT_GRACE)
    for tenant_id, event_pk in due:
        task_send(event_handle, tenant_id, event_pk)
    return len(due)


@shared_task(name="stripe.reconcile", acks_late=True)
def reconcile(tenant_id: str, month: str) -> int:
    """Reconcile one tenant's month with Stripe; return the differences found."""
    tenant = _tenant(tenant_id)
    if tenant is None:
        return 0
    run = reconciliation.reconcile(tenant=tenant, month=date.fromisoformat(month))
    return run.differences


@shared_task(name="stripe.reconcile_all")
def reconcile_all() -> int:
    """Beat (nightly): reconcile every connected tenant's open months."""
    months = reconciliation.reconcile_months(today=datetime.now(UTC).date())
    connections = StripeConnection.objects.cross_tenant(reason="beat: every connected tenant")
    tenants = sorted(str(t) for t in connections.values_list("tenant_id", flat=True))
    for tenant_id in tenants:
        for month in months:
            task_send(reconcile, tenant_id, month.isoformat())
    return len(tenants)

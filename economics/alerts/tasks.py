"""Celery tasks of alerts: evaluate SLOs and anomalies, deliver webhooks (thin wrappers)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial

from celery import shared_task
from django.db import transaction

from economics.alerts.models import Alert, WebhookDelivery
from economics.alerts.services import (
    anomaly_evaluate,
    guardrails_evaluate,
    slo_evaluate,
    stripe_differences_raise,
)
from economics.alerts.webhooks import webhook_attempt, webhook_due
from economics.dates import day_floor
from economics.margins.models import ClassDay
from metering.models import Tenant


@shared_task(name="economics.alerts_evaluate")
def alerts_evaluate(tenant_id: str, day: str | None = None) -> int:
    """Check cost SLOs and spend anomalies of one tenant on one UTC day (default today).

    Without a day, budget thresholds and credits running low are checked too.
    """
    tenant = Tenant.objects.get(pk=tenant_id)
    when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    raised = slo_evaluate(tenant=tenant, day=when) + anomaly_evaluate(tenant=tenant, day=when)
    if day is None:  # budgets and credits are evaluated as they stand now
        raised += guardrails_evaluate(tenant=tenant, now=datetime.now(UTC))
    deliveries_queue(tenant=tenant, alerts=raised)
    return len(raised)


def deliveries_queue(*, tenant: Tenant, alerts: list[Alert]) -> None:
    """Queue the first attempt of each new alert's deliveries once the alerts are committed."""
    pending = (
        WebhookDelivery.objects.of(tenant)
        .filter(alert__in=alerts, status=WebhookDelivery.Status.PENDING)
        .values_list("pk", flat=True)
    )
    for delivery_id in pending:
        transaction.on_commit(partial(webhook_deliver.delay, str(delivery_id)))


@shared_task(name="economics.alerts_evaluate_all")
def alerts_evaluate_all() -> int:
    """Beat: evaluate today for every tenant with rollups today."""
    today = day_floor(datetime.now(UTC))
    tenants = (
        ClassDay.objects.cross_tenant(reason="beat: every tenant with rollups today")
        .filter(bucket_start=today)
        .values_list("tenant_id", flat=True)
    )
    ids = {str(t) for t in tenants}
    for tenant_id in sorted(ids):
        alerts_evaluate.delay(tenant_id)
    return len(ids)


@shared_task(name="economics.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: str) -> str:
    """Try a delivery once; with a real broker, come back when its retry is due."""
    status = webhook_attempt(delivery_id=delivery_id)
    if status == WebhookDelivery.Status.PENDING and not webhook_deliver.app.conf.task_always_eager:
        due = (
            WebhookDelivery.objects.cross_tenant(reason="worker: a delivery is sent by its id")
            .values_list("next_attempt_at", flat=True)
            .get(pk=delivery_id)
        )
        delay = max((due - datetime.now(UTC)).total_seconds(), 0)
        webhook_deliver.apply_async((delivery_id,), countdown=delay)
    return status


@shared_task(name="economics.webhooks_deliver_due")
def webhooks_deliver_due() -> int:
    """Beat: attempt every pending delivery that is due (covers lost retries)."""
    due = webhook_due()
    for delivery_id in due:
        webhook_deliver.delay(str(delivery_id))
    return len(due)


@shared_task(name="economics.stripe_alerts_raise")
def stripe_alerts_raise() -> int:
    """Beat: raise one alert per open Stripe difference or meter error (pricing's rows)."""
    raised = stripe_differences_raise()
    by_tenant: dict[str, list[Alert]] = {}
    for alert in raised:
        by_tenant.setdefault(str(alert.tenant_id), []).append(alert)
    for alerts in by_tenant.values():
        deliveries_queue(tenant=alerts[0].tenant, alerts=alerts)
    return len(raised)

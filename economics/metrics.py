"""The pipeline's backlog and lags, read from the database when /metrics is scraped.

Named in settings.METRICS_COLLECTORS (config imports no app). Each figure is one aggregate
over a small set: pending events are read through their partial index, change notes and
rollup marks are deleted as soon as they are consumed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from economics.alerts.models import WebhookDelivery
from economics.margins.models import DirtyBucket
from metering.models import CostStatus, EventChange, UsageEvent
from pricing.stripe.models import OutboxStatus, StripeEvent, StripeOutbox


def _age(now: datetime, oldest: datetime | None) -> float:
    return max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0


def pipeline_metrics() -> Iterator[Metric]:
    """Yield the backlog gauges: pending costing, change notes, rollup marks, failures."""
    now = timezone.now()
    pending = UsageEvent.objects.cross_tenant(
        reason="metrics: the backlog over every tenant"
    ).filter(cost_status=CostStatus.PENDING)
    costing = pending.aggregate(n=Count("id"), oldest=Min("received_at"))
    notes = EventChange.objects.cross_tenant(
        reason="metrics: the backlog over every tenant"
    ).aggregate(n=Count("id"), oldest=Min("created_at"))
    marks = DirtyBucket.objects.cross_tenant(
        reason="metrics: the backlog over every tenant"
    ).aggregate(n=Count("id"), oldest=Min("marked_at"))
    costing_lag = _age(now, costing["oldest"])
    notes_lag = _age(now, notes["oldest"])
    rollup_lag = _age(now, marks["oldest"])

    yield _gauge("marginal_events_pending_costing", "Stored events not yet costed.", costing["n"])
    yield _gauge(
        "marginal_costing_lag_seconds",
        "Age of the oldest event still waiting for its cost (0: none waits).",
        costing_lag,
    )
    yield _gauge("marginal_change_notes_waiting", "Change notes not yet consumed.", notes["n"])
    yield _gauge(
        "marginal_rollup_marks_waiting", "Rollup buckets marked for recompute.", marks["n"]
    )
    yield _gauge(
        "marginal_rollup_lag_seconds",
        "Age of the oldest rollup bucket waiting for its recompute (0: none waits).",
        rollup_lag,
    )
    # An event reaches the reports once it is costed (its note consumed) and its buckets
    # are recomputed: the oldest piece of work still between the two is the lag.
    yield _gauge(
        "marginal_event_to_report_lag_seconds",
        "Age of the oldest change not yet in the reports (0: the reports are current).",
        max(costing_lag, notes_lag, rollup_lag),
    )
    failed = GaugeMetricFamily(
        "marginal_delivery_failures",
        "Webhook deliveries and Stripe outbox rows given up on, and Stripe events whose"
        " handling failed.",
        labels=["kind"],
    )
    failed.add_metric(
        ["webhook"],
        WebhookDelivery.objects.cross_tenant(reason="metrics: the backlog over every tenant")
        .filter(status=WebhookDelivery.Status.FAILED)
        .count(),
    )
    failed.add_metric(
        ["stripe_outbox"],
        StripeOutbox.objects.cross_tenant(reason="metrics: the backlog over every tenant")
        .filter(status=OutboxStatus.DEAD)
        .count(),
    )
    failed.add_metric(
        ["stripe_event"],
        StripeEvent.objects.cross_tenant(reason="metrics: the backlog over every tenant")
        .filter(status=StripeEvent.Status.FAILED)
        .count(),
    )
    yield failed


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)

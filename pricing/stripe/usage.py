"""Usage mirrored to Stripe's Billing Meters: one meter event per customer x meter x hour.

Economics' pipeline, in the transaction that consumes metering's change notes, marks the
customer-hours of changed events here (only for tenants connected to Stripe). The usage
sync then recomputes each marked window from the live events, and where the value moved it
bumps the window's revision and writes an outbox row, in one transaction with deleting the
marks. The outbox's `meter_window.sync` makes Stripe hold the window's value: a first event,
a cancel-and-resend inside Stripe's 24 h correction window, a supplementary event after it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncHour

from config.queueing import task_send_on_commit
from metering.models import Tenant, UsageEvent
from pricing.models import PlanVersion, Subscription, VersionStatus
from pricing.selectors import rate_plan
from pricing.stripe.connection import connected
from pricing.stripe.mapping import MeterSpec, meter_from_key, plan_mapping, window_value
from pricing.stripe.models import StripeMeterWindow, StripeUsageMark
from pricing.stripe.outbox import (
    METER_WINDOW_SYNC,
    outbox_add,
    plan_version_published,
    subscription_changed,
)
from pricing.usage import _metric_sums

HOUR = timedelta(hours=1)
MARKS_PER_STEP = 2_000
USAGE_SYNC_TASK = "stripe.usage_sync"


def as_decimal(value: Any) -> Decimal:
    """Return a database sum as a Decimal (None is zero; never through a binary float)."""
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _kick(tenant: Tenant) -> None:
    # By name: the task module sits above this one.
    task = current_app.tasks.get(USAGE_SYNC_TASK)
    if task is not None:
        task_send_on_commit(task, str(tenant.pk))


def usage_mark_events(*, tenant: Tenant, where: Q, is_connected: bool | None = None) -> int:
    """Mark the customer-hours of the tenant's events matching `where` (connected tenants only).

    Called in the transaction that consumes the change notes of these events, so a change
    is never left without its mark.
    """
    if is_connected is None:
        is_connected = connected(tenant=tenant)
    if not is_connected:
        return 0
    keys = (
        UsageEvent.objects.of(tenant)
        .filter(where)
        .annotate(hour=TruncHour("timestamp", tzinfo=UTC))
        .values_list("customer_id", "hour")
        .distinct()
    )
    marks = [StripeUsageMark(tenant=tenant, customer_id=c, hour=h) for c, h in keys]
    StripeUsageMark.objects.bulk_create(marks)
    if marks:
        _kick(tenant)
    return len(marks)


def usage_mark_range(
    *,
    tenant: Tenant,
    start: date,
    end: date,
    customer_ids: list[int] | None = None,
    is_connected: bool | None = None,
) -> int:
    """Mark every customer-hour with events in [start, end] (UTC days; a backfill)."""
    begin = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    finish = datetime.combine(end, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    where = Q(timestamp__gte=begin, timestamp__lt=finish)
    if customer_ids is not None:
        where &= Q(customer_id__in=customer_ids)
    return usage_mark_events(tenant=tenant, where=where, is_connected=is_connected)


def _meters_by_day(
    tenant: Tenant, customer_ids: set[int], first: date, last: date
) -> dict[tuple[int, date], list[MeterSpec]]:
    """Return the meters each customer's subscription bills on each day of [first, last]."""
    subs = (
        Subscription.objects.of(tenant)
        .filter(customer_id__in=customer_ids, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=first))
    )
    versions = {
        v.pk: plan_mapping(rate_plan(v))
        for v in PlanVersion.objects.of(tenant).filter(pk__in={s.plan_version_id for s in subs})
    }
    out: dict[tuple[int, date], list[MeterSpec]] = {}
    for sub in subs:
        day = max(sub.start_date, first)
        stop = last if sub.end_date is None else min(last, sub.end_date - timedelta(days=1))
        while day <= stop:
            out[(sub.customer_id, day)] = list(versions[sub.plan_version_id].meters)
            day += timedelta(days=1)
    return out


def usage_sync(*, tenant: Tenant) -> int:
    """Recompute the marked windows, queue the ones whose value moved; return windows queued."""
    queued = 0
    while True:
        with transaction.atomic():
            marks = list(
                StripeUsageMark.objects.of(tenant)
                .select_for_update(skip_locked=True)
                .order_by("id")
                .values_list("id", "customer_id", "hour")[:MARKS_PER_STEP]
            )
            if not marks:
                break
            pairs = {(c, h.astimezone(UTC)) for _, c, h in marks}
            queued += _sync_windows(tenant, pairs)
            StripeUsageMark.objects.of(tenant).filter(id__in=[m[0] for m in marks]).delete()
    return queued


def _sync_windows(tenant: Tenant, pairs: set[tuple[int, datetime]]) -> int:
    customers = {c for c, _ in pairs}
    first = min(h for _, h in pairs)
    last = max(h for _, h in pairs)
    meters = _meters_by_day(tenant, customers, first.date(), last.date())
    sums = _metric_sums()
    rows: dict[tuple[int, datetime], list[tuple[str, str, dict[str, Decimal]]]] = defaultdict(list)
    grouped = (
        UsageEvent.objects.of(tenant)
        .filter(
            customer_id__in=customers,
            timestamp__gte=first,
            timestamp__lt=last + HOUR,
            voided_at__isnull=True,
        )
        .annotate(hour=TruncHour("timestamp", tzinfo=UTC))
        .values("customer_id", "hour", "request_class", "model")
        .annotate(**{f"m_{m}": agg for m, agg in sums.items()})  # type: ignore[misc]
        .order_by()
    )
    for raw in grouped:
        row: dict[str, Any] = dict(raw)
        key = (row["customer_id"], row["hour"].astimezone(UTC))
        if key not in pairs:
            continue
        values = {m: as_decimal(row[f"m_{m}"]) for m in sums}
        rows[key].append((row["request_class"], row["model"], values))
    existing: dict[tuple[int, datetime, str], StripeMeterWindow] = {
        (w.customer_id, w.hour.astimezone(UTC), w.meter_key): w
        for w in StripeMeterWindow.objects.of(tenant)
        .select_for_update()
        .filter(customer_id__in=customers, hour__gte=first, hour__lte=last)
    }
    queued = 0
    for customer_id, hour in sorted(pairs):
        specs = {m.key: m for m in meters.get((customer_id, hour.date()), [])}
        for (c, h, meter_key), _window in existing.items():
            if c == customer_id and h == hour and meter_key not in specs:
                specs[meter_key] = meter_from_key(meter_key)
        for meter_key, spec in sorted(specs.items()):
            applies = any(m.key == meter_key for m in meters.get((customer_id, hour.date()), []))
            desired = (
                window_value(spec, rows.get((customer_id, hour), [])) if applies else Decimal(0)
            )
            window = existing.get((customer_id, hour, meter_key))
            if window is None:
                if not desired:
                    continue
                window = StripeMeterWindow.objects.create(
                    tenant=tenant,
                    customer_id=customer_id,
                    meter_key=meter_key,
                    hour=hour,
                    desired=desired,
                    revision=1,
                )
            elif window.desired == desired:
                continue
            else:
                window.desired = desired
                window.revision += 1
                window.save(update_fields=["desired", "revision", "updated_at"])
            outbox_add(
                tenant=tenant,
                operation=METER_WINDOW_SYNC,
                subject=str(window.pk),
                key=f"window:{window.pk}:{window.revision}",
                connected=True,
            )
            queued += 1
    return queued


def usage_mark_tenants() -> list[str]:
    """Tenants with marked customer-hours waiting (the beat's work list)."""
    marks = StripeUsageMark.objects.cross_tenant(reason="beat: every tenant with usage marks")
    return sorted({str(t) for t in marks.values_list("tenant_id", flat=True).distinct()})


def backfill(*, tenant: Tenant, today: date) -> None:
    """Queue what exists when a tenant connects: published versions, live subscriptions, usage."""
    versions = PlanVersion.objects.of(tenant).filter(status=VersionStatus.PUBLISHED)
    for version in versions.order_by("pk"):
        plan_version_published(tenant=tenant, version=version)
    subs = Subscription.objects.of(tenant).filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
    month_start = today.replace(day=1)
    for sub in subs.order_by("start_date", "pk"):
        subscription_changed(tenant=tenant, subscription=sub)
        start = max(sub.start_date, month_start)
        usage_mark_range(tenant=tenant, start=start, end=today, customer_ids=[sub.customer_id])

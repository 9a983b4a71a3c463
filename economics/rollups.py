"""Rollups: usage, cost and attributed revenue summed per customer x class x model x hour/day.

The rule that keeps them right is simple: a touched bucket is recomputed from its
source rows, never incremented. Ingest, voids, amendments and re-costing mark the
customer-hours they touch (`rollup_mark_events`); `rollup_refresh` rewrites exactly
those hour buckets from the live events, the day buckets that contain them from the
hour buckets, and the attributed revenue of the customer-months they fall in
(revenue moves when any request of the period changes: flat fees are spread over
all of them). Running it twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import Count, DecimalField, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncHour

from economics import revenue as revenue_source
from economics.margin_models import (
    ClassDay,
    CustomerClassTotal,
    DirtyBucket,
    RevenueMonth,
    RollupBase,
    RollupDay,
    RollupHour,
)
from metering.models import UsageEvent

ZERO = Decimal("0")
R = TypeVar("R", bound=RollupBase)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# Rollup column -> UsageEvent column summed into it.
SUMMED_COLUMNS = {
    "requests": "requests",
    "input_tokens": "input_tokens",
    "cached_input_tokens": "cached_input_tokens",
    "cache_write_tokens": "cache_write_tokens",
    "output_tokens": "output_tokens",
    "reasoning_tokens": "reasoning_tokens",
    "gpu_seconds": "gpu_seconds",
    "retrieval_calls": "retrieval_calls",
    "cost_tokens": "cost_tokens",
    "cost_gpu": "cost_gpu",
    "cost_services": "cost_services",
    "cost_external": "cost_external",
    "cost_total": "cost_total",
    "outcome_value": "outcome_value",
}
ROLLUP_SUMS = [*SUMMED_COLUMNS, "events", "unpriced_events", "outcomes_success", "outcomes_failure"]
ROLLUP_SUMS_WITH_REVENUE = [*ROLLUP_SUMS, "revenue"]


def hour_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def month_floor(moment: datetime) -> datetime:
    return day_floor(moment).replace(day=1)


def next_month(moment: datetime) -> datetime:
    return (moment.replace(day=28) + timedelta(days=4)).replace(day=1)


def rollup_mark_events(*, tenant_id: uuid.UUID, event_ids: Iterable[int]) -> int:
    """Mark the customer-hours of these events for recomputation; return marks added."""
    ids = list(event_ids)
    if not ids:
        return 0
    keys = (
        UsageEvent.objects.filter(tenant_id=tenant_id, id__in=ids)
        .annotate(hour=TruncHour("timestamp", tzinfo=UTC))
        .values_list("customer_id", "hour")
        .distinct()
    )
    marks = [DirtyBucket(tenant_id=tenant_id, customer_id=c, hour=h) for c, h in keys]
    DirtyBucket.objects.bulk_create(marks)
    return len(marks)


def rollup_mark_range(
    *, tenant_id: uuid.UUID, start: datetime, end: datetime, customer_ids: Iterable[int] = ()
) -> int:
    """Mark every customer-hour with events in [start, end) (a rebuild or a re-cost)."""
    events = UsageEvent.objects.filter(tenant_id=tenant_id, timestamp__gte=start, timestamp__lt=end)
    customers = list(customer_ids)
    if customers:
        events = events.filter(customer_id__in=customers)
    keys = events.annotate(hour=TruncHour("timestamp", tzinfo=UTC)).values_list(
        "customer_id", "hour"
    )
    marks = [DirtyBucket(tenant_id=tenant_id, customer_id=c, hour=h) for c, h in keys.distinct()]
    DirtyBucket.objects.bulk_create(marks, batch_size=5000)
    return len(marks)


@dataclass
class RefreshResult:
    marks: int = 0
    days: set[date] = field(default_factory=set)  # UTC days whose figures moved


def rollup_refresh(*, tenant_id: uuid.UUID, batch_size: int = 20_000) -> RefreshResult:
    """Recompute every marked bucket of a tenant; report marks consumed and days touched."""
    result = RefreshResult()
    while True:
        done, days = _refresh_batch(tenant_id=tenant_id, batch_size=batch_size)
        result.marks += done
        result.days |= days
        if done < batch_size:
            return result


def rollup_pending_tenants() -> list[uuid.UUID]:
    """Tenants with marks waiting (the beat schedule's work list)."""
    return list(DirtyBucket.objects.values_list("tenant_id", flat=True).distinct())


def _refresh_batch(*, tenant_id: uuid.UUID, batch_size: int) -> tuple[int, set[date]]:
    with transaction.atomic():
        marks = list(
            DirtyBucket.objects.select_for_update(skip_locked=True)
            .filter(tenant_id=tenant_id)
            .order_by("id")
            .values_list("id", "customer_id", "hour")[:batch_size]
        )
        if not marks:
            return 0, set()
        customers_by_hour: dict[datetime, set[int]] = defaultdict(set)
        for _, customer_id, hour in marks:
            customers_by_hour[hour_floor(hour)].add(customer_id)
        _recompute_hours(tenant_id, customers_by_hour)
        months: set[tuple[int, datetime]] = set()
        days: dict[datetime, set[int]] = defaultdict(set)
        for hour, customers in customers_by_hour.items():
            for customer_id in customers:
                months.add((customer_id, month_floor(hour)))
                days[day_floor(hour)].add(customer_id)
        for day, customers in _recompute_revenue(tenant_id, months).items():
            days[day] |= customers
        _recompute_days(tenant_id, days)
        _recompute_class_days(tenant_id, set(days))
        _recompute_customer_totals(tenant_id, {c for cs in days.values() for c in cs})
        DirtyBucket.objects.filter(id__in=[mark_id for mark_id, _, _ in marks]).delete()
    return len(marks), {day.date() for day in days}


def _recompute_hours(tenant_id: uuid.UUID, customers_by_hour: dict[datetime, set[int]]) -> None:
    """Rewrite the hour buckets of these customer-hours from live events (revenue kept aside)."""
    for hour, customers in customers_by_hour.items():
        RollupHour.objects.filter(
            tenant_id=tenant_id, bucket_start=hour, customer_id__in=customers
        ).delete()
        rows = (
            UsageEvent.objects.filter(
                tenant_id=tenant_id,
                customer_id__in=customers,
                timestamp__gte=hour,
                timestamp__lt=hour + HOUR,
                voided_at__isnull=True,
            )
            .values("customer_id", "request_class", "model")
            .annotate(**_event_aggregates())
        )
        RollupHour.objects.bulk_create(
            [_rollup_row(RollupHour, tenant_id, hour, row) for row in _dicts(rows)], batch_size=2000
        )


def _event_aggregates() -> dict[str, object]:
    """Aggregates over events, aliased `s_<rollup column>` (aliases may not shadow fields)."""
    aggregates: dict[str, object] = {
        f"s_{name}": Coalesce(Sum(source), _zero_for(name))
        for name, source in SUMMED_COLUMNS.items()
    }
    aggregates["s_events"] = Count("id")
    aggregates["s_unpriced_events"] = Count("id", filter=~Q(cost_status="priced"))
    aggregates["s_outcomes_success"] = Count("id", filter=Q(outcome="success"))
    aggregates["s_outcomes_failure"] = Count("id", filter=Q(outcome="failure"))
    return aggregates


def _dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """values() rows as plain dicts (their typed form does not allow computed keys)."""
    return cast(Iterable[dict[str, Any]], rows)


def _zero_for(name: str) -> Value:
    field = RollupHour._meta.get_field(name)
    return Value(Decimal("0") if isinstance(field, DecimalField) else 0)


def _rollup_row(
    model: type[R], tenant_id: uuid.UUID, bucket: datetime, row: Mapping[str, Any]
) -> R:
    return model(
        tenant_id=tenant_id,
        customer_id=row["customer_id"],
        request_class=row["request_class"] or "",
        model=row["model"] or "",
        bucket_start=bucket,
        **{name[2:]: value for name, value in row.items() if name.startswith("s_")},
    )


def _recompute_revenue(
    tenant_id: uuid.UUID, months: set[tuple[int, datetime]]
) -> dict[datetime, set[int]]:
    """Write attributed revenue into the hour buckets of each customer-month; return days moved."""
    moved: dict[datetime, set[int]] = defaultdict(set)
    for customer_id, month in sorted(months):
        end = next_month(month)
        rated = revenue_source.customer_month_revenue(
            tenant_id=tenant_id, customer_id=customer_id, month_start=month
        )
        by_bucket: dict[tuple[str, str, datetime], Decimal] = defaultdict(Decimal)
        if rated is None:
            RevenueMonth.objects.filter(
                tenant_id=tenant_id, customer_id=customer_id, month=month.date()
            ).delete()
        else:
            RevenueMonth.objects.update_or_create(
                tenant_id=tenant_id,
                customer_id=customer_id,
                month=month.date(),
                defaults={
                    "currency": rated.currency,
                    "total": rated.total,
                    "recurring": rated.recurring,
                    "usage": rated.usage,
                    "unattributed": rated.unattributed,
                },
            )
            events = (
                UsageEvent.objects.filter(
                    tenant_id=tenant_id,
                    customer_id=customer_id,
                    timestamp__gte=month,
                    timestamp__lt=end,
                    voided_at__isnull=True,
                )
                .annotate(hour=TruncHour("timestamp", tzinfo=UTC))
                .values_list("pk", "request_class", "model", "hour")
            )
            for pk, request_class, model, hour in events.iterator(chunk_size=5000):
                amount = rated.by_event.get(pk)
                if amount:
                    by_bucket[(request_class or "", model or "", hour)] += amount
        buckets = RollupHour.objects.filter(
            tenant_id=tenant_id,
            customer_id=customer_id,
            bucket_start__gte=month,
            bucket_start__lt=end,
        ).only("pk", "request_class", "model", "bucket_start", "revenue")
        changed = []
        for bucket in buckets:
            amount = by_bucket.get((bucket.request_class, bucket.model, bucket.bucket_start), ZERO)
            if bucket.revenue != amount:
                bucket.revenue = amount
                changed.append(bucket)
                moved[day_floor(bucket.bucket_start)].add(customer_id)
        RollupHour.objects.bulk_update(changed, ["revenue"], batch_size=2000)
    return moved


def _recompute_days(tenant_id: uuid.UUID, customers_by_day: dict[datetime, set[int]]) -> None:
    """Rewrite the day buckets of these customer-days from their hour buckets."""
    for day, customers in customers_by_day.items():
        RollupDay.objects.filter(
            tenant_id=tenant_id, bucket_start=day, customer_id__in=customers
        ).delete()
        rows = (
            RollupHour.objects.filter(
                tenant_id=tenant_id,
                customer_id__in=customers,
                bucket_start__gte=day,
                bucket_start__lt=day + DAY,
            )
            .values("customer_id", "request_class", "model")
            .annotate(**{f"s_{name}": Sum(name) for name in ROLLUP_SUMS_WITH_REVENUE})
        )
        RollupDay.objects.bulk_create(
            [_rollup_row(RollupDay, tenant_id, day, row) for row in _dicts(rows)], batch_size=2000
        )


def _recompute_class_days(tenant_id: uuid.UUID, days: set[datetime]) -> None:
    """Rewrite the tenant-wide class x model rows of these days from the day buckets."""
    sums = ["events", "requests", "unpriced_events", "cost_total", "revenue", "outcome_value"]
    for day in days:
        ClassDay.objects.filter(tenant_id=tenant_id, bucket_start=day).delete()
        rows = (
            RollupDay.objects.filter(tenant_id=tenant_id, bucket_start=day)
            .values("request_class", "model")
            .annotate(**{f"s_{name}": Sum(name) for name in sums})
        )
        ClassDay.objects.bulk_create(
            ClassDay(
                tenant_id=tenant_id,
                bucket_start=day,
                request_class=values["request_class"],
                model=values["model"],
                **{name: values[f"s_{name}"] for name in sums},
            )
            for values in _dicts(rows)
        )


def _recompute_customer_totals(tenant_id: uuid.UUID, customers: set[int]) -> None:
    """Rewrite the all-time customer x class sums of these customers from the day buckets."""
    if not customers:
        return
    CustomerClassTotal.objects.filter(tenant_id=tenant_id, customer_id__in=customers).delete()
    rows = (
        RollupDay.objects.filter(tenant_id=tenant_id, customer_id__in=customers)
        .values("customer_id", "request_class")
        .annotate(
            s_first=Min("bucket_start"),
            s_last=Max("bucket_start"),
            s_requests=Sum("requests"),
            s_cost=Sum("cost_total"),
            s_revenue=Sum("revenue"),
        )
    )
    CustomerClassTotal.objects.bulk_create(
        (
            CustomerClassTotal(
                tenant_id=tenant_id,
                customer_id=row["customer_id"],
                request_class=row["request_class"],
                first_active=row["s_first"],
                last_active=row["s_last"],
                requests=row["s_requests"],
                cost_total=row["s_cost"],
                revenue=row["s_revenue"],
            )
            for row in rows
        ),
        batch_size=2000,
    )

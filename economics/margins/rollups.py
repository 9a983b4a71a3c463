"""Rollups: usage, cost and attributed revenue summed per customer x class x model x hour/day.

The rule that keeps them right is simple: a touched bucket is recomputed from its
source rows, never incremented. The pipeline marks the customer-hours of changed events
(`rollup_mark_events`, `rollup_mark_range`) in the transaction that costs them;
`rollup_refresh` rewrites exactly those hour buckets from the live events, the day buckets that contain them from the
hour buckets, and the attributed revenue of the customer-months they fall in
(revenue moves when any request of the period changes: flat fees are spread over
all of them). Running it twice changes nothing.

The tenant-wide rows (class x model per hour and day, the stored churn base) are not
re-derived over every customer: they move by the exact difference the rewritten buckets
made (read before and after, in the same transaction as the rewrite and the deletion of
the marks, under the tenant's refresh lock), so a late event costs its own buckets.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import connection, transaction
from django.db.models import (
    Count,
    DateTimeField,
    DecimalField,
    Max,
    Min,
    Model,
    Q,
    QuerySet,
    Sum,
    UUIDField,
    Value,
)
from django.db.models.functions import Coalesce, TruncHour

from economics.dates import DAY, HOUR, day_floor, hour_floor, month_floor, next_month
from economics.margins import revenue as revenue_source
from economics.margins.customer_base import customer_base_before, customer_base_move
from economics.margins.models import (
    ClassBase,
    ClassDay,
    ClassHour,
    CustomerClassTotal,
    DirtyBucket,
    RevenueMonth,
    RollupBase,
    RollupDay,
    RollupHour,
)
from metering.models import Tenant, UsageEvent

ZERO = Decimal("0")
REFRESH_LOCK = 4_770_001  # advisory lock class of rollup refreshes (the key is the tenant)
R = TypeVar("R", bound=RollupBase)
C = TypeVar("C", bound=ClassBase)

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
ROLLUP_SUMS = [
    *SUMMED_COLUMNS,
    "events",
    "unpriced_events",
    "unpriced_requests",
    "outcomes_success",
    "outcomes_failure",
]
ROLLUP_SUMS_WITH_REVENUE = [*ROLLUP_SUMS, "revenue"]


def rollup_mark_events(*, tenant: Tenant, where: Q) -> int:
    """Mark the customer-hours of the tenant's events matching `where`; return marks added.

    Called in the transaction that changed the events' costs or noted them, so a bucket is
    never left without its mark.
    """
    keys = (
        UsageEvent.objects.of(tenant)
        .filter(where)
        .annotate(hour=TruncHour("timestamp", tzinfo=UTC))
        .values_list("customer_id", "hour")
        .distinct()
    )
    marks = [DirtyBucket(tenant=tenant, customer_id=c, hour=h) for c, h in keys]
    DirtyBucket.objects.bulk_create(marks)
    return len(marks)


def rollup_mark_range(
    *, tenant: Tenant, start: datetime, end: datetime, customer_ids: Iterable[int] = ()
) -> int:
    """Mark every customer-hour with events in [start, end) (a rebuild or a re-cost)."""
    events = UsageEvent.objects.of(tenant).filter(timestamp__gte=start, timestamp__lt=end)
    customers = list(customer_ids)
    if customers:
        events = events.filter(customer_id__in=customers)
    before = DirtyBucket.objects.of(tenant).count()
    keys = (
        events.annotate(hour=TruncHour("timestamp", tzinfo=UTC))
        .values("customer_id", "hour")
        .distinct()
        .annotate(t=_const(tenant.pk, UUIDField()), at=_const(datetime.now(UTC), DateTimeField()))
        .values_list("t", "customer_id", "hour", "at")
    )
    _insert_select(DirtyBucket, ["tenant", "customer", "hour", "marked_at"], keys)
    return DirtyBucket.objects.of(tenant).count() - before


def rollup_marked_tenants() -> list[uuid.UUID]:
    """Tenants with marked buckets waiting (the sweep's work list)."""
    marks = DirtyBucket.objects.cross_tenant(reason="sweep: every tenant with marks waiting")
    return sorted(set(marks.values_list("tenant_id", flat=True).distinct()))


@dataclass
class RefreshResult:
    marks: int = 0
    days: set[date] = field(default_factory=set)  # UTC days whose figures moved


def rollup_refresh(*, tenant: Tenant, batch_size: int = 50_000) -> RefreshResult:
    """Recompute every marked bucket of a tenant; report marks consumed and days touched.

    First marks the customer-months whose invoice moved without an event (a new month, a
    subscription written), so every month a subscription covers gets rated.
    """
    with transaction.atomic():
        _tenant_lock(tenant.pk)
        revenue_source.revenue_months_mark(tenant=tenant)
    result = RefreshResult()
    while True:
        done, days = _refresh_batch(tenant=tenant, batch_size=batch_size)
        result.marks += done
        result.days |= days
        if done < batch_size:
            break
    return result


@dataclass
class _Touched:
    """What one day of a refresh batch touches: customers, and hours by customer."""

    hours_by_customer: dict[int, set[datetime]] = field(default_factory=lambda: defaultdict(set))

    @property
    def customers(self) -> set[int]:
        return set(self.hours_by_customer)

    @property
    def hours(self) -> set[datetime]:
        return {h for hours in self.hours_by_customer.values() for h in hours}


def _refresh_batch(*, tenant: Tenant, batch_size: int) -> tuple[int, set[date]]:
    with transaction.atomic():
        # One refresh of a tenant at a time: two would rewrite the same tenant-wide rows
        # (unique-key collisions) and could apply the same revenue change twice.
        _tenant_lock(tenant.pk)
        marks = list(
            DirtyBucket.objects.of(tenant)
            .select_for_update(skip_locked=True)
            # Customer order keeps each customer-month's revenue pass in as few batches as can be.
            .order_by("customer_id", "hour")
            .values_list("id", "customer_id", "hour")[:batch_size]
        )
        if not marks:
            return 0, set()
        by_day: dict[datetime, _Touched] = defaultdict(_Touched)
        for _, customer_id, hour in marks:
            hour = hour_floor(hour)
            by_day[day_floor(hour)].hours_by_customer[customer_id].add(hour)
        # The tenant-wide class rows move by the difference the rebuilt buckets make: their
        # sums before and after, so a late event costs its own buckets, not the whole hour.
        before = _rebuilt_class_sums(tenant, by_day)
        base = customer_base_before(
            tenant=tenant, customer_ids={c for t in by_day.values() for c in t.customers}
        )
        for day, touched in by_day.items():
            _recompute_hours(tenant, day, touched)
        months = {(c, month_floor(day)) for day, t in by_day.items() for c in t.customers}
        moves = _recompute_revenue(tenant, months)
        after = _rebuilt_class_sums(tenant, by_day)
        for day, touched in by_day.items():
            _recompute_day(tenant, day, touched.customers)
        _apply_revenue_moves(tenant, moves, by_day)
        _apply_class_deltas(tenant, _class_deltas(before, after, moves, by_day))
        customers = {c for t in by_day.values() for c in t.customers}
        _recompute_customer_totals(tenant, customers)
        customer_base_move(tenant=tenant, before=base)
        DirtyBucket.objects.of(tenant).filter(id__in=[m for m, _, _ in marks]).delete()
    return len(marks), {day.date() for day in by_day} | {day_floor(m.hour).date() for m in moves}


@dataclass(frozen=True)
class _RevenueMove:
    """An hour bucket whose attributed revenue changed by `delta` (USD)."""

    customer_id: int
    request_class: str
    model: str
    hour: datetime
    delta: Decimal


def _apply_revenue_moves(
    tenant: Tenant, moves: Sequence[_RevenueMove], by_day: dict[datetime, _Touched]
) -> None:
    """Carry revenue that moved outside the recomputed customer-days into their day rows.

    A flat fee spread over a month moves the revenue of every bucket of the month when one
    request arrives; rebuilding all of them would cost a month of rows. The day rows
    recomputed in this batch already read the new revenue; the others get the exact
    difference added (the class rows take theirs in `_class_deltas`).
    """
    touched_customer_days = {(c, day) for day, t in by_day.items() for c in t.customers}
    day_deltas: dict[tuple[int, str, str, datetime], Decimal] = defaultdict(Decimal)
    for move in moves:
        day = day_floor(move.hour)
        if (move.customer_id, day) not in touched_customer_days:
            day_deltas[(move.customer_id, move.request_class, move.model, day)] += move.delta
    _add_revenue(
        RollupDay,
        tenant.pk,
        ["customer_id", "request_class", "model", "bucket_start"],
        day_deltas,
    )


CLASS_SUMS = [
    "events",
    "requests",
    "unpriced_events",
    "unpriced_requests",
    "cost_total",
    "revenue",
    "outcome_value",
]
_ClassKey = tuple[str, str, datetime]  # request class, model, bucket start
_ClassSums = dict[_ClassKey, list[Any]]  # sums in CLASS_SUMS order


def _class_zeros() -> list[Any]:
    """A zero for each of CLASS_SUMS, of its column's type."""
    return [
        ZERO if isinstance(ClassHour._meta.get_field(name), DecimalField) else 0
        for name in CLASS_SUMS
    ]


def _rebuilt_class_sums(tenant: Tenant, by_day: dict[datetime, _Touched]) -> _ClassSums:
    """The hour buckets a batch rebuilds (touched customers x touched hours, per day),
    summed per class x model x hour: read before and after the rebuild."""
    sums: _ClassSums = {}
    for touched in by_day.values():
        rows = (
            RollupHour.objects.of(tenant)
            .filter(customer_id__in=touched.customers, bucket_start__in=touched.hours)
            .values("request_class", "model", "bucket_start")
            .annotate(**{f"s_{n}": Sum(n) for n in CLASS_SUMS})
            .values_list("request_class", "model", "bucket_start", *_sum_names(CLASS_SUMS))
        )
        for request_class, model, hour, *values in rows:
            sums[(request_class, model, hour_floor(hour))] = list(values)
    return sums


def _class_deltas(
    before: _ClassSums,
    after: _ClassSums,
    moves: Sequence[_RevenueMove],
    by_day: dict[datetime, _Touched],
) -> _ClassSums:
    """What the class-hour rows gain: the rebuilt buckets' after less before, plus the
    revenue that moved in buckets outside them (a fee spread over their month)."""
    deltas: _ClassSums = defaultdict(_class_zeros)
    for sums, sign in ((after, 1), (before, -1)):
        for key, values in sums.items():
            delta = deltas[key]
            for i, value in enumerate(values):
                delta[i] += sign * value
    rebuilt = {(c, h) for t in by_day.values() for c in t.customers for h in t.hours}
    revenue = CLASS_SUMS.index("revenue")
    for move in moves:
        if (move.customer_id, move.hour) not in rebuilt:
            deltas[(move.request_class, move.model, move.hour)][revenue] += move.delta
    return {key: delta for key, delta in deltas.items() if any(delta)}


def _apply_class_deltas(tenant: Tenant, hour_deltas: _ClassSums) -> None:
    """Add the deltas to the class-hour rows and, summed per day, to the class-day rows.

    A row is created when its first bucket appears and deleted when its last one goes (a
    class row holds at least one event while any bucket under it does).
    """
    if not hour_deltas:
        return
    day_deltas: _ClassSums = defaultdict(_class_zeros)
    for (request_class, model, hour), delta in hour_deltas.items():
        day = day_deltas[(request_class, model, day_floor(hour))]
        for i, value in enumerate(delta):
            day[i] += value
    revenue = CLASS_SUMS.index("revenue")
    for model_class, deltas in ((ClassHour, hour_deltas), (ClassDay, day_deltas)):
        # Revenue alone moved (a spread fee, every bucket of a month): the row is there
        # already, and a narrower UPDATE sends a third of the values.
        only_revenue = {
            key: delta[revenue]
            for key, delta in deltas.items()
            if not any(value for i, value in enumerate(delta) if i != revenue)
        }
        _add_revenue(
            model_class, tenant.pk, ["request_class", "model", "bucket_start"], only_revenue
        )
        _upsert_add(
            model_class,
            tenant.pk,
            {key: delta for key, delta in deltas.items() if key not in only_revenue},
        )
        shrunk = {bucket for (_, _, bucket), delta in deltas.items() if delta[0] < 0}
        if shrunk:
            model_class.objects.of(tenant).filter(bucket_start__in=shrunk, events=0).delete()


def _upsert_add(model: type[ClassBase], tenant_id: uuid.UUID, deltas: _ClassSums) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE SET column = column + delta, for every sum."""
    if not deltas:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    tenant = UUIDField().get_db_prep_value(tenant_id, connection)
    keys = ["tenant_id", "request_class", "model", "bucket_start"]
    columns = ", ".join(quote(c) for c in [*keys, *CLASS_SUMS])
    conflict = ", ".join(quote(c) for c in ("tenant_id", "bucket_start", "request_class", "model"))
    adds = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in CLASS_SUMS)
    rows = sorted(deltas.items())
    width = len(keys) + len(CLASS_SUMS)
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        params: list[Any] = []
        for (request_class, model_name, bucket), delta in chunk:
            bucket_value = DateTimeField().get_db_prep_value(bucket, connection)
            params.extend([tenant, request_class, model_name, bucket_value, *delta])
        values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({conflict}) DO UPDATE SET {adds}",
                params,
            )


def _add_revenue(
    model: type[Model],
    tenant_id: uuid.UUID,
    key_columns: Sequence[str],
    deltas: dict[Any, Decimal],
) -> None:
    """UPDATE ... SET revenue = revenue + delta FROM (VALUES (key..., delta), ...)."""
    rows = [(*key, delta) for key, delta in deltas.items() if delta]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    tenant = UUIDField().get_db_prep_value(tenant_id, connection)
    width = len(key_columns) + 1
    matches = " AND ".join(
        f"{table}.{quote(column)} = v.column{i + 1}" for i, column in enumerate(key_columns)
    )
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        params: list[Any] = []
        for row in chunk:
            *key, delta = row
            key[-1] = DateTimeField().get_db_prep_value(key[-1], connection)
            params.extend([*key, delta])
        values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET revenue = {table}.revenue + v.column{width} "  # noqa: S608
                f"FROM (VALUES {values}) AS v WHERE {table}.tenant_id = %s AND {matches}",
                [*params, tenant],
            )


def _recompute_hours(tenant: Tenant, day: datetime, touched: _Touched) -> None:
    """Rewrite the marked customer-hours of one day from live events (revenue comes after).

    One read per day: the touched customers' events of the day, kept for the hours that
    were marked for any of them (a superset of the marks, each bucket rebuilt whole).
    """
    customers, hours = touched.customers, touched.hours
    RollupHour.objects.of(tenant).filter(customer_id__in=customers, bucket_start__in=hours).delete()
    rows = (
        UsageEvent.objects.of(tenant)
        .filter(
            customer_id__in=customers,
            timestamp__gte=min(hours),
            timestamp__lt=max(hours) + HOUR,
            voided_at__isnull=True,
        )
        .annotate(hour=TruncHour("timestamp", tzinfo=UTC))
        .filter(hour__in=hours)
        .values("customer_id", "request_class", "model", "hour")
        .annotate(
            t=_const(tenant.pk, UUIDField()),
            r=_const(ZERO, DecimalField(max_digits=24, decimal_places=10)),
            **_event_aggregates(),
        )
        .values_list(
            "t", "customer_id", "request_class", "model", "hour", "r", *_sum_names(ROLLUP_SUMS)
        )
    )
    # Revenue starts at zero: the customer-month's revenue pass fills it in.
    _insert_select(
        RollupHour,
        ["tenant", "customer", "request_class", "model", "bucket_start", "revenue", *ROLLUP_SUMS],
        rows,
    )


def _sum_names(columns: Sequence[str]) -> list[str]:
    return [f"s_{name}" for name in columns]


def _insert_select(model: type[Model], columns: Sequence[str], rows: QuerySet[Any]) -> None:
    """INSERT INTO model (columns) SELECT ...: the database sums, Python never sees the rows.

    `rows` must be a values_list() whose entries line up with `columns`.
    """
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    column_of = {f.name: str(f.column) for f in model._meta.concrete_fields}
    names = ", ".join(quote(column_of[c]) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select}", params)


def _const(value: object, field: Any) -> Value:
    return Value(value, output_field=field)


def _event_aggregates() -> dict[str, Any]:
    """Aggregates over events, aliased `s_<rollup column>` (aliases may not shadow fields)."""
    aggregates: dict[str, Any] = {
        f"s_{name}": Coalesce(Sum(source), _zero_for(name))
        for name, source in SUMMED_COLUMNS.items()
    }
    aggregates["s_events"] = Count("id")
    aggregates["s_unpriced_events"] = Count("id", filter=~Q(cost_status="priced"))
    aggregates["s_unpriced_requests"] = Coalesce(
        Sum("requests", filter=~Q(cost_status="priced")), Value(0)
    )
    aggregates["s_outcomes_success"] = Count("id", filter=Q(outcome="success"))
    aggregates["s_outcomes_failure"] = Count("id", filter=Q(outcome="failure"))
    return aggregates


def _dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """values() rows as plain dicts (their typed form does not allow computed keys)."""
    return cast(Iterable[dict[str, Any]], rows)


def _zero_for(name: str) -> Value:
    field = RollupHour._meta.get_field(name)
    return Value(Decimal("0") if isinstance(field, DecimalField) else 0)


def _recompute_revenue(tenant: Tenant, months: set[tuple[int, datetime]]) -> list[_RevenueMove]:
    """Write attributed revenue into the hour buckets of each customer-month.

    Returns every hour bucket whose revenue moved, with the difference.
    """
    moved: list[_RevenueMove] = []
    unbilled: dict[datetime, list[int]] = defaultdict(list)
    by_month: dict[datetime, set[int]] = defaultdict(set)
    for customer_id, month in months:
        by_month[month].add(customer_id)
    for month, customers in sorted(by_month.items()):
        used = set(
            RollupHour.objects.of(tenant)
            .filter(
                customer_id__in=customers,
                bucket_start__gte=month,
                bucket_start__lt=next_month(month),
            )
            .values_list("customer_id", flat=True)
            .distinct()
        )
        # Months without a live request (fees only: a month turned, a subscription written)
        # are rated many at a time; nothing in them to attribute.
        unbilled[month].extend(_write_idle_revenue(tenant, month, sorted(customers - used)))
        for customer_id in sorted(customers & used):
            rated = revenue_source.customer_month_revenue(
                tenant=tenant, customer_id=customer_id, month_start=month
            )
            if rated is None:
                unbilled[month].append(customer_id)
            else:
                _write_revenue(tenant, customer_id, month, rated, moved)
    for month, gone in unbilled.items():
        # No subscription covers these customer-months: no revenue, and none left behind.
        RevenueMonth.objects.of(tenant).filter(customer_id__in=gone, month=month.date()).delete()
        earning = (
            RollupHour.objects.of(tenant)
            .filter(
                customer_id__in=gone,
                bucket_start__gte=month,
                bucket_start__lt=next_month(month),
            )
            .exclude(revenue=0)
        )
        for customer_id, request_class, model, hour, revenue in earning.values_list(
            "customer_id", "request_class", "model", "bucket_start", "revenue"
        ):
            moved.append(_RevenueMove(customer_id, request_class, model, hour, -revenue))
        earning.update(revenue=ZERO)
    return moved


REVENUE_FIELDS = ["currency", "total", "recurring", "usage", "unattributed"]


def _write_idle_revenue(tenant: Tenant, month: datetime, customer_ids: list[int]) -> list[int]:
    """Write the invoice totals of customer-months without requests; return the unbilled ones."""
    if not customer_ids:
        return []
    rated = revenue_source.idle_months_revenue(
        tenant=tenant, customer_ids=customer_ids, month_start=month
    )
    stored = {
        row.customer_id: row
        for row in RevenueMonth.objects.of(tenant).filter(
            customer_id__in=list(rated), month=month.date()
        )
    }
    new, changed = [], []
    for customer_id, revenue in rated.items():
        values = {
            "currency": revenue.currency,
            "total": revenue.total,
            "recurring": revenue.recurring,
            "usage": revenue.usage,
            "unattributed": revenue.unattributed,
        }
        row = stored.get(customer_id)
        if row is None:
            new.append(
                RevenueMonth(tenant=tenant, customer_id=customer_id, month=month.date(), **values)
            )
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    RevenueMonth.objects.bulk_create(new)
    RevenueMonth.objects.of(tenant).bulk_update(changed, REVENUE_FIELDS, batch_size=1000)
    return [pk for pk in customer_ids if pk not in rated]


def _write_revenue(
    tenant: Tenant,
    customer_id: int,
    month: datetime,
    rated: revenue_source.MonthRevenue,
    moved: list[_RevenueMove],
) -> None:
    end = next_month(month)
    RevenueMonth.objects.of(tenant).update_or_create(
        tenant=tenant,
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
    buckets = (
        RollupHour.objects.of(tenant)
        .filter(customer_id=customer_id, bucket_start__gte=month, bucket_start__lt=end)
        .only("pk", "request_class", "model", "bucket_start", "revenue")
    )
    changed: list[tuple[int, Decimal]] = []
    for bucket in buckets:
        key = (bucket.request_class, bucket.model, bucket.bucket_start)
        amount = rated.by_bucket.get(key, ZERO)
        if bucket.revenue != amount:
            changed.append((bucket.pk, amount))
            moved.append(
                _RevenueMove(
                    customer_id,
                    bucket.request_class,
                    bucket.model,
                    bucket.bucket_start,
                    amount - bucket.revenue,
                )
            )
    _set_revenue(changed)


def _set_revenue(changed: Sequence[tuple[int, Decimal]]) -> None:
    """UPDATE ... FROM (VALUES ...): one statement per thousand buckets (bulk_update is slow)."""
    table = connection.ops.quote_name(RollupHour._meta.db_table)
    for start in range(0, len(changed), 1000):
        chunk = changed[start : start + 1000]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET revenue = v.column2 FROM (VALUES {values}) AS v "  # noqa: S608
                f"WHERE {table}.id = v.column1",
                [item for pair in chunk for item in pair],
            )


def _recompute_day(tenant: Tenant, day: datetime, customers: set[int]) -> None:
    """Rewrite the day buckets of these customers on one day from their hour buckets."""
    RollupDay.objects.of(tenant).filter(bucket_start=day, customer_id__in=customers).delete()
    rows = (
        RollupHour.objects.of(tenant)
        .filter(
            customer_id__in=customers,
            bucket_start__gte=day,
            bucket_start__lt=day + DAY,
        )
        .values("customer_id", "request_class", "model")
        .annotate(
            t=_const(tenant.pk, UUIDField()),
            b=_const(day, DateTimeField()),
            **{f"s_{name}": Sum(name) for name in ROLLUP_SUMS_WITH_REVENUE},
        )
        .values_list(
            "t", "customer_id", "request_class", "model", "b", *_sum_names(ROLLUP_SUMS_WITH_REVENUE)
        )
    )
    _insert_select(
        RollupDay,
        ["tenant", "customer", "request_class", "model", "bucket_start", *ROLLUP_SUMS_WITH_REVENUE],
        rows,
    )


def _recompute_customer_totals(tenant: Tenant, customers: set[int]) -> None:
    """Rewrite the all-time customer x class sums of these customers from the day buckets."""
    if not customers:
        return
    CustomerClassTotal.objects.of(tenant).filter(customer_id__in=customers).delete()
    rows = (
        RollupDay.objects.of(tenant)
        .filter(customer_id__in=customers)
        .values("customer_id", "request_class")
        .annotate(
            t=_const(tenant.pk, UUIDField()),
            s_first=Min("bucket_start"),
            s_last=Max("bucket_start"),
            s_requests=Sum("requests"),
            s_unpriced=Sum("unpriced_requests"),
            s_cost=Sum("cost_total"),
            s_revenue=Sum("revenue"),
        )
        .values_list(
            "t",
            "customer_id",
            "request_class",
            "s_first",
            "s_last",
            "s_requests",
            "s_unpriced",
            "s_cost",
            "s_revenue",
        )
    )
    _insert_select(
        CustomerClassTotal,
        [
            "tenant",
            "customer",
            "request_class",
            "first_active",
            "last_active",
            "requests",
            "unpriced_requests",
            "cost_total",
            "revenue",
        ],
        rows,
    )


def _tenant_lock(tenant_id: uuid.UUID) -> None:
    """Hold the tenant's refresh lock until the transaction ends (PostgreSQL; SQLite has one writer)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [REFRESH_LOCK, str(tenant_id)]
        )

"""Reads of plan simulations: the jobs themselves, and the usage a simulation rates.

The usage of a whole run is read with one grouped query (customer x month x request
class x model sums), plus, only for customers whose subscriptions start, end or change
inside a month, one more grouped query per UTC day for those customers. A caller that
needs more of the monthly query (a what-if: the requests of unpriced events per class) can
have its rows as read (`rows_read`).

The grouped queries run with room to group in memory (`_ROOMY`): the planner
cannot estimate how many customer x month x class groups there are (it guesses ~20 times
too many), and with the default 4 MB it sorts or spills to disk (measured in
docs/benchmarks.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth

from config.errors import NotFound
from economics.dates import instant, month_label
from economics.simulations.engine import Coverage, CustomerMonth
from economics.simulations.models import Simulation
from metering.models import Customer, Outcome, Tenant, UsageEvent
from pricing.charge_specs import charges_from_data
from pricing.models import PlanVersion, Subscription
from pricing.rating import CostPlus, Period, RatePlan, UsageCharge, UsageRow, charge_metrics

ZERO = Decimal(0)
CENT = Decimal("0.01")


def simulation_list(*, tenant: Tenant) -> QuerySet[Simulation]:
    """Return the tenant's simulations without their per-customer tables."""
    return Simulation.objects.of(tenant).defer("customer_rows", "results", "params")


def simulation_get(
    *, tenant: Tenant, simulation_id: str, with_customers: bool = False
) -> Simulation:
    """Return one simulation of the tenant, or raise NotFound."""
    qs = Simulation.objects.of(tenant)
    if not with_customers:
        qs = qs.defer("customer_rows")
    try:
        return qs.get(pk=simulation_id)
    except (Simulation.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound(f"No simulation with simulation_id '{simulation_id}'.") from exc


# --------------------------------------------------------------------------- months


def month_periods(start: date, end: date) -> list[Period]:
    """Return the calendar months of [start, end) (both first days of months)."""
    periods = []
    day = start
    while day < end:
        period = Period.month(day.year, day.month)
        periods.append(period)
        day = period.end
    return periods


# --------------------------------------------------------------------------- usage


def _scoped_events(
    *, tenant: Tenant, start: date, end: date, customers: Q | None
) -> QuerySet[UsageEvent]:
    qs = UsageEvent.objects.of(tenant).filter(
        timestamp__gte=instant(start),
        timestamp__lt=instant(end),
        voided_at__isnull=True,
    )
    return qs.filter(customers) if customers is not None else qs


# The metric mapping of pricing.usage, as sums: total_tokens adds every exclusive bucket,
# outcomes count successes, outcome_value leaves out failed requests.
_NOT_FAILED = Q(outcome__isnull=True) | ~Q(outcome=Outcome.FAILURE)
_SUMS: dict[str, Any] = {
    "s_input": Sum("input_tokens"),
    "s_cached": Sum("cached_input_tokens"),
    "s_output": Sum("output_tokens"),
    "s_reasoning": Sum("reasoning_tokens"),
    "s_total": Sum(
        F("input_tokens")
        + F("cached_input_tokens")
        + F("cache_write_tokens")
        + F("output_tokens")
        + F("reasoning_tokens")
    ),
    "s_requests": Sum("requests"),
    "s_gpu": Sum("gpu_seconds"),
    "s_retrieval": Sum("retrieval_calls"),
    "s_outcomes": Count("id", filter=Q(outcome=Outcome.SUCCESS)),
    "s_value": Sum("outcome_value", filter=_NOT_FAILED),
    "s_billing_cost": Sum("billing_cost"),
    "s_cost": Sum("cost_total"),
    "s_uncosted": Sum("requests", filter=Q(cost_total__isnull=True)),
}


def tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros a decimal column pads with, keeping at least cents."""
    cents = value.quantize(CENT)
    return cents if cents == value else value.normalize()


_METRICS = (
    "input_tokens",
    "cached_input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "total_tokens",
    "requests",
    "gpu_seconds",
    "retrieval_calls",
    "outcomes",
    "outcome_value",
    "cost",
)


# Each metric's sum, in _METRICS order, then the cost columns.
_METRIC_SUMS: dict[str, tuple[str, Any]] = dict(zip(_METRICS, _SUMS.items(), strict=False))
_COST_SUMS = {"s_cost": _SUMS["s_cost"], "s_uncosted": _SUMS["s_uncosted"]}


def metrics_needed(plans: Iterable[RatePlan]) -> tuple[str, ...]:
    """Return the metrics some charge of the plans reads, and ``requests``, in _METRICS order.

    Other metrics are left out of the query and the usage rows: no charge reads them.
    """
    used = {"requests"} | {m for p in plans for c in p.charges for m in charge_metrics(c)}
    return tuple(m for m in _METRICS if m in used)


def _row(values: Sequence[Any], metrics: Sequence[str] = _METRICS) -> UsageRow:
    """Build a usage row from (class, model, the sums of ``metrics`` in order).

    Zero metrics are left out (the engine reads a missing metric as zero), except
    ``requests``, which the engine would otherwise count as one.
    """
    quantities = {
        name: value if type(value) is Decimal else Decimal(value)
        for name, value in zip(metrics, values[2:], strict=True)
        if value
    }
    if "requests" not in quantities:
        quantities["requests"] = ZERO
    return UsageRow(quantities, values[0], values[1] or None)


def _grouped(
    qs: QuerySet[UsageEvent], bucket: Any, *, by_model: bool, metrics: Sequence[str] = _METRICS
) -> QuerySet[Any]:
    """Sum usage (``metrics``, then cost) per customer, bucket, request class (and model)."""
    sums = {**dict(_METRIC_SUMS[m] for m in metrics), **_COST_SUMS}
    qs = qs.annotate(bucket=bucket)
    if by_model:
        keys: tuple[Any, ...] = ("request_class", "model")
        return (
            qs.values("customer_id", "bucket", *keys)
            .annotate(**sums)
            .order_by()
            .values_list("customer_id", "bucket", *keys, *sums)
        )
    return (
        qs.values("customer_id", "bucket", "request_class")
        .annotate(no_model=Value(""), **sums)
        .order_by()
        .values_list("customer_id", "bucket", "request_class", "no_model", *sums)
    )


@dataclass(slots=True)
class _Month:
    rows: list[UsageRow]
    cost: dict[str, Decimal]
    uncosted: int = 0
    uncosted_by_class: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SimulationInputs:
    """Everything a run rates: customer-months grouped by customer, and how many customers."""

    months: list[CustomerMonth]
    customer_count: int
    month_labels: list[str]


def customer_scope(
    *, tenant: Tenant, params: Mapping[str, Any], start: date, end: date
) -> Q | None:
    """Return the filter on UsageEvent/Subscription.customer_id the params ask for (None: all)."""
    ids = _scope_ids(tenant=tenant, params=params, start=start, end=end)
    return None if ids is None else Q(customer_id__in=ids)


def _scope_ids(
    *, tenant: Tenant, params: Mapping[str, Any], start: date, end: date
) -> QuerySet[Any] | None:
    """The primary keys of the customers the params ask for, as a subquery (None: all)."""
    scope = params.get("customers") or {"mode": "all"}
    if scope["mode"] == "list":
        ids = Customer.objects.of(tenant).filter(external_id__in=scope["external_ids"])
        return ids.values("id")
    if scope["mode"] == "plan_version":
        on_version = (
            Subscription.objects.of(tenant)
            .filter(plan_version_id=scope["plan_version_pk"], start_date__lt=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
        )
        return on_version.values("customer_id")
    return None


def _fetch(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """Return a values_list queryset's rows; on PostgreSQL straight from the driver.

    psycopg already returns Decimals, ints and dates; skipping Django's per-value
    converters halves the time of reading a few hundred thousand grouped rows.
    """
    if connection.vendor != "postgresql":
        return list(qs)
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in _ROOMY:
            cursor.execute(setting)
        cursor.execute(sql, params)
        return cursor.fetchall()


# For one grouped read (SET LOCAL: until its transaction ends): group in memory
# rather than sort or spill 1M rows, and no JIT compiling (0.1-0.4 s of a 2 s query, measured).
_ROOMY = ("SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off")


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building the inputs.

    A run builds a few hundred thousand rows, months and dicts, none in a reference cycle;
    each batch of them would start a collection over all the others (more than half the
    CPU of reading, measured).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scope_customer_ids(*, tenant: Tenant, params: Mapping[str, Any]) -> list[int]:
    """Return the primary keys of the customers the params ask for, ascending (chunk bounds)."""
    periods = month_periods(month_label(params["start_month"]), month_label(params["end_month"]))
    ids = _scope_ids(tenant=tenant, params=params, start=periods[0].start, end=periods[-1].end)
    customers = Customer.objects.of(tenant)
    if ids is not None:
        customers = customers.filter(pk__in=ids)
    return list(customers.order_by("pk").values_list("pk", flat=True))


def simulation_inputs(
    *,
    tenant: Tenant,
    params: Mapping[str, Any],
    customer_range: tuple[int, int] | None = None,
    rows_read: list[tuple[Any, ...]] | None = None,
) -> SimulationInputs:
    """Load usage, costs and baseline subscriptions of the params' customers and months.

    With ``customer_range`` (first, last), only the customers whose primary key lies in
    it, both ends included: one chunk of a run. `rows_read`, when given, receives the rows
    of the monthly usage query as read: customer id, month, request class, model ("" unless
    by model), the needed metrics' sums, cost, requests of events without a cost.
    """
    with _gc_paused():
        return _simulation_inputs(
            tenant=tenant, params=params, customer_range=customer_range, rows_read=rows_read
        )


def _simulation_inputs(
    *,
    tenant: Tenant,
    params: Mapping[str, Any],
    customer_range: tuple[int, int] | None = None,
    rows_read: list[tuple[Any, ...]] | None = None,
) -> SimulationInputs:
    periods = month_periods(month_label(params["start_month"]), month_label(params["end_month"]))
    start, end = periods[0].start, periods[-1].end
    scope = customer_scope(tenant=tenant, params=params, start=start, end=end)
    if customer_range is not None:
        low, high = customer_range
        bounds = Q(customer_id__gte=low, customer_id__lte=high)
        scope = bounds if scope is None else scope & bounds
    subs_by_customer, versions = _subscriptions(tenant=tenant, start=start, end=end, scope=scope)
    plans = [p for p, _ in versions.values()] + [
        RatePlan(c["currency"], charges_from_data(c["charges"])) for c in params["candidates"]
    ]
    # Usage is summed per model only when some charge prices one model differently.
    by_model = any(
        isinstance(c, UsageCharge | CostPlus) and c.model is not None
        for p in plans
        for c in p.charges
    )
    metrics = metrics_needed(plans)
    events = _scoped_events(tenant=tenant, start=start, end=end, customers=scope)
    usage = _monthly_usage(events, by_model=by_model, metrics=metrics, rows_read=rows_read)

    cache: dict[tuple[int, date, date], Coverage] = {}
    coverage = {
        customer_id: _coverage(subs, periods, versions, cache)
        for customer_id, subs in subs_by_customer.items()
    }
    partial = {
        (customer_id, period.start)
        for customer_id, by_month in coverage.items()
        if customer_id in usage
        for period, cover in zip(periods, by_month, strict=True)
        if cover and not _spans(cover, period) and period.start in usage[customer_id]
    }
    daily = _daily(
        tenant=tenant,
        start=min((m for _, m in partial), default=start),
        end=max((month_periods(m, m + timedelta(days=1))[0].end for _, m in partial), default=end),
        customer_ids={c for c, _ in partial},
        by_model=by_model,
        metrics=metrics,
    )
    customer_ids = set(usage) | set(coverage)
    external = dict(
        Customer.objects.of(tenant).filter(pk__in=customer_ids).values_list("id", "external_id")
    )
    partial_by_customer: dict[int, set[date]] = {}
    for customer_id, first in partial:
        partial_by_customer.setdefault(customer_id, set()).add(first)
    nothing: list[tuple[Coverage, ...]] = [()] * len(periods)
    months: list[CustomerMonth] = []
    for customer_id in sorted(customer_ids, key=lambda pk: external[pk]):
        months.extend(
            _customer_months(
                external[customer_id],
                periods,
                usage.get(customer_id, {}),
                coverage.get(customer_id, nothing),
                daily.get(customer_id, {}),
                partial_by_customer.get(customer_id, set()),
            )
        )
    return SimulationInputs(
        months=months,
        customer_count=len(customer_ids),
        month_labels=[f"{p.start:%Y-%m}" for p in periods],
    )


def _subscriptions(
    *, tenant: Tenant, start: date, end: date, scope: Q | None
) -> tuple[dict[int, list[tuple[int, date, date | None]]], dict[int, tuple[RatePlan, str]]]:
    """The subscriptions overlapping [start, end) by customer, and their plan versions."""
    subscriptions = (
        Subscription.objects.of(tenant)
        .filter(start_date__lt=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
    )
    if scope is not None:
        subscriptions = subscriptions.filter(scope)
    subs_by_customer: dict[int, list[tuple[int, date, date | None]]] = {}
    for customer_id, version_id, sub_start, sub_end in subscriptions.order_by(
        "customer_id", "start_date"
    ).values_list("customer_id", "plan_version_id", "start_date", "end_date"):
        subs_by_customer.setdefault(customer_id, []).append((version_id, sub_start, sub_end))
    versions: dict[int, tuple[RatePlan, str]] = {}
    version_ids = {v for subs in subs_by_customer.values() for v, _, _ in subs}
    for version in PlanVersion.objects.of(tenant).filter(pk__in=version_ids).select_related("plan"):
        plan = RatePlan(version.currency, charges_from_data(version.charges))
        versions[version.pk] = (plan, f"{version.plan.code} v{version.version}")
    return subs_by_customer, versions


def _monthly_usage(
    events: QuerySet[UsageEvent],
    *,
    by_model: bool,
    metrics: Sequence[str],
    rows_read: list[tuple[Any, ...]] | None = None,
) -> dict[int, dict[date, _Month]]:
    """Usage rows, cost per class and uncosted requests per customer and month."""
    usage: dict[int, dict[date, _Month]] = {}
    grouped = _grouped(
        events, TruncMonth("timestamp", tzinfo=UTC), by_model=by_model, metrics=metrics
    )
    rows = _fetch(grouped)
    if rows_read is not None:
        rows_read.extend(rows)
    for values in rows:
        by_month = usage.get(values[0])
        if by_month is None:
            by_month = usage[values[0]] = {}
        first = _day(values[1])
        month = by_month.get(first)
        if month is None:
            month = by_month[first] = _Month([], {})
        row = _row(values[2:-2], metrics)
        month.rows.append(row)
        name = row.request_class or ""
        cost = values[-2]
        if cost is not None:
            month.cost[name] = month.cost.get(name, ZERO) + tidy(cost)
        # A count: PostgreSQL sums a bigint column to numeric, which JSON results cannot hold.
        uncosted = int(values[-1] or 0)
        month.uncosted += uncosted
        if uncosted:
            month.uncosted_by_class[name] = month.uncosted_by_class.get(name, 0) + uncosted
    for by_month in usage.values():
        for month in by_month.values():
            month.rows.sort(key=_row_order)
    return usage


def _row_order(row: UsageRow) -> tuple[str, str]:
    """One order of a customer-month's rows, whatever order the database returned them in.

    Rating consumes included usage and tiers row by row and gives leftover cents by
    position, so the rows' order decides which class a charge is attributed to: a run split
    into chunks (other queries, other plans) must attribute exactly as a single run does.
    """
    return (row.request_class or "", row.model or "")


def _customer_months(
    name: str,
    periods: Sequence[Period],
    by_month: Mapping[date, _Month],
    coverage: Sequence[tuple[Coverage, ...]],
    daily: Any,
    partial_months: set[date],
) -> list[CustomerMonth]:
    """One customer's months: every month with usage, and every covered month without."""
    months = []
    for period, cover in zip(periods, coverage, strict=True):
        month = by_month.get(period.start)
        if month is None:
            if cover:
                months.append(CustomerMonth(name, period, (), {}, cover))
            continue
        days = _days_of(daily, period) if period.start in partial_months else None
        months.append(
            CustomerMonth(
                name,
                period,
                tuple(month.rows),
                month.cost,
                cover,
                days,
                month.uncosted,
                month.uncosted_by_class,
            )
        )
    return months


def _coverage(
    subs: Sequence[tuple[int, date, date | None]],
    periods: Sequence[Period],
    versions: Mapping[int, tuple[RatePlan, str]],
    cache: dict[tuple[int, date, date], Coverage],
) -> list[tuple[Coverage, ...]]:
    out = []
    for period in periods:
        parts = []
        for version_id, sub_start, sub_end in subs:
            start = sub_start if sub_start > period.start else period.start
            end = period.end if sub_end is None or sub_end > period.end else sub_end
            if start < end:
                key = (version_id, start, end)
                part = cache.get(key)
                if part is None:
                    plan, label = versions[version_id]
                    part = cache[key] = Coverage(plan, label, start, end)
                parts.append(part)
        out.append(tuple(parts))
    return out


def _spans(cover: tuple[Coverage, ...], period: Period) -> bool:
    return len(cover) == 1 and cover[0].start == period.start and cover[0].end == period.end


def _daily(
    *,
    tenant: Tenant,
    start: date,
    end: date,
    customer_ids: set[int],
    by_model: bool,
    metrics: Sequence[str],
) -> dict[int, dict[date, list[UsageRow]]]:
    if not customer_ids:
        return {}
    events = _scoped_events(
        tenant=tenant, start=start, end=end, customers=Q(customer_id__in=sorted(customer_ids))
    )
    out: dict[int, dict[date, list[UsageRow]]] = {}
    grouped = _grouped(
        events, TruncDate("timestamp", tzinfo=UTC), by_model=by_model, metrics=metrics
    )
    for values in _fetch(grouped):
        row = _row(values[2:-2], metrics)
        out.setdefault(values[0], {}).setdefault(_day(values[1]), []).append(row)
    for by_day in out.values():
        for rows in by_day.values():
            rows.sort(key=_row_order)
    return out


def _days_of(
    daily: Mapping[date, list[UsageRow]], period: Period
) -> dict[date, tuple[UsageRow, ...]]:
    return {day: tuple(rows) for day, rows in daily.items() if period.start <= day < period.end}

"""Usage of a customer as the rating engine reads it, loaded from metering's events.

The metric mapping lives here, once:

* token metrics read the event's buckets; ``total_tokens`` is input + cached input + cache
  writes + output + reasoning (the buckets are exclusive);
* ``requests`` is the event's ``requests`` (1 for one inference request);
* ``outcomes`` counts events whose ``outcome`` is ``success``;
* ``outcome_value`` sums ``outcome_value`` of events not marked ``failure``;
* ``cost`` is the event's pinned ``billing_cost`` (USD; zero while the event is unpriced).

Voided events are never rated. An event belongs to the day of its ``timestamp`` (UTC).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from metering.models import Customer, Outcome, Tenant, UsageEvent
from pricing.rating import UsageRow

ZERO = Decimal(0)
ONE = Decimal(1)

_EVENT_FIELDS = (
    "id",
    "request_class",
    "model",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "requests",
    "gpu_seconds",
    "retrieval_calls",
    "outcome",
    "outcome_value",
    "billing_cost",
)


def day_start(day: date) -> datetime:
    """Return midnight UTC of a date."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def events_in_range(
    *, tenant: Tenant, start: date, end: date, customer: Customer | None = None
) -> QuerySet[UsageEvent]:
    """Return the live (not voided) events of [start, end) in UTC days."""
    qs = UsageEvent.objects.of(tenant).filter(
        timestamp__gte=day_start(start),
        timestamp__lt=day_start(end),
        voided_at__isnull=True,
    )
    if customer is not None:
        qs = qs.filter(customer=customer)
    return qs


# The rollup bucket of an event: (request class, model, UTC hour), "" for a missing name.
Bucket = tuple[str, str, datetime]


def event_rows(
    *,
    tenant: Tenant,
    customer: Customer,
    start: date,
    end: date,
    buckets: dict[int, Bucket] | None = None,
) -> list[UsageRow]:
    """Return one usage row per live event of [start, end), in time order, keyed by event pk.

    With `buckets`, also record each event's rollup bucket there (what revenue attribution
    hands to the rollups, so they need not read the events again).
    """
    qs = events_in_range(tenant=tenant, customer=customer, start=start, end=end)
    rows = []
    for (
        pk,
        timestamp,
        request_class,
        model,
        input_tokens,
        cached,
        cache_write,
        output,
        reasoning,
        requests,
        gpu_seconds,
        retrieval_calls,
        outcome,
        outcome_value,
        billing_cost,
    ) in (
        qs.order_by("timestamp", "id")
        .values_list("id", "timestamp", *_EVENT_FIELDS[1:])
        .iterator(chunk_size=5000)
    ):
        quantities = {
            "input_tokens": Decimal(input_tokens),
            "cached_input_tokens": Decimal(cached),
            "output_tokens": Decimal(output),
            "reasoning_tokens": Decimal(reasoning),
            "total_tokens": Decimal(input_tokens + cached + cache_write + output + reasoning),
            "requests": Decimal(requests),
            "gpu_seconds": gpu_seconds,
            "retrieval_calls": Decimal(retrieval_calls),
            "outcomes": ONE if outcome == Outcome.SUCCESS else ZERO,
            "outcome_value": ZERO
            if outcome_value is None or outcome == Outcome.FAILURE
            else outcome_value,
            "cost": ZERO if billing_cost is None else billing_cost,
        }
        rows.append(UsageRow(quantities, request_class, model or None, pk))
        if buckets is not None:
            hour = timestamp.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
            buckets[pk] = (request_class or "", model or "", hour)
    return rows


_DEC = DecimalField(max_digits=30, decimal_places=6)
_COST = DecimalField(max_digits=30, decimal_places=10)


ALL_DIMS = ("request_class", "model")


def _metric_sums() -> dict[str, Any]:
    not_failed = ~Q(outcome=Outcome.FAILURE) | Q(outcome__isnull=True)
    return {
        "input_tokens": Sum("input_tokens"),
        "cached_input_tokens": Sum("cached_input_tokens"),
        "output_tokens": Sum("output_tokens"),
        "reasoning_tokens": Sum("reasoning_tokens"),
        "total_tokens": Sum(
            F("input_tokens")
            + F("cached_input_tokens")
            + F("cache_write_tokens")
            + F("output_tokens")
            + F("reasoning_tokens")
        ),
        "requests": Sum("requests"),
        "gpu_seconds": Sum("gpu_seconds"),
        "retrieval_calls": Sum("retrieval_calls"),
        "outcomes": Sum(
            Case(
                When(outcome=Outcome.SUCCESS, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        ),
        "outcome_value": Coalesce(
            Sum("outcome_value", filter=not_failed), Value(ZERO), output_field=_DEC
        ),
        "cost": Coalesce(Sum("billing_cost"), Value(ZERO), output_field=_COST),
    }


def aggregate_rows_by_customer(
    *,
    tenant: Tenant,
    start: date,
    end: date,
    customer_ids: Sequence[int] | QuerySet[Any] | None = None,
    dims: Sequence[str] = ALL_DIMS,
    metrics: Sequence[str] | None = None,
) -> dict[int, list[UsageRow]]:
    """Return usage of [start, end) summed per customer and ``dims`` (one query).

    ``dims`` is a subset of ("request_class", "model"): group only by what the plans
    filter on and there are fewer rows to read. ``metrics`` limits the sums (``requests``
    is always read); a metric left out reads as zero. ``customer_ids`` may be a list or a
    queryset of customer pks. The invoice totals equal those from per-event rows; use
    this when no per-event attribution is needed (bulk rating, simulations).
    """
    out: dict[int, list[UsageRow]] = {}
    for customer_id, _day, row in _aggregate(
        tenant=tenant,
        start=start,
        end=end,
        customer_ids=customer_ids,
        by_day=False,
        dims=dims,
        metrics=metrics,
    ):
        out.setdefault(customer_id, []).append(row)
    return out


def aggregate_rows_by_customer_day(
    *, tenant: Tenant, start: date, end: date, customer_ids: Sequence[int]
) -> dict[int, list[tuple[date, UsageRow]]]:
    """Return usage of [start, end) summed per customer, UTC day, request class and model."""
    out: dict[int, list[tuple[date, UsageRow]]] = {}
    for customer_id, day, row in _aggregate(
        tenant=tenant, start=start, end=end, customer_ids=customer_ids, by_day=True
    ):
        out.setdefault(customer_id, []).append((day, row))  # type: ignore[arg-type]
    return out


def sum_rows(rows: Iterable[UsageRow]) -> list[UsageRow]:
    """Return the rows summed per request class and model."""
    sums: dict[tuple[str | None, str | None], dict[str, Decimal]] = {}
    for row in rows:
        acc = sums.setdefault((row.request_class, row.model), {})
        for metric, value in row.quantities.items():
            acc[metric] = acc.get(metric, ZERO) + value
    return [UsageRow(q, c, m) for (c, m), q in sums.items()]


def _aggregate(
    *,
    tenant: Tenant,
    start: date,
    end: date,
    customer_ids: Sequence[int] | QuerySet[Any] | None,
    by_day: bool,
    dims: Sequence[str] = ALL_DIMS,
    metrics: Sequence[str] | None = None,
) -> Iterator[tuple[int, date | None, UsageRow]]:
    qs = events_in_range(tenant=tenant, start=start, end=end)
    if customer_ids is not None:
        qs = qs.filter(customer_id__in=customer_ids)
    keys = ["customer_id", *(d for d in ALL_DIMS if d in dims)]
    if by_day:
        qs = qs.annotate(day=TruncDate("timestamp", tzinfo=UTC))
        keys.append("day")
    sums = _metric_sums()
    wanted = [m for m in sums if metrics is None or m in metrics or m == "requests"]
    grouped = (
        qs.values(*keys)
        .annotate(**{f"m_{m}": sums[m] for m in wanted})
        .order_by()
        .values_list(*keys, *(f"m_{m}" for m in wanted))
    )
    has_class, has_model = "request_class" in dims, "model" in dims
    n = len(keys)
    for values in grouped:
        quantities = {
            m: v if isinstance(v, Decimal) else Decimal(v)
            for m, v in zip(wanted, values[n:], strict=True)
        }
        request_class = values[1] if has_class else None
        model = (values[2] if has_class else values[1]) if has_model else None
        row = UsageRow(quantities, request_class, model or None)
        yield values[0], values[n - 1] if by_day else None, row

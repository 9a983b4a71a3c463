"""Usage of a customer as the rating engine reads it, loaded from metering's events.

The metric mapping lives here, once:

* token metrics read the event's buckets; ``total_tokens`` is input + cached input + cache
  writes + output + reasoning (the buckets are exclusive);
* ``requests`` is the event's ``requests`` (1 for one inference request);
* ``outcomes`` counts events whose ``outcome`` is ``success``;
* ``outcome_value`` sums ``outcome_value`` of events not marked ``failure``.

Voided events are never rated. An event belongs to the day of its ``timestamp`` (UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.db.models import Case, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

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
)


def day_start(day: date) -> datetime:
    """Return midnight UTC of a date."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def events_in_range(
    *, tenant: Tenant, start: date, end: date, customer: Customer | None = None
) -> QuerySet[UsageEvent]:
    """Return the live (not voided) events of [start, end) in UTC days."""
    qs = UsageEvent.objects.filter(
        tenant=tenant,
        timestamp__gte=day_start(start),
        timestamp__lt=day_start(end),
        voided_at__isnull=True,
    )
    if customer is not None:
        qs = qs.filter(customer=customer)
    return qs


def event_rows(*, tenant: Tenant, customer: Customer, start: date, end: date) -> list[UsageRow]:
    """Return one usage row per live event of [start, end), in time order, keyed by event pk."""
    qs = events_in_range(tenant=tenant, customer=customer, start=start, end=end)
    rows = []
    for (
        pk,
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
    ) in qs.order_by("timestamp", "id").values_list(*_EVENT_FIELDS).iterator(chunk_size=5000):
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
        }
        rows.append(UsageRow(quantities, request_class, model or None, pk))
    return rows


_DEC = DecimalField(max_digits=30, decimal_places=6)


def aggregate_rows_by_customer(
    *, tenant: Tenant, start: date, end: date, customer_ids: list[int] | None = None
) -> dict[int, list[UsageRow]]:
    """Return usage of [start, end) summed per customer, request class and model (one query).

    The invoice totals equal those from per-event rows; use this when no per-event
    attribution is needed (bulk rating, simulations).
    """
    qs = events_in_range(tenant=tenant, start=start, end=end)
    if customer_ids is not None:
        qs = qs.filter(customer_id__in=customer_ids)
    not_failed = ~Q(outcome=Outcome.FAILURE) | Q(outcome__isnull=True)
    grouped = (
        qs.values("customer_id", "request_class", "model")
        .annotate(
            s_input_tokens=Sum("input_tokens"),
            s_cached_input_tokens=Sum("cached_input_tokens"),
            s_output_tokens=Sum("output_tokens"),
            s_reasoning_tokens=Sum("reasoning_tokens"),
            s_total_tokens=Sum(
                F("input_tokens")
                + F("cached_input_tokens")
                + F("cache_write_tokens")
                + F("output_tokens")
                + F("reasoning_tokens")
            ),
            n_requests=Sum("requests"),
            gpu=Sum("gpu_seconds"),
            retrieval=Sum("retrieval_calls"),
            outcomes=Sum(
                Case(
                    When(outcome=Outcome.SUCCESS, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
            value=Coalesce(Sum("outcome_value", filter=not_failed), Value(ZERO), output_field=_DEC),
        )
        .order_by()
    )
    out: dict[int, list[UsageRow]] = {}
    for g in grouped:
        quantities = {
            "input_tokens": Decimal(g["s_input_tokens"]),
            "cached_input_tokens": Decimal(g["s_cached_input_tokens"]),
            "output_tokens": Decimal(g["s_output_tokens"]),
            "reasoning_tokens": Decimal(g["s_reasoning_tokens"]),
            "total_tokens": Decimal(g["s_total_tokens"]),
            "requests": Decimal(g["n_requests"]),
            "gpu_seconds": Decimal(g["gpu"]),
            "retrieval_calls": Decimal(g["retrieval"]),
            "outcomes": Decimal(g["outcomes"]),
            "outcome_value": Decimal(g["value"]),
        }
        row = UsageRow(quantities, g["request_class"], g["model"] or None)
        out.setdefault(g["customer_id"], []).append(row)
    return out

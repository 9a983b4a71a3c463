"""Reads of usage events: lists, one event, and usage sums with percentiles."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    F,
    Field,
    IntegerField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, Round, TruncDay, TruncHour, TruncMonth

from config.errors import NotFound
from metering.models import EventKey, Tenant, UsageEvent

GROUP_FIELDS = {
    "customer_id": "customer__external_id",
    "request_class": "request_class",
    "model": "model",
    "provider": "provider",
}
BUCKETS = {"hour": TruncHour, "day": TruncDay, "month": TruncMonth}
PERCENTILES = (("p50", 0.50), ("p95", 0.95), ("p99", 0.99))
TOKEN_SCALE = Decimal("0.000001")  # tokens per request are given to 6 decimal places
SUM_FIELDS = (
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "requests",
    "retrieval_calls",
)


def event_list(
    *,
    tenant: Tenant,
    customer_id: str | None = None,
    request_class: str | None = None,
    model: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    voided: bool | None = None,
) -> QuerySet[UsageEvent]:
    """The tenant's events, filtered; time range half-open [start, end)."""
    qs = UsageEvent.objects.of(tenant).select_related("customer")
    if customer_id is not None:
        qs = qs.filter(customer__tenant=tenant, customer__external_id=customer_id)
    if request_class is not None:
        qs = qs.filter(request_class=request_class)
    if model is not None:
        qs = qs.filter(model=model)
    if start is not None:
        qs = qs.filter(timestamp__gte=start)
    if end is not None:
        qs = qs.filter(timestamp__lt=end)
    if voided is not None:
        qs = qs.filter(voided_at__isnull=not voided)
    return qs


def event_get(*, tenant: Tenant, event_id: str) -> UsageEvent:
    """One event by its event_id; the key's timestamp leads to the right partition."""
    key = EventKey.objects.of(tenant).filter(event_id=event_id).only("timestamp").first()
    event = None
    if key is not None:
        event = (
            UsageEvent.objects.of(tenant)
            .filter(timestamp=key.timestamp, event_id=event_id)
            .select_related("customer")
            .first()
        )
    if event is None:
        raise NotFound(f"No event with event_id '{event_id}'.")
    return event


class PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile: the first value whose rank reaches p * n."""

    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression: Any, fraction: float, output_field: Field) -> None:
        super().__init__(expression, output_field=output_field)
        self.extra["fraction"] = repr(fraction)


@dataclass(frozen=True)
class UsageQuery:
    start: datetime
    end: datetime
    group_by: Sequence[str]
    bucket: str | None
    customer_id: str | None = None
    request_class: str | None = None
    model: str | None = None


def nearest_rank(sorted_values: Sequence[Any], fraction: float) -> Any:
    """The p-th percentile by nearest rank: x[ceil(p * n)] (1-based); None when empty."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values) - 1e-9))
    return sorted_values[rank - 1]


def usage_summary(*, tenant: Tenant, query: UsageQuery) -> list[dict[str, Any]]:
    """Sums and percentiles of the tenant's live (not voided) events, per group.

    Percentiles are nearest-rank over the events of a group: p50/p95/p99 of latency_ms (events
    that reported one) and of tokens per request, where an event's tokens per request is the
    sum of its five token buckets divided by its `requests`, rounded half-up to 6 places.
    """
    qs = UsageEvent.objects.of(tenant).filter(
        voided_at__isnull=True, timestamp__gte=query.start, timestamp__lt=query.end
    )
    if query.customer_id is not None:
        qs = qs.filter(customer__external_id=query.customer_id)
    if query.request_class is not None:
        qs = qs.filter(request_class=query.request_class)
    if query.model is not None:
        qs = qs.filter(model=query.model)
    # Prefixed: an annotation may not share a model field's name.
    keys: dict[str, Any] = {f"grp_{name}": F(GROUP_FIELDS[name]) for name in query.group_by}
    if query.bucket is not None:
        keys["bucket_start"] = BUCKETS[query.bucket]("timestamp", tzinfo=UTC)
    tokens_per_request = Round(
        Cast(
            F("input_tokens")
            + F("cached_input_tokens")
            + F("cache_write_tokens")
            + F("output_tokens")
            + F("reasoning_tokens"),
            DecimalField(max_digits=30, decimal_places=6),
        )
        / F("requests"),
        precision=6,
        output_field=DecimalField(max_digits=30, decimal_places=6),
    )
    aggregates: dict[str, Any] = {
        f"sum_{name}": Coalesce(Sum(name), 0, output_field=IntegerField()) for name in SUM_FIELDS
    }
    aggregates |= {
        "events": Count("id"),
        "sum_gpu_seconds": Coalesce(
            Sum("gpu_seconds"),
            Decimal(0),
            output_field=DecimalField(max_digits=30, decimal_places=6),
        ),
        "sum_external_cost": Coalesce(
            Sum("external_cost"),
            Decimal(0),
            output_field=DecimalField(max_digits=30, decimal_places=10),
        ),
        "sum_outcome_value": Coalesce(
            Sum("outcome_value"),
            Decimal(0),
            output_field=DecimalField(max_digits=30, decimal_places=6),
        ),
        "outcome_success": Count("id", filter=Q(outcome="success")),
        "outcome_failure": Count("id", filter=Q(outcome="failure")),
        "outcome_none": Count("id", filter=Q(outcome__isnull=True)),
    }
    on_postgres = connection.vendor == "postgresql"
    if on_postgres:
        for label, fraction in PERCENTILES:
            aggregates[f"latency_{label}"] = PercentileDisc(
                "latency_ms", fraction, output_field=IntegerField()
            )
            aggregates[f"tpr_{label}"] = PercentileDisc(
                tokens_per_request,
                fraction,
                output_field=DecimalField(max_digits=30, decimal_places=6),
            )
    names = list(keys)
    rows: list[dict[str, Any]]
    if names:
        rows = [dict(row) for row in qs.values(**keys).annotate(**aggregates).order_by(*names)]
    else:
        total: dict[str, Any] = dict(qs.aggregate(**aggregates))
        rows = [total] if total["events"] else []
    if not on_postgres:
        _percentiles_in_python(qs, keys, names, rows)
    return [_shape(row, names) for row in rows]


def _percentiles_in_python(
    qs: QuerySet[UsageEvent], keys: dict[str, Any], names: list[str], rows: list[dict[str, Any]]
) -> None:
    """Nearest-rank percentiles where the database has no percentile_disc (SQLite)."""
    latencies: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    ratios: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
    values = qs.values(
        **keys,
        _latency=F("latency_ms"),
        _tokens=F("input_tokens")
        + F("cached_input_tokens")
        + F("cache_write_tokens")
        + F("output_tokens")
        + F("reasoning_tokens"),
        _requests=F("requests"),
    )
    item: dict[str, Any]
    for item in values.iterator():  # type: ignore[assignment]
        group = tuple(item[name] for name in names)
        if item["_latency"] is not None:
            latencies[group].append(item["_latency"])
        ratio = (Decimal(item["_tokens"]) / Decimal(item["_requests"])).quantize(
            TOKEN_SCALE, rounding=ROUND_HALF_UP
        )
        ratios[group].append(ratio)
    for row in rows:
        group = tuple(row[name] for name in names)
        lat = sorted(latencies.get(group, []))
        tpr = sorted(ratios.get(group, []))
        for label, fraction in PERCENTILES:
            row[f"latency_{label}"] = nearest_rank(lat, fraction)
            row[f"tpr_{label}"] = nearest_rank(tpr, fraction)


def _shape(row: dict[str, Any], names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {name.removeprefix("grp_"): row[name] for name in names}
    out["events"] = row["events"]
    for name in SUM_FIELDS:
        out[name] = row[f"sum_{name}"]
    out["gpu_seconds"] = row["sum_gpu_seconds"]
    out["external_cost"] = row["sum_external_cost"]
    out["outcomes"] = {
        "success": row["outcome_success"],
        "failure": row["outcome_failure"],
        "none": row["outcome_none"],
    }
    out["outcome_value"] = row["sum_outcome_value"]
    out["latency_ms"] = {label: row[f"latency_{label}"] for label, _ in PERCENTILES}
    out["tokens_per_request"] = {
        label: None
        if row[f"tpr_{label}"] is None
        else Decimal(row[f"tpr_{label}"]).quantize(TOKEN_SCALE)
        for label, _ in PERCENTILES
    }
    return out

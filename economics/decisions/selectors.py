"""Reads of the decisions domain: what-if jobs, and the events a what-if re-costs.

A re-cost reads the events of the classes a change touches grouped by everything their cost
depends on (customer, class, model, token buckets, GPU, retrieval, services), one grouped
query per stretch of time in which no price of the cost book changes, and costs each group
once with the cost book's own code: the same figures as costing each event, exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import TruncMonth

from config.errors import NotFound
from economics.costs.costing import STATUS_PRICED
from economics.costs.models import GpuRate, ModelPrice, ServiceRate
from economics.costs.selectors import PriceBook, price_book_get
from economics.costs.services.event_costs import EventRow, event_cost
from economics.dates import month_floor, next_month
from economics.decisions.changes import Change, ChangedBook, changed_usage
from economics.decisions.mix import ClassPeriod, decompose
from economics.decisions.models import WhatIf
from economics.decisions.whatif import CostKey, Recosted
from economics.margins.reports import rollup_sums
from economics.simulations.selectors import _fetch
from metering.models import CostStatus, Customer, Tenant, UsageEvent

ZERO = Decimal(0)


def what_if_list(*, tenant: Tenant) -> QuerySet[WhatIf]:
    """Return the tenant's what-ifs without their results."""
    return WhatIf.objects.of(tenant).defer("results", "params")


def what_if_get(*, tenant: Tenant, what_if_id: str) -> WhatIf:
    """Return one what-if of the tenant, or raise NotFound."""
    try:
        return WhatIf.objects.of(tenant).get(pk=what_if_id)
    except (WhatIf.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound(f"No what-if with what_if_id '{what_if_id}'.") from exc


# --------------------------------------------------------------------------- re-costing


def _live(tenant: Tenant, start: datetime, end: datetime) -> QuerySet[UsageEvent]:
    return UsageEvent.objects.of(tenant).filter(
        timestamp__gte=start, timestamp__lt=end, voided_at__isnull=True
    )


def price_changes(*, tenant: Tenant, start: datetime, end: datetime) -> list[datetime]:
    """Moments in (start, end) at which an entry of the tenant's cost book takes effect."""
    inside = Q(valid_from__gt=start, valid_from__lt=end)
    moments: set[datetime] = set()
    for qs in (
        ModelPrice.objects.of(tenant).filter(inside),
        ModelPrice.objects.catalog().filter(inside),
        GpuRate.objects.of(tenant).filter(inside),
        ServiceRate.objects.of(tenant).filter(inside),
    ):
        moments.update(qs.values_list("valid_from", flat=True))
    return sorted(moments)


def _stretches(start: datetime, end: datetime, cuts: Sequence[datetime]) -> list[tuple]:
    """[start, end) cut at month boundaries and at each moment in `cuts`."""
    points = {start, end, *cuts}
    month = month_floor(start)
    while month < end:
        if month > start:
            points.add(month)
        month = next_month(month)
    ordered = sorted(points)
    return list(zip(ordered, ordered[1:], strict=False))


_GROUP = (
    "customer_id",
    "request_class",
    "model",
    "provider",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "requests",
    "gpu_seconds",
    "gpu_type",
    "retrieval_calls",
    "external_cost",
    "services",
)


def _services(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def recost(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    classes: set[str] | None,
    changes: Sequence[Change],
    book: PriceBook | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Recosted:
    """Cost the live events of these classes (None: all) in [start, end) under the changes."""
    if classes is not None and not classes:
        return Recosted(frozenset(), {}, {})
    book = book or price_book_get(tenant=tenant)
    changed = cast(PriceBook, ChangedBook(book, changes))
    externals = dict(Customer.objects.of(tenant).values_list("pk", "external_id"))
    cost: dict[CostKey, Decimal] = {}
    unpriced: dict[CostKey, int] = {}
    stretches = _stretches(start, end, price_changes(tenant=tenant, start=start, end=end))
    for done, (lo, hi) in enumerate(stretches):
        events = _live(tenant, lo, hi)
        if classes is not None:
            events = events.filter(request_class__in=sorted(classes))
        grouped = (
            events.annotate(services=KeyTransform("service_calls", "properties"))
            .values(*_GROUP)
            .annotate(n=Count("id"))
            .order_by()
            .values_list(*_GROUP, "n")
        )
        label = f"{lo:%Y-%m}"
        for values in _fetch(grouped):
            (customer_pk, request_class, model, provider, i, ci, cw, o, r, requests) = values[:10]
            gpu_seconds, gpu_type, retrieval, external, services, n = values[10:]
            row = EventRow(
                0,
                lo,
                model,
                provider,
                i,
                ci,
                cw,
                o,
                r,
                requests,
                Decimal(gpu_seconds),
                gpu_type,
                retrieval,
                Decimal(external),
                {"service_calls": _services(services)},
                CostStatus.PENDING,
                None,
                None,
                None,
                None,
                None,
                {},
            )
            after = event_cost(book=changed, event=changed_usage(row, request_class, changes))
            key = (externals[customer_pk], label, request_class)
            if after.status == STATUS_PRICED:
                cost[key] = cost.get(key, ZERO) + after.total * n
            else:
                unpriced[key] = unpriced.get(key, 0) + requests * n
            cost.setdefault(key, ZERO)
        if progress is not None:
            progress(done + 1, len(stretches))
    return Recosted(None if classes is None else frozenset(classes), cost, unpriced)


def unpriced_requests(*, tenant: Tenant, start: datetime, end: datetime) -> dict[CostKey, int]:
    """Requests of live events without a known cost, per customer, month and class."""
    rows = (
        _live(tenant, start, end)
        .filter(cost_total__isnull=True)
        .annotate(month=TruncMonth("timestamp", tzinfo=UTC))
        .values("customer__external_id", "month", "request_class")
        .annotate(n=Sum("requests"))
        .values_list("customer__external_id", "month", "request_class", "n")
    )
    out: dict[CostKey, int] = {}
    for external_id, month, request_class, n in rows:
        first: date = month.date() if isinstance(month, datetime) else month
        out[(external_id, f"{first:%Y-%m}", request_class)] = int(n or 0)
    return out


# --------------------------------------------------------------------------- mix shift


def class_periods(*, tenant: Tenant, start: datetime, end: datetime) -> dict[str, ClassPeriod]:
    """Requests, cost and revenue per request class in [start, end), from the rollups."""
    sums = rollup_sums(
        tenant=tenant,
        start=start,
        end=end,
        group_by=["request_class"],
        fields=("requests", "cost_total", "revenue"),
    )
    unpriced: dict[str, int] = {}
    for (_, _, request_class), n in unpriced_requests(tenant=tenant, start=start, end=end).items():
        unpriced[request_class] = unpriced.get(request_class, 0) + n
    return {
        key[0]: ClassPeriod(
            requests=int(values["requests"]),
            unpriced_requests=unpriced.get(key[0], 0),
            cost=values["cost_total"],
            revenue=values["revenue"],
        )
        for key, values in sums.items()
        if values["requests"]
    }


def mix_report(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    compare_start: datetime,
    compare_end: datetime,
) -> dict[str, object]:
    """The change in blended margin per request from [compare_start, compare_end) to [start, end)."""
    return decompose(
        class_periods(tenant=tenant, start=compare_start, end=compare_end),
        class_periods(tenant=tenant, start=start, end=end),
    )

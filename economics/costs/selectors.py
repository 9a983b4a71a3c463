"""Reads of the cost book: lists, and the resolver that finds the prices in force for an event."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from config.errors import NotFound
from economics.costs import costing
from economics.costs.models import (
    CostRecalculation,
    FixedCost,
    GpuRate,
    ModelPrice,
    ServiceRate,
)
from economics.dates import month_start, next_month_start
from metering.models import CostStatus, Tenant, UsageEvent

# ---------------------------------------------------------------------------
# Lists and single objects (tenant first; another tenant's object is a 404)


def model_price_list(
    *,
    tenant: Tenant,
    provider: str | None = None,
    model: str | None = None,
    include_catalog: bool = False,
) -> QuerySet[ModelPrice]:
    qs = ModelPrice.objects.of(tenant)
    if include_catalog:
        qs = qs | ModelPrice.objects.catalog()
    if provider:
        qs = qs.filter(provider=provider)
    if model:
        qs = qs.filter(model=model)
    return qs


def model_price_get(*, tenant: Tenant, model_price_id: int | str) -> ModelPrice:
    try:
        return ModelPrice.objects.of(tenant).get(id=int(model_price_id))
    except (ModelPrice.DoesNotExist, ValueError) as exc:
        raise NotFound("No model price with this id.") from exc


def gpu_rate_list(*, tenant: Tenant, gpu_type: str | None = None) -> QuerySet[GpuRate]:
    qs = GpuRate.objects.of(tenant)
    if gpu_type is not None:
        qs = qs.filter(gpu_type=gpu_type)
    return qs


def gpu_rate_get(*, tenant: Tenant, gpu_rate_id: int | str) -> GpuRate:
    try:
        return GpuRate.objects.of(tenant).get(id=int(gpu_rate_id))
    except (GpuRate.DoesNotExist, ValueError) as exc:
        raise NotFound("No GPU rate with this id.") from exc


def service_rate_list(*, tenant: Tenant, service: str | None = None) -> QuerySet[ServiceRate]:
    qs = ServiceRate.objects.of(tenant)
    if service:
        qs = qs.filter(service=service)
    return qs


def service_rate_get(*, tenant: Tenant, service_rate_id: int | str) -> ServiceRate:
    try:
        return ServiceRate.objects.of(tenant).get(id=int(service_rate_id))
    except (ServiceRate.DoesNotExist, ValueError) as exc:
        raise NotFound("No service rate with this id.") from exc


def unpriced_event_list(
    *,
    tenant: Tenant,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    model: str | None = None,
    status: str = CostStatus.UNPRICED,
) -> QuerySet[UsageEvent]:
    """Events without a cost: `unpriced` (a price was missing) or still `pending` costing."""
    qs = UsageEvent.objects.of(tenant).filter(cost_status=status)
    if start is not None:
        qs = qs.filter(timestamp__gte=start)
    if end is not None:
        qs = qs.filter(timestamp__lt=end)
    if model:
        qs = qs.filter(model=model)
    return qs.select_related("customer")


def pending_event_pks(*, tenant: Tenant, where: Q) -> list[int]:
    """Ids of the tenant's events matching `where` whose cost is still pending."""
    events = UsageEvent.objects.of(tenant).filter(where, cost_status=CostStatus.PENDING)
    return list(events.values_list("id", flat=True))


def pending_events_page(
    *, tenant: Tenant, received_before: dt.datetime, after: int = 0, limit: int = 5_000
) -> list[int]:
    """Ids after `after` of the tenant's pending events received before a moment, in id order.

    Read through the partial index of pending events: as cheap with a billion costed events
    as with none.
    """
    events = UsageEvent.objects.of(tenant).filter(
        cost_status=CostStatus.PENDING, id__gt=after, received_at__lt=received_before
    )
    return list(events.order_by("id").values_list("id", flat=True)[:limit])


def pending_event_tenants(*, received_before: dt.datetime) -> list[Any]:
    """Ids of the tenants with events pending since before a moment (the sweep's work list)."""
    events = UsageEvent.objects.cross_tenant(
        reason="sweep: every tenant with events pending, through the index of pending events"
    ).filter(cost_status=CostStatus.PENDING, received_at__lt=received_before)
    return sorted(set(events.values_list("tenant_id", flat=True).distinct()))


def cost_recalculation_list(*, tenant: Tenant) -> QuerySet[CostRecalculation]:
    return CostRecalculation.objects.of(tenant)


def cost_recalculation_get(*, tenant: Tenant, recalculation_id: int | str) -> CostRecalculation:
    try:
        return CostRecalculation.objects.of(tenant).get(id=int(recalculation_id))
    except (CostRecalculation.DoesNotExist, ValueError) as exc:
        raise NotFound("No re-cost with this id.") from exc


# ---------------------------------------------------------------------------
# Fixed costs


def fixed_cost_list(
    *, tenant: Tenant, request_class: str | None = None, category: str | None = None
) -> QuerySet[FixedCost]:
    qs = FixedCost.objects.of(tenant)
    if request_class is not None:
        qs = qs.filter(request_class=request_class)
    if category:
        qs = qs.filter(category=category)
    return qs


def fixed_cost_get(*, tenant: Tenant, fixed_cost_id: int | str) -> FixedCost:
    try:
        return FixedCost.objects.of(tenant).get(id=int(fixed_cost_id))
    except (FixedCost.DoesNotExist, ValueError) as exc:
        raise NotFound("No fixed cost with this id.") from exc


@dataclass(frozen=True)
class FixedCostMonth:
    """Fixed costs in force in one month: by request class ("" = whole tenant), by category."""

    month: dt.date
    by_class: dict[str, dict[str, Decimal]]  # request_class -> category -> USD

    def for_class(self, request_class: str) -> Decimal:
        """Return the fixed cost of one class (excluding tenant-wide costs), USD per month."""
        return sum(self.by_class.get(request_class, {}).values(), Decimal(0))

    @property
    def tenant_wide(self) -> Decimal:
        return self.for_class("")

    @property
    def total(self) -> Decimal:
        return sum((sum(c.values(), Decimal(0)) for c in self.by_class.values()), Decimal(0))


def fixed_costs_for_month(*, tenant: Tenant, month: dt.date) -> FixedCostMonth:
    """Return the fixed costs in force in the month containing `month` (for feature ROI)."""
    first = month_start(month)
    rows = (
        FixedCost.objects.of(tenant)
        .filter(start_month__lte=first)
        .filter(Q(end_month__isnull=True) | Q(end_month__gt=first))
    )
    by_class: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows.values_list("request_class", "category", "monthly_amount"):
        request_class, category, amount = row
        by_class[request_class][category] += amount
    return FixedCostMonth(month=first, by_class={k: dict(v) for k, v in sorted(by_class.items())})


def fixed_cost_utilisation(*, tenant: Tenant, month: dt.date) -> dict[str, Any]:
    """Return each class's fixed cost in a month beside its requests: the cost per request.

    Tenant-wide costs ("" class) are divided by all of the month's requests.
    """
    first = month_start(month)
    costs = fixed_costs_for_month(tenant=tenant, month=first)
    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(next_month_start(first), dt.time(), tzinfo=dt.UTC)
    requests = requests_by_class(tenant=tenant, start=start, end=end)
    lines = []
    for request_class, by_category in costs.by_class.items():
        amount = sum(by_category.values(), Decimal(0))
        volume = sum(requests.values()) if request_class == "" else requests.get(request_class, 0)
        per_request = costing.quantize_cost(amount / volume) if volume else None
        lines.append(
            {
                "request_class": request_class,
                "fixed_cost": amount,
                "by_category": dict(sorted(by_category.items())),
                "requests": volume,
                "fixed_cost_per_request": per_request,
            }
        )
    return {
        "month": f"{first:%Y-%m}",
        "currency": "USD",
        "total_fixed_cost": costs.total,
        "lines": lines,
    }


def requests_by_class(*, tenant: Tenant, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Return the requests of live events in [start, end) by request class."""
    rows = (
        UsageEvent.objects.of(tenant)
        .filter(timestamp__gte=start, timestamp__lt=end, voided_at__isnull=True)
        .values("request_class")
        .annotate(n=Sum("requests"))
        .values_list("request_class", "n")
    )
    return {request_class: int(n or 0) for request_class, n in rows}


# ---------------------------------------------------------------------------
# The resolver: which entries were in force for an event


@dataclass
class _Dated:
    starts: list[dt.datetime] = field(default_factory=list)
    values: list[object] = field(default_factory=list)

    def at(self, moment: dt.datetime) -> object | None:
        i = bisect.bisect_right(self.starts, moment)
        return self.values[i - 1] if i else None


def to_model_price(row: ModelPrice) -> costing.ModelPrice:
    """Return the pure price of a stored entry."""
    long_context = None
    if row.long_context_threshold is not None:
        long_context = costing.TokenRates(
            input=row.long_input_per_1m,
            cached_input=row.long_cached_input_per_1m,
            cache_write=row.long_cache_write_per_1m,
            output=row.long_output_per_1m,
            reasoning=row.long_reasoning_per_1m,
        )
    return costing.ModelPrice(
        id=row.id,
        input=row.input_per_1m,
        output=row.output_per_1m,
        cached_input=row.cached_input_per_1m,
        cache_write=row.cache_write_per_1m,
        reasoning=row.reasoning_per_1m,
        per_request=row.request_fee or costing.ZERO,
        long_context_threshold=row.long_context_threshold,
        long_context=long_context,
    )


def to_priced_model(row: ModelPrice) -> costing.PricedModel:
    return costing.PricedModel(
        provider=row.provider,
        model=row.model,
        valid_from=row.valid_from,
        price=to_model_price(row),
        aliases=tuple(str(a) for a in row.aliases or ()),
        patterns=tuple(str(p) for p in row.patterns or ()),
    )


class PriceBook:
    """Every price a tenant's events can resolve to, loaded once for a batch of events."""

    def __init__(
        self,
        *,
        own: Iterable[ModelPrice],
        catalog: Iterable[ModelPrice],
        gpu_rates: Iterable[GpuRate],
        service_rates: Iterable[ServiceRate],
    ) -> None:
        self._own = costing.ModelPriceIndex(to_priced_model(row) for row in own)
        self._catalog = costing.ModelPriceIndex(to_priced_model(row) for row in catalog)
        self._gpu: dict[str, _Dated] = defaultdict(_Dated)
        for rate in sorted(gpu_rates, key=lambda r: r.valid_from):
            dated = self._gpu[rate.gpu_type.lower()]
            dated.starts.append(rate.valid_from)
            dated.values.append(costing.GpuRate(id=rate.id, usd_per_gpu_hour=rate.usd_per_gpu_hour))
        self._services: dict[str, _Dated] = defaultdict(_Dated)
        for service in sorted(service_rates, key=lambda r: r.valid_from):
            dated = self._services[service.service.lower()]
            dated.starts.append(service.valid_from)
            dated.values.append(
                costing.ServiceRate(id=service.id, usd_per_call=service.usd_per_call)
            )
        self._model_memo: dict[tuple[str, str], list[list[costing.SeriesKey]]] = {}

    @classmethod
    def load(cls, *, tenant: Tenant) -> PriceBook:
        """Load the tenant's entries and the shipped catalog."""
        return cls(
            own=ModelPrice.objects.of(tenant),
            catalog=ModelPrice.objects.catalog(),
            gpu_rates=GpuRate.objects.of(tenant),
            service_rates=ServiceRate.objects.of(tenant),
        )

    def model_price(
        self, *, model: str, provider: str, moment: dt.datetime
    ) -> tuple[costing.ModelPrice | None, str]:
        """Return the price in force and where it came from ("tenant" or "catalog")."""
        if not model:
            return None, ""
        indexes = (self._own, self._catalog)
        memo_key = (model, provider)
        matches = self._model_memo.get(memo_key)
        if matches is None:
            matches = [index.candidates(model, provider) for index in indexes]
            self._model_memo[memo_key] = matches
        for index, keys, source in zip(indexes, matches, ("tenant", "catalog"), strict=True):
            for key in keys:
                price = index.in_force(key, moment)
                if price is not None:
                    return price, source
        return None, ""

    def gpu_rate(self, *, gpu_type: str, moment: dt.datetime) -> costing.GpuRate | None:
        """Return the rate of this GPU type in force, else the tenant's default rate."""
        for key in (gpu_type.lower(), ""):
            dated = self._gpu.get(key)
            if dated is not None:
                rate = dated.at(moment)
                if rate is not None:
                    return rate  # type: ignore[return-value]
        return None

    def service_rates(
        self, *, services: Iterable[str], moment: dt.datetime
    ) -> dict[str, costing.ServiceRate]:
        rates: dict[str, costing.ServiceRate] = {}
        for name in services:
            dated = self._services.get(name.lower())
            rate = dated.at(moment) if dated is not None else None
            if rate is not None:
                rates[name] = rate  # type: ignore[assignment]
        return rates


# Price books are rebuilt only when an entry changed: a batch checks three small
# aggregates instead of loading every entry (thousands after a LiteLLM import).
_BOOK_CACHE: dict[Any, tuple[tuple[Any, ...], PriceBook]] = {}
_BOOK_CACHE_SIZE = 256


def _book_stamp(*, tenant: Tenant) -> tuple[Any, ...]:
    stamp: list[Any] = []
    for qs in (
        ModelPrice.objects.of(tenant) | ModelPrice.objects.catalog(),
        GpuRate.objects.of(tenant),
        ServiceRate.objects.of(tenant),
    ):
        row = qs.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
        stamp.extend((row["n"], row["last"], row["top"]))
    return tuple(stamp)


def price_book_get(*, tenant: Tenant) -> PriceBook:
    """Return the tenant's price book, rebuilt only when one of its entries changed."""
    stamp = _book_stamp(tenant=tenant)
    cached = _BOOK_CACHE.get(tenant.id)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    book = PriceBook.load(tenant=tenant)
    if len(_BOOK_CACHE) >= _BOOK_CACHE_SIZE:
        _BOOK_CACHE.pop(next(iter(_BOOK_CACHE)))
    _BOOK_CACHE[tenant.id] = (stamp, book)
    return book

"""Reads of the decisions domain: what-if jobs, and the events a what-if re-costs.

A re-cost reads the events of the classes a change touches grouped by everything their cost
depends on (customer, class, model, token buckets, GPU, retrieval, services), one grouped
query per stretch of time in which no price of the cost book changes, and costs each group
once with the cost book's own code: the same figures as costing each event, exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Abs, Cast, Round, Sign, TruncMonth

from config.errors import NotFound
from economics.costs.costing import STATUS_PRICED
from economics.costs.models import GpuRate, ModelPrice, ServiceRate
from economics.costs.selectors import PriceBook, price_book_get
from economics.costs.services.event_costs import EventRow, event_cost
from economics.dates import instant, month_floor, next_month
from economics.decisions import changes as kinds
from economics.decisions.changes import Change, ChangedBook, changed_shape
from economics.decisions.crossing import HISTORY_DAYS, DaySums, crossing_forecast
from economics.decisions.mix import ClassPeriod, decompose
from economics.decisions.models import WhatIf
from economics.decisions.whatif import CostKey, Recosted
from economics.margins.reports import request_class_known, rollup_sums
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


CustomerRange = tuple[int, int]  # customer primary keys [first, last]: one chunk of a job


def _live(
    tenant: Tenant, start: datetime, end: datetime, customers: CustomerRange | None = None
) -> QuerySet[UsageEvent]:
    events = UsageEvent.objects.of(tenant).filter(
        timestamp__gte=start, timestamp__lt=end, voided_at__isnull=True
    )
    if customers is not None:
        events = events.filter(customer_id__gte=customers[0], customer_id__lte=customers[1])
    return events


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


_COLUMNS = (
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
_TOKEN_PLACES = -4  # a rate per 1M tokens with at most 4 places costs a token exactly at 10


def _services(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value) if value else None
    return value if isinstance(value, dict) else {}


def _row(moment: datetime, model: str, provider: str, **usage: Any) -> EventRow:
    """An event row for the costing code: only what its cost depends on."""
    values: dict[str, Any] = {
        "input_tokens": 0,
        "cached_input_tokens": 0,
        "cache_write_tokens": 0,
        "output_tokens": 0,
        "reasoning_tokens": 0,
        "requests": 1,
        "gpu_seconds": ZERO,
        "gpu_type": "",
        "retrieval_calls": 0,
        "external_cost": ZERO,
        "properties": {},
        **usage,
    }
    return EventRow(
        0,
        moment,
        model,
        provider,
        values["input_tokens"],
        values["cached_input_tokens"],
        values["cache_write_tokens"],
        values["output_tokens"],
        values["reasoning_tokens"],
        values["requests"],
        values["gpu_seconds"],
        values["gpu_type"],
        values["retrieval_calls"],
        values["external_cost"],
        values["properties"],
        CostStatus.PENDING,
        None,
        None,
        None,
        None,
        None,
        {},
    )


def _linear(book: PriceBook, model: str, provider: str, moment: datetime) -> bool:
    """Whether token costs of this model add up exactly: the sum of events' token costs
    equals the token cost of their summed tokens (one tier, rates exact at 10 places)."""
    price, _ = book.model_price(model=model, provider=provider, moment=moment)
    if price is None:
        return True  # no token cost at all (or all unpriced: both ways)
    if price.long_context_threshold is not None:
        return False  # the tier depends on each event's prompt
    rates = [*price.base_rates().values(), price.per_request]
    return all(
        rate.normalize().as_tuple().exponent >= _TOKEN_PLACES  # type: ignore[operator]
        for rate in rates
    )


def _services_key(services: Any) -> str:
    return "" if not services else json.dumps(_services(services), sort_keys=True)


Groups = dict[tuple[Any, ...], list[Any]]


def _add(groups: Groups, key: tuple[Any, ...], amounts: Sequence[Any]) -> None:
    sums = groups.get(key)
    if sums is None:
        sums = groups[key] = [0, 0, 0, 0, 0, 0, 0, ZERO, 0]
    for index, amount in enumerate(amounts):
        sums[index] += amount


def _cost_groups(
    groups: Groups,
    *,
    lo: datetime,
    book: PriceBook,
    externals: dict[int, str],
    cost: dict[CostKey, Decimal],
    unpriced: dict[CostKey, int],
) -> None:
    """Cost each group of one stretch once and add it to its customer-month-class."""
    gpus: dict[tuple[Any, str], Any] = {}
    for key, sums in groups.items():
        customer_pk, request_class, model, provider = key[:4]
        gpu_seconds, gpu_type, services_key = key[4:7]
        n = sums[8]
        exact = len(key) == 9
        # Linear parts on the group's sums; else one event's usage, multiplied.
        i, ci, cw, o, r, requests, retrieval, external = sums[:8] if exact else key[7:]
        calls = _services(services_key)
        times = 1 if exact else n
        usage = _row(
            lo,
            model,
            provider,
            input_tokens=i,
            cached_input_tokens=ci,
            cache_write_tokens=cw,
            output_tokens=o,
            reasoning_tokens=r,
            requests=requests,
            retrieval_calls=retrieval,
            external_cost=Decimal(external),
            properties={"service_calls": {k: v * n // times for k, v in calls.items()}},
        )
        summed = event_cost(book=book, event=usage)
        total, priced = summed.total * times, summed.status == STATUS_PRICED
        if gpu_seconds:
            gpu = gpus.get((gpu_seconds, gpu_type))
            if gpu is None:  # the same for every group of this GPU usage
                gpu = gpus[(gpu_seconds, gpu_type)] = event_cost(
                    book=book,
                    event=_row(lo, "", "", gpu_seconds=Decimal(gpu_seconds), gpu_type=gpu_type),
                )
            total += gpu.total * n
            priced = priced and gpu.status == STATUS_PRICED
        cost_key = (externals[customer_pk], f"{lo:%Y-%m}", request_class)
        cost.setdefault(cost_key, ZERO)
        if priced:
            cost[cost_key] += total
        else:
            unpriced[cost_key] = unpriced.get(cost_key, 0) + sums[5]


def recost(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    classes: set[str] | None,
    changes: Sequence[Change],
    book: PriceBook | None = None,
    progress: Callable[[int, int], None] | None = None,
    customers: CustomerRange | None = None,
) -> Recosted:
    """Cost the live events of these classes (None: all) in [start, end) under the changes.

    With `customers` (first, last primary key), only those customers' events: one chunk of a
    what-if. Every figure is per customer, so the chunks' figures are the whole run's.

    Each event's usage is changed, then events are summed per customer, class, model, GPU and
    services: their token, request, retrieval and external costs are linear and exact (rates
    with at most 4 places per 1M tokens cost each token exactly), so they are costed once on
    the sums; GPU cost is rounded per event, so it is costed once per distinct GPU-seconds and
    multiplied. A model whose tokens do not add up exactly is costed once per distinct usage.

    This reads every event of the classes; `RecostReading` gets the same figures from
    groups summed by the database (what a what-if job runs on PostgreSQL).
    """
    if classes is not None and not classes:
        return Recosted(frozenset(), {}, {})
    book = book or price_book_get(tenant=tenant)
    changed = cast(PriceBook, ChangedBook(book, changes))
    externals = dict(Customer.objects.of(tenant).values_list("pk", "external_id"))
    cost: dict[CostKey, Decimal] = {}
    unpriced: dict[CostKey, int] = {}
    stretches = _stretches(start, end, price_changes(tenant=tenant, start=start, end=end))
    for done, (lo, hi) in enumerate(stretches):
        events = _live(tenant, lo, hi, customers)
        if classes is not None:
            events = events.filter(request_class__in=sorted(classes))
        rows = events.annotate(services=KeyTransform("service_calls", "properties")).values_list(
            *_COLUMNS
        )
        linear: dict[tuple[str, str], bool] = {}
        groups: Groups = {}
        for values in _fetch(rows.order_by()):
            customer_pk, request_class, model, provider, i, ci, cw, o, r, requests = values[:10]
            gpu_seconds, gpu_type, retrieval, external, services = values[10:]
            model, provider, i, ci, o, retrieval = changed_shape(
                (model, provider, i, ci, o, retrieval), requests, request_class, changes
            )
            exact = linear.get((model, provider))
            if exact is None:
                exact = linear[(model, provider)] = _linear(changed, model, provider, lo)
            key: tuple = (customer_pk, request_class, model, provider, gpu_seconds, gpu_type)
            if exact:  # which prices an event needs decides if it is priced: keep them apart
                key += (_services_key(services), bool(i or ci or cw or o or r), retrieval > 0)
            else:  # one key per distinct event usage: costed once, multiplied
                key += (_services_key(services), i, ci, cw, o, r, requests, retrieval, external)
            _add(groups, key, (i, ci, cw, o, r, requests, retrieval, external, 1))
        _cost_groups(groups, lo=lo, book=changed, externals=externals, cost=cost, unpriced=unpriced)
        if progress is not None:
            progress(done + 1, len(stretches))
    return Recosted(None if classes is None else frozenset(classes), cost, unpriced)


# --------------------------------------------------------------------------- summed in SQL


def _whole_sql(value: Any) -> Any:
    """ROUND half away from zero (= ROUND_HALF_UP of Decimal) to a whole number, exactly."""
    return Cast(Round(value, 0), BigIntegerField())


def _changed_sql(changes: Sequence[Change], request_class: str | None) -> dict[str, Any]:
    """`changed_shape` as SQL expressions over one event's columns, for one class (None: a
    class no change names)."""
    shape: dict[str, Any] = {
        "model": F("model"),
        "provider": F("provider"),
        "input": F("input_tokens"),
        "cached": F("cached_input_tokens"),
        "output": F("output_tokens"),
        "retrieval": F("retrieval_calls"),
    }
    for change in changes:
        if change.request_class is not None and change.request_class != request_class:
            continue
        if change.kind == kinds.MODEL:
            shape["model"], shape["provider"] = Value(change.model), Value(change.provider)
        elif change.kind == kinds.CACHED_INPUT_SHARE and change.share is not None:
            prompt = ExpressionWrapper(
                shape["input"] + shape["cached"], output_field=BigIntegerField()
            )
            cached = _whole_sql(
                ExpressionWrapper(
                    prompt * Value(change.share, output_field=_NUMERIC),
                    output_field=_NUMERIC,
                )
            )
            shape["cached"] = cached
            shape["input"] = ExpressionWrapper(prompt - cached, output_field=BigIntegerField())
        elif change.kind == kinds.OUTPUT_TOKENS and change.percent is not None:
            factor = (kinds.HUNDRED + change.percent) / kinds.HUNDRED  # exact: a shift
            shape["output"] = _whole_sql(
                ExpressionWrapper(
                    shape["output"] * Value(factor, output_field=_NUMERIC), output_field=_NUMERIC
                )
            )
        elif change.kind == kinds.RETRIEVAL_CALLS and change.per_request is not None:
            shape["retrieval"] = _whole_sql(
                ExpressionWrapper(
                    F("requests") * Value(change.per_request, output_field=_NUMERIC),
                    output_field=_NUMERIC,
                )
            )
    return shape


_NUMERIC = DecimalField(max_digits=None, decimal_places=None)  # type: ignore[call-overload]
_KEYS = ("stretch", "model", "provider", "gpu_seconds", "gpu_type", "services", "tokens", "ret")
_SUMS = ("i", "ci", "cw", "o", "r", "requests", "retrieval", "external", "n")


_KEYS = ("stretch", "model", "provider", "gpu_seconds", "gpu_type", "services", "tokens", "ret")
_AMOUNTS = ("i", "ci", "cw", "o", "r", "requests", "retrieval", "external")


def _grouped_changed(
    events: QuerySet[UsageEvent],
    *,
    stretches: Sequence[tuple[datetime, datetime]],
    classes: set[str] | None,
    changes: Sequence[Change],
) -> QuerySet[Any]:
    """The events' changed usage summed per customer, class and everything `recost` keys its
    exact (linear) groups by: the stretch, the changed model and provider, GPU-seconds and
    type, service calls, whether the changed usage has tokens and retrieval calls."""
    named = sorted({c.request_class for c in changes if c.request_class is not None})
    shapes = {name: _changed_sql(changes, name) for name in named}
    other = _changed_sql(changes, None)

    def changed(part: str) -> Any:
        if classes is not None and len(named) == 1:
            return shapes[named[0]][part]  # the only class read
        whens = [When(request_class=name, then=shapes[name][part]) for name in named]
        if not whens:
            return other[part]
        kind = CharField() if part in ("model", "provider") else BigIntegerField()
        return Case(*whens, default=other[part], output_field=kind)

    stretch = Case(
        *(When(timestamp__lt=hi, then=Value(n)) for n, (_, hi) in enumerate(stretches[:-1])),
        default=Value(len(stretches) - 1),
    )
    input_, cached, output = changed("input"), changed("cached"), changed("output")
    retrieval = changed("retrieval")
    tokens = Sign(
        ExpressionWrapper(
            Abs(input_)
            + Abs(cached)
            + Abs("cache_write_tokens")
            + Abs(output)
            + Abs("reasoning_tokens"),
            output_field=BigIntegerField(),
        )
    )
    keys = dict(
        zip(
            _KEYS,
            (
                stretch,
                changed("model"),
                changed("provider"),
                F("gpu_seconds"),
                F("gpu_type"),
                Cast(KeyTransform("service_calls", "properties"), TextField()),
                tokens,
                Sign(retrieval),
            ),
            strict=True,
        )
    )
    amounts = (input_, cached, "cache_write_tokens", output, "reasoning_tokens", "requests")
    sums = {
        **{name: Sum(e) for name, e in zip(_AMOUNTS, amounts, strict=False)},
        "retrieval": Sum(retrieval),
        "external": Sum("external_cost"),
        "n": Count("id"),
    }
    if classes is not None:
        events = events.filter(request_class__in=sorted(classes))
    return (
        events.annotate(**{f"k_{k}": e for k, e in keys.items()})
        .values("customer_id", "request_class", *(f"k_{k}" for k in keys))
        .annotate(**{f"s_{k}": e for k, e in sums.items()})
        .order_by()
        .values_list(
            "customer_id",
            "request_class",
            *(f"k_{k}" for k in keys),
            *(f"s_{k}" for k in sums),
        )
    )


def recost_summed(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    classes: set[str] | None,
    changes: Sequence[Change],
    book: PriceBook | None = None,
    customers: CustomerRange | None = None,
) -> Recosted:
    """`recost`, with the events summed by PostgreSQL instead of read one by one: the same
    figures, exactly (`customers`: one chunk's, as there).

    One grouped query sums each event's changed usage (computed in SQL: whole tokens and
    calls rounded half away from zero, as `changed_shape` rounds half up) into the groups
    `recost` costs when a model's token costs add up exactly, with the stretch of time as one
    more key. The stretch-classes in which some changed model's tokens do not add up exactly
    are costed by `recost` from their events.
    """
    if classes is not None and not classes:
        return Recosted(frozenset(), {}, {})
    book = book or price_book_get(tenant=tenant)
    changed = cast(PriceBook, ChangedBook(book, changes))
    externals = dict(Customer.objects.of(tenant).values_list("pk", "external_id"))
    stretches = _stretches(start, end, price_changes(tenant=tenant, start=start, end=end))
    rows = _fetch(
        _grouped_changed(
            _live(tenant, start, end, customers),
            stretches=stretches,
            classes=classes,
            changes=changes,
        )
    )
    groups: list[Groups] = [{} for _ in stretches]
    linear: dict[tuple[int, str, str], bool] = {}
    again: set[tuple[int, str]] = set()  # (stretch, class): cost from its events
    for values in rows:
        customer_pk, request_class, stretch, model, provider = values[:5]
        gpu_seconds, gpu_type, services, tokens, ret = values[5:10]
        lo = stretches[stretch][0]
        exact = linear.get((stretch, model, provider))
        if exact is None:
            exact = linear[(stretch, model, provider)] = _linear(changed, model, provider, lo)
        if not exact:
            again.add((stretch, request_class))
            continue
        services = None if services is None else json.loads(services)
        key: tuple[Any, ...] = (customer_pk, request_class, model, provider, gpu_seconds)
        key += (gpu_type, _services_key(services), tokens > 0, ret > 0)
        _add(groups[stretch], key, values[10:])
    cost: dict[CostKey, Decimal] = {}
    unpriced: dict[CostKey, int] = {}
    for stretch, (lo, _) in enumerate(stretches):
        kept = {k: v for k, v in groups[stretch].items() if (stretch, k[1]) not in again}
        _cost_groups(kept, lo=lo, book=changed, externals=externals, cost=cost, unpriced=unpriced)
    for stretch, request_class in sorted(again):
        lo, hi = stretches[stretch]
        part = recost(
            tenant=tenant,
            start=lo,
            end=hi,
            classes={request_class},
            changes=changes,
            book=book,
            customers=customers,
        )
        for cost_key, amount in part.cost.items():
            cost[cost_key] = cost.get(cost_key, ZERO) + amount
        for cost_key, requests in part.unpriced_requests.items():
            unpriced[cost_key] = unpriced.get(cost_key, 0) + requests
    return Recosted(None if classes is None else frozenset(classes), cost, unpriced)


def unpriced_from_rows(*, tenant: Tenant, rows: Sequence[tuple[Any, ...]]) -> dict[CostKey, int]:
    """`unpriced_requests` from the rows of the simulation inputs' monthly usage query
    (`simulation_inputs(rows_read=...)`: customer id, month, class, ..., uncosted requests
    last), without reading the events again."""
    externals = dict(Customer.objects.of(tenant).values_list("pk", "external_id"))
    out: dict[CostKey, int] = {}
    for values in rows:
        n = values[-1]
        if n is None:
            continue
        key = (externals[values[0]], f"{_first(values[1]):%Y-%m}", values[2])
        out[key] = out.get(key, 0) + int(n)
    return out


def _first(month: date | datetime) -> date:
    return month.date() if isinstance(month, datetime) else month


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
        fields=("requests", "unpriced_requests", "cost_total", "revenue"),
    )
    return {
        key[0]: ClassPeriod(
            requests=int(values["requests"]),
            unpriced_requests=int(values["unpriced_requests"]),
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


# --------------------------------------------------------------------------- crossing point


def crossing_report(
    *, tenant: Tenant, as_of: date, months: int, request_class: str | None = None
) -> dict[str, object]:
    """Forecast each class's cost and revenue per request and share of requests for `months`
    months from `as_of`, from the day rollups of the HISTORY_DAYS days before it.

    `request_class` keeps that class only (NotFound if the tenant never had it); the blend is
    still forecast over every class.
    """
    if request_class is not None and not request_class_known(
        tenant=tenant, request_class=request_class
    ):
        raise NotFound(f"No request class '{request_class}'.")
    end = instant(as_of)
    start = end - timedelta(days=HISTORY_DAYS)
    sums = rollup_sums(
        tenant=tenant,
        start=start,
        end=end,
        group_by=["request_class", "bucket_start"],
        fields=("requests", "unpriced_requests", "cost_total", "revenue"),
    )
    index = {start + timedelta(days=i): i for i in range(HISTORY_DAYS)}
    history: dict[str, list[DaySums]] = {}
    everyone = [0] * HISTORY_DAYS
    for (name, bucket), values in sums.items():
        i = index[bucket]
        days = history.setdefault(name, [DaySums()] * HISTORY_DAYS)
        days[i] = DaySums(
            requests=int(values["requests"]),
            unpriced_requests=int(values["unpriced_requests"]),
            cost=values["cost_total"],
            revenue=values["revenue"],
        )
        everyone[i] += int(values["requests"])
    result = crossing_forecast(history, everyone, as_of=as_of, months=months)
    if request_class is not None:
        result["classes"] = [
            c for c in cast(list, result["classes"]) if c.request_class == request_class
        ]
        result["crossing_classes"] = [
            name for name in cast(list, result["crossing_classes"]) if name == request_class
        ]
    return {"history_from": start, "history_to": end, **result}

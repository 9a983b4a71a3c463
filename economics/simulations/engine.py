"""Plan simulation: rate past usage under candidate plans beside the plans customers were on.

Pure functions over Decimals, no ORM: the caller loads one usage aggregate per customer,
month, request class and model (with its variable cost) and the baseline subscriptions,
and this module rates every customer-month with ``pricing.rating`` (the engine invoices
use) under the baseline and under each candidate, then compares them.

Rules:

* Baseline: each month is rated under the plan version(s) the customer's subscriptions
  name for that month, prorated by day like an invoice. Usage on days no subscription
  covers is not billed.
* A candidate replaces the customer's plan on the same covered days (adjacent
  subscriptions merge into one stretch, so a candidate's allowance and tiers apply once).
  A month with usage but no subscription at all is rated under each candidate for the
  whole month (its baseline revenue is zero).
* Variable cost is the sum of ``cost_total`` of the month's live events, whatever the plan.
* Revenue is attributed to request classes by the engine; margin = revenue - cost.
* Sums are exact Decimals (each invoice line rounded once by the engine); each figure
  shown is rounded once with economics' formulas helpers: money (revenue, cost,
  margin, deltas) to the currency's minor unit, margin per request to 8 places,
  percentages to 4 places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from economics.margins import formulas
from economics.simulations.chunks import run_forked
from economics.simulations.summary import summarise
from pricing.rating import Period, RatePlan, UsageRow
from pricing.rating.totals import (
    Totals,
    TotalsPlan,
    TotalsSegment,
    rate_totals,
    rate_totals_each,
)

ZERO = Decimal(0)
BASELINE = "baseline"
TOP_MOVERS = 10
NO_CLASS = ""  # revenue of a month with no requests to spread fees over
PARALLEL_MIN_MONTHS = 20_000  # below this, forking workers costs more than it saves

ProgressCallback = Callable[[int, int], None]  # (customers done, customers in all)


class SimulationError(ValueError):
    """An input the simulation cannot run with: "<field path>: <sentence>"."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A plan to try: a label for the results and the engine's plan."""

    key: str  # "candidate_1", ...
    name: str
    plan: RatePlan


@dataclass(frozen=True, slots=True)
class Coverage:
    """Days [start, end) of a month a subscription covered, under a baseline plan version."""

    plan: RatePlan
    label: str  # the baseline plan version, e.g. "pro v1"
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class CustomerMonth:
    """One customer's usage, cost and baseline subscriptions in one calendar month.

    ``rows`` are the month's usage aggregates (one per request class and model);
    ``daily`` holds the same usage per UTC day and is only needed when the coverage does
    not span the whole month (a start, an end or a plan change inside it).
    """

    customer: str  # the tenant's external id
    period: Period
    rows: tuple[UsageRow, ...]
    cost: Mapping[str, Decimal]  # USD per request class
    coverage: tuple[Coverage, ...] = ()  # in date order; empty: no subscription this month
    daily: Mapping[date, tuple[UsageRow, ...]] | None = None
    uncosted_requests: int = 0  # requests of events without a cost yet
    uncosted_by_class: Mapping[str, int] = field(default_factory=dict)  # of those, per class


# --------------------------------------------------------------------------- usage


def sum_rows(rows: Iterable[UsageRow]) -> tuple[UsageRow, ...]:
    """Return the rows summed per (request class, model), in that order."""
    merged: dict[tuple[str | None, str | None], dict[str, Decimal]] = {}
    for row in rows:
        quantities = merged.setdefault((row.request_class, row.model), {})
        for name, value in row.quantities.items():
            quantities[name] = quantities.get(name, ZERO) + value
    return tuple(
        UsageRow(q, request_class, model)
        for (request_class, model), q in sorted(merged.items(), key=lambda kv: _order(kv[0]))
    )


def _order(key: tuple[str | None, str | None]) -> tuple[str, str]:
    return (key[0] or "", key[1] or "")


def _rows_between(month: CustomerMonth, start: date, end: date) -> tuple[UsageRow, ...]:
    if start <= month.period.start and end >= month.period.end:
        return month.rows
    if month.daily is None:
        raise SimulationError(
            f"usage: {month.customer} {month.period.start:%Y-%m} needs daily usage for "
            "a subscription that covers part of the month."
        )
    return sum_rows(row for day, rows in month.daily.items() if start <= day < end for row in rows)


def _candidate_stretches(month: CustomerMonth) -> list[tuple[date, date]]:
    """Return the covered days of a month as merged [start, end) stretches."""
    if not month.coverage:
        return [(month.period.start, month.period.end)]
    stretches: list[list[date]] = []
    for c in month.coverage:
        start = max(c.start, month.period.start)
        end = min(c.end, month.period.end)
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], end)
        else:
            stretches.append([start, end])
    return [(s, e) for s, e in stretches]


# --------------------------------------------------------------------------- rating


@dataclass(slots=True)
class Rated:
    """Revenue of one customer-month under one plan, in total and per request class."""

    total: Decimal
    by_class: dict[str, Decimal]


def _single_class(usage: Iterable[Sequence[UsageRow]]) -> str | None:
    """Return the one request class of usage with requests, or None when attribution must split."""
    found: str | None = None
    requests = ZERO
    for rows in usage:
        for row in rows:
            name = row.request_class or NO_CLASS
            if found is None:
                found = name
            elif name != found:
                return None
            requests += row.requests
    return found if requests > 0 else None


Prepared = dict[int, TotalsPlan]  # id(plan) -> the plan prepared for totals-only rating


def _prepared(plan: RatePlan, prepared: Prepared) -> TotalsPlan:
    found = prepared.get(id(plan))
    if found is None or found.plan is not plan:
        found = prepared[id(plan)] = TotalsPlan(plan)
    return found


def _rate(period: Period, segments: Sequence[TotalsSegment], single: str | None) -> Rated:
    return _rated(rate_totals(period, segments, attribute=single is None), single)


def _rated(totals: Totals, single: str | None) -> Rated:
    total, by_request_class, unattributed = totals
    if single is not None:
        # One class with requests takes the whole total: what attribution would give it.
        return Rated(total, {single: total})
    assert by_request_class is not None
    by_class = {name or NO_CLASS: amount for name, amount in by_request_class.items()}
    if unattributed:
        by_class[NO_CLASS] = by_class.get(NO_CLASS, ZERO) + unattributed
    return Rated(total, by_class)


def rate_baseline(month: CustomerMonth, prepared: Prepared | None = None) -> Rated:
    """Rate a customer-month under the plan versions its subscriptions name."""
    if not month.coverage:
        return Rated(ZERO, {})
    cache = {} if prepared is None else prepared
    segments = []
    for c in month.coverage:
        start, end = max(c.start, month.period.start), min(c.end, month.period.end)
        rows = _rows_between(month, start, end)
        segments.append((_prepared(c.plan, cache), start, end, rows))
    return _rate(month.period, segments, _single_class(s[3] for s in segments))


def rate_candidates(
    month: CustomerMonth, plans: Sequence[RatePlan], prepared: Prepared | None = None
) -> list[Rated]:
    """Rate a customer-month under each candidate plan over the days it was covered."""
    cache = {} if prepared is None else prepared
    stretches = [
        (start, end, _rows_between(month, start, end)) for start, end in _candidate_stretches(month)
    ]
    single = _single_class(rows for _, _, rows in stretches)
    prepared_plans = [_prepared(plan, cache) for plan in plans]
    each = rate_totals_each(month.period, prepared_plans, stretches, attribute=single is None)
    return [_rated(totals, single) for totals in each]


# --------------------------------------------------------------------------- results


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return part / whole in percent, rounded to 4 places, or None when whole is zero."""
    return formulas.maybe(formulas.ratio, formulas.percent(part, whole))


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _money(value: Decimal, currency: str) -> str:
    return format(formulas.money(value, currency), "f")


@dataclass(slots=True)
class _CustomerTotals:
    months: int = 0
    requests: Decimal = ZERO
    cost: Decimal = ZERO
    uncosted_requests: int = 0
    baseline_plans: set[str] = field(default_factory=set)
    revenue: dict[str, Decimal] = field(default_factory=dict)  # plan key -> revenue


@dataclass(slots=True)
class _ClassTotals:
    requests: Decimal = ZERO
    cost: Decimal = ZERO
    uncosted_requests: int = 0  # of `requests`, those of unknown cost (not in `cost`)
    revenue: dict[str, Decimal] = field(default_factory=dict)  # plan key -> revenue


def _plan_figures(
    revenue: Decimal,
    cost: Decimal,
    currency: str,
    *,
    requests: Decimal = ZERO,
    uncosted: int = 0,
) -> dict[str, str | None]:
    """Revenue, margin and margin %; requests of unknown cost are left out of the margin %
    (margin per request / revenue per request, the cost per priced request for each)."""
    margin = revenue - cost
    exact = formulas.priced_per_request(
        requests=int(requests), unpriced_requests=uncosted, cost=cost, revenue=revenue
    )
    return {
        "revenue": _money(revenue, currency),
        "margin": _money(margin, currency),
        "margin_pct": _s(
            formulas.maybe(formulas.ratio, exact.margin_pct) if uncosted else pct(margin, revenue)
        ),
    }


def _delta_figures(revenue: Decimal, baseline: Decimal, currency: str) -> dict[str, str | None]:
    delta = revenue - baseline
    return {
        "revenue_delta": _money(delta, currency),
        "revenue_delta_pct": _s(pct(delta, baseline)),
        "margin_delta": _money(delta, currency),  # cost does not depend on the plan
    }


NO_DELTA: dict[str, str | None] = {
    "revenue_delta": None,
    "revenue_delta_pct": None,
    "margin_delta": None,
}


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """What a simulation found: the summary document and the per-customer table."""

    results: dict[str, object]
    customers: list[dict[str, object]]


@dataclass(slots=True)
class Partial:
    """Sums of some customers' months: per customer and per request class."""

    by_customer: dict[str, _CustomerTotals] = field(default_factory=dict)
    by_class: dict[str, _ClassTotals] = field(default_factory=dict)


def merge_partials(parts: Iterable[Partial], keys: Sequence[str]) -> Partial:
    """Add up the sums of customer chunks (Decimal additions: exact, in any order)."""
    merged = Partial()
    for part in parts:
        for name, t in part.by_customer.items():
            into = merged.by_customer.get(name)
            if into is None:
                into = merged.by_customer[name] = _CustomerTotals(revenue=dict.fromkeys(keys, ZERO))
            into.months += t.months
            into.requests += t.requests
            into.cost += t.cost
            into.uncosted_requests += t.uncosted_requests
            into.baseline_plans |= t.baseline_plans
            for key, amount in t.revenue.items():
                into.revenue[key] += amount
        for name, c in part.by_class.items():
            cls = merged.by_class.get(name)
            if cls is None:
                cls = merged.by_class[name] = _ClassTotals(revenue=dict.fromkeys(keys, ZERO))
            cls.requests += c.requests
            cls.uncosted_requests += c.uncosted_requests
            cls.cost += c.cost
            for key, amount in c.revenue.items():
                cls.revenue[key] += amount
    return merged


def _check_candidates(candidates: Sequence[Candidate], currency: str) -> None:
    if not candidates:
        raise SimulationError("candidates: at least one candidate plan is required.")
    for i, candidate in enumerate(candidates):
        if candidate.plan.currency != currency:
            raise SimulationError(
                f"candidates.{i}.currency: {candidate.plan.currency} differs from the "
                f"simulation's {currency}."
            )


def simulate(
    months: Iterable[CustomerMonth],
    candidates: Sequence[Candidate],
    *,
    currency: str,
    month_labels: Sequence[str],
    customer_count: int | None = None,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    min_parallel_months: int = PARALLEL_MIN_MONTHS,
) -> SimulationResult:
    """Rate every customer-month under the baseline and each candidate and compare them.

    ``months`` must come grouped by customer (all months of a customer together) for
    progress to count customers; ``customer_count`` is the number of customers in it.
    With ``workers`` above 1 and at least ``min_parallel_months`` months, chunks of whole
    customers are rated in that many forked processes and their sums merged: the same
    results, since the sums are exact Decimal additions.
    """
    _check_candidates(candidates, currency)
    keys = [BASELINE, *(c.key for c in candidates)]
    months = months if isinstance(months, Sequence) else list(months)
    chunks = split_by_customer(months, workers * 2) if workers > 1 else [months]
    if len(months) < min_parallel_months or len(chunks) < 2:
        total = accumulate(
            months, candidates, currency=currency, progress=progress, customer_count=customer_count
        )
    else:

        def rate_chunk(chunk: Sequence[CustomerMonth], tick: Callable[[], None]) -> Partial:
            return accumulate(chunk, candidates, currency=currency, progress=lambda d, t: tick())

        parts = run_forked(
            rate_chunk, chunks, workers=workers, progress=progress, total=customer_count
        )
        total = merge_partials(parts, keys)
    return simulation_result(total, candidates, currency=currency, month_labels=month_labels)


def simulation_result(
    total: Partial, candidates: Sequence[Candidate], *, currency: str, month_labels: Sequence[str]
) -> SimulationResult:
    """Turn the sums of every customer into the results document and the customer table."""
    customers = _customer_table(total.by_customer, candidates, currency)
    results = _results(total.by_customer, total.by_class, candidates, currency, month_labels)
    return SimulationResult(results=results, customers=customers)


def partial_to_data(part: Partial) -> dict[str, list[list[object]]]:
    """Return a chunk's sums as JSON data: Decimals as strings (exact, exponent kept), in order."""
    return {
        "customers": [
            [
                name,
                t.months,
                str(t.requests),
                str(t.cost),
                t.uncosted_requests,
                sorted(t.baseline_plans),
                [[key, str(amount)] for key, amount in t.revenue.items()],
            ]
            for name, t in part.by_customer.items()
        ],
        "classes": [
            [
                name,
                str(c.requests),
                str(c.cost),
                [[k, str(a)] for k, a in c.revenue.items()],
                c.uncosted_requests,
            ]
            for name, c in part.by_class.items()
        ],
    }


def partial_from_data(data: Mapping[str, Sequence[Sequence[object]]]) -> Partial:
    """Read back what partial_to_data wrote: the same Decimals, digit for digit."""
    part = Partial()
    for name, months, requests, cost, uncosted, plans, revenue in data.get("customers", ()):
        part.by_customer[str(name)] = _CustomerTotals(
            months=int(str(months)),
            requests=Decimal(str(requests)),
            cost=Decimal(str(cost)),
            uncosted_requests=int(str(uncosted)),
            baseline_plans={str(p) for p in plans},  # type: ignore[attr-defined]
            revenue={str(k): Decimal(str(a)) for k, a in revenue},  # type: ignore[attr-defined]
        )
    for name, requests, cost, revenue, uncosted in data.get("classes", ()):
        part.by_class[str(name)] = _ClassTotals(
            requests=Decimal(str(requests)),
            cost=Decimal(str(cost)),
            uncosted_requests=int(str(uncosted)),
            revenue={str(k): Decimal(str(a)) for k, a in revenue},  # type: ignore[attr-defined]
        )
    return part


def split_by_customer(months: Sequence[CustomerMonth], n: int) -> list[Sequence[CustomerMonth]]:
    """Cut months (grouped by customer) into up to n chunks of about equal size, whole customers."""
    if n < 2 or not months:
        return [months]
    size = -(-len(months) // n)
    chunks: list[Sequence[CustomerMonth]] = []
    start = 0
    while start < len(months):
        end = min(start + size, len(months))
        while end < len(months) and months[end].customer == months[end - 1].customer:
            end += 1
        chunks.append(months[start:end])
        start = end
    return chunks


def accumulate(
    months: Iterable[CustomerMonth],
    candidates: Sequence[Candidate],
    *,
    currency: str,
    progress: ProgressCallback | None = None,
    customer_count: int | None = None,
) -> Partial:
    """Rate customer-months under the baseline and each candidate and sum them up."""
    _check_candidates(candidates, currency)
    keys = [BASELINE, *(c.key for c in candidates)]
    plans = [c.plan for c in candidates]
    prepared: Prepared = {}
    by_customer: dict[str, _CustomerTotals] = {}
    by_class: dict[str, _ClassTotals] = {}
    done, current = 0, None
    for month in months:
        if month.customer != current:
            if current is not None:
                done += 1
                if progress is not None:
                    progress(done, customer_count or done)
            current = month.customer
        for c in month.coverage:
            if c.plan.currency != currency:
                raise SimulationError(
                    f"baseline: {month.customer} was on {c.label} in {c.plan.currency}, "
                    f"not {currency}."
                )
        rated = [rate_baseline(month, prepared), *rate_candidates(month, plans, prepared)]

        totals = by_customer.get(month.customer)
        if totals is None:
            totals = by_customer[month.customer] = _CustomerTotals(
                revenue=dict.fromkeys(keys, ZERO)
            )
        totals.months += 1
        totals.uncosted_requests += month.uncosted_requests
        if month.coverage:
            totals.baseline_plans.update(c.label for c in month.coverage)
        for row in month.rows:
            name = row.request_class or NO_CLASS
            cls = by_class.get(name)
            if cls is None:
                cls = by_class[name] = _ClassTotals(revenue=dict.fromkeys(keys, ZERO))
            cls.requests += row.requests
            totals.requests += row.requests
        for name, cost in month.cost.items():
            cls = by_class.get(name or NO_CLASS)
            if cls is None:
                cls = by_class[name or NO_CLASS] = _ClassTotals(revenue=dict.fromkeys(keys, ZERO))
            cls.cost += cost
            totals.cost += cost
        for name, uncosted in month.uncosted_by_class.items():
            cls = by_class.get(name or NO_CLASS)
            if cls is None:
                cls = by_class[name or NO_CLASS] = _ClassTotals(revenue=dict.fromkeys(keys, ZERO))
            cls.uncosted_requests += uncosted
        for key, r in zip(keys, rated, strict=True):
            totals.revenue[key] += r.total
            for name, amount in r.by_class.items():
                cls = by_class.get(name)
                if cls is None:
                    cls = by_class[name] = _ClassTotals(revenue=dict.fromkeys(keys, ZERO))
                cls.revenue[key] += amount
    if current is not None and progress is not None:
        progress(done + 1, customer_count or done + 1)

    return Partial(by_customer, by_class)


def _customer_table(
    by_customer: Mapping[str, _CustomerTotals], candidates: Sequence[Candidate], currency: str
) -> list[dict[str, object]]:
    table: list[dict[str, object]] = []
    for customer in sorted(by_customer):
        t = by_customer[customer]
        base = t.revenue[BASELINE]
        used: dict[str, Any] = {"requests": t.requests, "uncosted": t.uncosted_requests}
        plans: list[dict[str, object]] = [
            {"plan": BASELINE, **_plan_figures(base, t.cost, currency, **used), **NO_DELTA}
        ]
        for c in candidates:
            revenue = t.revenue[c.key]
            plans.append(
                {
                    "plan": c.key,
                    **_plan_figures(revenue, t.cost, currency, **used),
                    **_delta_figures(revenue, base, currency),
                }
            )
        table.append(
            {
                "customer_id": customer,
                "months": t.months,
                "requests": _s(t.requests),
                "uncosted_requests": t.uncosted_requests,
                "variable_cost": _money(t.cost, currency),
                "baseline_plans": sorted(t.baseline_plans),
                "plans": plans,
            }
        )
    return table


def _plan_rows(
    by_customer: Mapping[str, _CustomerTotals],
    candidates: Sequence[Candidate],
    cost: Decimal,
    currency: str,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Totals per plan (the baseline first) and each candidate's largest movers."""
    base = sum((t.revenue[BASELINE] for t in by_customer.values()), ZERO)
    used: dict[str, Any] = {
        "requests": sum((t.requests for t in by_customer.values()), ZERO),
        "uncosted": sum(t.uncosted_requests for t in by_customer.values()),
    }
    plans: list[dict[str, object]] = [
        {
            "plan": BASELINE,
            "name": "Current plans",
            **_plan_figures(base, cost, currency, **used),
            **NO_DELTA,
            "customers_paying_more": None,
            "customers_paying_less": None,
            "customers_unchanged": None,
        }
    ]
    movers: list[dict[str, object]] = []
    for c in candidates:
        revenue = sum((t.revenue[c.key] for t in by_customer.values()), ZERO)
        deltas = sorted(
            ((t.revenue[c.key] - t.revenue[BASELINE], name) for name, t in by_customer.items()),
            key=lambda d: (-d[0], d[1]),
        )
        more = [d for d in deltas if d[0] > 0]
        less = sorted((d for d in deltas if d[0] < 0), key=lambda d: (d[0], d[1]))
        plans.append(
            {
                "plan": c.key,
                "name": c.name,
                **_plan_figures(revenue, cost, currency, **used),
                **_delta_figures(revenue, base, currency),
                "customers_paying_more": len(more),
                "customers_paying_less": len(less),
                "customers_unchanged": len(deltas) - len(more) - len(less),
            }
        )
        movers.append(
            {
                "plan": c.key,
                "largest_increases": [
                    {"customer_id": name, "revenue_delta": _money(d, currency)}
                    for d, name in more[:TOP_MOVERS]
                ],
                "largest_decreases": [
                    {"customer_id": name, "revenue_delta": _money(d, currency)}
                    for d, name in less[:TOP_MOVERS]
                ],
            }
        )
    return plans, movers


def _class_rows(
    by_class: Mapping[str, _ClassTotals], candidates: Sequence[Candidate], currency: str
) -> list[dict[str, object]]:
    """Per request class: revenue, cost and margin per request under every plan."""
    classes: list[dict[str, object]] = []
    for name in sorted(by_class):
        cls = by_class[name]
        class_plans = []
        for key in (BASELINE, *(c.key for c in candidates)):
            figures = _plan_figures(
                cls.revenue[key],
                cls.cost,
                currency,
                requests=cls.requests,
                uncosted=cls.uncosted_requests,
            )
            margin = cls.revenue[key] - cls.cost
            exact = formulas.priced_per_request(
                requests=int(cls.requests),
                unpriced_requests=cls.uncosted_requests,
                cost=cls.cost,
                revenue=cls.revenue[key],
            )
            class_plans.append(
                {
                    "plan": key,
                    **figures,
                    "margin_per_request": _s(formulas.maybe(formulas.per_request, exact.margin)),
                    "margin_negative": (
                        exact.margin < 0 if exact.margin is not None else margin < 0
                    ),
                }
            )
        classes.append(
            {
                "request_class": name or None,
                "requests": _s(cls.requests),
                "unpriced_requests": cls.uncosted_requests,
                "variable_cost": _money(cls.cost, currency),
                "plans": class_plans,
            }
        )
    return classes


def _results(
    by_customer: Mapping[str, _CustomerTotals],
    by_class: Mapping[str, _ClassTotals],
    candidates: Sequence[Candidate],
    currency: str,
    month_labels: Sequence[str],
) -> dict[str, object]:
    cost = sum((t.cost for t in by_customer.values()), ZERO)
    requests = sum((t.requests for t in by_customer.values()), ZERO)
    plans, movers = _plan_rows(by_customer, candidates, cost, currency)
    totals = {
        "customers": len(by_customer),
        "customer_months": sum(t.months for t in by_customer.values()),
        "requests": _s(requests),
        "uncosted_requests": sum(t.uncosted_requests for t in by_customer.values()),
        "variable_cost": _money(cost, currency),
        "plans": plans,
    }
    results: dict[str, object] = {
        "currency": currency,
        "months": list(month_labels),
        "totals": totals,
        "request_classes": _class_rows(by_class, candidates, currency),
        "movers": movers,
    }
    results["summary"] = summarise(results, currency=currency)
    return results

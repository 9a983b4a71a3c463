"""What-ifs: past months re-costed, repriced or with a class retired, beside what happened.

Pure functions over Decimals, no ORM. The caller loads the customer-months the way plan
simulations do (usage per class and model, recorded cost per class, the subscriptions) and,
for the classes a cost change touches, their cost re-computed under the changed cost book.

Rules (docs/decisions.md):

* Before = the months as they were: revenue rated by the engine under the plan versions the
  subscriptions name (as invoices), cost as recorded.
* Re-engineer: the cost of the classes a change touches is the re-computed one; other classes
  keep theirs. Revenue is rated on the usage as recorded (the cost side only).
* Reprice: with a candidate plan, revenue after is rated under it, as a simulation does.
* Retire: the class's usage rows are removed before rating, so its usage charges go and flat
  fees (and minimums) stay and are spread by the engine over the remaining requests; its
  variable cost goes; its fixed costs go when the change says so.
* Requests of events whose cost is unknown are counted (`unpriced_requests`) and left out of
  the cost per request; margin per request is revenue per request minus cost per priced
  request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from economics.margins import formulas
from economics.simulations.engine import (
    NO_CLASS,
    CustomerMonth,
    Prepared,
    rate_baseline,
    rate_candidates,
)
from pricing.rating import RatePlan

ZERO = Decimal(0)
TOP_CUSTOMERS = 10
BLENDED = "(blended)"

ProgressCallback = Callable[[int, int], None]
# (customer external id, month first day as YYYY-MM, request class) -> USD / requests
CostKey = tuple[str, str, str]


@dataclass(slots=True)
class Sums:
    """Exact sums of one class (or customer) before or after."""

    requests: Decimal = ZERO
    unpriced_requests: Decimal = ZERO
    cost: Decimal = ZERO  # USD, priced events only
    revenue: Decimal = ZERO

    def add(self, other: Sums) -> None:
        self.requests += other.requests
        self.unpriced_requests += other.unpriced_requests
        self.cost += other.cost
        self.revenue += other.revenue


@dataclass(slots=True)
class Pair:
    before: Sums = field(default_factory=Sums)
    after: Sums = field(default_factory=Sums)


@dataclass(frozen=True, slots=True)
class Recosted:
    """Cost after the changes of the classes they touch, per customer-month-class."""

    classes: frozenset[str] | None  # None: every class was re-costed
    cost: Mapping[CostKey, Decimal]
    unpriced_requests: Mapping[CostKey, int]

    def touches(self, request_class: str) -> bool:
        return self.classes is None or request_class in self.classes


NOTHING_RECOSTED = Recosted(frozenset(), {}, {})


def _without(month: CustomerMonth, classes: Iterable[str]) -> CustomerMonth:
    """The month with the usage rows of these classes removed."""
    dropped = set(classes)
    if not dropped:
        return month
    rows = tuple(r for r in month.rows if (r.request_class or NO_CLASS) not in dropped)
    daily = None
    if month.daily is not None:
        daily = {
            day: tuple(r for r in rows_of_day if (r.request_class or NO_CLASS) not in dropped)
            for day, rows_of_day in month.daily.items()
        }
    return replace(month, rows=rows, daily=daily)


@dataclass(slots=True)
class WhatIfSums:
    by_class: dict[str, Pair] = field(default_factory=dict)
    by_customer: dict[str, Pair] = field(default_factory=dict)


def accumulate(
    months: Iterable[CustomerMonth],
    *,
    recosted: Recosted,
    unpriced_before: Mapping[CostKey, int],
    retire: Iterable[str] = (),
    candidate: RatePlan | None = None,
    progress: ProgressCallback | None = None,
    customer_count: int | None = None,
) -> WhatIfSums:
    """Rate and cost every customer-month before and after the changes, and sum them up."""
    retired = set(retire)
    sums = WhatIfSums()
    prepared: Prepared = {}
    done, current = 0, None
    for month in months:
        if month.customer != current:
            if current is not None:
                done += 1
                if progress is not None:
                    progress(done, customer_count or done)
            current = month.customer
        label = f"{month.period.start:%Y-%m}"
        before = rate_baseline(month, prepared)
        kept = _without(month, retired)
        if candidate is not None:
            after = rate_candidates(kept, [candidate], prepared)[0]
        elif kept is month:
            after = before  # the same month under the same plans: the same (read-only) figures
        else:
            after = rate_baseline(kept, prepared)
        customer = sums.by_customer.setdefault(month.customer, Pair())
        classes = (
            {r.request_class or NO_CLASS for r in month.rows}
            | set(before.by_class)
            | set(after.by_class)
        )
        requests: dict[str, Decimal] = {}
        for row in month.rows:
            name = row.request_class or NO_CLASS
            requests[name] = requests.get(name, ZERO) + row.requests
        for name in classes:
            key = (month.customer, label, name)
            b = Sums(
                requests=requests.get(name, ZERO),
                unpriced_requests=Decimal(unpriced_before.get(key, 0)),
                cost=month.cost.get(name, ZERO),
                revenue=before.by_class.get(name, ZERO),
            )
            if name in retired:
                a = Sums(revenue=after.by_class.get(name, ZERO))
            elif recosted.touches(name) and name in requests:
                a = Sums(
                    requests=b.requests,
                    unpriced_requests=Decimal(recosted.unpriced_requests.get(key, 0)),
                    cost=recosted.cost.get(key, ZERO),
                    revenue=after.by_class.get(name, ZERO),
                )
            else:
                a = Sums(b.requests, b.unpriced_requests, b.cost, after.by_class.get(name, ZERO))
            pair = sums.by_class.setdefault(name, Pair())
            pair.before.add(b)
            pair.after.add(a)
            customer.before.add(b)
            customer.after.add(a)
    if current is not None and progress is not None:
        progress(done + 1, customer_count or done + 1)
    return sums


# --------------------------------------------------------------------------- chunks


def _side_data(sums: Sums) -> list[str]:
    return [str(sums.requests), str(sums.unpriced_requests), str(sums.cost), str(sums.revenue)]


def _side(data: Sequence[object]) -> Sums:
    requests, unpriced, cost, revenue = (Decimal(str(v)) for v in data)
    return Sums(requests, unpriced, cost, revenue)


def sums_to_data(sums: WhatIfSums) -> dict[str, list[list[object]]]:
    """Return a chunk's sums as JSON data: Decimals as strings (exact, exponent kept), in order."""
    return {
        part: [[name, _side_data(pair.before), _side_data(pair.after)] for name, pair in by.items()]
        for part, by in (("classes", sums.by_class), ("customers", sums.by_customer))
    }


def sums_from_data(data: Mapping[str, Sequence[Sequence[Any]]]) -> WhatIfSums:
    """Read back what sums_to_data wrote: the same Decimals, digit for digit."""
    sums = WhatIfSums()
    for part, by in (("classes", sums.by_class), ("customers", sums.by_customer)):
        for name, before, after in data.get(part, ()):
            by[str(name)] = Pair(_side(before), _side(after))
    return sums


def merge_sums(parts: Iterable[WhatIfSums]) -> WhatIfSums:
    """Add up the sums of customer chunks (Decimal additions: exact, in any order).

    Each customer is in one chunk; a class's pair is the sum of its pairs in every chunk.
    """
    merged = WhatIfSums()
    for part in parts:
        for into, by in ((merged.by_class, part.by_class), (merged.by_customer, part.by_customer)):
            for name, pair in by.items():
                total = into.setdefault(name, Pair())
                total.before.add(pair.before)
                total.after.add(pair.after)
    return merged


# --------------------------------------------------------------------------- figures


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def figures(sums: Sums) -> dict[str, object]:
    """The figures of one side: totals to the cent, per request to 8 places, % to 4."""
    margin = sums.revenue - sums.cost
    exact = formulas.priced_per_request(
        requests=int(sums.requests),
        unpriced_requests=int(sums.unpriced_requests),
        cost=sums.cost,
        revenue=sums.revenue,
    )
    cost_per, revenue_per, margin_per = exact.cost, exact.revenue, exact.margin
    return {
        "requests": _s(sums.requests),
        "unpriced_requests": _s(sums.unpriced_requests),
        "cost": _s(formulas.money(sums.cost)),
        "revenue": _s(formulas.money(sums.revenue)),
        "margin": _s(formulas.money(margin)),
        "cost_per_request": _s(formulas.maybe(formulas.per_request, cost_per)),
        "revenue_per_request": _s(formulas.maybe(formulas.per_request, revenue_per)),
        "margin_per_request": _s(formulas.maybe(formulas.per_request, margin_per)),
        "margin_pct": _s(formulas.maybe(formulas.ratio, exact.margin_pct)),
        "margin_negative": margin_per < 0 if margin_per is not None else margin < 0,
    }


def _total(pairs: Iterable[Pair]) -> Pair:
    total = Pair()
    for pair in pairs:
        total.before.add(pair.before)
        total.after.add(pair.after)
    return total


def results(
    sums: WhatIfSums,
    *,
    month_labels: Sequence[str],
    retire: Iterable[str] = (),
    fixed_before: Decimal = ZERO,
    fixed_after: Decimal = ZERO,
) -> dict[str, object]:
    """The what-if's document: per class and blended before/after, the customers that move most."""
    retired = set(retire)
    classes = [
        {
            "request_class": name or None,
            "retired": name in retired,
            "before": figures(pair.before),
            "after": figures(pair.after),
        }
        for name, pair in sorted(sums.by_class.items())
    ]
    blended = _total(sums.by_class.values())
    movers = []
    for name, pair in sums.by_customer.items():
        b_margin = pair.before.revenue - pair.before.cost
        a_margin = pair.after.revenue - pair.after.cost
        if a_margin != b_margin:
            movers.append((a_margin - b_margin, name, pair))
    movers.sort(key=lambda m: (-abs(m[0]), m[1]))
    customers = [
        {
            "customer_id": name,
            "margin_change": _s(formulas.money(change)),
            "before": _customer(pair.before),
            "after": _customer(pair.after),
        }
        for change, name, pair in movers[:TOP_CUSTOMERS]
    ]
    b, a = blended.before, blended.after
    return {
        "currency": formulas.COST_CURRENCY,
        "months": list(month_labels),
        "request_classes": classes,
        "blended": {
            "request_class": BLENDED,
            "retired": False,
            "before": figures(b),
            "after": figures(a),
        },
        "fixed_costs": {
            "before": _s(formulas.money(fixed_before)),
            "after": _s(formulas.money(fixed_after)),
            "margin_after_fixed_before": _s(formulas.money(b.revenue - b.cost - fixed_before)),
            "margin_after_fixed_after": _s(formulas.money(a.revenue - a.cost - fixed_after)),
        },
        "customers": customers,
    }


def _customer(sums: Sums) -> dict[str, object]:
    exact = formulas.priced_per_request(
        requests=int(sums.requests),
        unpriced_requests=int(sums.unpriced_requests),
        cost=sums.cost,
        revenue=sums.revenue,
    )
    return {
        "revenue": _s(formulas.money(sums.revenue)),
        "cost": _s(formulas.money(sums.cost)),
        "unpriced_requests": _s(sums.unpriced_requests),
        "gross_margin_pct": _s(formulas.maybe(formulas.ratio, exact.margin_pct)),
    }

"""Revenue attribution: a rated period's total allocated to request classes and events."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing.money import allocate_exact, minor_unit
from pricing.rating.plans import ONE, ZERO
from pricing.rating.records import Attribution, InvoiceLine, UsageRow

# An amount to attribute: (amount, global row indexes, weights); weights None spreads it
# over every row by its requests.
Weighted = tuple[Decimal, Sequence[int] | None, Sequence[Decimal] | None]


@dataclass(slots=True)
class PricedLine:
    """A line before it is frozen, with per-row weights when attributing."""

    line: InvoiceLine
    rows: Sequence[int] | None = None  # global row indexes the weights refer to
    weights: Sequence[Decimal] | None = None  # None: spread over all requests


def row_shares(
    weighted: Iterable[Weighted], n: int, request_weights: Callable[[], Sequence[Decimal]]
) -> tuple[list[Decimal], Decimal]:
    """Return each of ``n`` rows' exact share of the amounts, and what no row's weight took.

    An amount goes to the rows by its weights (the units each row produced in that line),
    or by the rows' requests (``request_weights()``, read once) when it has none.
    """
    exact = [ZERO] * n
    unattributed = ZERO
    by_requests: Sequence[Decimal] | None = None
    for amount, index, weights in weighted:
        if not amount:
            continue
        if weights is None:
            if by_requests is None:
                by_requests = request_weights()
            index, weights = range(n), by_requests
        weight_total = sum(weights, ZERO)
        if not weight_total:
            unattributed += amount
            continue
        per_weight = amount / weight_total
        for i, w in zip(index or (), weights, strict=True):
            if w:
                exact[i] += w * per_weight
    return exact, unattributed


def allocate_revenue(
    currency: str,
    total: Decimal,
    rated: Sequence[PricedLine],
    rows: Sequence[UsageRow],
    event_quantum: Decimal | None,
    by_event_too: bool,
) -> Attribution:
    """Allocate a rated total to request classes (minor units) and, optionally, rows.

    Each line's amount goes to the rows by its weights (the units each row produced in
    that line, or the rows' requests for fees); the classes' exact sums are rounded by
    largest remainder to sum to ``total``, then each class's amount is split over its
    rows the same way in ``event_quantum``.
    """
    exact, unattributed = row_shares(
        [(item.line.amount, item.rows, item.weights) for item in rated],
        len(rows),
        lambda: [r.quantities.get("requests", ONE) for r in rows],
    )
    classes: dict[str | None, list[int]] = {}
    for i, row in enumerate(rows):
        classes.setdefault(row.request_class, []).append(i)
    names = list(classes)
    class_exact = [sum((exact[i] for i in classes[c]), ZERO) for c in names]
    quantum = minor_unit(currency)
    allocated = allocate_exact(total, [*class_exact, unattributed], quantum)
    by_class = dict(zip(names, allocated[:-1], strict=True))

    by_event: dict[Hashable, Decimal] = {}
    event_q = event_quantum or quantum
    for name in names if by_event_too else ():
        members = classes[name]
        if len(members) == 1 and not by_class[name] % event_q:
            key = rows[members[0]].event_key
            by_event[key] = by_event.get(key, ZERO) + by_class[name]
            continue
        amount, shares = by_class[name], [exact[i] for i in members]
        share_total = sum(shares, ZERO)
        # The class amount is rounded to the minor unit: rescale its events' exact shares to
        # it, so a finer event quantum splits the rounding pro rata, not evenly.
        if amount != share_total:
            if share_total:
                shares = [amount * s / share_total for s in shares]
            else:
                shares = [amount / len(shares)] * len(shares)
        parts = allocate_exact(amount, shares, event_q)
        for i, part in zip(members, parts, strict=True):
            key = rows[i].event_key
            by_event[key] = by_event.get(key, ZERO) + part
    return Attribution(
        currency=currency,
        total=total,
        by_request_class=by_class,
        by_event=by_event,
        unattributed=allocated[-1],
    )

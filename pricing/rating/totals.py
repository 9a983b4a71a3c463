"""Totals-only rating: the invoice total and class attribution of ``rate_segments``, faster.

A plan simulation rates hundreds of thousands of customer-months and needs from each only
the invoice total and, when a month has several request classes, the total's split by
class. ``rate_segments`` builds every invoice line (descriptions, quantities, unit
prices) and an ``Attribution``; this module does the same arithmetic, in the same order
and in ``RATING_CONTEXT``, on amounts only, with each plan's charges prepared once
(``TotalsPlan``). The results are the same Decimals as
``rate_segments(period, segments).invoice.total`` and, with ``attribute=True``,
``rate_segments(..., attribute=True, by_event=False).attribution``'s ``by_request_class``
and ``unattributed`` (a test compares the two over many plans and usages). The price
model arithmetic is the engine's own, from ``price_models``; this module only skips
building the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from pricing.money import allocate_exact, minor_unit
from pricing.rating.attribution import Weighted, row_shares
from pricing.rating.plans import (
    ONE,
    ZERO,
    CostPlus,
    FlatFee,
    MinimumCommitment,
    RatePlan,
    RatingError,
    UsageCharge,
)
from pricing.rating.price_models import (
    RATING_CONTEXT,
    billable_units,
    cost_plus,
    price_of,
    prorate,
    split_in_order,
    true_up,
)
from pricing.rating.records import Period, UsageRow

# (prepared plan, start, end, usage rows limited to [start, end))
TotalsSegment = tuple["TotalsPlan", date, date, Sequence[UsageRow]]
# (start, end, usage rows limited to [start, end)): a segment without its plan
Stretch = tuple[date, date, Sequence[UsageRow]]
# (invoice total, revenue by request class or None without attribution, unattributed)
Totals = tuple[Decimal, dict[str | None, Decimal] | None, Decimal]


class _Usage:
    """A usage charge with what rating needs worked out once."""

    __slots__ = (
        "default",
        "filtered",
        "included",
        "metric",
        "model",
        "per_unit_size",
        "price",
        "request_class",
        "unit_size",
    )

    def __init__(self, charge: UsageCharge) -> None:
        self.metric = charge.metric
        self.default = ONE if charge.metric == "requests" else ZERO
        self.unit_size = charge.unit_size
        self.per_unit_size = charge.unit_size != ONE
        self.included = charge.included
        self.model = charge.model
        self.request_class = charge.request_class
        self.filtered = charge.model is not None or charge.request_class is not None
        self.price = price_of(charge.price)

    def matches(self, row: UsageRow) -> bool:
        if self.model is not None and row.model != self.model:
            return False
        return self.request_class is None or row.request_class == self.request_class


class _CostPlus:
    """A cost-plus charge with what rating needs worked out once."""

    __slots__ = ("filtered", "minimum", "model", "rate", "request_class")

    def __init__(self, charge: CostPlus) -> None:
        self.rate = charge.rate
        self.minimum = charge.minimum_per_request
        self.model = charge.model
        self.request_class = charge.request_class
        self.filtered = charge.model is not None or charge.request_class is not None

    def matches(self, row: UsageRow) -> bool:
        if self.model is not None and row.model != self.model:
            return False
        return self.request_class is None or row.request_class == self.request_class


class TotalsPlan:
    """A plan version prepared for totals-only rating: build once, rate many periods."""

    __slots__ = ("_fixed", "charges", "currency", "minimums", "plan", "quantum", "zero")

    def __init__(self, plan: RatePlan) -> None:
        self.plan = plan
        self.currency = plan.currency
        self.quantum = minor_unit(plan.currency)
        self.zero = ZERO.quantize(self.quantum)  # a zero line's amount
        with localcontext(RATING_CONTEXT):
            # FlatFee -> its amount; UsageCharge -> prepared; minimums apart, rated last.
            self.charges: list[Decimal | _Usage | _CostPlus] = [
                c.amount
                if isinstance(c, FlatFee)
                else _CostPlus(c)
                if isinstance(c, CostPlus)
                else _Usage(c)
                for c in plan.charges
                if not isinstance(c, MinimumCommitment)
            ]
        self.minimums = [c.amount for c in plan.charges if isinstance(c, MinimumCommitment)]
        self._fixed: dict[tuple[int, int], tuple[list[Decimal], list[Decimal]]] = {}

    def fixed(self, days: int, period_days: int) -> tuple[list[Decimal], list[Decimal]]:
        """Return the rounded flat fees and minimum floors for days of a period (in context)."""
        key = (days, period_days)
        found = self._fixed.get(key)
        if found is None:
            q = self.quantum
            fees = [
                prorate(c, days, period_days).quantize(q, rounding=ROUND_HALF_UP)
                for c in self.charges
                if type(c) is Decimal
            ]
            floors = [
                prorate(m, days, period_days).quantize(q, rounding=ROUND_HALF_UP)
                for m in self.minimums
            ]
            found = self._fixed[key] = (fees, floors)
        return found


def _segment(
    tp: TotalsPlan,
    start: date,
    end: date,
    usage: Sequence[UsageRow],
    period: Period,
    period_days: int,
    offset: int,
    lines: list[Weighted] | None,
) -> Decimal:
    """Return the sum of a segment's lines; with ``lines``, append them with their weights."""
    start = start if start > period.start else period.start
    end = end if end < period.end else period.end
    fixed = tp._fixed.get(((end - start).days, period_days))
    fees, floors = fixed or tp.fixed((end - start).days, period_days)
    q, zero = tp.quantum, tp.zero
    charged = ZERO
    fee = 0
    for charge in tp.charges:
        if type(charge) is Decimal:
            amount = fees[fee]
            fee += 1
            charged += amount
            if lines is not None and amount:
                lines.append((amount, None, None))
            continue
        if type(charge) is _CostPlus:
            if charge.filtered:
                cp_index = [offset + i for i, r in enumerate(usage) if charge.matches(r)]
            else:
                cp_index = list(range(offset, offset + len(usage)))
            costs = [usage[i - offset].quantities.get("cost", ZERO) for i in cp_index]
            requests = [usage[i - offset].requests for i in cp_index]
            floored, _, _, amount = cost_plus(
                charge.rate, charge.minimum, sum(costs, ZERO), sum(requests, ZERO), q
            )
            charged += amount
            if lines is not None and amount:
                lines.append((amount, cp_index, requests if floored else costs))
            continue
        assert isinstance(charge, _Usage)
        metric, default = charge.metric, charge.default
        index: Sequence[int] | None = None
        rows: list[Decimal] | None = None
        if lines is None:
            matching = [r for r in usage if charge.matches(r)] if charge.filtered else usage
            raw = ZERO  # a loop, not sum() over a generator: this runs for every customer-month
            for r in matching:
                raw += r.quantities.get(metric, default)
            units = raw / charge.unit_size if charge.per_unit_size else raw
        else:
            if charge.filtered:
                index = [offset + i for i, r in enumerate(usage) if charge.matches(r)]
                matched: Sequence[UsageRow] = [usage[i - offset] for i in index]
            else:
                index, matched = range(offset, offset + len(usage)), usage
            rows = [r.quantities.get(metric, default) for r in matched]
            if charge.per_unit_size:
                rows = [x / charge.unit_size for x in rows]
            units = sum(rows, ZERO)
        included = charge.included
        billable = billable_units(units, included)
        if billable == 0:
            # Only the allowance's line or a zero one: no amount, but in the minor unit.
            charged += zero
            continue
        if included and rows is not None:
            rows = split_in_order(rows, included, None)
        for _, _, _, amount, _, weights in charge.price(billable, q, rows):
            charged += amount
            if lines is not None and amount:
                lines.append((amount, index, weights))
    for floor in floors:
        shortfall = true_up(floor, charged)
        if shortfall:
            charged += shortfall
            if lines is not None:
                lines.append((shortfall, None, None))
    return charged


def rate_totals(
    period: Period, segments: Sequence[TotalsSegment], *, attribute: bool = False
) -> Totals:
    """Return the invoice total of a period (and, with ``attribute``, its split by class).

    The same Decimals as ``rate_segments`` gives for the same plans and usage: the
    invoice total, ``attribution.by_request_class`` and ``attribution.unattributed``.
    """
    with localcontext(RATING_CONTEXT):
        return _rate_totals(period, segments, attribute)


def rate_totals_each(
    period: Period, plans: Sequence[TotalsPlan], stretches: Sequence[Stretch], *, attribute: bool
) -> list[Totals]:
    """Return ``rate_totals`` of the same usage stretches under each plan, sharing the work.

    Each stretch ``(start, end, rows)`` becomes one segment under each plan.
    """
    with localcontext(RATING_CONTEXT):
        if not stretches:
            raise RatingError("segments: at least one segment is required.")
        if any(end <= start for start, end, _ in stretches):
            raise RatingError("segments: a segment must end after it starts.")
        period_days = (period.end - period.start).days
        out: list[Totals] = []
        if not attribute:
            for tp in plans:
                total = ZERO
                for start, end, usage in stretches:
                    total += _segment(tp, start, end, usage, period, period_days, 0, None)
                out.append((total, None, ZERO))
            return out
        rows = _Rows([r for _, _, usage in stretches for r in usage])
        for tp in plans:
            lines: list[Weighted] = []
            total, offset = ZERO, 0
            for start, end, usage in stretches:
                total += _segment(tp, start, end, usage, period, period_days, offset, lines)
                offset += len(usage)
            out.append(_allocate(tp.quantum, total, lines, rows))
        return out


def _rate_totals(period: Period, segments: Sequence[TotalsSegment], attribute: bool) -> Totals:
    if not segments:
        raise RatingError("segments: at least one segment is required.")
    first = segments[0][0]
    if len(segments) > 1 and any(s[0].currency != first.currency for s in segments):
        raise RatingError("segments: all plan versions of a period must share one currency.")
    period_days = (period.end - period.start).days
    total = ZERO
    if not attribute:
        for tp, start, end, usage in segments:
            if end <= start:
                raise RatingError("segments: a segment must end after it starts.")
            total += _segment(tp, start, end, usage, period, period_days, 0, None)
        return total, None, ZERO
    lines: list[Weighted] = []
    rows: list[UsageRow] = []
    for tp, start, end, usage in segments:
        if end <= start:
            raise RatingError("segments: a segment must end after it starts.")
        total += _segment(tp, start, end, usage, period, period_days, len(rows), lines)
        rows.extend(usage)
    return _allocate(first.quantum, total, lines, _Rows(rows))


class _Rows:
    """A period's usage rows with what allocation reads of them, worked out once."""

    __slots__ = ("_request_weights", "groups", "names", "rows")

    def __init__(self, rows: list[UsageRow]) -> None:
        self.rows = rows
        self._request_weights: list[Decimal] | None = None
        names = [row.request_class for row in rows]
        # groups: None when each row is its own class (aggregated usage: a class is its row).
        self.groups: list[list[int]] | None = None
        if len(set(names)) != len(names):
            classes: dict[str | None, list[int]] = {}
            for i, name in enumerate(names):
                classes.setdefault(name, []).append(i)
            names, self.groups = list(classes), list(classes.values())
        self.names = names

    def request_weights(self) -> list[Decimal]:
        """Return each row's requests, read once for every plan rated on these rows."""
        if self._request_weights is None:
            self._request_weights = [r.quantities.get("requests", ONE) for r in self.rows]
        return self._request_weights


def _allocate(quantum: Decimal, total: Decimal, lines: list[Weighted], rows: _Rows) -> Totals:
    """Allocate a total to request classes like ``allocate_revenue``, without the events."""
    exact, unattributed = row_shares(lines, len(rows.rows), rows.request_weights)
    if rows.groups is None:
        class_exact = exact
    else:
        class_exact = [sum((exact[i] for i in members), ZERO) for members in rows.groups]
    allocated = allocate_exact(total, [*class_exact, unattributed], quantum)
    return total, dict(zip(rows.names, allocated[:-1], strict=True)), allocated[-1]

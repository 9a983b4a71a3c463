"""Totals-only rating: the invoice total and class attribution of ``rate_segments``, faster.

A plan simulation rates hundreds of thousands of customer-months and needs from each only
the invoice total and, when a month has several request classes, the total's split by
class. ``rate_segments`` builds every invoice line (descriptions, quantities, unit
prices) and an ``Attribution``; this module does the same arithmetic, in the same order
and in ``RATING_CONTEXT``, on amounts only, with each plan's charges prepared once
(``TotalsPlan``). The results are the same Decimals as
``rate_segments(period, segments).invoice.total`` and, with ``attribute=True``,
``rate_segments(..., attribute=True, by_event=False).attribution``'s ``by_request_class``
and ``unattributed`` (a test compares the two over many plans and usages). A change to
the engine's arithmetic must be mirrored here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext

from pricing.money import allocate_exact, minor_unit
from pricing.rating.engine import RATING_CONTEXT, _split_in_order, _tier_bounds, _volume_tier
from pricing.rating.plans import (
    HUNDRED,
    ONE,
    ZERO,
    FlatFee,
    MinimumCommitment,
    Package,
    Percentage,
    PerUnit,
    RatePlan,
    RatingError,
    Tier,
    UsageCharge,
    Volume,
)
from pricing.rating.records import Period, UsageRow

_PER_UNIT, _PERCENT, _PACKAGE, _VOLUME, _GRADUATED = range(5)

# (amount, global row indexes, weights): weights None spreads the amount over requests.
_Line = tuple[Decimal, Sequence[int] | None, Sequence[Decimal] | None]
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
        "kind",
        "metric",
        "model",
        "package_amount",
        "package_size",
        "per_unit_size",
        "price",
        "request_class",
        "tiers",
        "unit_size",
        "volume_tiers",
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
        price = charge.price
        self.price = ZERO  # per billing unit: unit price, or the percentage as a fraction
        self.package_size = self.package_amount = ZERO
        self.tiers: list[tuple[Decimal, Decimal | None, Decimal, Decimal]] = []
        self.volume_tiers: Sequence[Tier] = ()
        if isinstance(price, PerUnit):
            self.kind, self.price = _PER_UNIT, price.unit_amount
        elif isinstance(price, Percentage):
            self.kind, self.price = _PERCENT, price.percent / HUNDRED
        elif isinstance(price, Package):
            self.kind = _PACKAGE
            self.package_size, self.package_amount = price.package_size, price.package_amount
        elif isinstance(price, Volume):
            self.kind, self.volume_tiers = _VOLUME, price.tiers
        else:
            self.kind = _GRADUATED
            self.tiers = [
                (lower, upper, t.unit_amount, t.flat_amount)
                for (lower, upper), t in zip(_tier_bounds(price.tiers), price.tiers, strict=True)
            ]

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
            self.charges: list[Decimal | _Usage] = [
                c.amount if isinstance(c, FlatFee) else _Usage(c)
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
            q, prorated = self.quantum, days != period_days
            fees = [
                (c * days / period_days if prorated else c).quantize(q, rounding=ROUND_HALF_UP)
                for c in self.charges
                if type(c) is Decimal
            ]
            floors = [
                (m * days / period_days if prorated else m).quantize(q, rounding=ROUND_HALF_UP)
                for m in self.minimums
            ]
            found = self._fixed[key] = (fees, floors)
        return found


def _priced(
    u: _Usage, units: Decimal, row_units: list[Decimal] | None, q: Decimal, zero: Decimal
) -> list[tuple[Decimal, list[Decimal] | None]]:
    """Return the amounts (and, when row_units is given, weights) of a usage charge's lines."""
    out: list[tuple[Decimal, list[Decimal] | None]] = []
    included = u.included
    billable = units - included if units > included else ZERO
    rows: list[Decimal] | None = None
    if included:
        out.append((zero, None))
        if row_units is not None and billable:
            rows = _split_in_order(row_units, included, None)
    else:
        rows = row_units
    if billable == 0:
        if not out:
            out.append((zero, None))
        return out
    kind = u.kind
    if kind == _PER_UNIT or kind == _PERCENT:
        out.append(((billable * u.price).quantize(q, rounding=ROUND_HALF_UP), rows))
    elif kind == _PACKAGE:
        packages = (billable / u.package_size).to_integral_value(rounding=ROUND_CEILING)
        out.append(((packages * u.package_amount).quantize(q, rounding=ROUND_HALF_UP), rows))
    elif kind == _VOLUME:
        tier = u.volume_tiers[_volume_tier(u.volume_tiers, billable)]
        out.append(((billable * tier.unit_amount).quantize(q, rounding=ROUND_HALF_UP), rows))
        if tier.flat_amount:
            out.append((tier.flat_amount.quantize(q, rounding=ROUND_HALF_UP), rows))
    else:
        for lower, upper, unit_amount, flat_amount in u.tiers:
            if billable <= lower:
                break
            in_tier = (billable if upper is None or billable < upper else upper) - lower
            amount = (in_tier * unit_amount).quantize(q, rounding=ROUND_HALF_UP)
            weights = None
            if rows is not None and (amount or flat_amount):
                weights = _split_in_order(rows, lower, upper)
            out.append((amount, weights))
            if flat_amount:
                out.append((flat_amount.quantize(q, rounding=ROUND_HALF_UP), weights))
    return out


def _segment(
    tp: TotalsPlan,
    start: date,
    end: date,
    usage: Sequence[UsageRow],
    period: Period,
    period_days: int,
    offset: int,
    lines: list[_Line] | None,
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
        assert isinstance(charge, _Usage)
        if lines is None:
            matching = [r for r in usage if charge.matches(r)] if charge.filtered else usage
            metric, default = charge.metric, charge.default
            raw = sum((r.quantities.get(metric, default) for r in matching), ZERO)
            units = raw / charge.unit_size if charge.per_unit_size else raw
            for amount, _ in _priced(charge, units, None, q, zero):
                charged += amount
            continue
        if charge.filtered:
            index = [offset + i for i, r in enumerate(usage) if charge.matches(r)]
            matched = [usage[i - offset] for i in index]
        else:
            index = list(range(offset, offset + len(usage)))
            matched = list(usage)
        metric, default = charge.metric, charge.default
        row_units = [r.quantities.get(metric, default) for r in matched]
        if charge.per_unit_size:
            row_units = [x / charge.unit_size for x in row_units]
        units = sum(row_units, ZERO)
        for amount, weights in _priced(charge, units, row_units, q, zero):
            charged += amount
            if amount:
                lines.append((amount, index, weights))
    for floor in floors:
        shortfall = floor - charged
        if shortfall > 0:
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
            lines: list[_Line] = []
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
    lines: list[_Line] = []
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

    @property
    def request_weights(self) -> list[Decimal]:
        if self._request_weights is None:
            self._request_weights = [r.quantities.get("requests", ONE) for r in self.rows]
        return self._request_weights


def _allocate(quantum: Decimal, total: Decimal, lines: list[_Line], rows: _Rows) -> Totals:
    """Mirror ``allocate_revenue`` without the per-event split."""
    n = len(rows.rows)
    exact = [ZERO] * n
    unattributed = ZERO
    for amount, index, weights in lines:
        if weights is None:
            index, weights = range(n), rows.request_weights
        weight_total = sum(weights, ZERO)
        if not weight_total:
            unattributed += amount
            continue
        per_weight = amount / weight_total
        for i, w in zip(index or (), weights, strict=True):
            if w:
                exact[i] += w * per_weight
    if rows.groups is None:
        class_exact = exact
    else:
        class_exact = [sum((exact[i] for i in members), ZERO) for members in rows.groups]
    allocated = allocate_exact(total, [*class_exact, unattributed], quantum)
    return total, dict(zip(rows.names, allocated[:-1], strict=True)), allocated[-1]

"""Pricing: charges + usage + period -> invoice lines and totals (and attribution)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, localcontext

from pricing.money import minor_unit, round_money
from pricing.rating.attribution import PricedLine, allocate_revenue
from pricing.rating.plans import (
    ONE,
    ZERO,
    CostPlus,
    FlatFee,
    MinimumCommitment,
    Package,
    Percentage,
    PerUnit,
    PriceModel,
    RatePlan,
    RatingError,
    UsageCharge,
    format_decimal,
)
from pricing.rating.price_models import (
    RATING_CONTEXT,
    allowance_used,
    billable_units,
    cost_plus,
    percentage_rate,
    price_of,
    prorate,
    split_in_order,
    true_up,
)
from pricing.rating.records import (
    InvoiceLine,
    LineKind,
    Period,
    RatedInvoice,
    RatingResult,
    Segment,
    UsageRow,
)


def _matches(charge: UsageCharge | CostPlus, row: UsageRow) -> bool:
    if charge.model is not None and row.model != charge.model:
        return False
    return charge.request_class is None or row.request_class == charge.request_class


def _usage_lines(
    charge: UsageCharge,
    currency: str,
    start: date,
    end: date,
    units: Decimal,
    row_units: list[Decimal] | None,
    row_index: list[int] | None,
) -> list[PricedLine]:
    """Price one usage charge on ``units`` billing units; weights only if row_units given."""

    def make(
        kind: LineKind,
        suffix: str,
        quantity: Decimal,
        unit_price: Decimal,
        amount: Decimal,
        tier: int | None,
        weights: list[Decimal] | None,
    ) -> PricedLine:
        line = InvoiceLine(
            charge_key=charge.key,
            kind=kind,
            description=f"{charge.description}{suffix}",
            quantity=quantity,
            unit_price=unit_price,
            amount=amount,
            period_start=start,
            period_end=end,
            tier=tier,
        )
        return PricedLine(line, row_index, weights)

    lines: list[PricedLine] = []
    included = charge.included
    billable = billable_units(units, included)
    if included:
        used = allowance_used(units, included)
        zero = round_money(ZERO, currency)
        lines.append(make("included", " (included)", used, ZERO, zero, None, row_units))
    price = charge.price
    if billable == 0:
        if not lines:
            first, zero = _first_unit_price(price), round_money(ZERO, currency)
            lines.append(make("usage", "", ZERO, first, zero, None, row_units))
        return lines
    rows = row_units
    if included and row_units is not None:
        rows = split_in_order(row_units, included, None)
    priced = price_of(price)(billable, minor_unit(currency), rows)
    for kind, quantity, unit_price, amount, tier, weights in priced:
        if tier is None:
            suffix = _detail(price)
        else:
            suffix = f" (tier {tier} flat fee)" if kind == "tier_flat" else f" (tier {tier})"
        lines.append(make(kind, suffix, quantity, unit_price, amount, tier, weights))
    return lines


def _detail(price: PriceModel) -> str:
    """Return what an untiered usage line's description adds for its price model."""
    if isinstance(price, Percentage):
        return f" ({format_decimal(price.percent)}%)"
    if isinstance(price, Package):
        return f" (packages of {format_decimal(price.package_size)})"
    return ""


def _first_unit_price(price: PriceModel) -> Decimal:
    if isinstance(price, PerUnit):
        return price.unit_amount
    if isinstance(price, Percentage):
        return percentage_rate(price.percent)
    if isinstance(price, Package):
        return price.package_amount
    return price.tiers[0].unit_amount


def _rate_segment(
    segment: Segment, period: Period, offset: int, attribute: bool
) -> list[PricedLine]:
    plan = segment.plan
    currency = plan.currency
    start = segment.start if segment.start > period.start else period.start
    end = segment.end if segment.end < period.end else period.end
    days, period_days = (end - start).days, period.days
    prorated = days != period_days
    usage = segment.usage

    lines: list[PricedLine] = []
    minimums: list[MinimumCommitment] = []
    for charge in plan.charges:
        if isinstance(charge, FlatFee):
            suffix = f" ({days} of {period_days} days)" if prorated else ""
            line = InvoiceLine(
                charge_key=charge.key,
                kind="flat_fee",
                description=f"{charge.description}{suffix}",
                quantity=ONE,
                unit_price=charge.amount,
                amount=round_money(prorate(charge.amount, days, period_days), currency),
                period_start=start,
                period_end=end,
                proration=prorated,
            )
            lines.append(PricedLine(line))
        elif isinstance(charge, UsageCharge):
            metric, unit_size = charge.metric, charge.unit_size
            default = ONE if metric == "requests" else ZERO
            filtered = charge.model is not None or charge.request_class is not None
            if attribute:
                if filtered:
                    row_index = [offset + i for i, r in enumerate(usage) if _matches(charge, r)]
                    matched = [usage[i - offset] for i in row_index]
                else:
                    row_index = list(range(offset, offset + len(usage)))
                    matched = list(usage)
                row_units = [r.quantities.get(metric, default) for r in matched]
                if unit_size != ONE:
                    row_units = [u / unit_size for u in row_units]
                units = sum(row_units, ZERO)
                lines.extend(
                    _usage_lines(charge, currency, start, end, units, row_units, row_index)
                )
            else:
                matching = [r for r in usage if _matches(charge, r)] if filtered else usage
                raw = ZERO
                for r in matching:
                    raw += r.quantities.get(metric, default)
                units = raw if unit_size == ONE else raw / unit_size
                lines.extend(_usage_lines(charge, currency, start, end, units, None, None))
        elif isinstance(charge, CostPlus):
            lines.append(_cost_plus_line(charge, currency, start, end, usage, offset, attribute))
        else:
            minimums.append(charge)
    if minimums:
        lines.extend(_true_up_lines(minimums, lines, currency, start, end, days, period_days))
    return lines


def _cost_plus_line(
    charge: CostPlus,
    currency: str,
    start: date,
    end: date,
    usage: Sequence[UsageRow],
    offset: int,
    attribute: bool,
) -> PricedLine:
    """Return the line of a cost-plus charge: the rows' pinned cost marked up, or the floor."""
    filtered = charge.model is not None or charge.request_class is not None
    index = [offset + i for i, r in enumerate(usage) if not filtered or _matches(charge, r)]
    matched = [usage[i - offset] for i in index]
    costs = [r.quantities.get("cost", ZERO) for r in matched]
    requests = [r.requests for r in matched]
    floored, quantity, unit_price, amount = cost_plus(
        charge.rate,
        charge.minimum_per_request,
        sum(costs, ZERO),
        sum(requests, ZERO),
        minor_unit(currency),
    )
    if floored:
        suffix = f" (minimum {format_decimal(charge.minimum_per_request)} per request)"
    else:
        suffix = f" (cost + {format_decimal(charge.markup_percent)}%)"
    line = InvoiceLine(
        charge_key=charge.key,
        kind="usage",
        description=f"{charge.description}{suffix}",
        quantity=quantity,
        unit_price=unit_price,
        amount=amount,
        period_start=start,
        period_end=end,
    )
    if not attribute:
        return PricedLine(line)
    # Revenue goes to the requests in proportion to their cost (or, floored, their count).
    return PricedLine(line, index, requests if floored else costs)


def _true_up_lines(
    minimums: Sequence[MinimumCommitment],
    lines: Sequence[PricedLine],
    currency: str,
    start: date,
    end: date,
    days: int,
    period_days: int,
) -> list[PricedLine]:
    """Return a true-up line for each minimum commitment the lines so far fall short of."""
    prorated = days != period_days
    charged = sum((ln.line.amount for ln in lines), ZERO)
    out: list[PricedLine] = []
    for minimum in minimums:
        floor = round_money(prorate(minimum.amount, days, period_days), currency)
        shortfall = true_up(floor, charged)
        if shortfall:
            suffix = f" ({days} of {period_days} days)" if prorated else ""
            line = InvoiceLine(
                charge_key=minimum.key,
                kind="minimum",
                description=f"{minimum.description} true-up{suffix}",
                quantity=ONE,
                unit_price=shortfall,
                amount=shortfall,
                period_start=start,
                period_end=end,
                proration=prorated,
            )
            out.append(PricedLine(line))
            charged += shortfall
    return out


def rate_segments(
    period: Period,
    segments: Sequence[Segment],
    *,
    attribute: bool = False,
    event_quantum: Decimal | None = None,
    by_event: bool = True,
) -> RatingResult:
    """Rate a period covered by one or more plan versions into lines, total and attribution.

    Each segment's usage must already be limited to the segment's dates. With
    ``attribute`` the revenue is also allocated to request classes (in minor units)
    and, unless ``by_event`` is False (faster when only classes matter), to rows by
    ``event_key`` (in ``event_quantum``, default the minor unit).
    """
    with localcontext(RATING_CONTEXT):
        return _rate_segments(period, segments, attribute, event_quantum, by_event)


def _rate_segments(
    period: Period,
    segments: Sequence[Segment],
    attribute: bool,
    event_quantum: Decimal | None,
    by_event: bool,
) -> RatingResult:
    if not segments:
        raise RatingError("segments: at least one segment is required.")
    currency = segments[0].plan.currency
    if any(s.plan.currency != currency for s in segments):
        raise RatingError("segments: all plan versions of a period must share one currency.")
    rated: list[PricedLine] = []
    rows: list[UsageRow] = []
    for segment in segments:
        if segment.end <= segment.start:
            raise RatingError("segments: a segment must end after it starts.")
        rated.extend(_rate_segment(segment, period, len(rows), attribute))
        if attribute:
            rows.extend(segment.usage)
    lines = tuple(r.line for r in rated)
    total = sum((ln.amount for ln in lines), ZERO)
    invoice = RatedInvoice(currency=currency, period=period, lines=lines, total=total)
    if not attribute:
        return RatingResult(invoice)
    attribution = allocate_revenue(currency, total, rated, rows, event_quantum, by_event)
    return RatingResult(invoice, attribution)


def rate(
    plan: RatePlan,
    usage: Sequence[UsageRow],
    period: Period,
    *,
    start: date | None = None,
    end: date | None = None,
    attribute: bool = False,
    event_quantum: Decimal | None = None,
    by_event: bool = True,
) -> RatingResult:
    """Rate one plan version over a period (or the part [start, end) of it it covers)."""
    segment = Segment(plan, start or period.start, end or period.end, usage)
    return rate_segments(
        period, [segment], attribute=attribute, event_quantum=event_quantum, by_event=by_event
    )

"""Pricing: charges + usage + period -> invoice lines and totals (and attribution)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, Decimal, localcontext

from pricing.money import round_money
from pricing.rating.attribution import PricedLine, allocate_revenue
from pricing.rating.plans import (
    HUNDRED,
    ONE,
    ZERO,
    FlatFee,
    MinimumCommitment,
    Package,
    Percentage,
    PerUnit,
    PriceModel,
    RatePlan,
    RatingError,
    Tier,
    UsageCharge,
    Volume,
    format_decimal,
)
from pricing.rating.price_models import RATING_CONTEXT
from pricing.rating.records import (
    InvoiceLine,
    LineKind,
    Period,
    RatedInvoice,
    RatingResult,
    Segment,
    UsageRow,
)


def _matches(charge: UsageCharge, row: UsageRow) -> bool:
    if charge.model is not None and row.model != charge.model:
        return False
    return charge.request_class is None or row.request_class == charge.request_class


def _tier_bounds(tiers: Sequence[Tier]) -> list[tuple[Decimal, Decimal | None]]:
    bounds = []
    lower = ZERO
    for tier in tiers:
        bounds.append((lower, tier.up_to))
        if tier.up_to is not None:
            lower = tier.up_to
    return bounds


def _volume_tier(tiers: Sequence[Tier], quantity: Decimal) -> int:
    for i, tier in enumerate(tiers):
        if tier.up_to is None or quantity <= tier.up_to:
            return i
    return len(tiers) - 1


def _split_in_order(
    amounts: Sequence[Decimal], lower: Decimal, upper: Decimal | None
) -> list[Decimal]:
    """Return how much of each consecutive amount falls in (lower, upper] of the running sum."""
    out = []
    position = ZERO
    for amount in amounts:
        start, end = position, position + amount
        position = end
        lo = start if start > lower else lower
        hi = end if upper is None or end < upper else upper
        out.append(hi - lo if hi > lo else ZERO)
    return out


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
        qty: Decimal,
        price: Decimal,
        exact: Decimal,
        tier: int | None = None,
    ) -> InvoiceLine:
        return InvoiceLine(
            charge_key=charge.key,
            kind=kind,
            description=f"{charge.description}{suffix}",
            quantity=qty,
            unit_price=price,
            amount=round_money(exact, currency),
            period_start=start,
            period_end=end,
            tier=tier,
        )

    lines: list[PricedLine] = []
    included = charge.included
    billable = units - included if units > included else ZERO
    billable_rows: list[Decimal] | None = None
    if included:
        used = units if units < included else included
        lines.append(
            PricedLine(make("included", " (included)", used, ZERO, ZERO), row_index, row_units)
        )
        if row_units is not None:
            billable_rows = _split_in_order(row_units, included, None)
    elif row_units is not None:
        billable_rows = row_units

    price = charge.price
    if billable == 0:
        if not lines:
            first = _first_unit_price(price)
            lines.append(PricedLine(make("usage", "", ZERO, first, ZERO), row_index, billable_rows))
        return lines

    if isinstance(price, PerUnit):
        lines.append(
            PricedLine(
                make("usage", "", billable, price.unit_amount, billable * price.unit_amount),
                row_index,
                billable_rows,
            )
        )
    elif isinstance(price, Percentage):
        rate = price.percent / HUNDRED
        line = make(
            "usage", f" ({format_decimal(price.percent)}%)", billable, rate, billable * rate
        )
        lines.append(PricedLine(line, row_index, billable_rows))
    elif isinstance(price, Package):
        packages = (billable / price.package_size).to_integral_value(rounding=ROUND_CEILING)
        suffix = f" (packages of {format_decimal(price.package_size)})"
        line = make(
            "usage", suffix, packages, price.package_amount, packages * price.package_amount
        )
        lines.append(PricedLine(line, row_index, billable_rows))
    elif isinstance(price, Volume):
        i = _volume_tier(price.tiers, billable)
        tier = price.tiers[i]
        suffix = f" (tier {i + 1})"
        lines.append(
            PricedLine(
                make(
                    "usage", suffix, billable, tier.unit_amount, billable * tier.unit_amount, i + 1
                ),
                row_index,
                billable_rows,
            )
        )
        if tier.flat_amount:
            flat = make(
                "tier_flat",
                f" (tier {i + 1} flat fee)",
                ONE,
                tier.flat_amount,
                tier.flat_amount,
                i + 1,
            )
            lines.append(PricedLine(flat, row_index, billable_rows))
    else:  # Graduated
        for i, ((lower, upper), tier) in enumerate(
            zip(_tier_bounds(price.tiers), price.tiers, strict=True)
        ):
            if billable <= lower:
                break
            in_tier = (billable if upper is None or billable < upper else upper) - lower
            weights = (
                None if billable_rows is None else _split_in_order(billable_rows, lower, upper)
            )
            suffix = f" (tier {i + 1})"
            line = make(
                "usage", suffix, in_tier, tier.unit_amount, in_tier * tier.unit_amount, i + 1
            )
            lines.append(PricedLine(line, row_index, weights))
            if tier.flat_amount:
                flat = make(
                    "tier_flat",
                    f" (tier {i + 1} flat fee)",
                    ONE,
                    tier.flat_amount,
                    tier.flat_amount,
                    i + 1,
                )
                lines.append(PricedLine(flat, row_index, weights))
    return lines


def _first_unit_price(price: PriceModel) -> Decimal:
    if isinstance(price, PerUnit):
        return price.unit_amount
    if isinstance(price, Percentage):
        return price.percent / HUNDRED
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
            exact = charge.amount * days / period_days if prorated else charge.amount
            suffix = f" ({days} of {period_days} days)" if prorated else ""
            line = InvoiceLine(
                charge_key=charge.key,
                kind="flat_fee",
                description=f"{charge.description}{suffix}",
                quantity=ONE,
                unit_price=charge.amount,
                amount=round_money(exact, currency),
                period_start=start,
                period_end=end,
                proration=prorated,
            )
            lines.append(PricedLine(line))
        elif isinstance(charge, UsageCharge):
            metric, unit_size = charge.metric, charge.unit_size
            filtered = charge.model is not None or charge.request_class is not None
            if attribute:
                if filtered:
                    row_index = [offset + i for i, r in enumerate(usage) if _matches(charge, r)]
                    matched = [usage[i - offset] for i in row_index]
                else:
                    row_index = list(range(offset, offset + len(usage)))
                    matched = list(usage)
                default = ONE if metric == "requests" else ZERO
                row_units = [r.quantities.get(metric, default) for r in matched]
                if unit_size != ONE:
                    row_units = [u / unit_size for u in row_units]
                units = sum(row_units, ZERO)
                lines.extend(
                    _usage_lines(charge, currency, start, end, units, row_units, row_index)
                )
            else:
                matching = [r for r in usage if _matches(charge, r)] if filtered else usage
                if metric == "requests":
                    raw = sum((r.requests for r in matching), ZERO)
                else:
                    raw = sum((r.quantities.get(metric, ZERO) for r in matching), ZERO)
                units = raw if unit_size == ONE else raw / unit_size
                lines.extend(_usage_lines(charge, currency, start, end, units, None, None))
        else:
            minimums.append(charge)

    if minimums:
        charged = sum((ln.line.amount for ln in lines), ZERO)
        for minimum in minimums:
            floor = minimum.amount * days / period_days if prorated else minimum.amount
            shortfall = round_money(floor, currency) - charged
            if shortfall > 0:
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
                lines.append(PricedLine(line))
                charged += shortfall
    return lines


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

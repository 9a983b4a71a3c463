"""The rating engine: plan charges + usage + period -> invoice lines, totals, attribution.

Pure functions over Decimals, no ORM. Invoice previews, finalised invoices, revenue
attribution and plan simulations all call this module, so one plan always produces
one price.

Conventions:

* Amounts are in the currency's major unit; every line is rounded once to the
  currency's minor unit (``pricing.money.round_money``); the invoice total is the sum
  of the rounded lines.
* A usage charge reads one metric from each usage row, divides it by ``unit_size``
  (``1_000_000`` prices per 1M tokens) to get billing units, gives away the first
  ``included`` billing units of the period, and prices the rest with its price model.
* Tiers follow Stripe: a tier holds the quantities above the previous tier's
  ``up_to`` and up to and including its own; ``up_to=None`` is the open last tier.
* Usage rows are rated in the order given. For revenue attribution that order is the
  order the units were consumed in (callers pass events sorted by timestamp), so the
  allowance goes to the first events and graduated tiers are filled in time order.
* Flat fees are billed in advance for the whole period and prorated by day over the
  part of the period a plan version covers; a minimum commitment is prorated the same
  way and trued up against the other lines of that part.
* Rows may be single events (``event_key`` set) or aggregates (one row per request
  class and model): the totals are the same, and rating aggregates is what makes a
  simulation over thousands of customer-months fast.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import (
    ROUND_CEILING,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Literal

from pricing.money import allocate_exact, minor_unit, normalize_currency, round_money

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

METRICS: tuple[str, ...] = (
    "input_tokens",
    "cached_input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "total_tokens",
    "requests",
    "gpu_seconds",
    "retrieval_calls",
    "outcomes",  # successful outcomes
    "outcome_value",  # in the plan's currency
)

# Intermediate arithmetic runs in this context whatever the caller's: 34 significant digits
# (IEEE decimal128), so the same plan and usage always give the same cents.
RATING_CONTEXT = Context(
    prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

LineKind = Literal["flat_fee", "usage", "included", "tier_flat", "minimum", "adjustment"]
RECURRING_KINDS = frozenset({"flat_fee", "minimum"})


class RatingError(ValueError):
    """A plan or usage input the engine cannot rate: "<field path>: <sentence>"."""

    @property
    def field(self) -> str:
        """Return the field path the error is about (e.g. ``charges.1.tiers.0.up_to``)."""
        return str(self).split(": ", 1)[0]

    @property
    def message(self) -> str:
        """Return the sentence without the field path."""
        return str(self).split(": ", 1)[-1]


# --------------------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class Tier:
    """One price tier, Stripe style."""

    up_to: Decimal | None  # billing units, inclusive; None: no upper bound
    unit_amount: Decimal  # currency per billing unit
    flat_amount: Decimal = ZERO  # currency, once when usage enters the tier


@dataclass(frozen=True, slots=True)
class PerUnit:
    """Every billing unit at one price."""

    unit_amount: Decimal  # currency per billing unit


@dataclass(frozen=True, slots=True)
class Graduated:
    """Each unit at the price of the tier it falls in."""

    tiers: tuple[Tier, ...]


@dataclass(frozen=True, slots=True)
class Volume:
    """All units at the price of the tier the period's total reaches."""

    tiers: tuple[Tier, ...]


@dataclass(frozen=True, slots=True)
class Package:
    """A price per started package of ``package_size`` billing units (rounded up)."""

    package_size: Decimal  # billing units per package
    package_amount: Decimal  # currency per package


@dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage of the metric (outcome-based pricing on ``outcome_value``)."""

    percent: Decimal  # 2.5 means 2.5 %


PriceModel = PerUnit | Graduated | Volume | Package | Percentage


@dataclass(frozen=True, slots=True)
class FlatFee:
    """A recurring fee per period, billed in advance, prorated by day."""

    key: str
    description: str
    amount: Decimal  # currency per period


@dataclass(frozen=True, slots=True)
class UsageCharge:
    """A charge on a usage metric, optionally for one model and/or request class."""

    key: str
    description: str
    metric: str  # one of METRICS
    price: PriceModel
    unit_size: Decimal = ONE  # metric units per billing unit (1000000: per 1M tokens)
    included: Decimal = ZERO  # billing units free per period before the price applies
    model: str | None = None
    request_class: str | None = None


@dataclass(frozen=True, slots=True)
class MinimumCommitment:
    """A minimum spend per period: a true-up line when the other lines come to less."""

    key: str
    description: str
    amount: Decimal  # currency per period, prorated by day like a flat fee


Charge = FlatFee | UsageCharge | MinimumCommitment


@dataclass(frozen=True, slots=True)
class RatePlan:
    """The charges of one plan version, in one currency."""

    currency: str
    charges: tuple[Charge, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", normalize_currency(self.currency))
        object.__setattr__(self, "charges", tuple(self.charges))
        validate_charges(self.charges)


def _check_tiers(path: str, tiers: Sequence[Tier]) -> None:
    if not tiers:
        raise RatingError(f"{path}: at least one tier is required.")
    previous = ZERO
    for i, tier in enumerate(tiers):
        last = i == len(tiers) - 1
        if tier.up_to is None and not last:
            raise RatingError(f"{path}.{i}.up_to: only the last tier may be open-ended.")
        if tier.up_to is not None:
            if last:
                raise RatingError(f"{path}.{i}.up_to: the last tier must be open-ended (null).")
            if tier.up_to <= previous:
                raise RatingError(f"{path}.{i}.up_to: tiers must ascend above {_fmt(previous)}.")
            previous = tier.up_to
        if tier.unit_amount < 0 or tier.flat_amount < 0:
            raise RatingError(f"{path}.{i}: tier amounts cannot be negative.")


def validate_charges(charges: Sequence[Charge]) -> None:
    """Raise RatingError naming the field path of the first invalid charge."""
    keys: set[str] = set()
    for i, charge in enumerate(charges):
        path = f"charges.{i}"
        if charge.key in keys:
            raise RatingError(f"{path}.key: duplicate charge key {charge.key!r}.")
        keys.add(charge.key)
        if isinstance(charge, (FlatFee, MinimumCommitment)):
            if charge.amount < 0:
                raise RatingError(f"{path}.amount: cannot be negative.")
            continue
        if not isinstance(charge, UsageCharge):
            raise RatingError(f"{path}: unknown charge type {type(charge).__name__}.")
        if charge.metric not in METRICS:
            raise RatingError(f"{path}.metric: must be one of {', '.join(METRICS)}.")
        if charge.unit_size <= 0:
            raise RatingError(f"{path}.unit_size: must be positive.")
        if charge.included < 0:
            raise RatingError(f"{path}.included: cannot be negative.")
        price = charge.price
        if isinstance(price, PerUnit):
            if price.unit_amount < 0:
                raise RatingError(f"{path}.unit_amount: cannot be negative.")
        elif isinstance(price, (Graduated, Volume)):
            _check_tiers(f"{path}.tiers", price.tiers)
        elif isinstance(price, Package):
            if price.package_size <= 0:
                raise RatingError(f"{path}.package_size: must be positive.")
            if price.package_amount < 0:
                raise RatingError(f"{path}.package_amount: cannot be negative.")
        elif isinstance(price, Percentage):
            if price.percent < 0:
                raise RatingError(f"{path}.percent: cannot be negative.")
        else:
            raise RatingError(f"{path}.price_model: unknown price model {type(price).__name__}.")


# --------------------------------------------------------------------------- usage


@dataclass(frozen=True, slots=True)
class UsageRow:
    """Usage of one event, or an aggregate of many, with metric quantities by name.

    ``quantities`` maps metric names (METRICS) to Decimals; a missing metric is zero
    except ``requests``, which defaults to 1 (one event is one request). Flat fees are
    spread over rows by their ``requests``.
    """

    quantities: Mapping[str, Decimal]
    request_class: str | None = None
    model: str | None = None
    event_key: Hashable | None = None

    @property
    def requests(self) -> Decimal:
        return self.quantities.get("requests", ONE)


@dataclass(frozen=True, slots=True)
class Period:
    """A billing period, half-open [start, end) in UTC dates."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise RatingError("period: end must be after start.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return the calendar month as a period."""
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return cls(date(year, month, 1), end)


@dataclass(frozen=True, slots=True)
class Segment:
    """The part [start, end) of a period covered by one plan version, with its usage."""

    plan: RatePlan
    start: date
    end: date
    usage: Sequence[UsageRow]


# --------------------------------------------------------------------------- invoices


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One invoice line; ``amount`` is rounded to the minor unit, ``unit_price`` is not."""

    charge_key: str
    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    period_start: date
    period_end: date
    proration: bool = False
    tier: int | None = None  # 1-based tier number for tiered lines


@dataclass(frozen=True, slots=True)
class RatedInvoice:
    """The lines and total of one customer's period."""

    currency: str
    period: Period
    lines: tuple[InvoiceLine, ...]
    total: Decimal

    @property
    def recurring_total(self) -> Decimal:
        """Return the flat fee and minimum true-up part of the total."""
        return sum((ln.amount for ln in self.lines if ln.kind in RECURRING_KINDS), ZERO)

    @property
    def usage_total(self) -> Decimal:
        """Return the usage part of the total (everything not recurring)."""
        return self.total - self.recurring_total


@dataclass(frozen=True, slots=True)
class Attribution:
    """Revenue of a rated period allocated to request classes and to events.

    ``by_request_class`` is in minor units and, with ``unattributed``, sums exactly to
    the invoice total; ``by_event`` (keyed by ``UsageRow.event_key``; empty when rated
    with ``by_event=False``) sums exactly to its class within each class.
    ``unattributed`` holds fees of a period with no requests to spread them over.
    """

    currency: str
    total: Decimal
    by_request_class: dict[str | None, Decimal]
    by_event: dict[Hashable, Decimal]
    unattributed: Decimal


@dataclass(frozen=True, slots=True)
class RatingResult:
    invoice: RatedInvoice
    attribution: Attribution | None = field(default=None)


# --------------------------------------------------------------------------- pricing


def _fmt(value: Decimal) -> str:
    """Return a Decimal without exponent or trailing zeros, for line descriptions."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(slots=True)
class _Line:
    """A line before it is frozen, with per-row weights when attributing."""

    line: InvoiceLine
    rows: Sequence[int] | None = None  # global row indexes the weights refer to
    weights: Sequence[Decimal] | None = None  # None: spread over all requests


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
) -> list[_Line]:
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

    lines: list[_Line] = []
    included = charge.included
    billable = units - included if units > included else ZERO
    billable_rows: list[Decimal] | None = None
    if included:
        used = units if units < included else included
        lines.append(_Line(make("included", " (included)", used, ZERO, ZERO), row_index, row_units))
        if row_units is not None:
            billable_rows = _split_in_order(row_units, included, None)
    elif row_units is not None:
        billable_rows = row_units

    price = charge.price
    if billable == 0:
        if not lines:
            first = _first_unit_price(price)
            lines.append(_Line(make("usage", "", ZERO, first, ZERO), row_index, billable_rows))
        return lines

    if isinstance(price, PerUnit):
        lines.append(
            _Line(
                make("usage", "", billable, price.unit_amount, billable * price.unit_amount),
                row_index,
                billable_rows,
            )
        )
    elif isinstance(price, Percentage):
        rate = price.percent / HUNDRED
        line = make("usage", f" ({_fmt(price.percent)}%)", billable, rate, billable * rate)
        lines.append(_Line(line, row_index, billable_rows))
    elif isinstance(price, Package):
        packages = (billable / price.package_size).to_integral_value(rounding=ROUND_CEILING)
        suffix = f" (packages of {_fmt(price.package_size)})"
        line = make(
            "usage", suffix, packages, price.package_amount, packages * price.package_amount
        )
        lines.append(_Line(line, row_index, billable_rows))
    elif isinstance(price, Volume):
        i = _volume_tier(price.tiers, billable)
        tier = price.tiers[i]
        suffix = f" (tier {i + 1})"
        lines.append(
            _Line(
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
            lines.append(_Line(flat, row_index, billable_rows))
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
            lines.append(_Line(line, row_index, weights))
            if tier.flat_amount:
                flat = make(
                    "tier_flat",
                    f" (tier {i + 1} flat fee)",
                    ONE,
                    tier.flat_amount,
                    tier.flat_amount,
                    i + 1,
                )
                lines.append(_Line(flat, row_index, weights))
    return lines


def _first_unit_price(price: PriceModel) -> Decimal:
    if isinstance(price, PerUnit):
        return price.unit_amount
    if isinstance(price, Percentage):
        return price.percent / HUNDRED
    if isinstance(price, Package):
        return price.package_amount
    return price.tiers[0].unit_amount


def _rate_segment(segment: Segment, period: Period, offset: int, attribute: bool) -> list[_Line]:
    plan = segment.plan
    currency = plan.currency
    start = segment.start if segment.start > period.start else period.start
    end = segment.end if segment.end < period.end else period.end
    days, period_days = (end - start).days, period.days
    prorated = days != period_days
    usage = segment.usage

    lines: list[_Line] = []
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
            lines.append(_Line(line))
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
                lines.append(_Line(line))
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
    rated: list[_Line] = []
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
    attribution = _attribute(currency, total, rated, rows, event_quantum, by_event)
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


# --------------------------------------------------------------------------- attribution


def _attribute(
    currency: str,
    total: Decimal,
    rated: Sequence[_Line],
    rows: Sequence[UsageRow],
    event_quantum: Decimal | None,
    by_event_too: bool,
) -> Attribution:
    exact = [ZERO] * len(rows)
    unattributed = ZERO
    request_weights: list[Decimal] | None = None
    for item in rated:
        amount = item.line.amount
        if not amount:
            continue
        if item.weights is None:
            if request_weights is None:
                request_weights = [r.quantities.get("requests", ONE) for r in rows]
            index: Sequence[int] = range(len(rows))
            weights: Sequence[Decimal] = request_weights
        else:
            index, weights = item.rows or (), item.weights
        weight_total = sum(weights, ZERO)
        if not weight_total:
            unattributed += amount
            continue
        per_weight = amount / weight_total
        for i, w in zip(index, weights, strict=True):
            if w:
                exact[i] += w * per_weight

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


# --------------------------------------------------------------------------- adjustments


def adjustment_line(
    *,
    invoiced: RatedInvoice | Decimal,
    rerated: RatedInvoice,
    on: Period,
    charge_key: str = "adjustment",
) -> InvoiceLine | None:
    """Return the line that bills (or credits) what a closed period now rates above its invoice.

    ``invoiced`` is the finalised invoice (or its total), ``rerated`` the same period
    rated again with late events; the line is dated to ``on``, the next period.
    """
    billed = invoiced if isinstance(invoiced, Decimal) else invoiced.total
    difference = rerated.total - billed
    if not difference:
        return None
    p = rerated.period
    return InvoiceLine(
        charge_key=charge_key,
        kind="adjustment",
        description=f"Adjustment for {p.start.isoformat()} to {p.end.isoformat()} (late usage)",
        quantity=ONE,
        unit_price=difference,
        amount=difference,
        period_start=on.start,
        period_end=on.end,
    )

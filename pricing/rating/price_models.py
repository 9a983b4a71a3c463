"""The arithmetic of each price model, written once for every way of rating.

Pure functions over Decimals. A usage charge's billing units first go through its
allowance (``billable_units``, ``allowance_used``); the billable rest goes through the
function of its price model (``price_of`` binds a model's terms once), which returns the
charge's lines with their amounts rounded to the minor unit. The invoice engine turns
those lines into invoice lines; the totals-only path sums and attributes their amounts.
Flat fees and minimum commitments are prorated by day (``prorate``), and a minimum is
trued up against the other lines of its part of the period (``true_up``).

Call them inside ``localcontext(RATING_CONTEXT)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import (
    ROUND_CEILING,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import partial

from pricing.rating.plans import (
    HUNDRED,
    ONE,
    ZERO,
    Package,
    Percentage,
    PerUnit,
    PriceModel,
    Tier,
    Volume,
)
from pricing.rating.records import LineKind

# Intermediate arithmetic runs in this context whatever the caller's: 34 significant digits
# (IEEE decimal128), so the same plan and usage always give the same cents.
RATING_CONTEXT = Context(
    prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

# A price tier as the arithmetic reads it: (lower, upper, unit amount, flat amount). It
# holds the billable units in (lower, upper]; upper None: no bound.
Band = tuple[Decimal, Decimal | None, Decimal, Decimal]

# One line of a usage charge: (kind, quantity, unit price, amount, tier, weights).
# The amount is rounded to the quantum (the currency's minor unit) ROUND_HALF_UP, like
# ``pricing.money.round_money``; the tier is 1-based, None for untiered lines; weights are
# the billable units each usage row puts in the line (None when no rows were given, and
# for a graduated line of zero amount: a zero amount has nothing to attribute).
UsageLine = tuple[LineKind, Decimal, Decimal, Decimal, int | None, list[Decimal] | None]

# A price model with its terms bound: (billable units, quantum, rows) -> its lines.
Price = Callable[[Decimal, Decimal, list[Decimal] | None], Sequence[UsageLine]]


def tier_bands(tiers: Sequence[Tier]) -> tuple[Band, ...]:
    """Return tiers as bands: each tier starts where the previous one's ``up_to`` ends."""
    bands = []
    lower = ZERO
    for tier in tiers:
        bands.append((lower, tier.up_to, tier.unit_amount, tier.flat_amount))
        if tier.up_to is not None:
            lower = tier.up_to
    return tuple(bands)


def split_in_order(
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


# --------------------------------------------------------------------------- allowance


def billable_units(units: Decimal, included: Decimal) -> Decimal:
    """Return the units beyond an allowance of ``included`` units (zero within it)."""
    return units - included if units > included else ZERO


def allowance_used(units: Decimal, included: Decimal) -> Decimal:
    """Return the units an allowance of ``included`` units covers."""
    return units if units < included else included


# --------------------------------------------------------------------------- price models
# Each takes the price's terms first, then the billable units (after the allowance), the
# quantum to round each line to, and each usage row's billable units in the order they
# were consumed (or None), so ``functools.partial(per_unit, unit_amount)`` is the price.


def per_unit(
    unit_amount: Decimal, billable: Decimal, quantum: Decimal, rows: list[Decimal] | None
) -> Sequence[UsageLine]:
    """Price every billable unit at one price."""
    amount = (billable * unit_amount).quantize(quantum, rounding=ROUND_HALF_UP)
    return (("usage", billable, unit_amount, amount, None, rows),)


def percentage_rate(percent: Decimal) -> Decimal:
    """Return a percentage (2.5 for 2.5 %) as the rate ``percentage`` charges per unit."""
    return percent / HUNDRED


def percentage(
    rate: Decimal, billable: Decimal, quantum: Decimal, rows: list[Decimal] | None
) -> Sequence[UsageLine]:
    """Price a share of the billable metric (``rate`` from ``percentage_rate``)."""
    amount = (billable * rate).quantize(quantum, rounding=ROUND_HALF_UP)
    return (("usage", billable, rate, amount, None, rows),)


def package(
    package_size: Decimal,
    package_amount: Decimal,
    billable: Decimal,
    quantum: Decimal,
    rows: list[Decimal] | None,
) -> Sequence[UsageLine]:
    """Price every started package of ``package_size`` units (rounded up)."""
    packages = (billable / package_size).to_integral_value(rounding=ROUND_CEILING)
    amount = (packages * package_amount).quantize(quantum, rounding=ROUND_HALF_UP)
    return (("usage", packages, package_amount, amount, None, rows),)


def volume(
    bands: Sequence[Band], billable: Decimal, quantum: Decimal, rows: list[Decimal] | None
) -> Sequence[UsageLine]:
    """Price every billable unit at the band the total reaches, plus its flat amount once."""
    i = len(bands) - 1  # past every bound: the last band
    for j, (_, upper, _, _) in enumerate(bands):
        if upper is None or billable <= upper:
            i = j
            break
    _, _, unit_amount, flat = bands[i]
    amount = (billable * unit_amount).quantize(quantum, rounding=ROUND_HALF_UP)
    line: UsageLine = ("usage", billable, unit_amount, amount, i + 1, rows)
    if not flat:
        return (line,)
    flat_amount = flat.quantize(quantum, rounding=ROUND_HALF_UP)
    return line, ("tier_flat", ONE, flat, flat_amount, i + 1, rows)


def graduated(
    bands: Sequence[Band], billable: Decimal, quantum: Decimal, rows: list[Decimal] | None
) -> Sequence[UsageLine]:
    """Price the units in each band at its price, plus each reached band's flat amount once.

    Rows fill the bands in order, so the first units consumed take the first band.
    """
    lines: list[UsageLine] = []
    tier = 0
    for lower, upper, unit_amount, flat in bands:
        if billable <= lower:
            break
        tier += 1
        in_band = (billable if upper is None or billable < upper else upper) - lower
        amount = (in_band * unit_amount).quantize(quantum, rounding=ROUND_HALF_UP)
        weights = None
        if rows is not None and (amount or flat):
            weights = split_in_order(rows, lower, upper)
        lines.append(("usage", in_band, unit_amount, amount, tier, weights))
        if flat:
            flat_amount = flat.quantize(quantum, rounding=ROUND_HALF_UP)
            lines.append(("tier_flat", ONE, flat, flat_amount, tier, weights))
    return lines


def price_of(model: PriceModel) -> Price:
    """Return the function of a price model with its terms bound, tiers as bands."""
    if isinstance(model, PerUnit):
        return partial(per_unit, model.unit_amount)
    if isinstance(model, Percentage):
        return partial(percentage, percentage_rate(model.percent))
    if isinstance(model, Package):
        return partial(package, model.package_size, model.package_amount)
    if isinstance(model, Volume):
        return partial(volume, tier_bands(model.tiers))
    return partial(graduated, tier_bands(model.tiers))


# --------------------------------------------------------------------------- recurring


def prorate(amount: Decimal, days: int, period_days: int) -> Decimal:
    """Return a per-period amount for ``days`` of a period of ``period_days`` days (exact)."""
    return amount * days / period_days if days != period_days else amount


def true_up(floor: Decimal, charged: Decimal) -> Decimal:
    """Return what a minimum commitment adds to the charged lines: the shortfall or zero."""
    shortfall = floor - charged
    return shortfall if shortfall > 0 else ZERO


# --------------------------------------------------------------------------- cost-plus


def cost_plus(
    rate: Decimal, minimum: Decimal, cost: Decimal, requests: Decimal, quantum: Decimal
) -> tuple[bool, Decimal, Decimal, Decimal]:
    """Price pinned cost at ``rate`` (1 + markup %), at least ``minimum`` per request.

    Returns (floored, quantity, unit price, amount): the quantity is the cost and the
    unit price the rate, or, when the minimum is more, the requests at the minimum.
    """
    marked_up = cost * rate
    floor = minimum * requests
    if floor > marked_up:
        return True, requests, minimum, floor.quantize(quantum, rounding=ROUND_HALF_UP)
    return False, cost, rate, marked_up.quantize(quantum, rounding=ROUND_HALF_UP)

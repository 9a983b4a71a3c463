"""Usage going into the engine and invoices, attributions and adjustments coming out."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pricing.rating.plans import ONE, ZERO, RatePlan, RatingError

LineKind = Literal["flat_fee", "usage", "included", "tier_flat", "minimum", "adjustment"]
RECURRING_KINDS = frozenset({"flat_fee", "minimum"})


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

"""Mix shift: the change in blended margin per request split into rate and mix effects.

With s_c the share of requests of class c and m_c its margin per request, the blended margin
per request is M = sum of s_c x m_c. Between a base period 0 and a period 1:

    M1 - M0 = sum (s1_c - s0_c) x m0_c   (mix effect: traffic moved between classes)
            + sum s1_c x (m1_c - m0_c)   (rate effect: each class's margin per request moved)

exactly. A class present in one period only has s = 0 and m = 0 in the other. The terms are
computed as exact fractions; M0 and M1 are rounded to 8 places and the change M1 - M0 (of the
rounded figures) is split over the terms by largest remainder, so the rounded terms add up to
the change shown to the last decimal.

Requests of events whose cost is unknown are left out of the cost per request: m_c is revenue
per request minus cost per priced request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from economics.margins import formulas
from pricing.money import allocate_exact

ZERO = Fraction(0)
PLACES = formulas.PER_REQUEST_PLACES


@dataclass(frozen=True, slots=True)
class ClassPeriod:
    """One class in one period: exact sums."""

    requests: int
    unpriced_requests: int
    cost: Decimal  # USD, priced events only
    revenue: Decimal

    def margin_per_request(self) -> Fraction:
        if not self.requests:
            return ZERO
        revenue = Fraction(self.revenue) / self.requests
        priced = self.requests - self.unpriced_requests
        cost = Fraction(self.cost) / priced if priced else ZERO
        return revenue - cost


NONE = ClassPeriod(0, 0, Decimal(0), Decimal(0))


def _decimal(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(value.numerator) / Decimal(value.denominator)


def _s(value: Decimal) -> str:
    return format(value, "f")


def decompose(
    base: Mapping[str, ClassPeriod], current: Mapping[str, ClassPeriod]
) -> dict[str, object]:
    """Split the change in blended margin per request from `base` to `current` by class."""
    n0 = sum(c.requests for c in base.values())
    n1 = sum(c.requests for c in current.values())
    names = sorted(set(base) | set(current))
    rows = []
    terms: list[Fraction] = []
    m0_total = m1_total = ZERO
    for name in names:
        b, a = base.get(name, NONE), current.get(name, NONE)
        s0 = Fraction(b.requests, n0) if n0 else ZERO
        s1 = Fraction(a.requests, n1) if n1 else ZERO
        m0, m1 = b.margin_per_request(), a.margin_per_request()
        m0_total += s0 * m0
        m1_total += s1 * m1
        terms += [(s1 - s0) * m0, s1 * (m1 - m0)]
        rows.append((name, b, a, s0, s1, m0, m1))
    before = formulas.per_request(_decimal(m0_total))
    after = formulas.per_request(_decimal(m1_total))
    change = after - before
    parts = allocate_exact(change, [_decimal(t) for t in terms], PLACES) if terms else []
    classes = []
    for i, (name, b, a, s0, s1, m0, m1) in enumerate(rows):
        mix, rate = parts[2 * i], parts[2 * i + 1]
        classes.append(
            {
                "request_class": name,
                "before": _side(b, s0, m0),
                "after": _side(a, s1, m1),
                "mix_effect": _s(mix),
                "rate_effect": _s(rate),
                "total_effect": _s(mix + rate),
            }
        )
    mix_total = sum(parts[0::2], Decimal(0))
    rate_total = sum(parts[1::2], Decimal(0))
    return {
        "blended": {
            "before": {"requests": n0, "margin_per_request": _s(before)},
            "after": {"requests": n1, "margin_per_request": _s(after)},
            "change": _s(change),
            "mix_effect": _s(mix_total),
            "rate_effect": _s(rate_total),
        },
        "classes": classes,
    }


def _side(period: ClassPeriod, share: Fraction, margin: Fraction) -> dict[str, object]:
    return {
        "requests": period.requests,
        "unpriced_requests": period.unpriced_requests,
        "share_of_requests": _s(formulas.ratio(_decimal(share))),
        "margin_per_request": _s(formulas.per_request(_decimal(margin))),
    }

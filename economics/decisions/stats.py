"""Small exact statistics over Decimals: nearest-rank percentiles and the mean.

Pure functions, no ORM. A percentile is the nearest-rank value (an observed value, never
an interpolation), so a p95 of composite costs is the cost of a real composite.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

ZERO = Decimal(0)
PERCENTILES = (50, 95, 99)


def nearest_rank(ordered: Sequence[Decimal], percent: int) -> Decimal | None:
    """Return the p-th percentile of sorted values by nearest rank; None when empty."""
    if not ordered:
        return None
    rank = -(-percent * len(ordered) // 100)  # ceil(p/100 x n), 1-based
    return ordered[max(rank, 1) - 1]


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """Return the exact mean (to the context's precision); None when empty."""
    if not values:
        return None
    return sum(values, ZERO) / len(values)


def distribution(values: Sequence[Decimal]) -> dict[str, Decimal | None]:
    """Return mean, p50, p95 and p99 of values (unrounded)."""
    ordered = sorted(values)
    out: dict[str, Decimal | None] = {"mean": mean(ordered)}
    for p in PERCENTILES:
        out[f"p{p}"] = nearest_rank(ordered, p)
    return out

"""Spend anomalies: a robust baseline (median / MAD) over daily spend; pure Decimals, no ORM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from economics.margins.formulas import SCORE_PLACES, ZERO, quantize

# 0.6745 is the 0.75 quantile of the standard normal: MAD / 0.6745 estimates sigma.
# When MAD is zero (over half the history identical), fall back to the mean
# absolute deviation, whose normal-consistency factor is 1.2533 (sqrt(pi/2)).
MAD_CONSISTENCY = Decimal("0.6745")
MEAN_AD_CONSISTENCY = Decimal("1.2533")


@dataclass(frozen=True)
class AnomalyVerdict:
    value: Decimal
    median: Decimal | None
    mad: Decimal | None
    score: Decimal | None  # robust z-score; None without enough history
    is_anomaly: bool


def median(values: Sequence[Decimal]) -> Decimal:
    """Median of a non-empty sequence of Decimals."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of an empty sequence")
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def spend_anomaly(
    history: Sequence[Decimal],
    value: Decimal,
    *,
    threshold: Decimal = Decimal("3.5"),
    min_history: int = 7,
    min_relative_change: Decimal = Decimal("0.2"),
) -> AnomalyVerdict:
    """Flag a spend spike against a robust baseline (median / MAD modified z-score).

    Only rises are anomalies (a cost alert). A rise must also exceed
    `min_relative_change` of the median, so flat histories do not alert on pennies.
    """
    if len(history) < min_history:
        return AnomalyVerdict(value=value, median=None, mad=None, score=None, is_anomaly=False)
    centre = median(history)
    mad = median([abs(x - centre) for x in history])
    deviation = value - centre
    if mad > 0:
        spread = mad / MAD_CONSISTENCY
        exact_score = deviation * MAD_CONSISTENCY / mad
    else:
        mean_ad = sum((abs(x - centre) for x in history), ZERO) / len(history)
        spread = mean_ad * MEAN_AD_CONSISTENCY
        exact_score = deviation / spread if spread > 0 else ZERO
    if spread > 0:
        score: Decimal | None = quantize(exact_score, SCORE_PLACES)
        beyond_spread = exact_score > threshold
    else:
        # A perfectly flat history: any rise is infinitely many spreads away.
        score = None
        beyond_spread = deviation > 0
    is_anomaly = beyond_spread and deviation > min_relative_change * abs(centre)
    return AnomalyVerdict(value=value, median=centre, mad=mad, score=score, is_anomaly=is_anomaly)

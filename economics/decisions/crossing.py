"""The crossing point: per request class, forecast cost and revenue per request and traffic share.

Pure functions, no ORM. The caller hands in each class's daily sums (from the day rollups)
over the history window, oldest day first, and the tenant's requests per day.

Method (docs/decisions.md):

* Three daily series per class, from the class's first day with requests in the window:
  cost per priced request (cost / (requests - unpriced requests): unknown cost is never $0),
  revenue per request, and share of the tenant's requests. A day without a value (no priced
  request, no request) carries the previous day's value forward; a class with no priced
  request at all has no cost series and no forecast.
* Each series is forecast with Holt's linear trend (statsmodels' additive-trend
  ExponentialSmoothing, level and trend and their smoothing weights fitted by least squares,
  `initialization_method="estimated"`), one value per day of the horizon. Forecast costs and
  revenues are kept at zero or above, shares between 0 and 1.
* Error on held-out history: the same model fitted without the last HOLDOUT_DAYS days
  forecasts them; MAE (and MAPE over the days whose actual value is not zero) compare that
  with the days as they were (days carried forward are not scored).
* A class needs MIN_HISTORY_DAYS days of history (its first day with requests to the day
  before `as_of`); with fewer it is reported with `status: insufficient_history` and no
  forecast.
* A month of the forecast is a period [as_of + i months, as_of + i + 1 months): its figures
  are the means of its days' forecasts, margin per request = revenue - cost per request.
* A class **crosses** when its margin per request over the last RECENT_DAYS days is zero or
  more and a day of the horizon has a forecast margin per request below zero: the first such
  day is its `crossing_date`.
* Blended margin per request of a period = sum of share x margin per request over the
  forecast classes, the shares scaled to add up to 1.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from economics.margins import formulas

HISTORY_DAYS = 90
HOLDOUT_DAYS = 14
MIN_HISTORY_DAYS = 28  # 14 to fit the held-out model, 14 held out
RECENT_DAYS = 14
MAX_MONTHS = 3
METHOD = "holt_linear_trend"
SERIES = ("cost_per_request", "revenue_per_request", "share_of_requests")

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class DaySums:
    """One class on one day: exact sums from the rollups."""

    requests: int = 0
    unpriced_requests: int = 0
    cost: Decimal = ZERO  # priced events only
    revenue: Decimal = ZERO


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive


@dataclass
class ClassForecast:
    request_class: str
    status: str  # "forecast", "insufficient_history", "unpriced"
    history_days: int
    message: str | None
    recent: dict[str, object]
    periods: list[dict[str, object]] = field(default_factory=list)
    holdout_error: dict[str, dict[str, str | None]] | None = None
    crosses: bool = False
    crossing_date: date | None = None
    margin_negative_now: bool = False
    # Daily forecasts kept for the blend: share and margin per request per horizon day.
    _daily: list[tuple[float, Decimal]] = field(default_factory=list, repr=False)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def periods(as_of: date, months: int) -> list[Period]:
    """The forecast months: [as_of + i months, as_of + i + 1 months) for i < months."""
    return [Period(add_months(as_of, i), add_months(as_of, i + 1)) for i in range(months)]


def holt(values: Sequence[float], steps: int) -> list[float]:
    """Holt's linear trend fitted on `values`, forecast `steps` days ahead."""
    import numpy as np
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence notes on exact or flat series
        model = ExponentialSmoothing(
            np.asarray(values, dtype=float), trend="add", initialization_method="estimated"
        )
        fitted = model.fit()
        return [float(x) for x in fitted.forecast(steps)]


def _filled(values: Sequence[float | None]) -> list[float] | None:
    """Carry each missing value forward (the first known one backward); None if none known."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    last = known[0]
    out = []
    for value in values:
        if value is not None:
            last = value
        out.append(last)
    return out


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)) if math.isfinite(value) else ZERO


def _error(actual: Sequence[float | None], predicted: Sequence[float], share: bool) -> dict:
    pairs = [(a, p) for a, p in zip(actual, predicted, strict=True) if a is not None]
    rounding = formulas.ratio if share else formulas.per_request
    if not pairs:
        return {"mae": None, "mape_pct": None, "days": 0}
    mae = sum(abs(a - p) for a, p in pairs) / len(pairs)
    relative = [abs(a - p) / abs(a) for a, p in pairs if a != 0]
    mape = sum(relative) / len(relative) * 100 if relative else None
    return {
        "mae": format(rounding(_decimal(mae)), "f"),
        "mape_pct": None if mape is None else format(formulas.ratio(_decimal(mape)), "f"),
        "days": len(pairs),
    }


def _recent(days: Sequence[DaySums], all_requests: Sequence[int]) -> dict[str, object]:
    """Exact figures of the last RECENT_DAYS days of history."""
    tail = days[-RECENT_DAYS:]
    requests = sum(d.requests for d in tail)
    unpriced = sum(d.unpriced_requests for d in tail)
    cost = sum((d.cost for d in tail), ZERO)
    revenue = sum((d.revenue for d in tail), ZERO)
    everyone = sum(all_requests[-RECENT_DAYS:])
    exact = formulas.priced_per_request(
        requests=requests, unpriced_requests=unpriced, cost=cost, revenue=revenue
    )
    return {
        "days": len(tail),
        "requests": requests,
        "unpriced_requests": unpriced,
        "cost_per_request": formulas.maybe(formulas.per_request, exact.cost),
        "revenue_per_request": formulas.maybe(formulas.per_request, exact.revenue),
        "margin_per_request": formulas.maybe(formulas.per_request, exact.margin),
        "share_of_requests": formulas.maybe(
            formulas.ratio, formulas.divide(Decimal(requests), Decimal(everyone))
        ),
    }


def class_forecast(
    name: str,
    days: Sequence[DaySums],
    all_requests: Sequence[int],
    *,
    as_of: date,
    months: int,
) -> ClassForecast:
    """Forecast one class from its daily sums over the window (oldest first, ending before as_of)."""
    first = next((i for i, d in enumerate(days) if d.requests), len(days))
    own, everyone = list(days[first:]), list(all_requests[first:])
    recent = _recent(own, everyone)
    history = len(own)
    if history < MIN_HISTORY_DAYS:
        return ClassForecast(
            name,
            "insufficient_history",
            history,
            f"{history} days of history; a forecast needs {MIN_HISTORY_DAYS}.",
            recent,
        )
    cost_raw = [
        float(d.cost / (d.requests - d.unpriced_requests))
        if d.requests > d.unpriced_requests
        else None
        for d in own
    ]
    revenue_raw = [float(d.revenue / d.requests) if d.requests else None for d in own]
    share_raw = [d.requests / n if n else None for d, n in zip(own, everyone, strict=True)]
    raw = {"cost_per_request": cost_raw, "revenue_per_request": revenue_raw}
    raw["share_of_requests"] = share_raw
    filled = {name_: _filled(values) for name_, values in raw.items()}
    if filled["cost_per_request"] is None:
        return ClassForecast(
            name,
            "unpriced",
            history,
            "No request of the class has a known cost: nothing to forecast.",
            recent,
        )
    spans = periods(as_of, months)
    horizon = (spans[-1].end - as_of).days
    forecasts: dict[str, list[float]] = {}
    errors: dict[str, dict] = {}
    for series in SERIES:
        values = filled[series]
        assert values is not None
        ahead = holt(values, horizon)
        low, high = 0.0, (1.0 if series == "share_of_requests" else math.inf)
        forecasts[series] = [min(max(v, low), high) for v in ahead]
        held = holt(values[:-HOLDOUT_DAYS], HOLDOUT_DAYS)
        errors[series] = _error(
            raw[series][-HOLDOUT_DAYS:], held, share=series == "share_of_requests"
        )
    daily: list[tuple[float, Decimal]] = []
    crossing: date | None = None
    for i in range(horizon):
        cost = formulas.per_request(_decimal(forecasts["cost_per_request"][i]))
        revenue = formulas.per_request(_decimal(forecasts["revenue_per_request"][i]))
        margin = revenue - cost
        daily.append((forecasts["share_of_requests"][i], margin))
        if crossing is None and margin < 0:
            crossing = as_of + timedelta(days=i)
    now = recent["margin_per_request"]
    negative_now = isinstance(now, Decimal) and now < 0
    crosses = not negative_now and now is not None and crossing is not None
    result = ClassForecast(
        name,
        "forecast",
        history,
        None,
        recent,
        holdout_error=errors,
        crosses=crosses,
        crossing_date=crossing if crosses else None,
        margin_negative_now=negative_now,
        _daily=daily,
    )
    for span in spans:
        lo, hi = (span.start - as_of).days, (span.end - as_of).days
        means = {s: _decimal(sum(forecasts[s][lo:hi]) / (hi - lo)) for s in SERIES}
        cost = formulas.per_request(means["cost_per_request"])
        revenue = formulas.per_request(means["revenue_per_request"])
        result.periods.append(
            {
                "from": span.start,
                "to": span.end,
                "cost_per_request": cost,
                "revenue_per_request": revenue,
                "margin_per_request": revenue - cost,
                "share_of_requests": formulas.ratio(means["share_of_requests"]),
                "margin_negative": revenue - cost < 0,
            }
        )
    return result


def crossing_forecast(
    history: Mapping[str, Sequence[DaySums]],
    all_requests: Sequence[int],
    *,
    as_of: date,
    months: int,
) -> dict[str, object]:
    """Forecast every class and the blend; `history` per class aligned with `all_requests`."""
    classes = [
        class_forecast(name, history[name], all_requests, as_of=as_of, months=months)
        for name in sorted(history)
    ]
    forecast = [c for c in classes if c.status == "forecast"]
    blended = []
    for span in periods(as_of, months):
        lo, hi = (span.start - as_of).days, (span.end - as_of).days
        total_share = 0.0
        weighted = ZERO
        for c in forecast:
            for share, day_margin in c._daily[lo:hi]:
                total_share += share
                weighted += _decimal(share) * day_margin
        blend = formulas.per_request(weighted / _decimal(total_share)) if total_share > 0 else None
        blended.append(
            {
                "from": span.start,
                "to": span.end,
                "margin_per_request": blend,
                "margin_negative": blend is not None and blend < 0,
            }
        )
    return {
        "classes": classes,
        "blended": blended,
        "crossing_classes": [c.request_class for c in classes if c.crosses],
    }

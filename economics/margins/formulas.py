"""Unit-economics math: pure functions over Decimals, no ORM.

Every figure Marginal reports (margin per request, LTV, CAC payback, feature ROI)
is computed here so views, Celery tasks, the demo and the benchmarks share one
definition. Inputs are exact sums; each figure is computed from them exactly and
rounded once, on the way out, by one of three helpers (ROUND_HALF_UP):

* ``money``: totals and account-level amounts (revenue, cost, margin, ARPA, LTV, CAC)
  to the currency's minor unit, with pricing's ``round_money`` (USD: cents);
* ``per_request``: money per request to 8 places (a request can cost $0.0000925);
* ``ratio``: percentages, shares, churn rates, months and multiples to 4 places.

Costs are recorded in USD, so every economics figure is in USD (``COST_CURRENCY``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pricing.money import round_money

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")

COST_CURRENCY = "USD"  # the currency of the cost book, so of every economics figure
PER_REQUEST_PLACES = Decimal("0.00000001")
RATIO_PLACES = Decimal("0.0001")
SCORE_PLACES = Decimal("0.01")  # anomaly scores (modified z-scores)

BLENDED = "(blended)"
# Amounts in the human-readable statement: totals to the cent, per request to 6 places.
CENTS = Decimal("0.01")
STATED = Decimal("0.000001")


def quantize(value: Decimal, places: Decimal) -> Decimal:
    """Round a derived figure to the given places, ROUND_HALF_UP."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def money(value: Decimal, currency: str = COST_CURRENCY) -> Decimal:
    """A total or account-level amount, rounded to the currency's minor unit."""
    return round_money(value, currency)


def per_request(value: Decimal) -> Decimal:
    """Money per request, rounded to 8 places."""
    return quantize(value, PER_REQUEST_PLACES)


def ratio(value: Decimal) -> Decimal:
    """A percentage, share, rate, number of months or multiple, rounded to 4 places."""
    return quantize(value, RATIO_PLACES)


def maybe(rounding: Callable[[Decimal], Decimal], value: Decimal | None) -> Decimal | None:
    """Round with `rounding` unless the figure is undefined (None)."""
    return None if value is None else rounding(value)


def plain(value: Decimal) -> str:
    """A Decimal as a plain string without exponent or trailing zeros ("-0.006")."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator, exact to the context's precision; None when it is zero."""
    if denominator == 0:
        return None
    return numerator / denominator


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator x 100, unrounded; None when the denominator is zero."""
    if denominator == 0:
        return None
    return numerator * HUNDRED / denominator


@dataclass(frozen=True)
class PerRequest:
    """Exact per-request figures with unknown costs left out (unrounded; None: undefined)."""

    cost: Decimal | None  # cost / priced requests
    revenue: Decimal | None  # revenue / requests
    margin: Decimal | None  # revenue per request - cost per priced request
    margin_pct: Decimal | None  # margin per request / revenue per request x 100


def priced_per_request(
    *, requests: int, unpriced_requests: int, cost: Decimal, revenue: Decimal
) -> PerRequest:
    """Per-request figures when `unpriced_requests` of `requests` have no known cost.

    Unknown is not $0: `cost` is the priced requests' cost, so it is divided by the priced
    requests only, and every cost-based ratio (margin per request, margin %) uses that cost
    per priced request. Without unpriced requests these are the plain ratios:
    margin per request = (revenue - cost) / requests, margin % = (revenue - cost) / revenue.
    """
    priced = requests - unpriced_requests
    cost_per = divide(cost, Decimal(priced))
    revenue_per = divide(revenue, Decimal(requests))
    if not unpriced_requests:
        margin_per = divide(revenue - cost, Decimal(requests))
        margin_pct = percent(revenue - cost, revenue)
    elif cost_per is None or revenue_per is None:
        margin_per = margin_pct = None
    else:
        margin_per = revenue_per - cost_per
        margin_pct = percent(margin_per, revenue_per)
    return PerRequest(cost_per, revenue_per, margin_per, margin_pct)


# --------------------------------------------------------------------------- classes


@dataclass(frozen=True)
class ClassTotals:
    """Exact sums for one request class (or one class x model) over a window."""

    request_class: str
    requests: int
    cost: Decimal  # variable cost, USD
    revenue: Decimal  # attributed revenue, USD
    model: str | None = None
    unpriced_requests: int = 0  # of `requests`, those whose cost is unknown (not in `cost`)

    def per_request(self) -> PerRequest:
        return priced_per_request(
            requests=self.requests,
            unpriced_requests=self.unpriced_requests,
            cost=self.cost,
            revenue=self.revenue,
        )

    @property
    def loses_money(self) -> bool:
        """Margin per request below zero (unknown costs left out), or else the margin."""
        margin = self.per_request().margin
        return margin < 0 if margin is not None else self.revenue < self.cost


@dataclass(frozen=True)
class ClassFigures:
    """One class's figures, each rounded once from the exact sums."""

    request_class: str
    model: str | None
    requests: int
    unpriced_requests: int  # requests whose cost is unknown: left out of the per-request cost
    share_of_requests: Decimal | None  # fraction of all requests, 0..1
    cost: Decimal
    revenue: Decimal
    margin: Decimal
    cost_per_request: Decimal | None
    revenue_per_request: Decimal | None
    margin_per_request: Decimal | None
    inference_margin_pct: Decimal | None  # (revenue - cost) / revenue x 100
    margin_negative: bool


@dataclass(frozen=True)
class ClassMarginReport:
    classes: list[ClassFigures]
    blended: ClassFigures
    negative_classes: list[str]
    blended_hides_loss: bool
    statement: str | None


def class_figures(totals: ClassTotals, *, all_requests: int) -> ClassFigures:
    """Per-request cost, revenue and margin of one class, and its share of requests."""
    margin = totals.revenue - totals.cost
    requests = Decimal(totals.requests)
    exact = totals.per_request()
    return ClassFigures(
        request_class=totals.request_class,
        model=totals.model,
        requests=totals.requests,
        unpriced_requests=totals.unpriced_requests,
        share_of_requests=maybe(ratio, divide(requests, Decimal(all_requests))),
        cost=money(totals.cost),
        revenue=money(totals.revenue),
        margin=money(margin),
        cost_per_request=maybe(per_request, exact.cost),
        revenue_per_request=maybe(per_request, exact.revenue),
        margin_per_request=maybe(per_request, exact.margin),
        inference_margin_pct=maybe(ratio, exact.margin_pct),
        margin_negative=totals.loses_money,
    )


def class_margin_report(rows: Iterable[ClassTotals]) -> ClassMarginReport:
    """Figures per class, the blended row beside them, and whether the blend hides a loss."""
    rows = list(rows)
    all_requests = sum(row.requests for row in rows)
    classes = [class_figures(row, all_requests=all_requests) for row in rows]
    cost = sum((row.cost for row in rows), ZERO)
    revenue = sum((row.revenue for row in rows), ZERO)
    blend = ClassTotals(
        request_class=BLENDED,
        requests=all_requests,
        cost=cost,
        revenue=revenue,
        unpriced_requests=sum(row.unpriced_requests for row in rows),
    )
    blended = class_figures(blend, all_requests=all_requests)
    losers = [row for row in rows if row.loses_money]
    negative: list[str] = []
    for row in losers:
        if _class_label(row) not in negative:
            negative.append(_class_label(row))
    hides_loss = not blend.loses_money and revenue > cost and bool(negative)
    statement = None
    if hides_loss:
        # Stated from the exact sums: the figures beside it are rounded once, and so is this.
        stated = ", ".join(
            f"{_class_label(row)} "
            f"({plain(quantize(row.per_request().margin or ZERO, STATED))} "
            "per request)"
            for row in losers
        )
        statement = (
            f"Blended margin is positive ({plain(quantize(revenue - cost, CENTS))}) while "
            f"{len(negative)} request class{'es' if len(negative) > 1 else ''} "
            f"lose{'' if len(negative) > 1 else 's'} money: {stated}."
        )
    return ClassMarginReport(
        classes=classes,
        blended=blended,
        negative_classes=negative,
        blended_hides_loss=hides_loss,
        statement=statement,
    )


def _class_label(row: ClassTotals) -> str:
    if row.model:
        return f"{row.request_class} / {row.model}"
    return row.request_class


# ------------------------------------------------------------------------- customers


def gross_margin_fraction(*, revenue: Decimal, cost: Decimal) -> Decimal | None:
    """(revenue - variable cost) / revenue, unrounded; None without revenue."""
    return divide(revenue - cost, revenue)


def gross_margin_pct(*, revenue: Decimal, cost: Decimal) -> Decimal | None:
    """Gross margin as a percentage; None without revenue."""
    return maybe(ratio, percent(revenue - cost, revenue))


def cac(*, acquisition_spend: Decimal, customers_acquired: int) -> Decimal | None:
    """Customer acquisition cost: spend / customers acquired."""
    return maybe(money, divide(acquisition_spend, Decimal(customers_acquired)))


@dataclass(frozen=True)
class CustomerFigures:
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    gross_margin_pct: Decimal | None
    arpa: Decimal | None
    ltv: Decimal | None  # predicted (None at zero churn: read discounted_ltv), or realised
    discounted_ltv: Decimal | None
    cac: Decimal | None
    cac_payback_months: Decimal | None
    ltv_to_cac: Decimal | None  # from ltv, else from discounted_ltv
    ltv_basis: str | None  # "churn" | "discounted" | "realised"


def customer_figures(
    *,
    revenue: Decimal,
    cost: Decimal,
    account_months: Decimal,
    monthly_churn: Decimal,
    monthly_discount: Decimal,
    cac: Decimal | None,
    churned: bool = False,
    requests: int = 0,
    unpriced_requests: int = 0,
) -> CustomerFigures:
    """Every customer-level figure from exact sums over the customer's tenure.

    An active customer's LTV is predicted (ARPA x GM / churn, or discounted at zero
    churn); a churned customer's is what it actually earned, its gross margin to date.
    Each figure is computed from the exact inputs and rounded once.
    """
    # Unknown is not $0: with requests of unknown cost, the cost per priced request stands for
    # each request in the ratios (gross margin %, predicted LTV, payback); totals stay known.
    ratio_cost: Decimal | None = cost
    if unpriced_requests:
        ratio_cost = divide(cost * requests, Decimal(requests - unpriced_requests))
    gm = None if ratio_cost is None else gross_margin_fraction(revenue=revenue, cost=ratio_cost)
    monthly_revenue = divide(revenue, account_months)
    predicted = discounted = payback = None
    if gm is not None and monthly_revenue is not None:
        monthly_margin = monthly_revenue * gm
        if monthly_churn > 0:
            predicted = monthly_margin / monthly_churn
        if monthly_churn + monthly_discount > 0:
            discounted = monthly_margin / (monthly_churn + monthly_discount)
        if cac is not None and monthly_margin > 0:
            payback = cac / monthly_margin
    realised = revenue - cost
    basis: str | None
    if churned:
        lifetime, basis, discounted = realised, "realised", None
    elif predicted is not None:
        lifetime, basis = predicted, "churn"
    else:
        lifetime, basis = None, ("discounted" if discounted is not None else None)
    basis_value = lifetime if lifetime is not None else discounted
    return CustomerFigures(
        revenue=money(revenue),
        cost=money(cost),
        margin=money(realised),
        gross_margin_pct=(
            None if ratio_cost is None else gross_margin_pct(revenue=revenue, cost=ratio_cost)
        ),
        arpa=maybe(money, monthly_revenue),
        ltv=maybe(money, lifetime),
        discounted_ltv=maybe(money, discounted),
        cac=maybe(money, cac),
        cac_payback_months=maybe(ratio, payback),
        ltv_to_cac=(None if basis_value is None or not cac else ratio(basis_value / cac)),
        ltv_basis=basis,
    )


@dataclass(frozen=True)
class ClassUsage:
    """One customer's exact sums on one request class."""

    request_class: str
    requests: int
    revenue: Decimal
    cost: Decimal


def engagement_destroys_value(
    usage: Sequence[ClassUsage],
    *,
    negative_classes: Iterable[str] = (),
    heavy_share: Decimal = Decimal("0.5"),
) -> bool:
    """True when most of a customer's requests lose money, so more use loses more.

    A class counts as losing for the customer when it loses money tenant-wide or on
    this customer's own usage; the flag needs those classes to carry at least
    `heavy_share` of the customer's requests and to lose money in total.
    """
    losing = set(negative_classes)
    total = sum(row.requests for row in usage)
    if total == 0:
        return False
    lossy = [row for row in usage if row.request_class in losing or row.revenue < row.cost]
    lossy_requests = sum(row.requests for row in lossy)
    lossy_margin = sum((row.revenue - row.cost for row in lossy), ZERO)
    return lossy_margin < 0 and Decimal(lossy_requests) >= heavy_share * total


def monthly_churn_rate(*, customers_at_start: int, churned: int, months: Decimal) -> Decimal:
    """Average logo churn per month: churned / customers at start / months (0 if unknown)."""
    if customers_at_start <= 0 or months <= 0:
        return ZERO
    return Decimal(churned) / Decimal(customers_at_start) / months


def churn_per_account_month(*, churned: int, account_months: int) -> Decimal:
    """Monthly churn as churned accounts per account-month observed (0 with no exposure)."""
    if account_months <= 0:
        return ZERO
    return Decimal(churned) / Decimal(account_months)


def net_revenue_retention(
    *, previous_revenue: Decimal, retained_revenue: Decimal
) -> Decimal | None:
    """NRR %: this period's revenue from last period's customers / last period's revenue."""
    return maybe(ratio, percent(retained_revenue, previous_revenue))


# ---------------------------------------------------------------------- feature ROI


@dataclass(frozen=True)
class FeatureROI:
    value: Decimal
    variable_cost: Decimal
    fixed_cost: Decimal
    total_cost: Decimal
    net: Decimal
    roi_pct: Decimal | None  # net / total cost x 100
    requests: int
    unpriced_requests: int  # of `requests`, those of unknown variable cost
    value_per_request: Decimal | None
    cost_per_request: Decimal | None  # variable (per priced request) + fixed per request
    net_per_request: Decimal | None
    fixed_cost_per_request: Decimal | None  # utilisation of fixed cost at this volume


def feature_roi(
    *,
    variable_cost: Decimal,
    fixed_cost: Decimal,
    requests: int,
    revenue: Decimal = ZERO,
    outcome_value: Decimal = ZERO,
    cost_avoided: Decimal = ZERO,
    unpriced_requests: int = 0,
) -> FeatureROI:
    """Monthly ROI: value (revenue + outcome value + cost avoided) - variable - fixed cost.

    Requests of unknown cost are left out of the ratios: the variable cost per priced
    request stands for each request in the ROI % and the per-request figures.
    """
    value = revenue + outcome_value + cost_avoided
    total_cost = variable_cost + fixed_cost
    net = value - total_cost
    count = Decimal(requests)
    ratio_variable: Decimal | None = variable_cost
    if unpriced_requests:
        ratio_variable = divide(variable_cost * count, count - unpriced_requests)
    ratio_cost = None if ratio_variable is None else ratio_variable + fixed_cost
    ratio_net = None if ratio_cost is None else value - ratio_cost
    return FeatureROI(
        value=money(value),
        variable_cost=money(variable_cost),
        fixed_cost=money(fixed_cost),
        total_cost=money(total_cost),
        net=money(net),
        roi_pct=None
        if ratio_cost is None
        else maybe(ratio, percent(value - ratio_cost, ratio_cost)),
        requests=requests,
        unpriced_requests=unpriced_requests,
        value_per_request=maybe(per_request, divide(value, count)),
        cost_per_request=None
        if ratio_cost is None
        else maybe(per_request, divide(ratio_cost, count)),
        net_per_request=None if ratio_net is None else maybe(per_request, divide(ratio_net, count)),
        fixed_cost_per_request=maybe(per_request, divide(fixed_cost, count)),
    )

"""Unit-economics math: pure functions over Decimals, no ORM.

Every figure Marginal reports (margin per request, LTV, CAC payback, feature ROI)
is computed here so views, Celery tasks, the demo and the
benchmarks share one definition. Inputs are exact sums; derived ratios are
quantised once, on the way out, to the places named below (ROUND_HALF_UP).
Money is USD unless a caller says otherwise; rounding to invoice minor units is
not done here (that is pricing's money helper, at invoice lines only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")

# Places kept on derived figures. Per-request money needs many places (a request
# can cost $0.0000925); account-level money (ARPA, LTV, CAC) four; percentages,
# ratios and months two.
PER_REQUEST_PLACES = Decimal("0.00000001")
AMOUNT_PLACES = Decimal("0.0001")
RATIO_PLACES = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")

BLENDED = "(blended)"
# Amounts in the human-readable statement: totals to the cent, per request to 6 places.
CENTS = Decimal("0.01")
STATED = Decimal("0.000001")


def quantize(value: Decimal, places: Decimal) -> Decimal:
    """Round a derived figure to the given places, ROUND_HALF_UP."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A Decimal as a plain string without exponent or trailing zeros ("-0.006")."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def _ratio(numerator: Decimal, denominator: Decimal, places: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return quantize(numerator / denominator, places)


def _pct(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return quantize(numerator * HUNDRED / denominator, RATIO_PLACES)


# --------------------------------------------------------------------------- classes


@dataclass(frozen=True)
class ClassTotals:
    """Exact sums for one request class (or one class x model) over a window."""

    request_class: str
    requests: int
    cost: Decimal  # variable cost, USD
    revenue: Decimal  # attributed revenue, USD
    model: str | None = None


@dataclass(frozen=True)
class ClassFigures:
    request_class: str
    model: str | None
    requests: int
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
    return ClassFigures(
        request_class=totals.request_class,
        model=totals.model,
        requests=totals.requests,
        share_of_requests=_ratio(requests, Decimal(all_requests), SHARE_PLACES),
        cost=totals.cost,
        revenue=totals.revenue,
        margin=margin,
        cost_per_request=_ratio(totals.cost, requests, PER_REQUEST_PLACES),
        revenue_per_request=_ratio(totals.revenue, requests, PER_REQUEST_PLACES),
        margin_per_request=_ratio(margin, requests, PER_REQUEST_PLACES),
        inference_margin_pct=_pct(margin, totals.revenue),
        margin_negative=margin < 0,
    )


def class_margin_report(rows: Iterable[ClassTotals]) -> ClassMarginReport:
    """Figures per class, the blended row beside them, and whether the blend hides a loss."""
    rows = list(rows)
    all_requests = sum(row.requests for row in rows)
    classes = [class_figures(row, all_requests=all_requests) for row in rows]
    blended = class_figures(
        ClassTotals(
            request_class=BLENDED,
            requests=all_requests,
            cost=sum((row.cost for row in rows), ZERO),
            revenue=sum((row.revenue for row in rows), ZERO),
        ),
        all_requests=all_requests,
    )
    negative: list[str] = []
    for figures in classes:
        label = _class_label(figures)
        if figures.margin_negative and label not in negative:
            negative.append(label)
    hides_loss = blended.margin > 0 and bool(negative)
    statement = None
    if hides_loss:
        losers = ", ".join(
            f"{_class_label(f)} ({plain(quantize(f.margin_per_request or ZERO, STATED))} "
            "per request)"
            for f in classes
            if f.margin_negative
        )
        statement = (
            f"Blended margin is positive ({plain(quantize(blended.margin, CENTS))}) while "
            f"{len(negative)} request class{'es' if len(negative) > 1 else ''} "
            f"lose{'' if len(negative) > 1 else 's'} money: {losers}."
        )
    return ClassMarginReport(
        classes=classes,
        blended=blended,
        negative_classes=negative,
        blended_hides_loss=hides_loss,
        statement=statement,
    )


def _class_label(figures: ClassFigures) -> str:
    if figures.model:
        return f"{figures.request_class} / {figures.model}"
    return figures.request_class


# ------------------------------------------------------------------------- customers


def gross_margin_fraction(*, revenue: Decimal, cost: Decimal) -> Decimal | None:
    """(revenue - variable cost) / revenue, unrounded; None without revenue."""
    if revenue == 0:
        return None
    return (revenue - cost) / revenue


def gross_margin_pct(*, revenue: Decimal, cost: Decimal) -> Decimal | None:
    """Gross margin as a percentage, two places; None without revenue."""
    return _pct(revenue - cost, revenue)


def arpa(*, revenue: Decimal, account_months: Decimal) -> Decimal | None:
    """Average revenue per account per month: revenue / account-months."""
    return _ratio(revenue, account_months, AMOUNT_PLACES)


def ltv(*, arpa: Decimal, gross_margin: Decimal, monthly_churn: Decimal) -> Decimal | None:
    """LTV = ARPA x GM / monthly churn; undefined (None) at zero churn."""
    if monthly_churn <= 0:
        return None
    return quantize(arpa * gross_margin / monthly_churn, AMOUNT_PLACES)


def discounted_ltv(
    *, arpa: Decimal, gross_margin: Decimal, monthly_churn: Decimal, monthly_discount: Decimal
) -> Decimal | None:
    """Discounted LTV m / (c + d), m the monthly margin: finite at zero churn."""
    denominator = monthly_churn + monthly_discount
    if denominator <= 0:
        return None
    return quantize(arpa * gross_margin / denominator, AMOUNT_PLACES)


def cac(*, acquisition_spend: Decimal, customers_acquired: int) -> Decimal | None:
    """Customer acquisition cost: spend / customers acquired."""
    return _ratio(acquisition_spend, Decimal(customers_acquired), AMOUNT_PLACES)


def cac_payback_months(
    *, cac: Decimal, monthly_revenue: Decimal, gross_margin: Decimal
) -> Decimal | None:
    """Months to earn CAC back: CAC / (monthly revenue x GM); None if it never pays back."""
    monthly_margin = monthly_revenue * gross_margin
    if monthly_margin <= 0:
        return None
    return quantize(cac / monthly_margin, RATIO_PLACES)


def ltv_to_cac(*, ltv: Decimal | None, cac: Decimal | None) -> Decimal | None:
    """LTV:CAC ratio; None when either side is unknown or CAC is zero."""
    if ltv is None or cac is None or cac == 0:
        return None
    return quantize(ltv / cac, RATIO_PLACES)


@dataclass(frozen=True)
class CustomerFigures:
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    gross_margin_pct: Decimal | None
    arpa: Decimal | None
    ltv: Decimal | None  # None at zero churn: read discounted_ltv
    discounted_ltv: Decimal | None
    cac: Decimal | None
    cac_payback_months: Decimal | None
    ltv_to_cac: Decimal | None  # from ltv, else from discounted_ltv
    ltv_basis: str | None  # "churn" | "discounted"


def customer_figures(
    *,
    revenue: Decimal,
    cost: Decimal,
    account_months: Decimal,
    monthly_churn: Decimal,
    monthly_discount: Decimal,
    cac: Decimal | None,
) -> CustomerFigures:
    """Every customer-level figure from exact sums over the customer's tenure."""
    gm = gross_margin_fraction(revenue=revenue, cost=cost)
    monthly_revenue = arpa(revenue=revenue, account_months=account_months)
    lifetime = discounted = payback = None
    if gm is not None and monthly_revenue is not None:
        lifetime = ltv(arpa=monthly_revenue, gross_margin=gm, monthly_churn=monthly_churn)
        discounted = discounted_ltv(
            arpa=monthly_revenue,
            gross_margin=gm,
            monthly_churn=monthly_churn,
            monthly_discount=monthly_discount,
        )
        if cac is not None:
            payback = cac_payback_months(cac=cac, monthly_revenue=monthly_revenue, gross_margin=gm)
    basis = "churn" if lifetime is not None else ("discounted" if discounted is not None else None)
    return CustomerFigures(
        revenue=revenue,
        cost=cost,
        margin=revenue - cost,
        gross_margin_pct=gross_margin_pct(revenue=revenue, cost=cost),
        arpa=monthly_revenue,
        ltv=lifetime,
        discounted_ltv=discounted,
        cac=cac,
        cac_payback_months=payback,
        ltv_to_cac=ltv_to_cac(ltv=lifetime if lifetime is not None else discounted, cac=cac),
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
    return _pct(retained_revenue, previous_revenue)


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
    value_per_request: Decimal | None
    cost_per_request: Decimal | None  # variable + fixed per request
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
) -> FeatureROI:
    """Monthly ROI: value (revenue + outcome value + cost avoided) - variable - fixed cost."""
    value = revenue + outcome_value + cost_avoided
    total_cost = variable_cost + fixed_cost
    net = value - total_cost
    count = Decimal(requests)
    return FeatureROI(
        value=value,
        variable_cost=variable_cost,
        fixed_cost=fixed_cost,
        total_cost=total_cost,
        net=net,
        roi_pct=_pct(net, total_cost),
        requests=requests,
        value_per_request=_ratio(value, count, PER_REQUEST_PLACES),
        cost_per_request=_ratio(total_cost, count, PER_REQUEST_PLACES),
        net_per_request=_ratio(net, count, PER_REQUEST_PLACES),
        fixed_cost_per_request=_ratio(fixed_cost, count, PER_REQUEST_PLACES),
    )

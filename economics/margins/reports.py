"""Margin reads served from the rollups: request classes, customers, features, summary.

Ranges are half-open [start, end) in UTC at hour resolution: whole days are read
from the day rollups, the ragged hours at either edge from the hour rollups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from economics.dates import (
    day_ceil,
    day_floor,
    instant,
    month_floor,
    month_range,
    month_start,
    next_month_start,
)
from economics.margins import formulas
from economics.margins.customer_base import (
    CustomerBase,
    Lifecycle,
    Totals,
    customer_activity,
    customer_base,
    customer_money,
    lifecycles,
    lifecycles_of,
    subscription_churn,
)
from economics.margins.formulas import ClassTotals, ClassUsage
from economics.margins.models import (
    AcquisitionCost,
    ClassDay,
    ClassHour,
    CustomerClassTotal,
    RevenueMonth,
    RollupDay,
    RollupHour,
)
from metering.models import Customer, Tenant

ZERO = Decimal("0")
MONEY_SUMS = (
    "requests",
    "cost_total",
    "revenue",
    "outcome_value",
    "events",
    "unpriced_events",
    "unpriced_requests",
)


def rollup_sums(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    group_by: Sequence[str],
    fields: Sequence[str] = MONEY_SUMS,
    request_class: str | None = None,
) -> dict[tuple, dict[str, Decimal]]:
    """Sum rollup columns over [start, end), grouped by the given key columns.

    Whole days come from the tenant-wide class-day rows when the grouping allows it
    (class, model and bucket only, and the sums they keep), else from the customer day
    rollups. `request_class` keeps only that class's rows. Grouped by
    `bucket_start`, whole days come as days and the ragged edges as hours.
    """
    first_day, last_day = day_ceil(start), day_floor(end)
    tenant_wide = set(group_by) <= {"request_class", "model", "bucket_start"} and set(
        fields
    ) <= set(MONEY_SUMS)
    day_model = ClassDay if tenant_wide else RollupDay
    hour_model = ClassHour if tenant_wide else RollupHour
    parts: list[QuerySet] = []
    if first_day < last_day:
        parts.append(_window(day_model, tenant, first_day, last_day))
        parts.append(_window(hour_model, tenant, start, first_day))
        parts.append(_window(hour_model, tenant, last_day, end))
    else:
        parts.append(_window(hour_model, tenant, start, end))
    totals: dict[tuple, dict[str, Decimal]] = {}
    for queryset in parts:
        if request_class is not None:
            queryset = queryset.filter(request_class=request_class)
        rows = queryset.values(*group_by).annotate(**{f"s_{f}": Sum(f) for f in fields})
        for row in rows:
            key = tuple(row[g] for g in group_by)
            into = totals.setdefault(key, dict.fromkeys(fields, ZERO))
            for name in fields:
                into[name] += row[f"s_{name}"] or 0
    return totals


def _window(model: type[Any], tenant: Tenant, start: datetime, end: datetime) -> QuerySet:
    if start >= end:
        return model.objects.none()
    return model.objects.of(tenant).filter(bucket_start__gte=start, bucket_start__lt=end)


# ---------------------------------------------------------------- request classes


@dataclass(frozen=True)
class ClassReport:
    margins: formulas.ClassMarginReport
    unpriced_events: int  # events in the range whose cost is unknown
    currency: str = formulas.COST_CURRENCY


def request_class_report(
    *, tenant: Tenant, start: datetime, end: datetime, by_model: bool = False
) -> ClassReport:
    """Per-class (or class x model) margin figures with the blended row beside them."""
    group_by = ["request_class", "model"] if by_model else ["request_class"]
    sums = rollup_sums(tenant=tenant, start=start, end=end, group_by=group_by)
    unpriced = sum(int(values["unpriced_events"]) for values in sums.values())
    rows = [
        ClassTotals(
            request_class=key[0],
            model=key[1] if by_model else None,
            requests=int(values["requests"]),
            cost=values["cost_total"],
            revenue=values["revenue"],
            unpriced_requests=int(values["unpriced_requests"]),
        )
        for key, values in sorted(sums.items())
    ]
    return ClassReport(margins=formulas.class_margin_report(rows), unpriced_events=unpriced)


@dataclass(frozen=True)
class ClassDayReport:
    """One UTC day of a range (or its ragged first or last part) and its class figures."""

    start: datetime  # the day's midnight, or the range's start on its first day
    end: datetime  # the next midnight, or the range's end on its last day
    margins: formulas.ClassMarginReport


def request_class_daily(*, tenant: Tenant, start: datetime, end: datetime) -> list[ClassDayReport]:
    """Per-class figures of each day of [start, end), one query for the whole range.

    Each day's figures are those `request_class_report` gives for [day.start, day.end).
    """
    sums = rollup_sums(
        tenant=tenant, start=start, end=end, group_by=["request_class", "bucket_start"]
    )
    by_day: dict[datetime, dict[str, dict[str, Decimal]]] = defaultdict(dict)
    for (request_class, bucket), values in sums.items():
        day = day_floor(bucket)
        into = by_day[day].setdefault(request_class, dict.fromkeys(MONEY_SUMS, ZERO))
        for name in MONEY_SUMS:
            into[name] += values[name]
    days = []
    day = day_floor(start)
    while day < end:
        classes = by_day.get(day, {})
        rows = [
            ClassTotals(
                request_class=name,
                requests=int(values["requests"]),
                cost=values["cost_total"],
                revenue=values["revenue"],
                unpriced_requests=int(values["unpriced_requests"]),
            )
            for name, values in sorted(classes.items())
        ]
        days.append(
            ClassDayReport(
                start=max(day, start),
                end=min(day + timedelta(days=1), end),
                margins=formulas.class_margin_report(rows),
            )
        )
        day += timedelta(days=1)
    return days


def request_class_known(*, tenant: Tenant, request_class: str) -> bool:
    """Whether the tenant has ever had requests of this class."""
    return ClassDay.objects.of(tenant).filter(request_class=request_class).exists() or (
        ClassHour.objects.of(tenant).filter(request_class=request_class).exists()
    )


COST_PARTS = (
    "requests",
    "unpriced_requests",
    "cost_tokens",
    "cost_gpu",
    "cost_services",
    "cost_external",
    "cost_total",
)


@dataclass(frozen=True)
class CostBreakdown:
    """Variable cost per priced request of one class x model, by component (8 places)."""

    model: str
    requests: int
    unpriced_requests: int  # of `requests`, those of unknown cost: left out of the divisions
    tokens: Decimal | None
    gpu: Decimal | None
    services: Decimal | None  # retrieval and other priced services
    external: Decimal | None  # costs the events reported themselves
    total: Decimal | None


def class_cost_breakdown(
    *, tenant: Tenant, start: datetime, end: datetime, request_class: str
) -> list[CostBreakdown]:
    """Cost per request of a class over [start, end) by model, split by component."""
    sums = rollup_sums(
        tenant=tenant,
        start=start,
        end=end,
        group_by=["model"],
        fields=COST_PARTS,
        request_class=request_class,
    )
    lines = []
    for (model,), values in sorted(sums.items()):
        requests = values["requests"]
        priced = requests - values["unpriced_requests"]

        def each(name: str, priced: Decimal = priced, values: dict = values) -> Decimal | None:
            return formulas.maybe(formulas.per_request, formulas.divide(values[name], priced))

        lines.append(
            CostBreakdown(
                model=model,
                requests=int(requests),
                unpriced_requests=int(values["unpriced_requests"]),
                tokens=each("cost_tokens"),
                gpu=each("cost_gpu"),
                services=each("cost_services"),
                external=each("cost_external"),
                total=each("cost_total"),
            )
        )
    return lines


# ---------------------------------------------------------------------- customers


@dataclass(frozen=True)
class MonthToDate:
    """The open month so far: what the invoice preview bills, and the month's usage."""

    month: date
    revenue: Decimal  # rounded to the cent
    variable_cost: Decimal  # rounded to the cent
    requests: int


@dataclass(frozen=True)
class CustomerEconomics:
    """One customer's economics over its closed months, the open month beside them."""

    customer: Customer
    as_of: datetime
    lifecycle: Lifecycle
    first_active: date | None  # first day with requests
    last_active: date | None  # last day with requests
    requests: int  # in closed months
    unpriced_requests: int  # of those, requests whose cost is unknown
    realised_ltv: Decimal  # gross margin earned in closed months, to the cent
    engagement_destroys_value: bool
    monthly_churn: Decimal  # tenant-wide, 4 places
    cohort: date  # month the customer was created
    cohort_realised_ltv: Decimal | None  # realised LTV per customer of that cohort
    figures: formulas.CustomerFigures
    month_to_date: MonthToDate
    currency: str = formulas.COST_CURRENCY

    @property
    def status(self) -> str:
        return self.lifecycle.status

    @property
    def tenure_months(self) -> int:
        return self.lifecycle.closed_months


def customer_cac(*, tenant: Tenant, customers: Sequence[Customer]) -> dict[int, Decimal | None]:
    """Acquisition cost per customer: own spend plus a share of its cohort/channel spend."""
    spend: dict[int, Decimal] = defaultdict(Decimal)
    seen: set[int] = set()
    rows = AcquisitionCost.objects.of(tenant)
    wanted = {c.pk for c in customers}
    for row in rows.filter(customer__isnull=False, customer_id__in=wanted):
        owner = int(row.customer_id or 0)
        spend[owner] += row.amount
        seen.add(owner)
    pooled = list(rows.filter(customer__isnull=True))
    if pooled:
        cohorts = _cohorts(tenant)
        for row in pooled:
            members = (
                cohorts.get((row.month, row.channel), [])
                if row.channel
                else [pk for (month, _), pks in cohorts.items() if month == row.month for pk in pks]
            )
            if not members:
                continue
            share = row.amount / len(members)
            for pk in members:
                if pk in wanted:
                    spend[pk] += share
                    seen.add(pk)
    return {pk: (spend[pk] if pk in seen else None) for pk in wanted}


def _cohorts(tenant: Tenant) -> dict[tuple[date, str], list[int]]:
    """Customers by (acquisition month, channel): created month, metadata['channel']."""
    cohorts: dict[tuple[date, str], list[int]] = defaultdict(list)
    for pk, created, metadata in Customer.objects.of(tenant).values_list(
        "pk", "created_at", "metadata"
    ):
        month = month_floor(created).date()
        channel = str((metadata or {}).get("channel", ""))
        cohorts[(month, channel)].append(pk)
    return cohorts


def customer_economics(
    *,
    tenant: Tenant,
    customers: Sequence[Customer],
    base: CustomerBase | None = None,
    as_of: datetime | None = None,
) -> list[CustomerEconomics]:
    """LTV, CAC payback and the rest for these customers, in their given order.

    Reads only these customers' rows (and the tenant's stored base): revenue is what
    each customer is invoiced per month, idle months included; figures cover closed
    months, the open month is `month_to_date`.
    """
    as_of = as_of or (base.as_of if base is not None else datetime.now(UTC))
    base = base or customer_base(tenant=tenant, as_of=as_of)
    ids = [c.pk for c in customers]
    usage: dict[int, list[ClassUsage]] = defaultdict(list)
    activity: dict[int, dict[str, Any]] = {}
    for row in CustomerClassTotal.objects.of(tenant).filter(customer_id__in=ids):
        usage[row.customer_id].append(
            ClassUsage(row.request_class, row.requests, row.revenue, row.cost_total)
        )
        act = activity.setdefault(
            row.customer_id,
            {
                "first": row.first_active,
                "last": row.last_active,
                "requests": 0,
                "unpriced": 0,
                "cost": ZERO,
            },
        )
        act["first"], act["last"] = (
            min(act["first"], row.first_active),
            max(act["last"], row.last_active),
        )
        act["requests"] += row.requests
        act["unpriced"] += row.unpriced_requests
        act["cost"] += row.cost_total
    money = customer_money(tenant=tenant, as_of=as_of, customer_ids=ids, activity=activity)
    lives = lifecycles_of(
        activity,
        money.first_invoiced,
        subscription_churn(tenant=tenant, customer_ids=ids),
        as_of=as_of,
    )
    closed, open_month = money.closed, money.open_month
    cac = customer_cac(tenant=tenant, customers=customers)
    current = month_start(as_of.date())
    never = Lifecycle(None, None, current, None, None)
    result = []
    for customer in customers:
        life = lives.get(customer.pk, never)
        done = closed.get(customer.pk, Totals())
        so_far = open_month.get(customer.pk, Totals())
        used = activity.get(customer.pk)
        cohort = month_start(customer.created_at.astimezone(UTC).date())
        figures = formulas.customer_figures(
            revenue=done.revenue,
            cost=done.cost,
            account_months=Decimal(life.closed_months),
            monthly_churn=base.monthly_churn,
            monthly_discount=base.monthly_discount,
            cac=cac.get(customer.pk),
            churned=life.status == "churned",
            requests=done.requests,
            unpriced_requests=done.unpriced_requests,
        )
        result.append(
            CustomerEconomics(
                customer=customer,
                as_of=as_of,
                lifecycle=life,
                first_active=used["first"].date() if used else None,
                last_active=used["last"].date() if used else None,
                requests=done.requests,
                unpriced_requests=done.unpriced_requests,
                realised_ltv=formulas.money(done.revenue - done.cost),
                engagement_destroys_value=formulas.engagement_destroys_value(
                    usage[customer.pk], negative_classes=base.negative_classes
                ),
                monthly_churn=formulas.ratio(base.monthly_churn),
                cohort=cohort,
                cohort_realised_ltv=base.cohort_realised_ltv.get(cohort),
                figures=figures,
                month_to_date=MonthToDate(
                    month=current,
                    revenue=formulas.money(so_far.revenue),
                    variable_cost=formulas.money(so_far.cost),
                    requests=so_far.requests,
                ),
            )
        )
    return result


def customers_with_status(*, tenant: Tenant, status: str, as_of: datetime) -> QuerySet[Customer]:
    """The tenant's customers whose status as of `as_of` is `status` (a queryset to page)."""
    lives = lifecycles(tenant=tenant, as_of=as_of)
    customers = Customer.objects.of(tenant)
    if status == "never_active":
        return customers.exclude(pk__in=[pk for pk, life in lives.items() if life.first_month])
    return customers.filter(pk__in=[pk for pk, life in lives.items() if life.status == status])


# ----------------------------------------------------------------------- features


@dataclass(frozen=True)
class FeatureRow:
    request_class: str | None  # None: fixed costs not tied to one class
    revenue: Decimal
    outcome_value: Decimal
    roi: formulas.FeatureROI


def fixed_costs_by_class(*, tenant: Tenant, month: date) -> dict[str | None, Decimal]:
    """Fixed costs of a month by request class (None: not tied to one class)."""
    from economics.costs.selectors import fixed_costs_for_month

    month_costs = fixed_costs_for_month(tenant=tenant, month=month)
    return {(name or None): month_costs.for_class(name) for name in month_costs.by_class}


def feature_report(
    *, tenant: Tenant, month: date, fixed_costs: dict[str | None, Decimal]
) -> tuple[list[FeatureRow], FeatureRow]:
    """ROI per request class for a month; fixed costs keyed by class (None: tenant-wide)."""
    start, end = month_range(month)
    sums = rollup_sums(tenant=tenant, start=start, end=end, group_by=["request_class"])
    classes = sorted({key[0] for key in sums} | {k for k in fixed_costs if k is not None})
    rows = []
    for name in classes:
        values = sums.get((name,), dict.fromkeys(MONEY_SUMS, ZERO))
        rows.append(_feature_row(name, values, fixed_costs.get(name, ZERO)))
    if fixed_costs.get(None):
        rows.append(_feature_row(None, dict.fromkeys(MONEY_SUMS, ZERO), fixed_costs[None]))
    total_values = {f: sum((v[f] for v in sums.values()), ZERO) for f in MONEY_SUMS}
    total = _feature_row(None, total_values, sum(fixed_costs.values(), ZERO))
    return rows, total


def _feature_row(name: str | None, values: dict[str, Decimal], fixed: Decimal) -> FeatureRow:
    return FeatureRow(
        request_class=name,
        revenue=values["revenue"],
        outcome_value=values["outcome_value"],
        roi=formulas.feature_roi(
            variable_cost=values["cost_total"],
            fixed_cost=fixed,
            requests=int(values["requests"]),
            revenue=values["revenue"],
            outcome_value=values["outcome_value"],
            unpriced_requests=int(values["unpriced_requests"]),
        ),
    )


# ------------------------------------------------------------------------ summary


@dataclass(frozen=True)
class Summary:
    month: date
    as_of: datetime
    closed: bool  # the month has ended; an open month's figures are month-to-date
    revenue: Decimal  # what customers are invoiced for the month
    recurring_revenue: Decimal
    usage_revenue: Decimal
    variable_cost: Decimal
    fixed_cost: Decimal
    inference_margin: Decimal  # revenue - variable cost
    inference_margin_pct: Decimal | None
    gross_margin: Decimal  # revenue - variable cost - fixed cost
    gross_margin_pct: Decimal | None
    requests: int
    unpriced_requests: int  # requests of unknown cost: left out of the margin percentages
    unpriced_events: int
    active_customers: int  # active in the month (invoiced, using or paying)
    new_customers: int  # of those, in their first active month
    customers_at_start: int  # active in the month before it too
    churned_customers: int  # lost in the month (their last active month)
    logo_churn_pct: Decimal | None  # churned / active x 100; closed months only
    net_revenue_retention_pct: Decimal | None  # closed months only
    currency: str = formulas.COST_CURRENCY


def summary(
    *, tenant: Tenant, month: date, fixed_cost: Decimal, as_of: datetime | None = None
) -> Summary:
    """The month at a glance: revenue split, margins, customers gained and lost, NRR."""
    as_of = as_of or datetime.now(UTC)
    start, end = month_range(month)
    month = start.date()
    closed = end <= instant(month_start(as_of.date()))
    previous = (start - timedelta(days=1)).date().replace(day=1)
    revenue_rows = RevenueMonth.objects.of(tenant).filter(month__in=[month, previous])
    this_month: dict[int, RevenueMonth] = {}
    last_month: dict[int, Decimal] = {}
    for rated in revenue_rows:
        if rated.month == month:
            this_month[rated.customer_id] = rated
        else:
            last_month[rated.customer_id] = rated.total
    revenue = sum((r.total for r in this_month.values()), ZERO)
    recurring = sum((r.recurring for r in this_month.values()), ZERO)
    totals = rollup_sums(tenant=tenant, start=start, end=end, group_by=[]).get((), {})
    cost = totals.get("cost_total", ZERO)
    lives = lifecycles(tenant=tenant, as_of=as_of)
    active = sum(life.active_in(month) for life in lives.values())
    new = sum(life.first_month == month for life in lives.values())
    churned = sum(life.churn_month == month for life in lives.values())
    # NRR follows the customers the month started with (lost in it or not), not those lost
    # the month before: one churn definition for every figure.
    kept = [
        pk
        for pk, life in lives.items()
        if life.active_in(previous) and life.churn_month != previous
    ]
    before = sum((last_month.get(pk, ZERO) for pk in kept), ZERO)
    retained = sum((this_month[pk].total for pk in kept if pk in this_month), ZERO)
    money, ratio = formulas.money, formulas.ratio
    requests = int(totals.get("requests", 0))
    unpriced = int(totals.get("unpriced_requests", 0))
    # Unknown is not $0: for the percentages, the cost per priced request stands for each.
    per_priced = formulas.divide(cost * requests, Decimal(requests - unpriced))
    known_cost = cost if not unpriced else per_priced
    return Summary(
        month=month,
        as_of=as_of,
        closed=closed,
        revenue=money(revenue),
        recurring_revenue=money(recurring),
        usage_revenue=money(revenue - recurring),
        variable_cost=money(cost),
        fixed_cost=money(fixed_cost),
        inference_margin=money(revenue - cost),
        inference_margin_pct=(
            None
            if known_cost is None
            else formulas.gross_margin_pct(revenue=revenue, cost=known_cost)
        ),
        gross_margin=money(revenue - cost - fixed_cost),
        gross_margin_pct=(
            None
            if known_cost is None
            else formulas.gross_margin_pct(revenue=revenue, cost=known_cost + fixed_cost)
        ),
        requests=requests,
        unpriced_requests=unpriced,
        unpriced_events=int(totals.get("unpriced_events", 0)),
        active_customers=active,
        new_customers=new,
        customers_at_start=active - new,
        churned_customers=churned,
        logo_churn_pct=(
            formulas.maybe(ratio, formulas.percent(Decimal(churned), Decimal(active)))
            if closed
            else None
        ),
        net_revenue_retention_pct=(
            formulas.net_revenue_retention(previous_revenue=before, retained_revenue=retained)
            if closed
            else None
        ),
    )


# ------------------------------------------------------------------------ cohorts


@dataclass(frozen=True)
class CohortMonth:
    month: date
    closed: bool
    active_customers: int  # of the cohort, active in the month
    churned_customers: int  # of the cohort, lost in the month
    revenue: Decimal  # invoiced to the cohort for the month, to the cent


@dataclass(frozen=True)
class Cohort:
    cohort: date  # the month its customers were created
    customers: int
    active_customers: int  # status active as of the report
    churned_customers: int
    never_active: int
    realised_ltv: Decimal  # gross margin earned in closed months per customer, to the cent
    months: list[CohortMonth]


@dataclass(frozen=True)
class CohortReport:
    as_of: datetime
    cohorts: list[Cohort]
    currency: str = formulas.COST_CURRENCY


def cohort_report(*, tenant: Tenant, as_of: datetime | None = None) -> CohortReport:
    """Customers by the month they were created: who stayed, who was lost when, what they paid."""
    as_of = as_of or datetime.now(UTC)
    current = month_start(as_of.date())
    activity = customer_activity(tenant=tenant)
    money = customer_money(tenant=tenant, as_of=as_of, activity=activity)
    lives = lifecycles_of(
        activity, money.first_invoiced, subscription_churn(tenant=tenant), as_of=as_of
    )
    closed = money.closed
    members: dict[date, list[int]] = defaultdict(list)
    for pk, created in Customer.objects.of(tenant).values_list("pk", "created_at"):
        members[month_start(created.astimezone(UTC).date())].append(pk)
    cohort_of = {pk: cohort for cohort, pks in members.items() for pk in pks}
    revenue: dict[tuple[date, date], Decimal] = defaultdict(Decimal)
    for customer_id, month, total in RevenueMonth.objects.of(tenant).values_list(
        "customer_id", "month", "total"
    ):
        revenue[(cohort_of[customer_id], month)] += total
    never = Lifecycle(None, None, current, None, None)
    cohorts = []
    for cohort in sorted(members):
        pks = members[cohort]
        cohort_lives = [lives.get(pk, never) for pk in pks]
        first = min([cohort, *(life.first_month for life in cohort_lives if life.first_month)])
        months = []
        month = first
        while month <= current:
            months.append(
                CohortMonth(
                    month=month,
                    closed=month < current,
                    active_customers=sum(life.active_in(month) for life in cohort_lives),
                    churned_customers=sum(life.churn_month == month for life in cohort_lives),
                    revenue=formulas.money(revenue.get((cohort, month), ZERO)),
                )
            )
            month = next_month_start(month)
        margin = sum((closed[pk].revenue - closed[pk].cost for pk in pks if pk in closed), ZERO)
        statuses = [life.status for life in cohort_lives]
        cohorts.append(
            Cohort(
                cohort=cohort,
                customers=len(pks),
                active_customers=statuses.count("active"),
                churned_customers=statuses.count("churned"),
                never_active=statuses.count("never_active"),
                realised_ltv=formulas.money(margin / len(pks)),
                months=months,
            )
        )
    return CohortReport(as_of=as_of, cohorts=cohorts)

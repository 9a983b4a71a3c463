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

from economics.dates import day_ceil, day_floor, month_floor, month_range
from economics.margins import formulas
from economics.margins.customer_base import (
    CustomerBase,
    churn_after_days,
    churn_at,
    churn_state,
    customer_activity,
    customer_base,
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
MONEY_SUMS = ("requests", "cost_total", "revenue", "outcome_value", "events", "unpriced_events")


def rollup_sums(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    group_by: Sequence[str],
    fields: Sequence[str] = MONEY_SUMS,
) -> dict[tuple, dict[str, Decimal]]:
    """Sum rollup columns over [start, end), grouped by the given key columns.

    Whole days come from the tenant-wide class-day rows when the grouping allows it
    (class and model only), else from the customer day rollups.
    """
    first_day, last_day = day_ceil(start), day_floor(end)
    tenant_wide = set(group_by) <= {"request_class", "model"}
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
        )
        for key, values in sorted(sums.items())
    ]
    return ClassReport(margins=formulas.class_margin_report(rows), unpriced_events=unpriced)


# ---------------------------------------------------------------------- customers


@dataclass(frozen=True)
class CustomerEconomics:
    customer: Customer
    requests: int
    first_active: date | None
    last_active: date | None
    tenure_months: int
    churned: bool
    realised_ltv: Decimal  # gross margin earned to date
    engagement_destroys_value: bool
    monthly_churn: Decimal
    cohort: date | None  # month the customer was created
    cohort_realised_ltv: Decimal | None  # realised LTV per customer of that cohort
    figures: formulas.CustomerFigures

    @property
    def status(self) -> str:
        if self.first_active is None:
            return "never_active"
        return "churned" if self.churned else "active"


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
    *, tenant: Tenant, customers: Sequence[Customer], base: CustomerBase | None = None
) -> list[CustomerEconomics]:
    """LTV, CAC payback and the rest for these customers, in their given order."""
    base = base or customer_base(tenant=tenant)
    ids = [c.pk for c in customers]
    activity = customer_activity(tenant=tenant, customer_ids=ids)
    subscriptions = subscription_churn(tenant=tenant, customer_ids=ids)
    usage: dict[int, list[ClassUsage]] = defaultdict(list)
    for row in CustomerClassTotal.objects.of(tenant).filter(customer_id__in=ids):
        usage[row.customer_id].append(
            ClassUsage(row.request_class, row.requests, row.revenue, row.cost_total)
        )
    cac = customer_cac(tenant=tenant, customers=customers)
    result = []
    for customer in customers:
        act = activity.get(customer.pk)
        if act is None:
            churned, months, revenue, cost, requests = False, 0, ZERO, ZERO, 0
            first = last = None
        else:
            churned, months = churn_state(
                act,
                as_of=base.as_of,
                churn_after=base.churn_after_days,
                subscriptions=subscriptions,
            )
            revenue, cost, requests = act["revenue"], act["cost"], int(act["requests"])
            first, last = act["first"].date(), act["last"].date()
        cohort = month_floor(customer.created_at).date()
        figures = formulas.customer_figures(
            revenue=revenue,
            cost=cost,
            account_months=Decimal(max(months, 1)),
            monthly_churn=base.monthly_churn,
            monthly_discount=base.monthly_discount,
            cac=cac.get(customer.pk),
        )
        result.append(
            CustomerEconomics(
                customer=customer,
                requests=requests,
                first_active=first,
                last_active=last,
                tenure_months=months,
                churned=churned,
                realised_ltv=revenue - cost,
                engagement_destroys_value=formulas.engagement_destroys_value(
                    usage[customer.pk], negative_classes=base.negative_classes
                ),
                monthly_churn=base.monthly_churn,
                cohort=cohort,
                cohort_realised_ltv=base.cohort_realised_ltv.get(cohort),
                figures=figures,
            )
        )
    return result


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
        ),
    )


# ------------------------------------------------------------------------ summary


@dataclass(frozen=True)
class Summary:
    month: date
    revenue: Decimal
    recurring_revenue: Decimal
    usage_revenue: Decimal
    variable_cost: Decimal
    fixed_cost: Decimal
    inference_margin: Decimal  # revenue - variable cost
    inference_margin_pct: Decimal | None
    gross_margin: Decimal  # revenue - variable cost - fixed cost
    gross_margin_pct: Decimal | None
    requests: int
    unpriced_events: int
    active_customers: int
    churned_customers: int
    customers_at_start: int
    logo_churn_pct: Decimal | None
    net_revenue_retention_pct: Decimal | None


def summary(
    *, tenant: Tenant, month: date, fixed_cost: Decimal, as_of: datetime | None = None
) -> Summary:
    """The month at a glance: revenue split, margins, customers gained and lost, NRR."""
    as_of = as_of or datetime.now(UTC)
    start, end = month_range(month)
    previous = (start - timedelta(days=1)).date().replace(day=1)
    revenue_rows = RevenueMonth.objects.of(tenant).filter(month__in=[start.date(), previous])
    this_month: dict[int, RevenueMonth] = {}
    last_month: dict[int, Decimal] = {}
    for rated in revenue_rows:
        if rated.month == start.date():
            this_month[rated.customer_id] = rated
        else:
            last_month[rated.customer_id] = rated.total
    revenue = sum((r.total for r in this_month.values()), ZERO)
    recurring = sum((r.recurring for r in this_month.values()), ZERO)
    totals = rollup_sums(tenant=tenant, start=start, end=end, group_by=[]).get((), {})
    cost = totals.get("cost_total", ZERO)
    active = (
        RollupDay.objects.of(tenant)
        .filter(bucket_start__gte=start, bucket_start__lt=end)
        .values("customer_id")
        .distinct()
        .count()
    )
    churn_after = churn_after_days()
    subscriptions = subscription_churn(tenant=tenant)
    at_start = churned = 0
    for row in customer_activity(tenant=tenant).values():
        moment = churn_at(row, subscriptions, churn_after)
        if row["first"] < start and (moment is None or moment > start):
            at_start += 1
            if moment is not None and moment <= min(end, as_of):
                churned += 1
    retained = sum((this_month[c].total for c in last_month if c in this_month), ZERO)
    return Summary(
        month=start.date(),
        revenue=revenue,
        recurring_revenue=recurring,
        usage_revenue=revenue - recurring,
        variable_cost=cost,
        fixed_cost=fixed_cost,
        inference_margin=revenue - cost,
        inference_margin_pct=formulas.gross_margin_pct(revenue=revenue, cost=cost),
        gross_margin=revenue - cost - fixed_cost,
        gross_margin_pct=formulas.gross_margin_pct(revenue=revenue, cost=cost + fixed_cost),
        requests=int(totals.get("requests", 0)),
        unpriced_events=int(totals.get("unpriced_events", 0)),
        active_customers=active,
        churned_customers=churned,
        customers_at_start=at_start,
        logo_churn_pct=(
            formulas.quantize(Decimal(churned) * 100 / at_start, formulas.RATIO_PLACES)
            if at_start
            else None
        ),
        net_revenue_retention_pct=formulas.net_revenue_retention(
            previous_revenue=sum(last_month.values(), ZERO), retained_revenue=retained
        ),
    )

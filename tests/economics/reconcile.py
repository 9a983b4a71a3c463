"""Checks that customer revenue, request-level attribution and the rating engine agree."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from economics.dates import month_start, next_month_start
from economics.margins.models import RevenueMonth, RollupHour
from metering.models import Customer, Tenant
from pricing.models import Subscription
from pricing.rating import Period
from pricing.selectors import period_rate


def covered_months(tenant: Tenant, as_of: datetime) -> set[tuple[int, date]]:
    """Every customer-month up to `as_of`'s month that a subscription covers a day of."""
    current = month_start(as_of.date())
    months = set()
    for customer_id, start, end in Subscription.objects.of(tenant).values_list(
        "customer_id", "start_date", "end_date"
    ):
        month = month_start(start)
        while month <= current and (end is None or month < end):
            months.add((customer_id, month))
            month = next_month_start(month)
    return months


def revenue_mismatches(tenant: Tenant, as_of: datetime) -> list[str]:
    """Every customer-month where attribution, invoice total and rating disagree (none: [])."""
    attributed: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    for customer_id, bucket, revenue in RollupHour.objects.of(tenant).values_list(
        "customer_id", "bucket_start", "revenue"
    ):
        attributed[(customer_id, month_start(bucket.date()))] += revenue
    rows = {(r.customer_id, r.month): r for r in RevenueMonth.objects.of(tenant)}
    customers = {c.pk: c for c in Customer.objects.of(tenant)}
    problems = []
    for key in sorted(covered_months(tenant, as_of) - set(rows)):
        problems.append(f"{customers[key[0]].external_id} {key[1]:%Y-%m}: no revenue row")
    for (customer_id, month), row in sorted(rows.items()):
        name = f"{customers[customer_id].external_id} {month:%Y-%m}"
        carried = attributed[(customer_id, month)] + row.unattributed
        if carried != row.total:
            problems.append(f"{name}: attributed + unattributed {carried} != total {row.total}")
        rated = period_rate(
            tenant=tenant,
            customer=customers[customer_id],
            period=Period.month(month.year, month.month),
            attribute=False,
        )
        invoiced = rated.invoice.total if rated else None
        if invoiced != row.total:
            problems.append(f"{name}: invoice total {invoiced} != revenue {row.total}")
    for (customer_id, month), amount in sorted(attributed.items()):
        if amount and (customer_id, month) not in rows:
            problems.append(f"{customers[customer_id].external_id} {month:%Y-%m}: unbilled revenue")
    return problems

"""Revenue per customer-month and per rollup bucket, from pricing's rating engine.

The only place economics asks pricing for money: a customer-month rated with
attribution gives the month's invoice total (what the customer is invoiced for it) and
every event its share of it (usage charges to the events that produced the units, flat
fees spread over the month's requests), summed by pricing per rollup bucket (request
class x model x UTC hour), so the rollups never read the events again for it.

A customer-month can owe a fee without a single event, and an event-free month has no
change note: `revenue_months_mark` marks those months for the rollup refresh, so every
customer-month a subscription covers gets its rated revenue (`RevenueMonth`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max

from economics.dates import instant, month_start, next_month_start
from economics.margins.models import DirtyBucket, RevenueSync
from metering.models import Customer, Tenant
from pricing.rating import Period
from pricing.selectors import period_rate_many, revenue_attribution
from pricing.usage import Bucket

ZERO = Decimal("0")


@dataclass(frozen=True)
class MonthRevenue:
    currency: str
    total: Decimal
    recurring: Decimal
    unattributed: Decimal
    by_bucket: dict[Bucket, Decimal] = field(default_factory=dict)  # attributed revenue

    @property
    def usage(self) -> Decimal:
        return self.total - self.recurring


# Revenue per event is kept to the places the rollup columns hold, so a $0.009 request
# keeps its $0.009 instead of being rounded to a cent; sums stay exact either way.
EVENT_QUANTUM = Decimal("0.0000000001")


def customer_month_revenue(
    *, tenant: Tenant, customer_id: int, month_start: datetime
) -> MonthRevenue | None:
    """Rated revenue of one customer-month, attributed per rollup bucket; None if unbilled."""
    customer = Customer.objects.of(tenant).get(pk=customer_id)
    first = month_start.date().replace(day=1)
    attribution = revenue_attribution(
        tenant=tenant,
        customer=customer,
        period_start=first,
        period_end=(first + timedelta(days=32)).replace(day=1),
        event_quantum=EVENT_QUANTUM,
        with_buckets=True,
    )
    if attribution.currency is None:
        return None
    return MonthRevenue(
        currency=attribution.currency,
        total=attribution.rated_total,
        recurring=attribution.recurring,
        unattributed=attribution.unattributed,
        by_bucket=attribution.by_bucket,
    )


def idle_months_revenue(
    *, tenant: Tenant, customer_ids: Sequence[int], month_start: datetime
) -> dict[int, MonthRevenue]:
    """Invoice totals of customer-months with no live request, many in a few queries.

    With no request to carry them, the whole total (fees, minimums) is unattributed;
    customers no subscription covers are left out (unbilled).
    """
    first = month_start.date()
    invoices = period_rate_many(
        tenant=tenant, period=Period.month(first.year, first.month), customer_ids=customer_ids
    )
    return {
        customer_id: MonthRevenue(
            currency=invoice.currency,
            total=invoice.total,
            recurring=invoice.recurring_total,
            unattributed=invoice.total,
        )
        for customer_id, invoice in invoices.items()
    }


# ------------------------------------------------------------- months without events


def subscription_stamps(*, tenant: Tenant) -> tuple[int, datetime | None]:
    """How many subscriptions the tenant has and when the latest was written (one query)."""
    from pricing.models import Subscription

    row = Subscription.objects.of(tenant).aggregate(n=Count("pk"), last=Max("updated_at"))
    return int(row["n"]), row["last"]


def revenue_months_mark(*, tenant: Tenant, as_of: datetime | None = None) -> int:
    """Mark the customer-months whose invoice may have moved without an event; return marks.

    When the month turned since the last call, every subscription's new months; when
    subscriptions were created, changed or ended, every month from each such
    subscription's start to the current month (a shortened one leaves months to unbill).
    A mark is the month's first hour: the rollup refresh then rates the customer-month
    and writes its `RevenueMonth`, fees of a month without requests as `unattributed`.
    Nothing is read beyond two stamps when nothing changed.
    """
    from pricing.models import Subscription

    as_of = as_of or datetime.now(UTC)
    current = month_start(as_of.date())
    stamps = subscription_stamps(tenant=tenant)
    state = RevenueSync.objects.of(tenant).first()
    if state is not None and state.month == current:
        if (state.subscriptions, state.subscriptions_updated) == stamps:
            return 0
    rows = list(
        Subscription.objects.of(tenant).values_list(
            "customer_id", "start_date", "end_date", "updated_at"
        )
    )
    since = None if state is None else state.subscriptions_updated
    # Written at or after the last stamp: new, changed or ended since the last call.
    written = [since is None or updated >= since for *_, updated in rows]
    # No such row, yet the stamps moved: one was deleted (never done by the API) or written
    # by a clock behind the last stamp. Either way, rate every month again.
    everything = state is None or (
        (state.subscriptions, state.subscriptions_updated) != stamps and not any(written)
    )
    months: set[tuple[int, date]] = set()
    for (customer_id, start, end, _), changed in zip(rows, written, strict=True):
        first = month_start(start)
        if everything or changed:
            months.update((customer_id, m) for m in _months(first, current))
        elif state is not None and state.month < current:
            last = current if end is None else min(current, month_start(end - timedelta(days=1)))
            since_month = max(first, next_month_start(state.month))
            months.update((customer_id, m) for m in _months(since_month, last))
    DirtyBucket.objects.bulk_create(
        DirtyBucket(tenant=tenant, customer_id=customer_id, hour=instant(month))
        for customer_id, month in sorted(months)
    )
    RevenueSync.objects.of(tenant).update_or_create(
        tenant=tenant,
        defaults={
            "month": current,
            "subscriptions": stamps[0],
            "subscriptions_updated": stamps[1],
            "synced_at": as_of,
        },
    )
    return len(months)


def _months(first: date, last: date) -> list[date]:
    """First days of the months from `first`'s to `last`'s, inclusive (none if reversed)."""
    months = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = next_month_start(month)
    return months

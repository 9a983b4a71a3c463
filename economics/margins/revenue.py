"""Revenue per rollup bucket, read from pricing's revenue attribution (the one rating engine).

The only place economics asks pricing for money: a customer-month rated with
attribution gives every event its share of the invoice (usage charges to the events
that produced the units, flat fees spread over the month's requests), summed by pricing
per rollup bucket (request class x model x UTC hour), so the rollups never read the
events again for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from metering.models import Customer, Tenant
from pricing.selectors import revenue_attribution
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

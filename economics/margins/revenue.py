"""Revenue per request, read from pricing's revenue attribution (the one rating engine).

The only place economics asks pricing for money: a customer-month rated with
attribution gives every event its share of the invoice (usage charges to the events
that produced the units, flat fees spread over the month's requests).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from metering.models import Customer

ZERO = Decimal("0")


@dataclass(frozen=True)
class MonthRevenue:
    currency: str
    total: Decimal
    recurring: Decimal
    unattributed: Decimal
    by_event: dict[int, Decimal] = field(default_factory=dict)  # UsageEvent pk -> revenue

    @property
    def usage(self) -> Decimal:
        return self.total - self.recurring


# Revenue per event is kept to the places the rollup columns hold, so a $0.009 request
# keeps its $0.009 instead of being rounded to a cent; sums stay exact either way.
EVENT_QUANTUM = Decimal("0.0000000001")


def customer_month_revenue(
    *, tenant_id: uuid.UUID, customer_id: int, month_start: datetime
) -> MonthRevenue | None:
    """Rated revenue of one customer-month with its allocation to events; None if unbilled."""
    from pricing.selectors import revenue_attribution

    customer = Customer.objects.select_related("tenant").get(tenant_id=tenant_id, pk=customer_id)
    first = month_start.date().replace(day=1)
    attribution = revenue_attribution(
        tenant=customer.tenant,
        customer=customer,
        period_start=first,
        period_end=(first + timedelta(days=32)).replace(day=1),
        event_quantum=EVENT_QUANTUM,
    )
    if attribution.currency is None:
        return None
    return MonthRevenue(
        currency=attribution.currency,
        total=attribution.rated_total,
        recurring=attribution.recurring,
        unattributed=attribution.unattributed,
        by_event={int(str(pk)): amount for pk, amount in attribution.by_event.items()},
    )

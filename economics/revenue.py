"""Revenue per request, read from pricing's revenue attribution (the one rating engine).

The only place economics asks pricing for money: a customer-month rated with
attribution gives every event its share of the invoice (usage charges to the events
that produced the units, flat fees spread over the month's requests).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

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


def customer_month_revenue(
    *, tenant_id: uuid.UUID, customer_id: int, month_start: datetime
) -> MonthRevenue | None:
    """Rated revenue of one customer-month with its allocation to events; None if unbilled."""
    return None

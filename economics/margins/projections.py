"""Projections of a customer's month from the rollups' recent daily rate.

The rate is the customer's attributed revenue (`RollupDay.revenue`) over the last
RATE_DAYS complete UTC days before the current one, divided by RATE_DAYS: days without
usage count as zero. From it:

- the projected invoice of the month = the revenue of the month so far (the rollups' days of
  this month, today's part included) + the rate x the days left until the month ends
  (fractional, from `now`), rounded once to the cent (ROUND_HALF_UP);
- the days of credit left = available credits (balance - held) / the rate, rounded down to
  a tenth of a day (0 when nothing is left; null with no recent usage: no projection).

The revenue carries each event's share of the month's flat fees (rollups spread them over
the month's events), so for a plan whose fees dominate its usage the rate, and the
projection, run high early in the month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db.models import Sum

from economics.dates import month_floor, next_month
from economics.margins.models import RollupDay
from metering.models import Customer, Tenant
from pricing.credits.models import CreditAccount

RATE_DAYS = 7
ZERO = Decimal(0)
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
RATE_PLACES = Decimal("0.0000000001")  # the rollups' ten places
SECONDS_PER_DAY = Decimal(86_400)


@dataclass(frozen=True)
class Projection:
    as_of: datetime
    window_start: datetime  # the rate's first day (00:00 UTC)
    window_end: datetime  # the current day's 00:00 UTC (excluded)
    daily_rate: Decimal  # revenue per day over the window
    period_start: datetime
    period_end: datetime
    month_to_date: Decimal  # revenue of the month so far
    days_left_in_period: Decimal
    projected_invoice: Decimal  # to the cent
    currency: str | None  # the credits' currency (revenue is in the plan's)
    credits_available: Decimal | None  # None: no credits
    credit_days_left: Decimal | None  # None: no credits, or no recent usage


def project(
    *,
    now: datetime,
    window_revenue: Decimal,
    month_to_date: Decimal,
    period_end: datetime,
    available: Decimal | None,
) -> tuple[Decimal, Decimal, Decimal, Decimal | None]:
    """Return (daily rate, days left in the period, projected invoice, days of credit left)."""
    rate = (window_revenue / RATE_DAYS).quantize(RATE_PLACES, ROUND_HALF_UP)
    left = Decimal((period_end - now).total_seconds()) / SECONDS_PER_DAY
    left = max(left, ZERO).quantize(Decimal("0.000001"), ROUND_HALF_UP)
    invoice = (month_to_date + rate * left).quantize(CENT, ROUND_HALF_UP)
    days: Decimal | None = None
    if available is not None:
        if available <= 0:
            days = ZERO
        elif rate > 0:
            days = (available / rate).quantize(TENTH, ROUND_DOWN)
    return rate, left, invoice, days


def customer_projection(
    *, tenant: Tenant, customer: Customer, now: datetime, account: CreditAccount | None = None
) -> Projection:
    """Project the customer's month and credits at `now` (see the module's description)."""
    now = now.astimezone(UTC)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    since = today - timedelta(days=RATE_DAYS)
    period_start = month_floor(now)
    period_end = next_month(period_start)
    rows = RollupDay.objects.of(tenant).filter(customer=customer)
    window = (
        rows.filter(bucket_start__gte=since, bucket_start__lt=today).aggregate(
            total=Sum("revenue")
        )["total"]
        or ZERO
    )
    so_far = (
        rows.filter(bucket_start__gte=period_start, bucket_start__lt=period_end).aggregate(
            total=Sum("revenue")
        )["total"]
        or ZERO
    )
    if account is None:
        account = CreditAccount.objects.of(tenant).filter(customer=customer).order_by("pk").first()
    available = None if account is None else account.balance - account.held
    rate, left, invoice, days = project(
        now=now,
        window_revenue=window,
        month_to_date=so_far,
        period_end=period_end,
        available=available,
    )
    return Projection(
        as_of=now,
        window_start=since,
        window_end=today,
        daily_rate=rate,
        period_start=period_start,
        period_end=period_end,
        month_to_date=so_far,
        days_left_in_period=left,
        projected_invoice=invoice,
        currency=None if account is None else account.currency,
        credits_available=available,
        credit_days_left=days,
    )

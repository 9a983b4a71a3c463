"""The tenant-wide base of every customer's LTV: monthly churn, loss classes, cohort LTV.

Computing it walks every customer of the tenant, so the rollup refresh keeps it in a
row (`CustomerBaseRow`) and the customers report reads that row while it holds; it
falls back to computing it live, with the same result, when it does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from economics.dates import DAY, month_floor, next_month
from economics.margins import formulas
from economics.margins.models import CustomerBaseRow, CustomerClassTotal
from metering.models import Customer, Tenant

PAYING_CHARGES = {"flat_fee", "minimum"}


@dataclass(frozen=True)
class CustomerBase:
    """Tenant-wide figures every customer's LTV depends on."""

    monthly_churn: Decimal
    monthly_discount: Decimal
    negative_classes: list[str]
    churn_after_days: int
    as_of: datetime
    cohort_realised_ltv: dict[date, Decimal]  # gross margin to date per customer of a cohort


def churn_after_days() -> int:
    return int(getattr(settings, "ECONOMICS_CHURN_AFTER_DAYS", 30))


def monthly_discount() -> Decimal:
    return Decimal(str(getattr(settings, "ECONOMICS_MONTHLY_DISCOUNT", "0.01")))


def months_between(first: date, last: date) -> int:
    """Calendar months from first's month to last's month, inclusive."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def customer_activity(
    *, tenant: Tenant, customer_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """All-time first and last active day, requests, revenue and cost per customer."""
    rows = CustomerClassTotal.objects.of(tenant)
    if customer_ids is not None:
        rows = rows.filter(customer_id__in=list(customer_ids))
    return {
        row["customer_id"]: dict(row)
        for row in rows.values("customer_id").annotate(
            first=Min("first_active"),
            last=Max("last_active"),
            requests=Sum("requests"),
            revenue=Sum("revenue"),
            cost=Sum("cost_total"),
        )
    }


def subscription_churn(
    *, tenant: Tenant, customer_ids: Iterable[int] | None = None
) -> dict[int, datetime | None]:
    """When each subscribed customer churns by its subscriptions (None: never, while paying).

    A customer whose subscriptions have all ended, with no successor, churns on the last
    end date. One with an open subscription to a plan with a recurring fee has not
    churned, used or not. Customers on usage-only plans are left out: the inactivity rule
    decides for them.
    """
    from pricing.models import PlanVersion, Subscription

    subscriptions = Subscription.objects.of(tenant)
    if customer_ids is not None:
        subscriptions = subscriptions.filter(customer_id__in=list(customer_ids))
    rows = list(subscriptions.values_list("customer_id", "end_date", "plan_version_id"))
    paying = {
        pk
        for pk, charges in PlanVersion.objects.of(tenant)
        .filter(pk__in={version for _, _, version in rows})
        .values_list("pk", "charges")
        if any(charge.get("type") in PAYING_CHARGES for charge in charges or [])
    }
    ends: dict[int, list[date | None]] = defaultdict(list)
    open_paying: set[int] = set()
    for customer_id, end, version in rows:
        ends[customer_id].append(end)
        if end is None and version in paying:
            open_paying.add(customer_id)
    result: dict[int, datetime | None] = {}
    for customer_id, end_dates in ends.items():
        if customer_id in open_paying:
            result[customer_id] = None
        elif all(end is not None for end in end_dates):
            last = max(end for end in end_dates if end is not None)
            result[customer_id] = datetime(last.year, last.month, last.day, tzinfo=UTC)
    return result


def churn_at(
    activity: dict[str, Any], subscriptions: dict[int, datetime | None], churn_after: int
) -> datetime | None:
    """The moment a customer churns (maybe in the future); None while it pays a recurring fee."""
    customer_id = activity["customer_id"]
    if customer_id in subscriptions:
        return subscriptions[customer_id]
    # Usage only: churned once it has been silent for churn_after whole days.
    return activity["last"] + DAY + timedelta(days=churn_after)


def churn_state(
    activity: dict[str, Any],
    *,
    as_of: datetime,
    churn_after: int,
    subscriptions: dict[int, datetime | None],
) -> tuple[bool, int]:
    """Whether the customer has churned by `as_of`, and its tenure in calendar months."""
    first = activity["first"].date()
    last = activity["last"].date()
    moment = churn_at(activity, subscriptions, churn_after)
    churned = moment is not None and moment <= as_of
    months = months_between(first, last if churned else as_of.date())
    return churned, months


# ------------------------------------------------------------------ the maintained row


def _stamps(tenant: Tenant) -> dict[str, Any]:
    """Counts and latest stamps of the customers and subscriptions, in one query."""
    from pricing.models import Subscription

    def scalar(queryset: Any, aggregate: Any) -> Subquery:
        return Subquery(
            queryset.filter(tenant=OuterRef("pk"))
            .order_by()
            .values("tenant")
            .annotate(value=aggregate)
            .values("value")[:1]
        )

    row = (
        Tenant.objects.filter(pk=tenant.pk)
        .annotate(
            n_customers=Coalesce(scalar(Customer.objects.of(tenant), Count("pk")), 0),
            last_customer=scalar(Customer.objects.of(tenant), Max("created_at")),
            n_subscriptions=Coalesce(scalar(Subscription.objects.of(tenant), Count("pk")), 0),
            last_subscription=scalar(Subscription.objects.of(tenant), Max("updated_at")),
        )
        .values("n_customers", "last_customer", "n_subscriptions", "last_subscription")
        .get()
    )
    return {
        "customers": row["n_customers"],
        "customers_created": row["last_customer"],
        "subscriptions": row["n_subscriptions"],
        "subscriptions_updated": row["last_subscription"],
    }


def _compute(tenant: Tenant, as_of: datetime) -> tuple[CustomerBaseRow, CustomerBase]:
    """Walk every customer of the tenant: the base as of `as_of`, and how long it holds."""
    stamps = _stamps(tenant)
    churn_after = churn_after_days()
    churned = 0
    account_months = 0
    subscriptions = subscription_churn(tenant=tenant)
    activities = customer_activity(tenant=tenant)
    # The figures hold until the month turns or the next customer churns.
    valid_until = next_month(month_floor(as_of))
    for activity in activities.values():
        is_churned, months = churn_state(
            activity, as_of=as_of, churn_after=churn_after, subscriptions=subscriptions
        )
        churned += is_churned
        account_months += months
        moment = churn_at(activity, subscriptions, churn_after)
        if moment is not None and moment > as_of:
            valid_until = min(valid_until, moment)
    # Realised cohort LTV: margin earned so far by the customers created in a month, per
    # customer of that cohort (the silent ones count: they were acquired too).
    cohort_margin: dict[date, Decimal] = defaultdict(Decimal)
    cohort_size: dict[date, int] = defaultdict(int)
    for pk, created in Customer.objects.of(tenant).values_list("pk", "created_at"):
        cohort = month_floor(created).date()
        cohort_size[cohort] += 1
        if pk in activities:
            cohort_margin[cohort] += activities[pk]["revenue"] - activities[pk]["cost"]
    classes = CustomerClassTotal.objects.of(tenant).values("request_class")
    negative = sorted(
        row["request_class"]
        for row in classes.annotate(revenue=Sum("revenue"), cost=Sum("cost_total"))
        if row["revenue"] < row["cost"]
    )
    cohort_ltv = {
        cohort: formulas.quantize(cohort_margin[cohort] / size, formulas.AMOUNT_PLACES)
        for cohort, size in cohort_size.items()
    }
    row = CustomerBaseRow(
        tenant=tenant,
        computed_at=as_of,
        valid_until=valid_until,
        churn_after_days=churn_after,
        churned=churned,
        account_months=account_months,
        negative_classes=negative,
        cohort_realised_ltv={month.isoformat(): str(ltv) for month, ltv in cohort_ltv.items()},
        **stamps,
    )
    return row, _from_row(row, as_of)


def _from_row(row: CustomerBaseRow, as_of: datetime) -> CustomerBase:
    return CustomerBase(
        monthly_churn=formulas.churn_per_account_month(
            churned=int(row.churned), account_months=int(row.account_months)
        ),
        monthly_discount=monthly_discount(),
        negative_classes=list(row.negative_classes),
        churn_after_days=int(row.churn_after_days),
        as_of=as_of,
        cohort_realised_ltv={
            date.fromisoformat(month): Decimal(ltv)
            for month, ltv in row.cohort_realised_ltv.items()
        },
    )


def customer_base_refresh(*, tenant: Tenant, as_of: datetime | None = None) -> CustomerBaseRow:
    """Recompute the tenant's churn base and store it in its row."""
    row, _ = _compute(tenant, as_of or datetime.now(UTC))
    fields = {f.name: getattr(row, f.name) for f in CustomerBaseRow._meta.concrete_fields}
    for name in ("id", "tenant"):
        fields.pop(name)
    stored, _ = CustomerBaseRow.objects.of(tenant).update_or_create(tenant=tenant, defaults=fields)
    return stored


def customer_base_forget(*, tenant: Tenant) -> None:
    """Drop the stored base: the rollups it was computed from are changing."""
    CustomerBaseRow.objects.of(tenant).delete()


def customer_base_stored(*, tenant: Tenant, as_of: datetime) -> CustomerBase | None:
    """The stored base if it still holds at `as_of`, else None."""
    row = CustomerBaseRow.objects.of(tenant).first()
    if row is None or not (row.computed_at <= as_of < row.valid_until):
        return None
    if row.churn_after_days != churn_after_days():
        return None
    stamps = _stamps(tenant)
    if any(getattr(row, name) != value for name, value in stamps.items()):
        return None
    return _from_row(row, as_of)


def customer_base_stale_tenants(*, as_of: datetime | None = None) -> list[Tenant]:
    """Tenants whose stored base no longer holds (or was never stored)."""
    as_of = as_of or datetime.now(UTC)
    stale = []
    for tenant in Tenant.objects.order_by("pk"):
        if customer_base_stored(tenant=tenant, as_of=as_of) is None:
            stale.append(tenant)
    return stale


def customer_base(*, tenant: Tenant, as_of: datetime | None = None) -> CustomerBase:
    """Churn per account-month across the tenant, and the classes that lose money."""
    as_of = as_of or datetime.now(UTC)
    stored = customer_base_stored(tenant=tenant, as_of=as_of)
    if stored is not None:
        return stored
    return _compute(tenant, as_of)[1]

"""One definition of a customer's life, and the tenant-wide base of every customer's LTV.

Every customer report (summary, customers, cohorts, NRR, LTV) takes who is active, who
churned and when from `lifecycle` here, so they agree:

* **Active months.** A customer's life starts in its first active month: the first month
  it was invoiced something or sent a request. It runs to the current month, or, once it
  has churned, to its last active month (`churn_month`), where its loss is counted.
* **Churn** (DESIGN.md): a customer whose subscriptions have all ended, with no
  successor, churned on the last end date; one with an open subscription to a plan with
  a recurring fee (a flat fee or a minimum) has not churned, used or not; any other
  customer (usage-only plan, or no subscription) churned on the day after its last
  request once it has been silent for `ECONOMICS_CHURN_AFTER_DAYS` (30) whole days.
  `churned_on` is the first day it was no longer active.
* **Open month.** The current calendar month (UTC) is open: averages, rates and totals
  to date (ARPA, tenure, LTV, monthly churn, CAC payback, logo churn, NRR, realised LTV)
  use closed months only, and the open month is shown beside them as month-to-date.
* **As of.** Whether a silence has become churn depends on the moment asked: every
  report computes as of one moment and says which.

Computing the tenant-wide base walks every customer, so the rollup refresh keeps it in a
row (`CustomerBaseRow`) and the customers report reads that row while it holds; it falls
back to computing it live, with the same result, when it does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from economics.dates import DAY, instant, month_start, next_month_start
from economics.margins import formulas
from economics.margins.models import (
    CustomerBaseRow,
    CustomerClassTotal,
    RevenueMonth,
    RevenueSync,
    RollupDay,
)
from metering.models import Customer, Tenant

PAYING_CHARGES = {"flat_fee", "minimum"}
ZERO = Decimal("0")


def churn_after_days() -> int:
    return int(getattr(settings, "ECONOMICS_CHURN_AFTER_DAYS", 30))


def monthly_discount() -> Decimal:
    return Decimal(str(getattr(settings, "ECONOMICS_MONTHLY_DISCOUNT", "0.01")))


def months_between(first: date, last: date) -> int:
    """Calendar months from first's month to last's month, inclusive (0 if reversed)."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


# ------------------------------------------------------------------------- lifecycle


@dataclass(frozen=True)
class Lifecycle:
    """A customer's active months and churn, as of one moment."""

    first_month: date | None  # first month invoiced or used; None: never active
    last_month: date | None  # the current month, or the last active month once churned
    current_month: date  # the open month of `as_of`
    churned_on: date | None  # first day no longer active, once churned
    churns_at: datetime | None  # when the rule churns it, if still ahead (None: not due)

    @property
    def status(self) -> str:
        if self.first_month is None:
            return "never_active"
        return "churned" if self.churned_on is not None else "active"

    @property
    def churn_month(self) -> date | None:
        """The month a churned customer's loss counts in: its last active month."""
        return self.last_month if self.churned_on is not None else None

    def active_in(self, month: date) -> bool:
        """Whether the customer was active (invoiced, using, or paying) in `month`."""
        if self.first_month is None or self.last_month is None:
            return False
        return self.first_month <= month <= self.last_month

    @property
    def closed_months(self) -> int:
        """Active months that have ended: the tenure behind ARPA, LTV and monthly churn."""
        if self.first_month is None or self.last_month is None:
            return 0
        last_closed = month_start(self.current_month - DAY)
        return months_between(self.first_month, min(self.last_month, last_closed))


def lifecycle(
    *,
    first_request: date | None,
    last_request: date | None,
    first_invoiced: date | None,
    subscribed: bool,
    subscription_end: datetime | None,
    as_of: datetime,
    churn_after: int,
) -> Lifecycle:
    """Apply the one churn rule to a customer's facts (see the module docstring).

    `subscribed`: the customer's subscriptions decide (all ended: `subscription_end` is
    the last end; open on a paying plan: None); otherwise silence does.
    """
    current = month_start(as_of.date())
    starts = [m for m in (first_invoiced, first_request and month_start(first_request)) if m]
    if not starts:
        return Lifecycle(None, None, current, None, None)
    first = min(starts)
    moment: datetime | None
    if subscribed:
        moment = subscription_end
        last_day = None if moment is None else moment.date() - DAY
    elif last_request is not None:
        last_day = last_request
        moment = instant(last_request) + DAY + timedelta(days=churn_after)
    else:  # invoiced, never used, no subscription left to say otherwise
        moment = last_day = None
    if moment is None or moment > as_of or last_day is None:
        return Lifecycle(first, current, current, None, moment)
    return Lifecycle(first, max(month_start(last_day), first), current, last_day + DAY, None)


def customer_activity(
    *, tenant: Tenant, customer_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """All-time first and last day with requests, requests, attributed revenue and cost."""
    rows = CustomerClassTotal.objects.of(tenant)
    if customer_ids is not None:
        rows = rows.filter(customer_id__in=list(customer_ids))
    return {
        row["customer_id"]: dict(row)
        for row in rows.values("customer_id").annotate(
            first=Min("first_active"),
            last=Max("last_active"),
            requests=Sum("requests"),
            unpriced=Sum("unpriced_requests"),
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
            result[customer_id] = instant(max(end for end in end_dates if end is not None))
    return result


def lifecycles(
    *, tenant: Tenant, as_of: datetime, customer_ids: Iterable[int] | None = None
) -> dict[int, Lifecycle]:
    """Every customer's lifecycle as of `as_of` (customers never active are left out)."""
    ids = None if customer_ids is None else list(customer_ids)
    first_invoiced = RevenueMonth.objects.of(tenant).exclude(total=0)
    if ids is not None:
        first_invoiced = first_invoiced.filter(customer_id__in=ids)
    return lifecycles_of(
        customer_activity(tenant=tenant, customer_ids=ids),
        dict(
            first_invoiced.values("customer_id")
            .annotate(first=Min("month"))
            .values_list("customer_id", "first")
        ),
        subscription_churn(tenant=tenant, customer_ids=ids),
        as_of=as_of,
    )


def lifecycles_of(
    activity: dict[int, dict[str, Any]],
    invoiced: dict[int, date],
    subscriptions: dict[int, datetime | None],
    *,
    as_of: datetime,
) -> dict[int, Lifecycle]:
    """Lifecycles from facts already read (`customer_activity`, first invoices, churn)."""
    churn_after = churn_after_days()
    result = {}
    for customer_id in set(activity) | set(invoiced):
        act = activity.get(customer_id)
        result[customer_id] = lifecycle(
            first_request=act["first"].date() if act else None,
            last_request=act["last"].date() if act else None,
            first_invoiced=invoiced.get(customer_id),
            subscribed=customer_id in subscriptions,
            subscription_end=subscriptions.get(customer_id),
            as_of=as_of,
            churn_after=churn_after,
        )
    return result


# --------------------------------------------------------------------- money to date


@dataclass(frozen=True)
class Totals:
    """A customer's exact sums over some months: invoiced revenue, variable cost, requests."""

    revenue: Decimal = ZERO
    cost: Decimal = ZERO  # of the priced requests
    requests: int = 0
    unpriced_requests: int = 0  # of `requests`, those whose cost is unknown


@dataclass(frozen=True)
class CustomerMoney:
    """Per customer: closed months' and the open month's totals, and its first invoiced month."""

    closed: dict[int, Totals]
    open_month: dict[int, Totals]
    first_invoiced: dict[int, date]


def customer_money(
    *,
    tenant: Tenant,
    as_of: datetime,
    customer_ids: Iterable[int] | None = None,
    activity: dict[int, dict[str, Any]] | None = None,
) -> CustomerMoney:
    """Closed months' and the open month's totals per customer (two small grouped reads).

    Revenue is what the customer is invoiced (`RevenueMonth`, idle months included);
    cost and requests come from the rollups: all time, less the open month's.
    """
    ids = None if customer_ids is None else list(customer_ids)
    current = month_start(as_of.date())
    if activity is None:
        activity = customer_activity(tenant=tenant, customer_ids=ids)
    revenue = RevenueMonth.objects.of(tenant)
    days = RollupDay.objects.of(tenant).filter(bucket_start__gte=instant(current))
    if ids is not None:
        revenue = revenue.filter(customer_id__in=ids)
        days = days.filter(customer_id__in=ids)
    invoiced: dict[int, dict[str, Any]] = {
        row["customer_id"]: dict(row)
        for row in revenue.values("customer_id").annotate(
            closed=Sum("total", filter=Q(month__lt=current)),
            open=Sum("total", filter=Q(month__gte=current)),
            first=Min("month", filter=~Q(total=0)),
        )
    }
    used = {
        row["customer_id"]: (
            row["cost"] or ZERO,
            int(row["requests"] or 0),
            int(row["unpriced"] or 0),
        )
        for row in days.values("customer_id").annotate(
            cost=Sum("cost_total"), requests=Sum("requests"), unpriced=Sum("unpriced_requests")
        )
    }
    closed: dict[int, Totals] = {}
    open_month: dict[int, Totals] = {}
    for customer_id in set(invoiced) | set(activity):
        billed = invoiced.get(customer_id) or {}
        open_cost, open_requests, open_unpriced = used.get(customer_id, (ZERO, 0, 0))
        act = activity.get(customer_id) or {}
        closed[customer_id] = Totals(
            billed.get("closed") or ZERO,
            (act.get("cost") or ZERO) - open_cost,
            int(act.get("requests") or 0) - open_requests,
            int(act.get("unpriced") or 0) - open_unpriced,
        )
        open_month[customer_id] = Totals(
            billed.get("open") or ZERO, open_cost, open_requests, open_unpriced
        )
    first = {pk: row["first"] for pk, row in invoiced.items() if row["first"] is not None}
    return CustomerMoney(closed, open_month, first)


# ------------------------------------------------------------------ the tenant's base


@dataclass(frozen=True)
class CustomerBase:
    """Tenant-wide figures every customer's LTV depends on, over closed months."""

    monthly_churn: Decimal  # exact: customers lost in closed months / closed account-months
    monthly_discount: Decimal
    negative_classes: list[str]
    churn_after_days: int
    as_of: datetime
    cohort_realised_ltv: dict[date, Decimal]  # gross margin per customer of a cohort, cents


STAMPS = ("customers", "customers_created", "subscriptions", "subscriptions_updated")


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


@dataclass
class _Parts:
    """What a set of customers adds to the base; over every customer, the base itself.

    Each figure is a sum over customers (or, for `churns_at`, the moments ahead), so the
    base moves by a changed customer's parts after less its parts before.
    """

    churned: int = 0
    account_months: int = 0
    churns_at: list[datetime] = field(default_factory=list)  # churn moments still ahead
    cohort_margin: dict[date, Decimal] = field(default_factory=dict)  # closed months' margin
    cohort_size: dict[date, int] = field(default_factory=dict)
    class_sums: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # revenue, cost

    def moved(self, before: _Parts, after: _Parts) -> _Parts:
        """These parts less `before`, plus `after` (`churns_at` is left to the caller)."""
        cohorts: dict[date, Decimal] = dict(self.cohort_margin)
        sizes: dict[date, int] = dict(self.cohort_size)
        classes: dict[str, tuple[Decimal, Decimal]] = dict(self.class_sums)
        for parts, sign in ((before, -1), (after, 1)):
            for cohort, margin in parts.cohort_margin.items():
                cohorts[cohort] = cohorts.get(cohort, ZERO) + sign * margin
            for cohort, size in parts.cohort_size.items():
                sizes[cohort] = sizes.get(cohort, 0) + sign * size
            for name, (revenue, cost) in parts.class_sums.items():
                was_revenue, was_cost = classes.get(name, (ZERO, ZERO))
                classes[name] = (was_revenue + sign * revenue, was_cost + sign * cost)
        return _Parts(
            churned=self.churned - before.churned + after.churned,
            account_months=self.account_months - before.account_months + after.account_months,
            cohort_margin=cohorts,
            cohort_size={cohort: size for cohort, size in sizes.items() if size},
            class_sums=classes,
        )


def _parts(tenant: Tenant, as_of: datetime, customer_ids: Iterable[int] | None) -> _Parts:
    """The parts of these customers (None: every customer) as of `as_of`."""
    ids = None if customer_ids is None else list(customer_ids)
    activity = customer_activity(tenant=tenant, customer_ids=ids)
    money = customer_money(tenant=tenant, as_of=as_of, customer_ids=ids, activity=activity)
    lives = lifecycles_of(
        activity,
        money.first_invoiced,
        subscription_churn(tenant=tenant, customer_ids=ids),
        as_of=as_of,
    )
    closed = money.closed
    current = month_start(as_of.date())
    parts = _Parts()
    for life in lives.values():
        parts.account_months += life.closed_months
        churn_month = life.churn_month
        parts.churned += churn_month is not None and churn_month < current
        if life.churns_at is not None and life.churns_at > as_of:
            parts.churns_at.append(life.churns_at)
    # Realised cohort LTV: margin earned in closed months by the customers created in a
    # month, per customer of that cohort (the silent ones count: they were acquired too).
    customers = Customer.objects.of(tenant)
    classes = CustomerClassTotal.objects.of(tenant)
    if ids is not None:
        customers = customers.filter(pk__in=ids)
        classes = classes.filter(customer_id__in=ids)
    for pk, created in customers.values_list("pk", "created_at"):
        cohort = month_start(created.astimezone(UTC).date())
        parts.cohort_size[cohort] = parts.cohort_size.get(cohort, 0) + 1
        margin = parts.cohort_margin.get(cohort, ZERO)
        if pk in closed:
            margin += closed[pk].revenue - closed[pk].cost
        parts.cohort_margin[cohort] = margin
    for row in classes.values("request_class").annotate(
        revenue=Sum("revenue"), cost=Sum("cost_total")
    ):
        parts.class_sums[row["request_class"]] = (row["revenue"], row["cost"])
    return parts


def _row_of(
    tenant: Tenant, parts: _Parts, as_of: datetime, valid_until: datetime, stamps: dict[str, Any]
) -> CustomerBaseRow:
    """The stored row of a base whose parts are summed over every customer."""
    negative = sorted(name for name, (revenue, cost) in parts.class_sums.items() if revenue < cost)
    cohort_ltv = {
        cohort: formulas.money(parts.cohort_margin.get(cohort, ZERO) / size)
        for cohort, size in parts.cohort_size.items()
    }
    return CustomerBaseRow(
        tenant=tenant,
        computed_at=as_of,
        valid_until=valid_until,
        churn_after_days=churn_after_days(),
        churned=parts.churned,
        account_months=parts.account_months,
        negative_classes=negative,
        cohort_realised_ltv={month.isoformat(): str(ltv) for month, ltv in cohort_ltv.items()},
        sums={
            "classes": {
                name: [str(revenue), str(cost)]
                for name, (revenue, cost) in sorted(parts.class_sums.items())
                if revenue or cost
            },
            "cohorts": {
                month.isoformat(): [str(parts.cohort_margin.get(month, ZERO)), size]
                for month, size in sorted(parts.cohort_size.items())
            },
        },
        **stamps,
    )


def _stored_parts(row: CustomerBaseRow) -> _Parts | None:
    """The parts summed into a stored row (None: stored before it kept its sums)."""
    if not row.sums:
        return None
    return _Parts(
        churned=int(row.churned),
        account_months=int(row.account_months),
        cohort_margin={
            date.fromisoformat(m): Decimal(v[0]) for m, v in row.sums["cohorts"].items()
        },
        cohort_size={date.fromisoformat(m): int(v[1]) for m, v in row.sums["cohorts"].items()},
        class_sums={
            name: (Decimal(v[0]), Decimal(v[1])) for name, v in row.sums["classes"].items()
        },
    )


def _compute(tenant: Tenant, as_of: datetime) -> tuple[CustomerBaseRow, CustomerBase]:
    """Walk every customer of the tenant: the base as of `as_of`, and how long it holds."""
    stamps = _stamps(tenant)
    parts = _parts(tenant, as_of, None)
    # The figures hold until the month turns or the next customer churns.
    valid_until = min([instant(next_month_start(month_start(as_of.date()))), *parts.churns_at])
    row = _row_of(tenant, parts, as_of, valid_until, stamps)
    return row, _from_row(row, as_of)


# Above this many changed customers a refresh recomputes the base over every customer
# instead of moving it (their parts before and after would cost more than one walk).
INCREMENTAL_CUSTOMERS = 200


@dataclass(frozen=True)
class BaseBefore:
    """A stored base and the parts of the customers a refresh batch is about to change."""

    row: CustomerBaseRow
    stored: _Parts
    customer_ids: frozenset[int]
    before: _Parts


def customer_base_before(*, tenant: Tenant, customer_ids: Iterable[int]) -> BaseBefore | None:
    """Before a refresh batch changes these customers' rollups: what moving the stored base
    needs (None: no base holds, it predates its sums, or too many customers change)."""
    ids = frozenset(customer_ids)
    if len(ids) > INCREMENTAL_CUSTOMERS:
        return None
    row = CustomerBaseRow.objects.of(tenant).first()
    if row is None or customer_base_stored(tenant=tenant, as_of=datetime.now(UTC)) is None:
        return None
    stored = _stored_parts(row)
    if stored is None:
        return None
    before = _parts(tenant, row.computed_at, ids)
    if row.valid_until in before.churns_at:
        return None  # the next churn moment may move later: only a walk finds the new one
    return BaseBefore(row, stored, ids, before)


def customer_base_move(*, tenant: Tenant, before: BaseBefore | None) -> None:
    """After the batch, in its transaction: move the stored base by the changed customers'
    parts after less before, exactly; without `before`, drop it for a full recompute."""
    if before is None:
        customer_base_forget(tenant=tenant)
        return
    as_of = datetime.now(UTC)
    after = _parts(tenant, as_of, before.customer_ids)
    parts = before.stored.moved(before.before, after)
    valid_until = min([before.row.valid_until, *after.churns_at])
    stamps = {name: getattr(before.row, name) for name in STAMPS}
    row = _row_of(tenant, parts, as_of, valid_until, stamps)
    fields = {f.name: getattr(row, f.name) for f in CustomerBaseRow._meta.concrete_fields}
    for name in ("id", "tenant"):
        fields.pop(name)
    CustomerBaseRow.objects.of(tenant).filter(pk=before.row.pk).update(**fields)


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
    # Customer-months not rated yet (a new month, a subscription just written): not yet.
    sync = RevenueSync.objects.of(tenant).first()
    if sync is None or sync.month != month_start(as_of.date()):
        return None
    if (sync.subscriptions, sync.subscriptions_updated) != (
        stamps["subscriptions"],
        stamps["subscriptions_updated"],
    ):
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

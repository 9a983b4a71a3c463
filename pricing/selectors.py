"""Reads of the pricing app: plans, subscriptions, invoices, previews and revenue attribution.

Every query is scoped to the caller's tenant.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet, Sum

from config.errors import NotFound
from metering.models import Customer, Tenant
from pricing.charge_specs import charges_from_data
from pricing.models import (
    Invoice,
    InvoiceAdjustment,
    Plan,
    PlanVersion,
    Subscription,
    VersionStatus,
)
from pricing.money import round_money
from pricing.rating import (
    Attribution,
    CostPlus,
    InvoiceLine,
    Period,
    RatedInvoice,
    RatePlan,
    RatingResult,
    Segment,
    UsageCharge,
    UsageRow,
    adjustment_line,
    charge_metrics,
    rate_segments,
)
from pricing.usage import (
    Bucket,
    aggregate_rows_by_customer,
    aggregate_rows_by_customer_day,
    event_rows,
    sum_rows,
)

ZERO = Decimal(0)
# Finalised periods this far back are re-rated for late usage (events may be 35 days old).
ADJUSTMENT_LOOKBACK_MONTHS = 3


def adjustment_lookback_start(period: Period) -> date:
    """Return the first day of the earliest finalised period re-rated for `period`'s invoice."""
    month = period.start.year * 12 + period.start.month - 1 - ADJUSTMENT_LOOKBACK_MONTHS
    return date(month // 12, month % 12 + 1, 1)


# ----------------------------------------------------------------------------- plans


def plan_list(*, tenant: Tenant) -> QuerySet[Plan]:
    return Plan.objects.of(tenant).prefetch_related("versions")


def plan_get(*, tenant: Tenant, code: str) -> Plan:
    try:
        return Plan.objects.of(tenant).prefetch_related("versions").get(code=code)
    except Plan.DoesNotExist as exc:
        raise NotFound(f"No plan with plan_id '{code}'.") from exc


def plan_version_get(*, tenant: Tenant, plan: Plan, version: int | str) -> PlanVersion:
    try:
        return (
            PlanVersion.objects.of(tenant)
            .select_related("plan")
            .get(plan=plan, version=int(version))
        )
    except (PlanVersion.DoesNotExist, ValueError) as exc:
        raise NotFound(f"Plan '{plan.code}' has no version {version}.") from exc


def plan_version_by_code(*, tenant: Tenant, plan_code: str, version: int | str) -> PlanVersion:
    """Return version `version` of the tenant's plan `plan_code` (404 when either is missing)."""
    plan = plan_get(tenant=tenant, code=plan_code)
    return plan_version_get(tenant=tenant, plan=plan, version=version)


def plan_version_list(*, tenant: Tenant, plan: Plan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.of(tenant).filter(plan=plan).select_related("plan")


def plan_version_latest_published(*, tenant: Tenant, plan: Plan) -> PlanVersion | None:
    """Return the newest published version of the tenant's plan, or None."""
    return (
        plan_version_list(tenant=tenant, plan=plan)
        .filter(status=VersionStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


_PUBLISHED_PLANS: dict[tuple[Any, ...], RatePlan] = {}
_PUBLISHED_PLANS_MAX = 2048


def rate_plan(version: PlanVersion) -> RatePlan:
    """Return the rating engine's view of a stored plan version.

    Published and retired versions never change, so their parsed charges are kept per
    process; drafts are parsed every time.
    """
    if version.status == VersionStatus.DRAFT:
        return RatePlan(version.currency, charges_from_data(version.charges))
    # Keyed by more than the pk: a rolled-back test database hands the same pk out again.
    key = (version.pk, version.tenant_id, version.published_at)
    plan = _PUBLISHED_PLANS.get(key)
    if plan is None:
        if len(_PUBLISHED_PLANS) >= _PUBLISHED_PLANS_MAX:
            _PUBLISHED_PLANS.clear()
        plan = RatePlan(version.currency, charges_from_data(version.charges))
        _PUBLISHED_PLANS[key] = plan
    return plan


# ----------------------------------------------------------------------------- subscriptions


def subscription_list(
    *, tenant: Tenant, customer: Customer | None = None, active_on: date | None = None
) -> QuerySet[Subscription]:
    qs = Subscription.objects.of(tenant).select_related("customer", "plan_version__plan")
    if customer is not None:
        qs = qs.filter(customer=customer)
    if active_on is not None:
        qs = qs.filter(start_date__lte=active_on).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=active_on)
        )
    return qs


def subscription_get(*, tenant: Tenant, subscription_id: str) -> Subscription:
    try:
        return subscription_list(tenant=tenant).get(id=subscription_id)
    except (Subscription.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No subscription with this id.") from exc


def subscription_list_by_ids(
    *, tenant: Tenant, subscription_ids: Sequence[Any]
) -> list[Subscription]:
    """Return the tenant's subscriptions with these ids, by start date then id."""
    return list(
        subscription_list(tenant=tenant)
        .filter(pk__in=list(subscription_ids))
        .order_by("start_date", "id")
    )


def subscriptions_overlapping(
    *, tenant: Tenant, customer: Customer, start: date, end: date | None
) -> QuerySet[Subscription]:
    """Return the customer's subscriptions that cover any day of [start, end)."""
    qs = subscription_list(tenant=tenant, customer=customer).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=start)
    )
    if end is not None:
        qs = qs.filter(start_date__lt=end)
    return qs.order_by("start_date")


# ----------------------------------------------------------------------------- rating


def period_segments(
    *, tenant: Tenant, customer: Customer, period: Period
) -> list[tuple[Subscription, date, date]]:
    """Return (subscription, start, end) for each part of the period a subscription covers."""
    out = []
    for sub in subscriptions_overlapping(
        tenant=tenant, customer=customer, start=period.start, end=period.end
    ):
        start = max(sub.start_date, period.start)
        end = period.end if sub.end_date is None else min(sub.end_date, period.end)
        out.append((sub, start, end))
    return out


def period_rate(
    *,
    tenant: Tenant,
    customer: Customer,
    period: Period,
    attribute: bool = True,
    event_quantum: Decimal | None = None,
    buckets: dict[int, Bucket] | None = None,
) -> RatingResult | None:
    """Rate a customer's period from its live events; None when no subscription covers it.

    With `buckets` (and `attribute`), each rated event's rollup bucket is recorded there.
    """
    segments = []
    for sub, start, end in period_segments(tenant=tenant, customer=customer, period=period):
        usage: Sequence[UsageRow]
        if attribute:
            usage = event_rows(
                tenant=tenant, customer=customer, start=start, end=end, buckets=buckets
            )
        else:  # totals only: the per class and model sums rate to the same invoice
            usage = aggregate_rows_by_customer(
                tenant=tenant, start=start, end=end, customer_ids=[customer.pk]
            ).get(customer.pk, [])
        segments.append(Segment(rate_plan(sub.plan_version), start, end, usage))
    if not segments:
        return None
    return rate_segments(period, segments, attribute=attribute, event_quantum=event_quantum)


def plan_usage_shape(plan: RatePlan) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the dimensions and metrics a plan's usage charges read (to aggregate no more)."""
    dims: set[str] = set()
    metrics: set[str] = {"requests"}
    for charge in plan.charges:
        if isinstance(charge, UsageCharge | CostPlus):
            metrics.update(charge_metrics(charge))
            if charge.request_class is not None:
                dims.add("request_class")
            if charge.model is not None:
                dims.add("model")
    return tuple(sorted(dims)), tuple(sorted(metrics))


def period_rate_many(
    *, tenant: Tenant, period: Period, customer_ids: Sequence[int] | None = None
) -> dict[int, RatedInvoice]:
    """Rate the period for many customers at once (no attribution), keyed by customer pk.

    Customers covered all period by one plan version have their usage summed in one query
    per version, grouped only by what that version's charges filter on; the few whose
    coverage changes mid-period are summed per day and split by segment. Each plan
    version is parsed once. The totals equal `period_rate`'s.
    """
    subs = (
        Subscription.objects.of(tenant)
        .filter(start_date__lt=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=period.start))
        .order_by("customer_id", "start_date")
    )
    if customer_ids is not None:
        subs = subs.filter(customer_id__in=customer_ids)
    rows = list(subs.values_list("customer_id", "plan_version_id", "start_date", "end_date"))
    versions = PlanVersion.objects.of(tenant).filter(pk__in={r[1] for r in rows})
    plans = {v.pk: rate_plan(v) for v in versions}
    coverage: dict[int, list[tuple[RatePlan, date, date]]] = {}
    whole: set[int] = set()  # plan versions covering some customer all period
    for customer_id, version_id, sub_start, sub_end in rows:
        start = max(sub_start, period.start)
        end = period.end if sub_end is None else min(sub_end, period.end)
        coverage.setdefault(customer_id, []).append((plans[version_id], start, end))
        if start == period.start and end == period.end:
            whole.add(version_id)

    usage: dict[int, list[UsageRow]] = {}
    for version_id in sorted(whole):
        dims, metrics = plan_usage_shape(plans[version_id])
        covered = (
            Subscription.objects.of(tenant)
            .filter(plan_version_id=version_id, start_date__lte=period.start)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.end))
        )
        if customer_ids is not None:
            covered = covered.filter(customer_id__in=customer_ids)
        usage.update(
            aggregate_rows_by_customer(
                tenant=tenant,
                start=period.start,
                end=period.end,
                # A subquery rather than thousands of ids in the statement.
                customer_ids=covered.values("customer_id"),
                dims=dims,
                metrics=metrics,
            )
        )
    partial = sorted(c for c, parts in coverage.items() if not _whole(parts, period))
    daily = (
        aggregate_rows_by_customer_day(
            tenant=tenant, start=period.start, end=period.end, customer_ids=partial
        )
        if partial
        else {}
    )
    out: dict[int, RatedInvoice] = {}
    for customer_id, parts in coverage.items():
        if _whole(parts, period):
            plan, start, end = parts[0]
            segments = [Segment(plan, start, end, usage.get(customer_id, ()))]
        else:
            days = daily.get(customer_id, [])
            segments = [
                Segment(plan, start, end, sum_rows(r for d, r in days if start <= d < end))
                for plan, start, end in parts
            ]
        out[customer_id] = rate_segments(period, segments).invoice
    return out


def _whole(parts: Sequence[tuple[RatePlan, date, date]], period: Period) -> bool:
    return len(parts) == 1 and parts[0][1] == period.start and parts[0][2] == period.end


@dataclass(frozen=True)
class PendingAdjustment:
    adjusted_invoice: Invoice
    line: InvoiceLine


def pending_adjustments(
    *, tenant: Tenant, customer: Customer, period: Period
) -> list[PendingAdjustment]:
    """Return what finalised earlier periods now rate above (or below) what was billed for them."""
    since = adjustment_lookback_start(period)
    earlier = (
        Invoice.objects.of(tenant)
        .filter(
            customer=customer,
            period_start__gte=since,
            period_start__lt=period.start,
        )
        .order_by("period_start")
    )
    out = []
    for invoice in earlier:
        adjusted = (
            InvoiceAdjustment.objects.of(tenant)
            .filter(adjusted_invoice=invoice)
            .aggregate(total=Sum("amount"))["total"]
        )
        billed = round_money(invoice.period_total + (adjusted or ZERO), invoice.currency)
        earlier_period = Period(invoice.period_start, invoice.period_end)
        rerated = period_rate(
            tenant=tenant, customer=customer, period=earlier_period, attribute=False
        )
        if rerated is None or rerated.invoice.currency != invoice.currency:
            continue
        line = adjustment_line(
            invoiced=billed, rerated=rerated.invoice, on=period, charge_key="adjustment"
        )
        if line is not None:
            out.append(PendingAdjustment(invoice, line))
    return out


@dataclass(frozen=True)
class InvoiceDraft:
    """A customer's invoice for a period as it stands now (a preview, or what finalising writes)."""

    customer: Customer
    period: Period
    currency: str | None
    period_invoice: RatedInvoice | None
    attribution: Attribution | None
    adjustments: Sequence[PendingAdjustment]

    @property
    def lines(self) -> list[InvoiceLine]:
        own = list(self.period_invoice.lines) if self.period_invoice else []
        return own + [a.line for a in self.adjustments]

    @property
    def period_total(self) -> Decimal:
        return self.period_invoice.total if self.period_invoice else ZERO

    @property
    def adjustment_total(self) -> Decimal:
        return sum((a.line.amount for a in self.adjustments), ZERO)

    @property
    def total(self) -> Decimal:
        return self.period_total + self.adjustment_total

    @property
    def recurring_total(self) -> Decimal:
        return self.period_invoice.recurring_total if self.period_invoice else ZERO

    @property
    def usage_total(self) -> Decimal:
        return self.period_invoice.usage_total if self.period_invoice else ZERO


def invoice_draft(*, tenant: Tenant, customer: Customer, period: Period) -> InvoiceDraft:
    """Return the customer's invoice for the period from current usage, with late adjustments."""
    result = period_rate(tenant=tenant, customer=customer, period=period)
    adjustments = pending_adjustments(tenant=tenant, customer=customer, period=period)
    currency = result.invoice.currency if result else None
    if currency is None and adjustments:
        currency = adjustments[0].adjusted_invoice.currency
    adjustments = [a for a in adjustments if a.adjusted_invoice.currency == currency]
    return InvoiceDraft(
        customer=customer,
        period=period,
        currency=currency,
        period_invoice=result.invoice if result else None,
        attribution=result.attribution if result else None,
        adjustments=adjustments,
    )


# ----------------------------------------------------------------------------- invoices


def invoice_list(
    *, tenant: Tenant, customer: Customer | None = None, period_start: date | None = None
) -> QuerySet[Invoice]:
    qs = Invoice.objects.of(tenant).select_related("customer")
    if customer is not None:
        qs = qs.filter(customer=customer)
    if period_start is not None:
        qs = qs.filter(period_start=period_start)
    return qs


def invoice_get(*, tenant: Tenant, invoice_id: str) -> Invoice:
    try:
        return invoice_list(tenant=tenant).get(id=invoice_id)
    except (Invoice.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No invoice with this id.") from exc


# ----------------------------------------------------------------------------- attribution


@dataclass(frozen=True)
class RevenueAttribution:
    """Revenue of a customer's events over a date range, by event pk and by request class."""

    currency: str | None
    total: Decimal  # sum of by_event
    by_event: dict[Hashable, Decimal]
    by_request_class: dict[str, Decimal]
    # Sums of by_event per rollup bucket (request class, model, UTC hour), when asked for.
    by_bucket: dict[Bucket, Decimal]
    unattributed: Decimal
    rated_total: Decimal  # invoice totals (without adjustments) of the whole months
    recurring: Decimal  # flat fees and minimum true-ups within rated_total


def _months(start: date, end: date) -> list[Period]:
    periods = []
    cursor = Period.month(start.year, start.month)
    while cursor.start < end:
        periods.append(cursor)
        cursor = Period.month(cursor.end.year, cursor.end.month)
    return periods


def revenue_attribution(
    *,
    tenant: Tenant,
    customer: Customer,
    period_start: date,
    period_end: date,
    event_quantum: Decimal | None = None,
    with_buckets: bool = False,
) -> RevenueAttribution:
    """Return the revenue of the customer's events in [period_start, period_end), by event and class.

    Every calendar month touching the range is rated whole, from current live events, by
    the subscriptions that cover it, with the same engine as invoices:

    * ``by_event`` maps ``UsageEvent.pk`` to its revenue (Decimal, in ``currency``) for the
      events whose timestamp falls in the range. Usage charges go to the events that
      produced the units (graduated tiers at the marginal rate, volume at the rate reached,
      allowances to the first events of the month); flat fees and minimum true-ups are
      spread over the month's requests pro rata (by ``requests``).
    * ``by_request_class`` sums ``by_event`` per request class; ``total`` sums it all.
    * For whole months, ``total + unattributed`` is exactly the months' rated totals
      (invoice totals without adjustments; late events are included: their revenue is
      what the adjustment line bills). ``unattributed`` is fees of whole months in the
      range that had no request to carry them. ``rated_total`` and ``recurring`` (flat
      fees and minimum true-ups) are the whole months' invoice figures; usage revenue is
      ``rated_total - recurring``.

    Amounts per class are whole minor units; per event they are multiples of
    ``event_quantum`` (default the minor unit, so a $0.009 request shows as 0.00 or 0.01
    while sums stay exact): pass e.g. ``Decimal("0.000001")`` for sub-cent revenue per
    request. ``currency`` is None when no subscription covers the range. With
    ``with_buckets``, ``by_bucket`` sums ``by_event`` per rollup bucket (request class,
    model, UTC hour) of the whole months rated.
    """
    by_event: dict[Hashable, Decimal] = {}
    by_class: dict[str, Decimal] = {}
    unattributed = ZERO
    rated_total = ZERO
    recurring = ZERO
    currency: str | None = None
    buckets: dict[int, Bucket] | None = {} if with_buckets else None
    by_bucket: dict[Bucket, Decimal] = {}
    for month in _months(period_start, period_end):
        result = period_rate(
            tenant=tenant,
            customer=customer,
            period=month,
            event_quantum=event_quantum,
            buckets=buckets,
        )
        if result is None or result.attribution is None:
            continue
        if currency is None:
            currency = result.invoice.currency
        elif currency != result.invoice.currency:
            raise ValueError("The range spans plans in more than one currency; ask per month.")
        partial = month.start < period_start or month.end > period_end
        attribution = result.attribution
        if partial:
            rows = event_rows(
                tenant=tenant,
                customer=customer,
                start=max(month.start, period_start),
                end=min(month.end, period_end),
            )
            for row in rows:
                amount = attribution.by_event.get(row.event_key, ZERO)
                by_event[row.event_key] = by_event.get(row.event_key, ZERO) + amount
                name = row.request_class or ""
                by_class[name] = by_class.get(name, ZERO) + amount
            continue
        for key, amount in attribution.by_event.items():
            by_event[key] = by_event.get(key, ZERO) + amount
            if buckets is not None and amount:
                bucket = buckets[key]  # type: ignore[index]
                by_bucket[bucket] = by_bucket.get(bucket, ZERO) + amount
        for class_name, amount in attribution.by_request_class.items():
            by_class[class_name or ""] = by_class.get(class_name or "", ZERO) + amount
        unattributed += attribution.unattributed
        rated_total += result.invoice.total
        recurring += result.invoice.recurring_total
    total = sum(by_event.values(), ZERO)
    return RevenueAttribution(
        currency=currency,
        total=total,
        by_event=by_event,
        by_request_class=by_class,
        by_bucket=by_bucket,
        unattributed=unattributed,
        rated_total=rated_total,
        recurring=recurring,
    )

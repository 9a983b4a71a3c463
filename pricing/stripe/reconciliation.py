"""Reconciliation: Marginal's usage and invoices beside what Stripe holds, month by month.

Per customer x meter x month, Marginal's total (from the live events, over the days its
subscriptions bill the meter) is compared with Stripe's meter event summaries; for a
closed month, Marginal's finalised invoice total with the Stripe invoices that bill the
month. Each difference is stored with its cause (`StripeDifference`); economics' alerts
raise one alert for each. A later run that no longer finds a difference resolves it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import stripe
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from metering.models import Tenant, UsageEvent
from pricing.models import Invoice, PlanVersion, Subscription
from pricing.rating import Period
from pricing.selectors import rate_plan
from pricing.stripe.connection import StripeReader, connection_require
from pricing.stripe.mapping import MeterSpec, plan_mapping, window_value
from pricing.stripe.models import (
    OutboxStatus,
    StripeDifference,
    StripeInvoice,
    StripeMeterWindow,
    StripeObject,
    StripeOutbox,
    StripeReconciliation,
    StripeUsageMark,
)
from pricing.stripe.secrets import SecretUnreadable
from pricing.stripe.usage import as_decimal
from pricing.usage import _metric_sums

ZERO = Decimal(0)
FINAL_STATUSES = ("open", "paid", "uncollectible")


@dataclass(frozen=True)
class Found:
    kind: str
    customer_id: int | None
    subject: str
    marginal: Decimal | None
    stripe: Decimal | None
    cause: str


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def marginal_meter_totals(*, tenant: Tenant, period: Period) -> dict[tuple[int, str], Decimal]:
    """Return Marginal's usage per (customer pk, meter key) over the days each meter bills."""
    subs = (
        Subscription.objects.of(tenant)
        .filter(start_date__lt=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=period.start))
    )
    versions = {
        v.pk: plan_mapping(rate_plan(v))
        for v in PlanVersion.objects.of(tenant).filter(pk__in={s.plan_version_id for s in subs})
    }
    sums = _metric_sums()
    totals: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for sub in subs:
        meters: list[MeterSpec] = list(versions[sub.plan_version_id].meters)
        if not meters:
            continue
        start = max(sub.start_date, period.start)
        end = period.end if sub.end_date is None else min(sub.end_date, period.end)
        grouped = (
            UsageEvent.objects.of(tenant)
            .filter(
                customer_id=sub.customer_id,
                timestamp__gte=_midnight(start),
                timestamp__lt=_midnight(end),
                voided_at__isnull=True,
            )
            .values("request_class", "model")
            .annotate(**{f"m_{m}": agg for m, agg in sums.items()})  # type: ignore[misc]
            .order_by()
        )
        rows = []
        for raw in grouped:
            r: dict[str, Any] = dict(raw)
            rows.append(
                (r["request_class"], r["model"], {m: as_decimal(r[f"m_{m}"]) for m in sums})
            )
        for meter in meters:
            totals[(sub.customer_id, meter.key)] += window_value(meter, rows)
    return dict(totals)


def _meter_cause(
    tenant: Tenant,
    customer_id: int,
    meter_key: str,
    period: Period,
    marginal: Decimal,
    held: Decimal,
) -> str:
    windows = StripeMeterWindow.objects.of(tenant).filter(
        customer_id=customer_id,
        meter_key=meter_key,
        hour__gte=_midnight(period.start),
        hour__lt=_midnight(period.end),
    )
    subjects = [str(pk) for pk in windows.values_list("pk", flat=True)]
    rows = StripeOutbox.objects.of(tenant).filter(
        operation="meter_window.sync", subject__in=subjects
    )
    if rows.filter(status=OutboxStatus.DEAD).exists():
        return "Meter events of this customer are dead letters: retry them at /v1/integrations/stripe/outbox?status=dead."
    if rows.filter(status=OutboxStatus.PENDING).exists():
        return "Meter events of this customer still wait in the outbox."
    marks = StripeUsageMark.objects.of(tenant).filter(
        customer_id=customer_id, hour__gte=_midnight(period.start), hour__lt=_midnight(period.end)
    )
    if marks.exists():
        return "Usage changed and is not mirrored yet."
    excess = windows.aggregate(total=Sum("uncorrectable"))["total"] or ZERO
    if excess and held - marginal == excess:
        return (
            "Usage voided after Stripe's 24 h correction window: the invoice credits it "
            "with an item."
        )
    return f"Unexplained: Stripe holds {held} and Marginal {marginal}."


def _meter_differences(reader: StripeReader, tenant: Tenant, period: Period) -> list[Found]:
    totals = marginal_meter_totals(tenant=tenant, period=period)
    customers = {
        int(o.local_key): o.stripe_id
        for o in StripeObject.objects.of(tenant).filter(kind=StripeObject.Kind.CUSTOMER)
    }
    meters = {
        o.local_key: o.stripe_id
        for o in StripeObject.objects.of(tenant).filter(kind=StripeObject.Kind.METER)
    }
    found = []
    start, end = int(_midnight(period.start).timestamp()), int(_midnight(period.end).timestamp())
    for (customer_id, meter_key), marginal in sorted(totals.items()):
        customer_stripe = customers.get(customer_id)
        meter_stripe = meters.get(meter_key)
        if customer_stripe is None or meter_stripe is None:
            if marginal:
                found.append(
                    Found(
                        StripeDifference.Kind.METER_USAGE,
                        customer_id,
                        meter_key,
                        marginal,
                        None,
                        "The customer or the meter is not mirrored to Stripe yet.",
                    )
                )
            continue
        summaries = reader.list(
            reader.client.v1.billing.meters.event_summaries.list,
            meter_stripe,
            {"customer": customer_stripe, "start_time": start, "end_time": end, "limit": 100},
        )
        held = sum((Decimal(str(s["aggregated_value"])) for s in summaries), ZERO)
        if held != marginal:
            cause = _meter_cause(tenant, customer_id, meter_key, period, marginal, held)
            found.append(
                Found(
                    StripeDifference.Kind.METER_USAGE, customer_id, meter_key, marginal, held, cause
                )
            )
    return found


def _invoice_differences(tenant: Tenant, period: Period) -> list[Found]:
    found = []
    for invoice in Invoice.objects.of(tenant).filter(period_start=period.start).order_by("pk"):
        billed = StripeInvoice.objects.of(tenant).filter(
            customer_id=invoice.customer_id, period_month=period.start, status__in=FINAL_STATUSES
        )
        if not billed.exists():
            continue
        total = billed.aggregate(total=Sum("total"))["total"] or ZERO
        if total != invoice.total:
            ids = ", ".join(billed.order_by("stripe_id").values_list("stripe_id", flat=True))
            found.append(
                Found(
                    StripeDifference.Kind.INVOICE_TOTAL,
                    invoice.customer_id,
                    str(invoice.pk),
                    invoice.total,
                    total,
                    f"Stripe billed {total} {invoice.currency} ({ids}) for a month Marginal "
                    f"invoiced at {invoice.total}: usage or a change reached Stripe after its "
                    "invoice was drafted.",
                )
            )
    return found


def reconcile(*, tenant: Tenant, month: date, now: datetime | None = None) -> StripeReconciliation:
    """Compare the tenant's month with Stripe; store the differences and the run."""
    now = now or timezone.now()
    connection = connection_require(tenant=tenant)
    period = Period.month(month.year, month.month)
    complete = True
    found: list[Found] = []
    try:
        found += _meter_differences(StripeReader(tenant, connection), tenant, period)
    except (stripe.StripeError, SecretUnreadable):
        complete = False
    found += _invoice_differences(tenant, period)
    with transaction.atomic():
        open_rows = {
            (r.kind, r.customer_id, r.subject, r.marginal_value, r.stripe_value): r
            for r in StripeDifference.objects.of(tenant)
            .select_for_update()
            .filter(month=period.start, resolved_at__isnull=True)
            .exclude(kind=StripeDifference.Kind.METER_ERROR)
        }
        for f in found:
            key = (f.kind, f.customer_id, f.subject, f.marginal, f.stripe)
            row = open_rows.pop(key, None)
            if row is not None:
                if row.cause != f.cause:
                    row.cause = f.cause
                    row.save(update_fields=["cause"])
                continue
            StripeDifference.objects.create(
                tenant=tenant,
                month=period.start,
                kind=f.kind,
                customer_id=f.customer_id,
                subject=f.subject,
                marginal_value=f.marginal,
                stripe_value=f.stripe,
                cause=f.cause,
                found_at=now,
            )
        if complete:
            for row in open_rows.values():
                row.resolved_at = now
                row.save(update_fields=["resolved_at"])
        run, _ = StripeReconciliation.objects.of(tenant).update_or_create(
            tenant=tenant,
            month=period.start,
            defaults={"ran_at": now, "differences": len(found), "complete": complete},
        )
    return run


def reconcile_months(*, today: date) -> list[date]:
    """The months a nightly run compares: this one, and the last until a week into this one."""
    this = today.replace(day=1)
    last = (this - timedelta(days=1)).replace(day=1)
    return [last, this] if today.day <= 7 else [this]


def difference_list(*, tenant: Tenant, month: date) -> list[StripeDifference]:
    """Return the month's open differences, oldest first."""
    return list(
        StripeDifference.objects.of(tenant)
        .filter(month=month, resolved_at__isnull=True)
        .select_related("customer")
        .order_by("found_at", "id")
    )


def reconciliation_get(*, tenant: Tenant, month: date) -> StripeReconciliation | None:
    return StripeReconciliation.objects.of(tenant).filter(month=month).first()

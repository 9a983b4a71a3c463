"""Raw-event retention: whole monthly partitions of the event table dropped, rollups kept.

A month's partition holds every tenant's events of that month, so it goes only when every
tenant with rows in it is past its retention (`Tenant.event_retention_months`, else
settings.EVENT_RETENTION_MONTHS; neither: kept forever), and only when nothing still needs
the raw rows:

- an invoice of that month not finalised yet for a customer subscribed in it, or the month
  still inside the look-back that the next invoices re-rate for adjustments;
- events of the month still pending costing, change notes waiting, or rollup buckets of the
  month waiting for a recompute: the rollups, which are kept, must be final first.

Each refusal is reported in words. A dropped month is one DETACH + DROP (never a DELETE of
rows), audited for every tenant that had rows in it, and moves the tenant's
`events_retired_before` so that no re-cost can rewrite the kept rollups from missing events.
PostgreSQL only: elsewhere the event table is not partitioned and nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from economics.margins.models import DirtyBucket
from metering.audit import Actor, audit_record
from metering.models import CostStatus, EventChange, Tenant, UsageEvent
from metering.partitions import (
    add_months,
    event_partition_drop,
    event_partition_tenants,
    event_partitions_monthly,
    month_start,
)
from pricing.models import Invoice, Subscription
from pricing.rating import Period
from pricing.selectors import adjustment_lookback_start


@dataclass
class PartitionRetention:
    """What retention decided for one monthly partition."""

    partition: str
    month: str  # YYYY-MM
    tenants: int  # with rows in it
    dropped: bool = False
    reasons: list[str] = field(default_factory=list)  # why it is kept; empty: it may go


def retention_months(*, tenant: Tenant) -> int | None:
    """Whole months of raw events the tenant keeps before the current one (None: forever)."""
    if tenant.event_retention_months:
        return tenant.event_retention_months
    return settings.EVENT_RETENTION_MONTHS or None


def events_retire(
    *, now: datetime, actor: Actor, dry_run: bool = False
) -> list[PartitionRetention]:
    """Drop every past month's partition that retention allows; say why each other is kept."""
    current = month_start(now)
    lookback = adjustment_lookback_start(Period(current.date(), add_months(current, 1).date()))
    verdicts = []
    for name, month in event_partitions_monthly(connection):
        end = add_months(month, 1)
        if end > current:
            continue  # the current month and those ahead are never retired
        tenant_ids = event_partition_tenants(connection, name=name)
        tenants = list(Tenant.objects.filter(pk__in=tenant_ids).order_by("name", "pk"))
        verdict = PartitionRetention(partition=name, month=f"{month:%Y-%m}", tenants=len(tenants))
        if not tenants:
            verdict.reasons.append("no events in it: nothing to retire")
        if month.date() >= lookback:
            verdict.reasons.append(
                f"{month:%Y-%m} is still re-rated for adjustments by the next invoices"
            )
        for tenant in tenants:
            verdict.reasons.extend(_tenant_needs(tenant=tenant, month=month, current=current))
        if not verdict.reasons and not dry_run:
            _drop(name=name, month=month, tenants=tenants, actor=actor)
            verdict.dropped = True
        verdicts.append(verdict)
    return verdicts


def _tenant_needs(*, tenant: Tenant, month: datetime, current: datetime) -> list[str]:
    """Why this tenant still needs its raw events of `month` (nothing: it does not)."""
    end = add_months(month, 1)
    keep = retention_months(tenant=tenant)
    if keep is None:
        return [f"tenant {tenant.pk} keeps raw events forever (no retention set)"]
    if end > add_months(current, -keep):
        return [f"tenant {tenant.pk} keeps {keep} months of raw events"]
    reasons = []
    subscribed = (
        Subscription.objects.of(tenant)
        .filter(start_date__lt=end.date())
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=month.date()))
        .values_list("customer_id", flat=True)
    )
    invoiced = Invoice.objects.of(tenant).filter(period_start=month.date())
    open_customers = set(subscribed) - set(invoiced.values_list("customer_id", flat=True))
    if open_customers:
        reasons.append(
            f"tenant {tenant.pk}: {len(open_customers)} invoice(s) of {month:%Y-%m}"
            " not finalised yet"
        )
    events = UsageEvent.objects.of(tenant).filter(timestamp__gte=month, timestamp__lt=end)
    if events.filter(cost_status=CostStatus.PENDING).exists():
        reasons.append(f"tenant {tenant.pk}: events of {month:%Y-%m} still pending costing")
    if EventChange.objects.of(tenant).exists():
        reasons.append(f"tenant {tenant.pk}: change notes wait for the pipeline")
    if DirtyBucket.objects.of(tenant).filter(hour__gte=month, hour__lt=end).exists():
        reasons.append(f"tenant {tenant.pk}: rollups of {month:%Y-%m} wait for a recompute")
    return reasons


def _drop(*, name: str, month: datetime, tenants: list[Tenant], actor: Actor) -> None:
    end = add_months(month, 1)
    with transaction.atomic():
        for tenant in tenants:
            before = tenant.events_retired_before
            if before is None or before < end:
                tenant.events_retired_before = end
                tenant.save(update_fields=["events_retired_before"])
            audit_record(
                tenant=tenant,
                actor=actor,
                action="event_month.retire",
                object_type="event_month",
                object_id=f"{month:%Y-%m}",
                before={"events_retired_before": before},
                after={
                    "events_retired_before": tenant.events_retired_before,
                    "retention_months": retention_months(tenant=tenant),
                },
            )
        event_partition_drop(connection, name=name)

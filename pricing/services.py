"""Writes of the pricing app: plans and versions, subscriptions, invoice finalisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Exists, Max, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from config.errors import Conflict, InvalidInput
from metering.audit import Actor, audit_record, jsonable
from metering.models import Customer, Tenant, UsageEvent
from pricing import selectors
from pricing.charge_specs import charges_from_data, charges_to_data, plain
from pricing.credits import selectors as credits_selectors
from pricing.credits import services as credits_services
from pricing.models import (
    Invoice,
    InvoiceAdjustment,
    Plan,
    PlanVersion,
    Subscription,
    VersionStatus,
)
from pricing.money import normalize_currency
from pricing.rating import InvoiceLine, Period, RatePlan, RatingError
from pricing.stripe import hooks as stripe_hooks

DEFAULT_INVOICE_GRACE_SECONDS = 3600


def _validated_charges(charges: Any) -> list[dict[str, Any]]:
    """Return the normalised JSON of charges, or raise a 400 naming the field path."""
    try:
        return charges_to_data(charges_from_data(charges))
    except RatingError as exc:
        raise InvalidInput.field(exc.field, exc.message) from exc


def _check_plan(currency: str, charges: list[dict[str, Any]]) -> None:
    """Raise a 400 when charges valid alone do not fit the currency (cost-plus needs USD)."""
    try:
        RatePlan(currency, charges_from_data(charges))
    except RatingError as exc:
        raise InvalidInput.field(exc.field, exc.message) from exc


def _validated_currency(currency: str) -> str:
    try:
        return normalize_currency(currency)
    except ValueError as exc:
        raise InvalidInput.field("currency", str(exc)) from exc


# ----------------------------------------------------------------------------- plans


@transaction.atomic
def plan_create(
    *,
    tenant: Tenant,
    code: str,
    name: str,
    currency: str,
    charges: list[dict[str, Any]],
    description: str = "",
) -> PlanVersion:
    """Create a plan and its first version, as a draft; return the version."""
    currency = _validated_currency(currency)
    normalised = _validated_charges(charges)
    _check_plan(currency, normalised)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(tenant=tenant, code=code, name=name, description=description)
    except IntegrityError as exc:
        raise Conflict(f"A plan with plan_id '{code}' already exists.") from exc
    return PlanVersion.objects.create(
        tenant=tenant, plan=plan, version=1, currency=currency, charges=normalised
    )


@transaction.atomic
def plan_version_create(
    *,
    tenant: Tenant,
    plan: Plan,
    currency: str | None = None,
    charges: list[dict[str, Any]] | None = None,
) -> PlanVersion:
    """Start a new draft version, copying the latest version's fields that are not given."""
    Plan.objects.of(tenant).select_for_update().filter(pk=plan.pk).get()
    latest = PlanVersion.objects.of(tenant).filter(plan=plan).order_by("-version").first()
    if currency is None and latest is None:
        raise InvalidInput.field("currency", "This field is required.")
    if charges is None and latest is None:
        raise InvalidInput.field("charges", "This field is required.")
    number = (
        PlanVersion.objects.of(tenant).filter(plan=plan).aggregate(n=Max("version"))["n"] or 0
    ) + 1
    currency = _validated_currency(currency) if currency else latest.currency  # type: ignore[union-attr]
    data = _validated_charges(charges) if charges is not None else latest.charges  # type: ignore[union-attr]
    _check_plan(currency, data)
    return PlanVersion.objects.create(
        tenant=tenant, plan=plan, version=number, currency=currency, charges=data
    )


def _version_ref(version: PlanVersion) -> str:
    """How the audit log names a version: its path under /v1/plans/."""
    return f"{version.plan.code}/versions/{version.version}"


def _version_state(version: PlanVersion) -> dict[str, Any]:
    return jsonable(
        {
            "status": version.status,
            "currency": version.currency,
            "charges": version.charges,
            "published_at": version.published_at,
            "retired_at": version.retired_at,
        }
    )


def _subscription_state(sub: Subscription) -> dict[str, Any]:
    return jsonable(
        {
            "id": sub.id,
            "customer_id": sub.customer.external_id,
            "plan_id": sub.plan_version.plan.code,
            "version": sub.plan_version.version,
            "start_date": sub.start_date,
            "end_date": sub.end_date,
        }
    )


def _refuse_unless_draft(version: PlanVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise Conflict(
            f"Version {version.version} of plan '{version.plan.code}' is {version.status} "
            "and cannot change; create a new version instead."
        )


@transaction.atomic
def plan_version_update(
    *,
    tenant: Tenant,
    version: PlanVersion,
    currency: str | None = None,
    charges: list[dict[str, Any]] | None = None,
) -> PlanVersion:
    """Edit a draft version; a published or retired version is a 409."""
    version = (
        PlanVersion.objects.of(tenant).select_for_update().select_related("plan").get(pk=version.pk)
    )
    _refuse_unless_draft(version)
    fields = []
    if currency is not None:
        version.currency = _validated_currency(currency)
        fields.append("currency")
    if charges is not None:
        version.charges = _validated_charges(charges)
        fields.append("charges")
    if fields:
        _check_plan(version.currency, version.charges)
        version.save(update_fields=fields)
    return version


@transaction.atomic
def plan_version_publish(*, tenant: Tenant, version: PlanVersion, actor: Actor) -> PlanVersion:
    """Publish a draft version: from now on it can be subscribed to and never changes."""
    version = (
        PlanVersion.objects.of(tenant).select_for_update().select_related("plan").get(pk=version.pk)
    )
    _refuse_unless_draft(version)
    _validated_charges(version.charges)
    before = _version_state(version)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="plan_version.publish",
        object_type="plan_version",
        object_id=_version_ref(version),
        before=before,
        after=_version_state(version),
    )
    stripe_hooks.plan_version_published(tenant=tenant, version=version)
    return version


@transaction.atomic
def plan_version_retire(*, tenant: Tenant, version: PlanVersion, actor: Actor) -> PlanVersion:
    """Retire a published version: no new subscriptions; existing ones keep being billed."""
    version = (
        PlanVersion.objects.of(tenant).select_for_update().select_related("plan").get(pk=version.pk)
    )
    if version.status != VersionStatus.PUBLISHED:
        raise Conflict(
            f"Version {version.version} of plan '{version.plan.code}' is {version.status}; "
            "only a published version can be retired."
        )
    before = _version_state(version)
    version.status = VersionStatus.RETIRED
    version.retired_at = timezone.now()
    version.save(update_fields=["status", "retired_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="plan_version.retire",
        object_type="plan_version",
        object_id=_version_ref(version),
        before=before,
        after=_version_state(version),
    )
    return version


def next_period_start(day: date) -> date:
    """Return the first day of the month after `day`."""
    return Period.month(day.year, day.month).end


@dataclass(frozen=True)
class MigrationResult:
    target: PlanVersion
    effective_date: date
    migrated: list[Subscription]


@transaction.atomic
def plan_version_migrate(
    *,
    tenant: Tenant,
    target: PlanVersion,
    actor: Actor,
    from_version: int | None = None,
    at: Literal["next_period", "now"] = "next_period",
    today: date | None = None,
) -> MigrationResult:
    """Move subscriptions on older versions of the plan to `target`.

    ``at="next_period"`` switches them on the first day of next month; ``"now"`` today,
    so the current period is prorated by day across both versions.
    """
    if target.status != VersionStatus.PUBLISHED:
        raise Conflict(f"Version {target.version} is {target.status}; publish it before migrating.")
    today = today or timezone.now().date()
    effective = today if at == "now" else next_period_start(today)
    if effective.day != 1 and (
        PlanVersion.objects.of(tenant)
        .filter(plan=target.plan, version__lt=target.version)
        .exclude(currency=target.currency)
        .exists()
    ):
        raise InvalidInput.field(
            "at", "Older versions bill in another currency: migrate at next_period."
        )
    sources = PlanVersion.objects.of(tenant).filter(plan=target.plan, version__lt=target.version)
    if from_version is not None:
        if from_version >= target.version:
            raise InvalidInput.field(
                "from_version", f"Must be older than version {target.version}."
            )
        sources = sources.filter(version=from_version)
    candidates = (
        Subscription.objects.of(tenant)
        .select_for_update(of=("self",))
        .select_related("customer", "plan_version__plan")
        .filter(plan_version__in=sources)
        .exclude(end_date__lte=effective)
        .order_by("start_date", "id")
    )
    migrated = []
    before, after = [], []
    for sub in candidates:
        before.append(_subscription_state(sub))
        if sub.start_date >= effective:
            sub.plan_version = target
            sub.save(update_fields=["plan_version", "updated_at"])
            stripe_hooks.subscription_changed(tenant=tenant, subscription=sub)
            migrated.append(sub)
            after.append(_subscription_state(sub))
            continue
        successor = Subscription.objects.create(
            tenant=tenant,
            customer=sub.customer,
            plan_version=target,
            start_date=effective,
            end_date=sub.end_date,
        )
        sub.end_date = effective
        sub.save(update_fields=["end_date", "updated_at"])
        stripe_hooks.subscription_changed(tenant=tenant, subscription=sub)
        stripe_hooks.subscription_changed(tenant=tenant, subscription=successor)
        migrated.append(successor)
        after.extend([_subscription_state(sub), _subscription_state(successor)])
    if migrated:
        audit_record(
            tenant=tenant,
            actor=actor,
            action="plan_version.migrate",
            object_type="plan_version",
            object_id=_version_ref(target),
            before={"subscriptions": before},
            after={"at": at, "effective_date": effective.isoformat(), "subscriptions": after},
        )
    return MigrationResult(target=target, effective_date=effective, migrated=migrated)


# ----------------------------------------------------------------------------- subscriptions


def _refuse_unpublished(version: PlanVersion, field: str = "version") -> None:
    if version.status != VersionStatus.PUBLISHED:
        raise InvalidInput.field(
            field,
            f"Version {version.version} is {version.status}; subscribe to a published version.",
        )


def _refuse_overlap(
    *,
    tenant: Tenant,
    customer: Customer,
    start: date,
    end: date | None,
    ignore: Subscription | None = None,
) -> None:
    overlapping = selectors.subscriptions_overlapping(
        tenant=tenant, customer=customer, start=start, end=end
    )
    if ignore is not None:
        overlapping = overlapping.exclude(pk=ignore.pk)
    clash = overlapping.first()
    if clash is not None:
        raise Conflict(
            f"Customer '{customer.external_id}' already has subscription {clash.id} from "
            f"{clash.start_date} to {clash.end_date or 'open end'}; change or end it instead."
        )


def _refuse_currency_switch_mid_period(
    *, tenant: Tenant, customer: Customer, version: PlanVersion, start: date, end: date | None
) -> None:
    """Refuse a subscription that would share a monthly period with one in another currency.

    A period is invoiced in one currency, so a currency may change only on the 1st.
    """
    spans = []
    if start.day != 1:
        spans.append((Period.month(start.year, start.month).start, start))
    if end is not None and end.day != 1:
        spans.append((end, Period.month(end.year, end.month).end))
    for span_start, span_end in spans:
        neighbours = selectors.subscriptions_overlapping(
            tenant=tenant, customer=customer, start=span_start, end=span_end
        ).exclude(plan_version__currency=version.currency)
        clash = neighbours.first()
        if clash is not None:
            raise InvalidInput.field(
                "version",
                f"Version {version.version} bills in {version.currency} but subscription "
                f"{clash.id} bills the same month in {clash.plan_version.currency}; "
                "change currency on the first day of a month.",
            )


def _lock_customer(tenant: Tenant, customer: Customer) -> None:
    # Serialise subscription writes per customer, so two requests cannot both pass the
    # overlap check.
    Customer.objects.of(tenant).select_for_update().filter(pk=customer.pk).get()


@transaction.atomic
def subscription_create(
    *,
    tenant: Tenant,
    customer: Customer,
    plan_version: PlanVersion,
    start_date: date,
    actor: Actor,
    end_date: date | None = None,
) -> Subscription:
    """Subscribe a customer to a published plan version over [start_date, end_date)."""
    _refuse_unpublished(plan_version)
    if end_date is not None and end_date <= start_date:
        raise InvalidInput.field("end_date", "Must be after start_date.")
    _lock_customer(tenant, customer)
    _refuse_overlap(tenant=tenant, customer=customer, start=start_date, end=end_date)
    _refuse_currency_switch_mid_period(
        tenant=tenant, customer=customer, version=plan_version, start=start_date, end=end_date
    )
    sub = Subscription.objects.create(
        tenant=tenant,
        customer=customer,
        plan_version=plan_version,
        start_date=start_date,
        end_date=end_date,
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="subscription.create",
        object_type="subscription",
        object_id=sub.id,
        after=_subscription_state(sub),
    )
    stripe_hooks.subscription_changed(tenant=tenant, subscription=sub)
    return sub


@transaction.atomic
def subscription_change(
    *,
    tenant: Tenant,
    subscription: Subscription,
    plan_version: PlanVersion,
    effective_date: date,
    actor: Actor,
) -> Subscription:
    """End a subscription on `effective_date` and start the new version then (prorated by day)."""
    _refuse_unpublished(plan_version)
    _lock_customer(tenant, subscription.customer)
    sub = (
        Subscription.objects.of(tenant)
        .select_for_update(of=("self",))
        .select_related("customer", "plan_version__plan")
        .get(pk=subscription.pk)
    )
    if effective_date <= sub.start_date:
        raise InvalidInput.field(
            "effective_date", f"Must be after the start date {sub.start_date}."
        )
    if sub.end_date is not None and effective_date >= sub.end_date:
        raise InvalidInput.field("effective_date", f"Must be before the end date {sub.end_date}.")
    _refuse_currency_switch_mid_period(
        tenant=tenant,
        customer=subscription.customer,
        version=plan_version,
        start=effective_date,
        end=sub.end_date,
    )
    before = _subscription_state(sub)
    successor = Subscription.objects.create(
        tenant=tenant,
        customer=sub.customer,
        plan_version=plan_version,
        start_date=effective_date,
        end_date=sub.end_date,
    )
    sub.end_date = effective_date
    sub.save(update_fields=["end_date", "updated_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="subscription.change",
        object_type="subscription",
        object_id=sub.id,
        before=before,
        after={**_subscription_state(sub), "successor": _subscription_state(successor)},
    )
    stripe_hooks.subscription_changed(tenant=tenant, subscription=sub)
    stripe_hooks.subscription_changed(tenant=tenant, subscription=successor)
    return successor


@transaction.atomic
def subscription_cancel(
    *, tenant: Tenant, subscription: Subscription, end_date: date, actor: Actor
) -> Subscription:
    """End a subscription on `end_date` (exclusive); the last period's fee is prorated."""
    sub = (
        Subscription.objects.of(tenant)
        .select_for_update(of=("self",))
        .select_related("customer", "plan_version__plan")
        .get(pk=subscription.pk)
    )
    if end_date <= sub.start_date:
        raise InvalidInput.field("end_date", f"Must be after the start date {sub.start_date}.")
    if sub.end_date is not None and end_date > sub.end_date:
        raise InvalidInput.field("end_date", f"The subscription already ends on {sub.end_date}.")
    if sub.end_date == end_date:
        return sub  # already ends then: nothing changes
    before = _subscription_state(sub)
    sub.end_date = end_date
    sub.save(update_fields=["end_date", "updated_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="subscription.cancel",
        object_type="subscription",
        object_id=sub.id,
        before=before,
        after=_subscription_state(sub),
    )
    stripe_hooks.subscription_changed(tenant=tenant, subscription=sub)
    return sub


# ----------------------------------------------------------------------------- invoices


def line_data(line: InvoiceLine) -> dict[str, Any]:
    """Return the stored (and API) shape of an invoice line; decimals as strings."""
    return {
        "charge_key": line.charge_key,
        "kind": line.kind,
        "description": line.description,
        "quantity": format(plain(line.quantity), "f"),
        "unit_price": format(plain(line.unit_price), "f"),
        "amount": format(line.amount, "f"),
        "period_start": line.period_start.isoformat(),
        "period_end": line.period_end.isoformat(),
        "proration": line.proration,
        "tier": line.tier,
    }


def invoice_grace() -> timedelta:
    """Return how long after a period ends its invoice waits for late events."""
    seconds = getattr(settings, "PRICING_INVOICE_GRACE_SECONDS", DEFAULT_INVOICE_GRACE_SECONDS)
    return timedelta(seconds=int(seconds))


def invoice_finalize(
    *, tenant: Tenant, customer: Customer, period: Period, now: datetime | None = None
) -> Invoice | None:
    """Write the customer's immutable invoice for a closed period; running it twice writes once.

    Returns None when nothing covers the period (no subscription and no adjustment due).
    """
    now = now or timezone.now()
    existing = (
        Invoice.objects.of(tenant).filter(customer=customer, period_start=period.start).first()
    )
    if existing is not None:
        return existing
    draft = selectors.invoice_draft(tenant=tenant, customer=customer, period=period)
    if draft.currency is None:
        return None
    by_class = draft.attribution.by_request_class if draft.attribution else {}
    applied = credits_selectors.credits_applied(
        tenant=tenant, customer=customer, currency=draft.currency, period=period, now=now
    )
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                tenant=tenant,
                customer=customer,
                period_start=period.start,
                period_end=period.end,
                currency=draft.currency,
                lines=[line_data(ln) for ln in draft.lines],
                period_total=draft.period_total,
                adjustment_total=draft.adjustment_total,
                total=draft.total,
                recurring_total=draft.recurring_total,
                usage_total=draft.usage_total,
                revenue_by_request_class={
                    (name or ""): format(amount, "f")
                    for name, amount in sorted(by_class.items(), key=lambda kv: kv[0] or "")
                },
                unattributed=draft.attribution.unattributed if draft.attribution else Decimal(0),
                credits_applied=applied,
                finalized_at=now,
            )
            if applied:
                credits_services.credits_sync(
                    tenant=tenant, customer=customer, currency=draft.currency, now=now
                )
            InvoiceAdjustment.objects.bulk_create(
                InvoiceAdjustment(
                    tenant=tenant,
                    invoice=invoice,
                    adjusted_invoice=adj.adjusted_invoice,
                    amount=adj.line.amount,
                )
                for adj in draft.adjustments
            )
    except IntegrityError:
        # Another worker finalised the same period first: keep theirs.
        return Invoice.objects.of(tenant).get(customer=customer, period_start=period.start)
    return invoice


def last_closed_period(now: datetime) -> Period | None:
    """Return the latest monthly period whose grace time has passed at `now`."""
    today = now.date()
    current = Period.month(today.year, today.month)
    previous_end = current.start
    previous = Period((previous_end - timedelta(days=1)).replace(day=1), previous_end)
    closes_at = datetime.combine(previous.end, time.min, tzinfo=UTC) + invoice_grace()
    return previous if now >= closes_at else None


def invoices_due(*, now: datetime) -> tuple[Period | None, list[tuple[UUID, int]]]:
    """Return the last closed period and the (tenant id, customer pk) pairs still to invoice."""
    period = last_closed_period(now)
    if period is None:
        return None, []
    # Every tenant's customers; the subqueries are correlated on the outer row's tenant.
    invoiced = Invoice.objects.cross_tenant(reason="beat: invoices due for every tenant").filter(
        tenant_id=OuterRef("tenant_id"),
        customer_id=OuterRef("customer_id"),
        period_start=period.start,
    )
    due = (
        Subscription.objects.cross_tenant(reason="beat: invoices due for every tenant")
        .filter(start_date__lt=period.end)
        .exclude(end_date__lte=period.start)
        .exclude(Exists(invoiced))
        .values_list("tenant_id", "customer_id")
        .order_by("tenant_id", "customer_id")
        .distinct()
    )
    # Customers no longer subscribed still owe (or are owed) for late changes to a period
    # already invoiced: an event received, or voided, after that invoice was finalised.
    changed_late = (
        UsageEvent.objects.cross_tenant(reason="beat: invoices due for every tenant")
        .filter(
            tenant_id=OuterRef("tenant_id"),
            customer_id=OuterRef("customer_id"),
            timestamp__gte=Cast(OuterRef("period_start"), DateTimeField()),
            timestamp__lt=Cast(OuterRef("period_end"), DateTimeField()),
        )
        .filter(
            Q(received_at__gt=OuterRef("finalized_at")) | Q(voided_at__gt=OuterRef("finalized_at"))
        )
    )
    owing = (
        Invoice.objects.cross_tenant(reason="beat: invoices due for every tenant")
        .filter(
            period_start__gte=selectors.adjustment_lookback_start(period),
            period_start__lt=period.start,
        )
        .filter(Exists(changed_late))
        .exclude(Exists(invoiced))
        .values_list("tenant_id", "customer_id")
        .distinct()
    )
    return period, sorted(set(due) | set(owing))


def invoice_finalize_for(
    *, tenant: Tenant, customer_id: int, period_start: date, now: datetime | None = None
) -> Invoice | None:
    """Finalise one customer's invoice given its pk and period (what the Celery task receives)."""
    customer = Customer.objects.of(tenant).get(pk=customer_id)
    period = Period.month(period_start.year, period_start.month)
    return invoice_finalize(tenant=tenant, customer=customer, period=period, now=now)

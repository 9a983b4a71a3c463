"""Reads of prepaid credits: the burn-down of a customer's grants by their rated usage."""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Min, Q, QuerySet, Sum

from config.errors import NotFound
from metering.models import Customer, Tenant, UsageEvent
from pricing.credits.burn import Burn, Draw, Grant, burn
from pricing.credits.models import (
    Authorization,
    AutoTopUp,
    AutoTopUpRule,
    Budget,
    CreditAccount,
    CreditAlertSettings,
    CreditEntry,
    CreditGrant,
    HoldStatus,
)
from pricing.models import Subscription
from pricing.rating import Period
from pricing.selectors import period_rate
from pricing.usage import day_start

ZERO = Decimal(0)


def credit_grant_list(*, tenant: Tenant, customer: Customer) -> QuerySet[CreditGrant]:
    return CreditGrant.objects.of(tenant).filter(customer=customer)


def credit_grants_ordered(
    *, tenant: Tenant, customer: Customer, currency: str | None = None
) -> QuerySet[CreditGrant]:
    """Return the customer's grants in draw order of priority, then start."""
    qs = credit_grant_list(tenant=tenant, customer=customer)
    if currency is not None:
        qs = qs.filter(currency=currency)
    return qs.order_by("priority", "effective_at", "created_at")


def credit_currencies(*, tenant: Tenant, customer: Customer) -> list[str]:
    """Return the currencies the customer has grants in."""
    qs = credit_grant_list(tenant=tenant, customer=customer).values_list("currency", flat=True)
    return sorted(set(qs))


def credit_entries(*, tenant: Tenant, customer: Customer, currency: str) -> QuerySet[CreditEntry]:
    """Return the customer's ledger in a currency, oldest first."""
    return (
        CreditEntry.objects.of(tenant)
        .filter(customer=customer, grant__currency=currency)
        .order_by("id")
    )


def credit_grant_get(*, tenant: Tenant, grant_id: str) -> CreditGrant:
    try:
        return CreditGrant.objects.of(tenant).select_related("customer").get(pk=grant_id)
    except (CreditGrant.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No credit grant with this id.") from exc


def grants_of(*, tenant: Tenant, customer: Customer, currency: str) -> list[Grant]:
    """Return the customer's grants in a currency as the burn-down reads them."""
    return [
        Grant(
            id=g.pk,
            amount=g.amount,
            effective_at=g.effective_at,
            priority=g.priority,
            expires_at=g.expires_at,
            voided_at=g.voided_at,
        )
        for g in credit_grant_list(tenant=tenant, customer=customer)
        .filter(currency=currency)
        .order_by("priority", "effective_at", "created_at")
    ]


def usage_draws(
    *, tenant: Tenant, customer: Customer, currency: str, since: datetime, until: datetime
) -> list[Draw]:
    """Return what the customer's rated usage of [since's month, until) draws, event by event.

    Each live event draws the revenue attributed to it (its usage charges and its share of
    the period's fees), at its timestamp; fees of a month without requests draw at the
    month's start. Months rated in another currency draw nothing from these credits.
    """
    draws: list[Draw] = []
    first = _first_billable(tenant=tenant, customer=customer)
    if first is None:
        return draws
    # Months before the customer's first subscription or event bill nothing: a grant
    # backdated by years costs no more than the customer's own history.
    month = max(since.astimezone(UTC).date(), first).replace(day=1)
    while day_start(month) < until:
        period = Period.month(month.year, month.month)
        result = period_rate(tenant=tenant, customer=customer, period=period)
        month = period.end
        if result is None or result.invoice.currency != currency or result.attribution is None:
            continue
        by_event = result.attribution.by_event
        stamps = dict(
            UsageEvent.objects.of(tenant)
            .filter(pk__in=list(by_event), timestamp__gte=day_start(period.start))
            .filter(timestamp__lt=day_start(period.end))
            .values_list("pk", "timestamp")
        )
        for pk, amount in by_event.items():
            if amount > 0:
                draws.append(Draw(stamps[pk], amount, ("event", pk)))  # type: ignore[index]
        if result.attribution.unattributed > 0:
            key: Hashable = ("fees", period.start.isoformat())
            draws.append(Draw(day_start(period.start), result.attribution.unattributed, key))
    return draws


def _first_billable(*, tenant: Tenant, customer: Customer) -> date | None:
    """The first day the customer had a subscription or an event (None: neither yet)."""
    starts = [
        Subscription.objects.of(tenant)
        .filter(customer=customer)
        .aggregate(first=Min("start_date"))["first"],
        UsageEvent.objects.of(tenant)
        .filter(customer=customer)
        .aggregate(first=Min("timestamp"))["first"],
    ]
    days = [d.astimezone(UTC).date() if isinstance(d, datetime) else d for d in starts if d]
    return min(days) if days else None


def credits_burn(
    *, tenant: Tenant, customer: Customer, currency: str, until: datetime
) -> Burn | None:
    """Return the burn-down of the customer's grants in a currency up to `until` (None: none)."""
    grants = grants_of(tenant=tenant, customer=customer, currency=currency)
    if not grants:
        return None
    since = min(g.effective_at for g in grants)
    draws = usage_draws(
        tenant=tenant, customer=customer, currency=currency, since=since, until=until
    )
    return burn(grants, draws, until=until)


def available_now(b: Burn, now: datetime) -> Decimal:
    """Return the credits of grants in force at `now` (not those that start later)."""
    return sum((s.remaining for s in b.grants.values() if s.grant.effective_at <= now), ZERO)


def credits_applied(
    *, tenant: Tenant, customer: Customer, currency: str | None, period: Period, now: datetime
) -> Decimal:
    """Return the credits the period's usage drew (what an invoice shows as credits applied)."""
    if currency is None:
        return ZERO
    end = day_start(period.end)
    b = credits_burn(tenant=tenant, customer=customer, currency=currency, until=min(now, end))
    return ZERO if b is None else b.covered_between(day_start(period.start), end)


@dataclass(frozen=True)
class Balance:
    currency: str
    burn: Burn
    available: Decimal  # of grants in force now
    held: Decimal  # reserved by open authorisations
    as_of: datetime


def account_get(*, tenant: Tenant, customer: Customer, currency: str) -> CreditAccount | None:
    return CreditAccount.objects.of(tenant).filter(customer=customer, currency=currency).first()


def budget_list(*, tenant: Tenant, customer: Customer | None = None) -> QuerySet[Budget]:
    qs = Budget.objects.of(tenant).select_related("customer").order_by("created_at", "id")
    return qs if customer is None else qs.filter(customer=customer)


def budget_get(*, tenant: Tenant, budget_id: str) -> Budget:
    try:
        return budget_list(tenant=tenant).get(pk=budget_id)
    except (Budget.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No budget with this id.") from exc


def authorization_get(*, tenant: Tenant, authorization_id: str) -> Authorization:
    try:
        return Authorization.objects.of(tenant).select_related("customer").get(pk=authorization_id)
    except (Authorization.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No authorization with this id.") from exc


def event_revenue(*, tenant: Tenant, event: UsageEvent) -> Decimal:
    """Return what the rating engine attributes to one event (its usage and share of fees)."""
    moment = event.timestamp.astimezone(UTC)
    period = Period.month(moment.year, moment.month)
    result = period_rate(tenant=tenant, customer=event.customer, period=period)
    if result is None or result.attribution is None:
        return ZERO
    return result.attribution.by_event.get(event.pk, ZERO)


# The usage event property that names the hold the event settles.
AUTHORIZATION_PROPERTY = "authorization_id"


def unauthorised_usage(
    *, tenant: Tenant, customer: Customer, month: date
) -> dict[str, tuple[Decimal, Decimal]]:
    """Return the month's rated usage naming no hold of the customer, per request class.

    (revenue, cost) per class: each live event's attributed revenue (its usage charges and
    share of the month's fees, what it draws from credits) and its ``cost_total``. Events
    that name one of the customer's holds (``properties.authorization_id``) are left out:
    settling the hold counts them (a released hold settles nothing, so its event counts here).
    """
    period = Period.month(month.year, month.month)
    events = list(
        UsageEvent.objects.of(tenant)
        .filter(customer=customer, voided_at__isnull=True)
        .filter(timestamp__gte=day_start(period.start), timestamp__lt=day_start(period.end))
        .values_list("pk", "request_class", "cost_total", "properties")
    )
    if not events:
        return {}
    named = {
        str((props or {}).get(AUTHORIZATION_PROPERTY))
        for _, _, _, props in events
        if (props or {}).get(AUTHORIZATION_PROPERTY) is not None
    }
    holds = {
        str(pk)
        for pk in Authorization.objects.of(tenant)
        .filter(customer=customer, pk__in=[i for i in named if is_uuid(i)])
        .exclude(status=HoldStatus.RELEASED)  # released: the request was said not to run
        .values_list("pk", flat=True)
    }
    result = period_rate(tenant=tenant, customer=customer, period=period)
    by_event = {} if result is None or result.attribution is None else result.attribution.by_event
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for pk, request_class, cost, props in events:
        if str((props or {}).get(AUTHORIZATION_PROPERTY)) in holds:
            continue
        revenue, spent = out.get(request_class, (ZERO, ZERO))
        out[request_class] = (revenue + by_event.get(pk, ZERO), spent + (cost or ZERO))
    return out


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def month_start(moment: datetime) -> date:
    return moment.astimezone(UTC).date().replace(day=1)


# ----------------------------------------------------------------------------- alert settings

DEFAULT_RUNNING_OUT_DAYS = Decimal(7)


@dataclass(frozen=True)
class AlertThresholds:
    """The credit alert thresholds in force for a customer (None: that alert is off)."""

    source: str  # "customer", "tenant" or "default"
    balance_below: Decimal | None = None
    balance_below_percent: Decimal | None = None
    running_out_days: Decimal | None = DEFAULT_RUNNING_OUT_DAYS
    projected_invoice_above: Decimal | None = None


BUILT_IN = AlertThresholds(source="default")


def _thresholds(row: CreditAlertSettings, source: str) -> AlertThresholds:
    return AlertThresholds(
        source=source,
        balance_below=row.balance_below,
        balance_below_percent=row.balance_below_percent,
        running_out_days=row.running_out_days,
        projected_invoice_above=row.projected_invoice_above,
    )


@dataclass(frozen=True)
class AllAlertSettings:
    default: AlertThresholds
    by_customer: dict[int, AlertThresholds]

    def effective(self, customer_id: int) -> AlertThresholds:
        """A customer's own settings, else the tenant's default, else the built-in one."""
        return self.by_customer.get(customer_id, self.default)

    def projects_invoices(self) -> bool:
        every = [self.default, *self.by_customer.values()]
        return any(t.projected_invoice_above is not None for t in every)


def credit_alert_settings_all(*, tenant: Tenant) -> AllAlertSettings:
    """Return the tenant's default and every customer's own credit alert settings."""
    default = BUILT_IN
    by_customer: dict[int, AlertThresholds] = {}
    for row in CreditAlertSettings.objects.of(tenant):
        if row.customer_id is None:
            default = _thresholds(row, "tenant")
        else:
            by_customer[row.customer_id] = _thresholds(row, "customer")
    return AllAlertSettings(default, by_customer)


def credit_alert_settings_get(*, tenant: Tenant, customer: Customer | None) -> AlertThresholds:
    """Return the thresholds in force for a customer (or the tenant's default: no customer)."""
    rows = CreditAlertSettings.objects.of(tenant)
    if customer is not None:
        own = rows.filter(customer=customer).first()
        if own is not None:
            return _thresholds(own, "customer")
    default = rows.filter(customer__isnull=True).first()
    return BUILT_IN if default is None else _thresholds(default, "tenant")


def latest_grant_id(*, tenant: Tenant, customer: Customer, currency: str) -> str:
    """Return the id of the customer's newest grant in a currency ("" if none)."""
    grant = (
        credit_grant_list(tenant=tenant, customer=customer)
        .filter(currency=currency)
        .order_by("-created_at", "-pk")
        .first()
    )
    return "" if grant is None else str(grant.pk)


def granted_in_force(*, tenant: Tenant, customer: Customer, currency: str, at: datetime) -> Decimal:
    """Return the amount granted by the customer's grants in force at `at` (not drawn off)."""
    total = (
        credit_grant_list(tenant=tenant, customer=customer)
        .filter(currency=currency, effective_at__lte=at, voided_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


# ----------------------------------------------------------------------------- auto top-up


def auto_top_up_get(*, tenant: Tenant, customer: Customer) -> AutoTopUpRule:
    rule = AutoTopUpRule.objects.of(tenant).filter(customer=customer).order_by("currency").first()
    if rule is None:
        raise NotFound("This customer has no auto top-up rule.")
    return rule


def auto_top_ups(*, tenant: Tenant, rule: AutoTopUpRule) -> QuerySet[AutoTopUp]:
    """Return the top-ups a rule made, newest first."""
    return (
        AutoTopUp.objects.of(tenant)
        .filter(rule=rule)
        .select_related("grant")
        .order_by("-created_at")
    )

"""Prepaid credits (grants, the ledger, the balance counter) and guardrails (budgets, holds).

Imported by pricing.models so Django registers them (app label ``pricing``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q

from metering.models import Customer, Tenant
from metering.tenancy import TenantOwnedModel


def _money(**kwargs: Any) -> models.DecimalField:
    """An amount in the grant's (or account's) currency, 10 places: a hold for one request
    can be a fraction of a cent."""
    return models.DecimalField(max_digits=24, decimal_places=10, **kwargs)


class GrantKind(models.TextChoices):
    PAID = "paid", "Paid"
    PROMOTIONAL = "promotional", "Promotional"


class CreditGrant(TenantOwnedModel):
    """Credits given to a customer: in force from effective_at until expires_at (or a void)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=GrantKind.choices)
    currency = models.CharField(max_length=3)  # ISO 4217
    credits = _money()  # in `unit`
    unit = models.CharField(max_length=32, blank=True, default="")  # "" = the currency
    unit_rate = _money(default=1)  # currency per credit unit
    amount = _money()  # currency: credits x unit_rate
    priority = models.PositiveIntegerField(default=100)  # lower draws first
    effective_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True, default="")
    # The client's Idempotency-Key: a retried grant returns the first one.
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="creditgrant_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("effective_at")),
                name="creditgrant_expires_after_effective",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "customer", "effective_at"], name="creditgrant_cust")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} for {self.customer_id}"


class EntryKind(models.TextChoices):
    GRANT = "grant", "Grant"
    DRAW = "draw", "Draw"  # negative: rated usage took credits
    EXPIRY = "expiry", "Expiry"  # negative: the remainder lapsed
    VOID = "void", "Void"  # negative: the remainder was withdrawn


class CreditEntry(TenantOwnedModel):
    """One append-only line of a customer's credit ledger; never updated or deleted.

    Draws are kept as running corrections per grant: when rated usage changes (a late event,
    a void or an amendment) the next sync appends the difference, positive or negative.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    grant = models.ForeignKey(CreditGrant, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    amount = _money()  # currency; + adds credits, - takes them
    occurred_at = models.DateTimeField()  # the instant it applies to (expiry, void, sync)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "customer", "id"], name="creditentry_cust")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class CreditAccount(TenantOwnedModel):
    """A customer's credit balance in one currency: the ledger's sum, and what holds reserve.

    `balance` changes only in the transaction that appends ledger entries; authorisations
    lock this row (or update it conditionally), so two of them cannot spend the same credit.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    balance = _money(default=0)
    held = _money(default=0)  # open holds
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "currency"], name="creditaccount_uniq"
            ),
            models.CheckConstraint(condition=Q(held__gte=0), name="creditaccount_held_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.balance} {self.currency}"


class BudgetMeasure(models.TextChoices):
    SPEND = "spend", "Spend (revenue, the plan's currency)"
    COST = "cost", "Our cost (USD)"
    MARGIN = "margin", "Margin floor (percent)"


def default_alert_percents() -> list[str]:
    return ["80", "100"]


class Budget(TenantOwnedModel):
    """A monthly cap (spend or cost) or margin floor of a customer, optionally narrowed.

    `request_class` and `tag` ("" = any) narrow what the budget counts. Counters are per
    month (`period_start`) and roll over on the first authorisation of a new month. They
    count settled holds and, in budgets without a tag, the month's rated usage that names no
    hold (an event carries no tag).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(max_length=16, choices=BudgetMeasure.choices)
    request_class = models.CharField(max_length=64, blank=True, default="")
    tag = models.CharField(max_length=128, blank=True, default="")  # an end user or team
    limit = _money(null=True, blank=True)  # spend / cost caps
    floor_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    period_start = models.DateField()  # the month the counters below are for
    spend = _money(default=0)  # settled this month (with the usage below)
    cost = _money(default=0)  # settled this month, USD (with the usage below)
    held_spend = _money(default=0)
    held_cost = _money(default=0)
    # The part of spend and cost that is rated usage naming no hold (events posted without
    # an authorisation), as the last sync counted it for `usage_month`: the next sync moves
    # spend and cost by the difference (budgets_sync_customer).
    usage_month = models.DateField(null=True, blank=True)
    usage_spend = _money(default=0)
    usage_cost = _money(default=0)
    # Percentages of `limit` that raise a budget_threshold alert, once each per month.
    alert_percents = models.JSONField(default=default_alert_percents)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "customer"], name="budget_tenant_customer")]

    def __str__(self) -> str:
        return f"{self.measure} budget of {self.customer_id}"


class HoldStatus(models.TextChoices):
    HELD = "held", "Held"
    SETTLED = "settled", "Settled"
    RELEASED = "released", "Released"
    EXPIRED = "expired", "Expired"


class Authorization(TenantOwnedModel):
    """An allowed request's hold on credits and budgets, until settled, released or expired."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    request_class = models.CharField(max_length=64)
    tag = models.CharField(max_length=128, blank=True, default="")
    spend = _money()  # held, the plan's currency
    cost = _money()  # held, USD
    account = models.ForeignKey(
        CreditAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    budget_ids = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=HoldStatus.choices, default=HoldStatus.HELD)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["tenant", "expires_at"],
                name="authorization_open",
                condition=Q(status="held"),
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.spend} for {self.customer_id}"


class CreditAlertSettings(TenantOwnedModel):
    """When credit alerts fire: a customer's own settings, or the tenant's default (no customer).

    Amounts are in the credit account's currency; every field may be null (that alert off).
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    balance_below = _money(null=True, blank=True)  # available credits under this amount
    balance_below_percent = models.DecimalField(  # available under this % of what was granted
        max_digits=7, decimal_places=4, null=True, blank=True
    )
    running_out_days = models.DecimalField(  # projected days of credit under this
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    projected_invoice_above = _money(null=True, blank=True)  # the month's projected invoice
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer"],
                condition=Q(customer__isnull=False),
                name="creditalertsettings_customer",
            ),
            models.UniqueConstraint(
                fields=["tenant"],
                condition=Q(customer__isnull=True),
                name="creditalertsettings_default",
            ),
        ]

    def __str__(self) -> str:
        return f"credit alerts of {self.customer_id or 'the tenant'}"


class AutoTopUpRule(TenantOwnedModel):
    """When a customer's credit balance falls below `below`, grant `credits` paid credits.

    At most `max_per_month` top-ups per calendar month (UTC) and none within
    `cooldown_seconds` of the previous one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    below = _money()
    credits = _money()  # granted, in the currency
    max_per_month = models.PositiveIntegerField(default=1)
    cooldown_seconds = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "currency"], name="autotopuprule_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"top up {self.customer_id} by {self.credits} below {self.below}"


class AutoTopUp(TenantOwnedModel):
    """One top-up a rule made: the paid grant it created (the n-th of its month)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(AutoTopUpRule, on_delete=models.CASCADE, related_name="+")
    grant = models.ForeignKey(CreditGrant, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    sequence = models.PositiveIntegerField()  # 1 for the month's first
    balance_before = _money()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "rule", "period_start", "sequence"], name="autotopup_once"
            ),
            models.UniqueConstraint(fields=["tenant", "grant"], name="autotopup_grant"),
        ]

    def __str__(self) -> str:
        return f"top-up {self.sequence} of {self.period_start} by {self.rule_id}"

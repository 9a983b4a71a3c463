"""Plans, their immutable versions, subscriptions and finalised invoices."""

from __future__ import annotations

import uuid

from django.db import models

from metering.models import Customer, Tenant
from metering.tenancy import TenantOwnedModel


class Plan(TenantOwnedModel):
    """A named plan of a tenant, addressed in the API by the tenant's own `code`."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="plan_tenant_code_uniq")
        ]

    def __str__(self) -> str:
        return self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class PlanVersion(TenantOwnedModel):
    """One version of a plan's charges; editable while draft, immutable once published.

    `charges` holds the JSON shape of `pricing.charge_specs` (decimal strings), validated on
    every write, so the rating engine reads exactly what the API accepted.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)  # ISO 4217
    billing_period = models.CharField(max_length=16, default="month")
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    charges = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "plan", "version"], name="planversion_tenant_plan_version_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version}"


class Subscription(TenantOwnedModel):
    """A customer on a plan version over [start_date, end_date) (UTC dates; end null = open).

    A customer has at most one subscription covering any day; a change ends one and starts
    the next on the same date, and the period's fees are prorated by day across both.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gt=models.F("start_date")),
                name="subscription_end_after_start",
            )
        ]
        indexes = [
            models.Index(
                fields=["tenant", "customer", "start_date"], name="subscription_tenant_cust_start"
            ),
            models.Index(fields=["tenant", "created_at"], name="subscription_tenant_created"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} on {self.plan_version_id} from {self.start_date}"


class Invoice(TenantOwnedModel):
    """A customer's finalised invoice for one monthly period; never changed once written.

    Late usage of a finalised period is billed as an adjustment line on a later invoice
    (recorded in InvoiceAdjustment), never by editing this row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    currency = models.CharField(max_length=3)  # ISO 4217
    lines = models.JSONField(default=list)  # invoice lines, amounts as decimal strings
    # All amounts in `currency`, rounded to its minor unit.
    period_total = models.DecimalField(max_digits=20, decimal_places=4)  # this period's charges
    adjustment_total = models.DecimalField(max_digits=20, decimal_places=4)  # earlier periods
    total = models.DecimalField(max_digits=20, decimal_places=4)
    recurring_total = models.DecimalField(max_digits=20, decimal_places=4)  # fees and minimums
    usage_total = models.DecimalField(max_digits=20, decimal_places=4)
    revenue_by_request_class = models.JSONField(default=dict)  # of period_total
    unattributed = models.DecimalField(max_digits=20, decimal_places=4)
    # Prepaid credits drawn by this period's usage (pricing/credits), of `total`.
    credits_applied = models.DecimalField(max_digits=20, decimal_places=4, default=0)
    finalized_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "period_start"],
                name="invoice_tenant_customer_period_uniq",
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "finalized_at"], name="invoice_tenant_finalized"),
            models.Index(fields=["tenant", "period_start"], name="invoice_tenant_period"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.period_start}"


class InvoiceAdjustment(TenantOwnedModel):
    """What a later invoice billed (or credited) for an earlier, already finalised period."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="adjustments")
    adjusted_invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="adjusted_by"
    )
    amount = models.DecimalField(max_digits=20, decimal_places=4)  # in the invoices' currency

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "invoice", "adjusted_invoice"],
                name="invoiceadjustment_uniq",
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "adjusted_invoice"], name="invoiceadj_tenant_adjusted")
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {self.invoice_id} for {self.adjusted_invoice_id}"


# The Stripe integration's tables live in pricing/stripe/models.py (app label `pricing`).
# Prepaid credits and guardrails live in pricing/credits/models.py (app label `pricing`).
from pricing.credits.models import (  # noqa: E402, F401
    Authorization,
    Budget,
    CreditAccount,
    CreditEntry,
    CreditGrant,
)
from pricing.stripe.models import (  # noqa: E402, F401
    StripeConnection,
    StripeDifference,
    StripeEvent,
    StripeInvoice,
    StripeMeterWindow,
    StripeObject,
    StripeOutbox,
    StripeReconciliation,
    StripeUsageMark,
)

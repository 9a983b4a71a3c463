"""Tables of the Stripe integration: connections, the outbox, mirrored objects, usage windows.

Imported by pricing.models so Django registers them (app label `pricing`).
"""

from __future__ import annotations

import uuid

from django.db import models

from metering.models import Customer, Tenant
from metering.tenancy import TenantOwnedModel


class StripeConnection(TenantOwnedModel):
    """A tenant's Stripe account: its keys, encrypted at rest (Fernet), never shown again."""

    class Mode(models.TextChoices):
        TEST = "test", "Test"
        LIVE = "live", "Live"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=8, choices=Mode.choices)
    secret_key_encrypted = models.TextField()  # Fernet token of the secret key
    webhook_secret_encrypted = models.TextField()  # Fernet token of the webhook signing secret
    secret_key_hint = models.CharField(max_length=32)  # masked: "sk_test_…4242"
    webhook_secret_hint = models.CharField(max_length=32)  # masked: "whsec_…abcd"
    connected_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="stripe_connection_tenant_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} ({self.mode})"


class StripeObject(TenantOwnedModel):
    """A Marginal object's counterpart in Stripe: (kind, local key) -> Stripe id."""

    class Kind(models.TextChoices):
        CUSTOMER = "customer"
        PRODUCT = "product"
        PRICE = "price"
        METER = "meter"
        SUBSCRIPTION = "subscription"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # customer pk, plan pk, "<version pk>:<charge key>", meter key, or subscription id
    local_key = models.CharField(max_length=200)
    stripe_id = models.CharField(max_length=255)
    data = models.JSONField(default=dict, blank=True)  # e.g. item ids, status, event name
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "local_key"], name="stripe_object_local_uniq"
            )
        ]
        indexes = [models.Index(fields=["tenant", "stripe_id"], name="stripe_object_stripe_id")]

    def __str__(self) -> str:
        return f"{self.kind} {self.local_key} -> {self.stripe_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    DEAD = "dead", "Dead"


class StripeOutbox(TenantOwnedModel):
    """One change that must reach Stripe, written in the transaction of the change.

    `operation` names a convergent step (make Stripe's copy of the subject match Marginal),
    so running one twice, or out of order, changes nothing the second time.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    operation = models.CharField(max_length=40)  # customer.sync, subscription.sync, ...
    subject = models.CharField(max_length=200)  # the pk or key the operation works on
    payload = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=255)
    status = models.CharField(
        max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    # Bumped when a stored Idempotency-Key can no longer be trusted (older than 24 h, or a
    # replayed 5xx): the operation then looks its object up before creating it.
    key_generation = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=1000, blank=True, default="")
    stripe_id = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"], name="stripe_outbox_key_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="stripe_outbox_due"),
            models.Index(fields=["tenant", "status", "id"], name="stripe_outbox_tenant_status"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.subject} ({self.status})"


class StripeUsageMark(TenantOwnedModel):
    """A customer-hour whose usage changed since it was last mirrored to Stripe's meters."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()  # UTC, on the hour

    class Meta:
        indexes = [models.Index(fields=["tenant", "id"], name="stripe_usagemark_order")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.hour:%Y-%m-%d %H}h"


class StripeMeterWindow(TenantOwnedModel):
    """One customer x meter x hour: the value Marginal wants Stripe to hold, and what it sent.

    `events` lists the meter events sent for the window, oldest first:
    {"identifier", "value", "sent_at" (ISO, null while unsent), "cancelled"}.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    meter_key = models.CharField(max_length=200)
    hour = models.DateTimeField()  # UTC, on the hour
    desired = models.DecimalField(max_digits=30, decimal_places=6)  # metric units
    events = models.JSONField(default=list, blank=True)
    # What Stripe holds above `desired` and can no longer cancel (older than its 24 h
    # window): credited on the invoice by an item instead.
    uncorrectable = models.DecimalField(max_digits=30, decimal_places=6, default=0)
    revision = models.PositiveIntegerField(default=0)  # bumped when `desired` changes
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "meter_key", "hour"],
                name="stripe_meterwindow_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.meter_key} {self.hour:%Y-%m-%d %H}h"


class StripeEvent(TenantOwnedModel):
    """A webhook event received from Stripe, stored once (unique Stripe event id)."""

    class Status(models.TextChoices):
        RECEIVED = "received"
        HANDLED = "handled"
        IGNORED = "ignored"
        FAILED = "failed"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True, default="")
    created = models.DateTimeField()  # Stripe's `created` of the event
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True, default="")
    received_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "event_id"], name="stripe_event_once")
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="stripe_event_due")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class StripeInvoice(TenantOwnedModel):
    """A Stripe invoice of a mirrored customer, as last fetched, beside Marginal's month."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    stripe_id = models.CharField(max_length=255)
    subscription_stripe_id = models.CharField(max_length=255, blank=True, default="")
    period_month = models.DateField()  # first day of the Marginal month it bills
    status = models.CharField(max_length=20)  # draft, open, paid, uncollectible, void
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=20, decimal_places=4)  # in `currency`
    amount_paid = models.DecimalField(max_digits=20, decimal_places=4, default=0)
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    items_added_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "stripe_id"], name="stripe_invoice_uniq")
        ]
        indexes = [
            models.Index(fields=["tenant", "customer", "period_month"], name="stripe_invoice_month")
        ]

    def __str__(self) -> str:
        return f"{self.stripe_id} ({self.status})"


class StripeDifference(TenantOwnedModel):
    """A difference between Marginal and Stripe found by reconciliation, or a meter error.

    Economics' alerts read the open ones and raise one alert each.
    """

    class Kind(models.TextChoices):
        METER_USAGE = "meter_usage", "Stripe meter usage differs"
        INVOICE_TOTAL = "invoice_total", "Stripe invoice total differs"
        METER_ERROR = "meter_error", "Stripe reported a meter error"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month compared
    kind = models.CharField(max_length=16, choices=Kind.choices)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=255, blank=True, default="")  # meter key, invoice id
    marginal_value = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    stripe_value = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    cause = models.CharField(max_length=1000)
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)  # a later run found it gone

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "month", "found_at"], name="stripe_difference_month"),
            models.Index(fields=["resolved_at", "found_at"], name="stripe_difference_open"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}: {self.cause}"


class StripeReconciliation(TenantOwnedModel):
    """When a month was last reconciled for a tenant, and how many differences it found."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    ran_at = models.DateTimeField()
    differences = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(default=True)  # False when Stripe could not be read

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "month"], name="stripe_reconciliation_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.month:%Y-%m}"

"""Tables behind the margin reports: rollups, revenue months, acquisition spend, churn base.

Imported by economics.models so Django registers them.
No table references UsageEvent by ForeignKey (it may be partitioned): events are
addressed by tenant + id as plain columns.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from metering.tenancy import TenantOwnedModel


def money_field(**kwargs: Any) -> models.DecimalField:
    """A USD amount: exact sums of per-token prices need ten places."""
    return models.DecimalField(max_digits=24, decimal_places=10, **kwargs)


class RollupBase(TenantOwnedModel):
    """Exact sums of the live (not voided) events of one customer x class x model x bucket."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("metering.Customer", on_delete=models.CASCADE, related_name="+")
    request_class = models.CharField(max_length=200)  # "" when the event named none
    model = models.CharField(max_length=200)  # "" for requests that used no model
    bucket_start = models.DateTimeField()  # UTC, start of the hour / day

    events = models.BigIntegerField(default=0)
    requests = models.BigIntegerField(default=0)
    input_tokens = models.BigIntegerField(default=0)
    cached_input_tokens = models.BigIntegerField(default=0)
    cache_write_tokens = models.BigIntegerField(default=0)
    output_tokens = models.BigIntegerField(default=0)
    reasoning_tokens = models.BigIntegerField(default=0)
    gpu_seconds = models.DecimalField(max_digits=24, decimal_places=6, default=0)
    retrieval_calls = models.BigIntegerField(default=0)
    unpriced_events = models.BigIntegerField(default=0)  # cost not known: not counted as $0
    unpriced_requests = models.BigIntegerField(default=0)  # the requests of those events

    cost_tokens = money_field(default=0)
    cost_gpu = money_field(default=0)
    cost_services = money_field(default=0)
    cost_external = money_field(default=0)
    cost_total = money_field(default=0)
    revenue = money_field(default=0)  # attributed by pricing, USD

    outcomes_success = models.BigIntegerField(default=0)
    outcomes_failure = models.BigIntegerField(default=0)
    outcome_value = money_field(default=0)

    class Meta:
        abstract = True


class RollupHour(RollupBase):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "request_class", "model", "bucket_start"],
                name="economics_rollup_hour_key",
            )
        ]
        indexes = [models.Index(fields=["tenant", "bucket_start"], name="economics_rh_time")]

    def __str__(self) -> str:
        return (
            f"{self.customer_id} {self.request_class} {self.model} {self.bucket_start:%Y-%m-%d %H}h"
        )


class RollupDay(RollupBase):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "request_class", "model", "bucket_start"],
                name="economics_rollup_day_key",
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "bucket_start"], name="economics_rd_time"),
            models.Index(fields=["tenant", "customer", "bucket_start"], name="economics_rd_cust"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.request_class} {self.model} {self.bucket_start:%Y-%m-%d}"


class ClassBase(TenantOwnedModel):
    """Tenant-wide sums per request class x model x bucket (the request-classes report's source)."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    request_class = models.CharField(max_length=200)
    model = models.CharField(max_length=200)
    bucket_start = models.DateTimeField()  # UTC, start of the hour / day
    events = models.BigIntegerField(default=0)
    requests = models.BigIntegerField(default=0)
    unpriced_events = models.BigIntegerField(default=0)
    unpriced_requests = models.BigIntegerField(default=0)
    cost_total = money_field(default=0)
    revenue = money_field(default=0)
    outcome_value = money_field(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.request_class} {self.model} {self.bucket_start:%Y-%m-%d %H}h"


class ClassHour(ClassBase):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "bucket_start", "request_class", "model"],
                name="economics_class_hour_key",
            )
        ]


class ClassDay(ClassBase):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "bucket_start", "request_class", "model"],
                name="economics_class_day_key",
            )
        ]


class CustomerClassTotal(TenantOwnedModel):
    """All-time sums per customer x request class (the customers report's source)."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("metering.Customer", on_delete=models.CASCADE, related_name="+")
    request_class = models.CharField(max_length=200)
    first_active = models.DateTimeField()  # UTC midnight of the first day with events
    last_active = models.DateTimeField()  # UTC midnight of the last day with events
    requests = models.BigIntegerField(default=0)
    unpriced_requests = models.BigIntegerField(default=0)  # cost unknown: not in cost_total
    cost_total = money_field(default=0)
    revenue = money_field(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "request_class"],
                name="economics_customer_class_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.request_class}"


class RevenueMonth(TenantOwnedModel):
    """What a customer is invoiced for a month, by the rating engine, split recurring / usage.

    One row per customer-month a subscription covers (with or without events): `total` is
    the month's invoice total (the finalised invoice plus any adjustment later billed for
    it, or the preview while the month is open). The requests of the month carry
    `total - unattributed` between them (the rollups' `revenue`).
    """

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("metering.Customer", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month (UTC)
    currency = models.CharField(max_length=3)
    total = money_field(default=0)
    recurring = money_field(default=0)  # flat fees and minimum true-ups
    usage = money_field(default=0)
    unattributed = money_field(default=0)  # invoiced but carried by no request (no requests)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "customer", "month"], name="economics_revenue_month_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.month:%Y-%m}"


class RevenueSync(TenantOwnedModel):
    """What a tenant's customer-month revenue was last brought up to: the month and subscriptions.

    A month with no events has no change note, so the rollup refresh would never rate it;
    `revenue_months_mark` marks the customer-months whose invoice may have moved without
    an event (the month turned, a subscription was created, changed or ended) whenever
    these stamps no longer match, and stores the stamps it worked from here.
    """

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the current month (UTC) when last brought up to date
    subscriptions = models.BigIntegerField()  # how many subscriptions the tenant had
    subscriptions_updated = models.DateTimeField(null=True)  # latest Subscription.updated_at
    synced_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="economics_revenue_sync_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} up to {self.month:%Y-%m}"


class DirtyBucket(TenantOwnedModel):
    """A customer-hour whose rollup must be recomputed from source events.

    Marks are plain inserts (never upserts) and a worker deletes only the marks it
    read, inside the transaction that rewrote the bucket: a mark added meanwhile
    survives, and a worker killed mid-run leaves its marks for the next run.
    """

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("metering.Customer", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "customer", "hour"], name="economics_dirty_order")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.hour:%Y-%m-%d %H}h"


class AcquisitionCost(TenantOwnedModel):
    """Acquisition spend: for one customer, or for a channel / cohort month spread over it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(
        "metering.Customer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField()  # first day of the cohort month (UTC)
    channel = models.CharField(max_length=200, blank=True, default="")
    amount = money_field()  # USD
    note = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "month"], name="economics_acq_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.channel or self.customer_id} {self.amount}"


class CustomerBaseRow(TenantOwnedModel):
    """A tenant's churn base and loss classes, as the rollup refresh last computed them.

    The customers report reads it instead of walking every customer on each request. It
    holds while `computed_at <= now < valid_until` (the next moment a customer's churn
    state or the calendar month changes) and the tenant's customers and subscriptions
    still match the counts and stamps it was computed from; otherwise the report computes
    the base live.
    """

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField()  # the moment the figures are as of
    valid_until = models.DateTimeField()
    churn_after_days = models.PositiveIntegerField()
    churned = models.BigIntegerField()  # churned customers
    account_months = models.BigIntegerField()  # account-months observed
    negative_classes = models.JSONField()  # request classes that lose money, all time
    cohort_realised_ltv = models.JSONField()  # {"YYYY-MM-DD": "USD per customer"}
    customers = models.BigIntegerField()
    customers_created = models.DateTimeField(null=True)  # latest Customer.created_at
    subscriptions = models.BigIntegerField()
    subscriptions_updated = models.DateTimeField(null=True)  # latest Subscription.updated_at
    # The exact sums behind the figures, so a refresh moves them by what changed:
    # {"classes": {class: [revenue, cost]}, "cohorts": {"YYYY-MM-DD": [margin, customers]}}.
    sums = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="economics_customer_base_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} as of {self.computed_at:%Y-%m-%d %H:%M}"

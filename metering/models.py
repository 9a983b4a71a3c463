"""Tenants, their API keys and customers, the usage events they post, and the audit log."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from config.rate_limits import rate_limits_errors
from metering.tenancy import TenantManager, TenantOwnedModel, TenantQuerySet


def validate_rate_limits(value: Any) -> None:
    """Refuse a `Tenant.rate_limits` the limiter cannot read."""
    errors = rate_limits_errors(value)
    if errors:
        raise ValidationError(
            [f"{path}: {message}" if path else message for path, message in errors]
        )


class Tenant(models.Model):
    """An AI product company using Marginal; owns every other row through `tenant_id`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    # Accepted event timestamps: not older than this many days, not further ahead than this.
    event_max_age_days = models.PositiveIntegerField(default=35)
    event_max_future_seconds = models.PositiveIntegerField(default=300)
    # Raw events are kept this many whole months after the current one (null: the
    # deployment's EVENT_RETENTION_MONTHS; neither set: forever); rollups are kept regardless.
    event_retention_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Raw events before this instant were dropped with their month (docs/operations.md).
    events_retired_before = models.DateTimeField(null=True, blank=True)
    # Requests per second over the defaults of RATELIMIT_RATES, e.g. {"ingest": {"key": 2000,
    # "tenant": 5000}} (docs/limits.md); set by the operator, not through the API.
    rate_limits = models.JSONField(default=dict, blank=True, validators=[validate_rate_limits])
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class ApiKey(TenantOwnedModel):
    """A tenant's API key: only a SHA-256 digest of the secret is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=200)
    prefix = models.CharField(max_length=32, unique=True)  # shown in lists to recognise a key
    key_hash = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the whole key
    scopes = models.JSONField(default=list)  # subset of ingest, read, write, admin
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "created_at"], name="apikey_tenant_created")]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"


class Customer(TenantOwnedModel):
    """A tenant's customer, addressed in the API by the tenant's own `external_id`."""

    # No index of its own: the unique (tenant, external_id) leads with tenant_id, and a
    # second one lets the planner probe a tenant's customers by tenant alone.
    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="customers", db_index=False
    )
    external_id = models.CharField(max_length=128)
    name = models.CharField(max_length=200, blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "external_id"], name="customer_tenant_external_id_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class CustomerReadToken(TenantOwnedModel):
    """A short-lived token that reads one customer's usage, charges and credits, and no more.

    Issued by the tenant for its own customer portal; only a SHA-256 digest of the secret is
    stored. Read from the database on every request (never remembered), so a revocation or
    the expiry takes effect on the very next request.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False)
    # No constraint in the database: like ApiKey, the table is looked up by hash before the
    # tenant is known, so it is a Citus reference table, which cannot reference a
    # distributed one (metering/citus.py). Customers are never deleted, only archived.
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    name = models.CharField(max_length=200, blank=True, default="")
    prefix = models.CharField(max_length=32, unique=True)  # shown in lists to recognise a token
    token_hash = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the whole token
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["tenant", "customer", "created_at"], name="readtoken_tenant_cust_created"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.customer_id})"


class CostStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PRICED = "priced", "Priced"
    UNPRICED = "unpriced", "Unpriced"


class Outcome(models.TextChoices):
    SUCCESS = "success", "Success"
    FAILURE = "failure", "Failure"


class UsageEvent(TenantOwnedModel):
    """One inference request, immutable once stored; corrections void it and link a replacement.

    On PostgreSQL the table is partitioned by month of `timestamp` (migration 0002), so its
    primary key there is (id, timestamp) and `event_id` cannot be unique in it: uniqueness of
    (tenant, event_id) lives in `EventKey`, written in the same transaction.
    """

    # No db_index on the foreign keys: every index leads with tenant_id (see Meta). No
    # database constraint either: ingest finds each event's customer by (tenant, external
    # id) in the very statement that inserts the event, and the constraint's per-row check
    # (a key-share lock on the customer's row, shared by every concurrent batch of that
    # customer) cost a fifth to a third of the insert. Django still protects and cascades.
    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    event_id = models.CharField(max_length=128)  # the client's idempotency key
    timestamp = models.DateTimeField()
    received_at = models.DateTimeField()
    request_class = models.CharField(max_length=64)
    model = models.CharField(max_length=200, blank=True, default="")
    provider = models.CharField(max_length=64, blank=True, default="")
    # Token buckets are exclusive: input excludes cached, output excludes reasoning.
    input_tokens = models.BigIntegerField(default=0)
    cached_input_tokens = models.BigIntegerField(default=0)
    cache_write_tokens = models.BigIntegerField(default=0)
    output_tokens = models.BigIntegerField(default=0)
    reasoning_tokens = models.BigIntegerField(default=0)
    requests = models.PositiveBigIntegerField(default=1)
    gpu_seconds = models.DecimalField(max_digits=18, decimal_places=6, default=0)
    gpu_type = models.CharField(max_length=64, blank=True, default="")
    retrieval_calls = models.PositiveBigIntegerField(default=0)
    external_cost = models.DecimalField(max_digits=20, decimal_places=10, default=0)  # USD
    # null means the request reported no outcome, unlike an empty string
    outcome = models.CharField(  # noqa: DJ001
        max_length=16, choices=Outcome.choices, null=True, blank=True
    )
    outcome_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    trace_id = models.CharField(max_length=128, blank=True, default="")
    properties = models.JSONField(default=dict, blank=True)
    payload_hash = models.CharField(max_length=64)  # tells a duplicate from a conflict
    voided_at = models.DateTimeField(null=True, blank=True)
    # An amendment's replacement names the event it replaces (same tenant).
    amends_event_id = models.CharField(max_length=128, blank=True, default="")
    # Cost of the request in USD, filled by economics' costing.
    cost_status = models.CharField(
        max_length=16, choices=CostStatus.choices, default=CostStatus.PENDING
    )
    cost_tokens = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    cost_gpu = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    cost_services = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    cost_external = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    cost_total = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    cost_detail = models.JSONField(default=dict, blank=True)  # price entry ids used
    # The first priced cost (USD) and its price entry ids, pinned: a re-cost changes the
    # cost_* columns but never these, so cost-plus charges re-rate to the same amount.
    billing_cost = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    billing_cost_entries = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "timestamp"], name="usageevent_tenant_ts"),
            models.Index(
                fields=["tenant", "customer", "timestamp"], name="usageevent_tenant_cust_ts"
            ),
            # Only events still waiting for their cost: small, and what the sweep reads.
            models.Index(
                fields=["tenant", "id"],
                name="usageevent_pending",
                condition=models.Q(cost_status="pending"),
            ),
            # The events of composites (economics.decisions.composites): by trace id, only
            # events that carry one (most do not, so the index stays small).
            models.Index(
                fields=["tenant", "trace_id"],
                name="usageevent_tenant_trace",
                condition=~models.Q(trace_id=""),
            ),
        ]
        # No index on (tenant, event_id): a lookup by event_id reads the timestamp from
        # EventKey first and then uses (tenant, timestamp), so inserts maintain one index less.

    def __str__(self) -> str:
        return self.event_id


class EventKey(TenantOwnedModel):
    """The idempotency key of an event: (tenant, event_id) is taken once, forever.

    Kept apart from the (partitioned) event table so uniqueness does not depend on the
    event's timestamp; `timestamp` lets a lookup by event_id reach the right partition.
    """

    pk = models.CompositePrimaryKey("tenant_id", "event_id")
    # No database constraint, like UsageEvent's: written with the event, by the same statement.
    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    event_id = models.CharField(max_length=128)
    payload_hash = models.CharField(max_length=64)  # sha256 hex of the normalised payload
    timestamp = models.DateTimeField()  # of the stored event

    def __str__(self) -> str:
        return self.event_id


class EventChange(TenantOwnedModel):
    """Events whose figures changed, noted in the transaction that changed them.

    Ingest, voids, amendments and re-costs each write one row, whatever the number of
    events: runs of `UsageEvent` ids, or a whole time range `[range_start, range_end)`.
    The note commits or rolls back with the change, so no later step can miss it; economics'
    pipeline consumes notes (costs what is pending, marks the rollup buckets to recompute)
    and deletes them in one transaction. A lost task or a killed worker leaves the note for
    the next run.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False)
    event_pks = models.JSONField(default=list)  # [[first, last], ...]: runs of UsageEvent ids
    range_start = models.DateTimeField(null=True, blank=True)  # with range_end: all events of
    range_end = models.DateTimeField(null=True, blank=True)  # [range_start, range_end)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "id"], name="eventchange_tenant_order")]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.event_pks or (self.range_start, self.range_end)}"


class CorrectionAction(models.TextChoices):
    VOID = "void", "Void"
    AMEND = "amend", "Amend"


class EventCorrection(TenantOwnedModel):
    """Audit trail of voids and amendments: who corrected which event, when and why."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False)
    event_id = models.CharField(max_length=128)
    action = models.CharField(max_length=8, choices=CorrectionAction.choices)
    replacement_event_id = models.CharField(max_length=128, blank=True, default="")
    reason = models.CharField(max_length=500, blank=True, default="")
    api_key_prefix = models.CharField(max_length=32, blank=True, default="")  # who asked
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "event_id"], name="eventcorrection_tenant_event")]

    def __str__(self) -> str:
        return f"{self.action} {self.event_id}"


class ActorType(models.TextChoices):
    API_KEY = "api_key", "API key"
    USER = "user", "User"
    SYSTEM = "system", "System (a command or a job)"


class AuditEntryQuerySet(TenantQuerySet["AuditEntry"]):
    """Audit entries can be read and added, never changed or deleted through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit log is append-only: entries are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only: entries are never deleted.")


class AuditEntryManager(TenantManager["AuditEntry"]):
    def get_queryset(self) -> AuditEntryQuerySet:
        return AuditEntryQuerySet(self.model, using=self._db)


class AuditEntry(TenantOwnedModel):
    """One money-moving or access-changing action: who did what to which object, and how.

    Append-only: written by `metering.audit.audit_record` in the transaction of the change it
    records, and never updated (on PostgreSQL a trigger refuses any UPDATE) or deleted (its
    rows go only with their tenant).
    """

    objects: ClassVar[AuditEntryManager] = AuditEntryManager()  # type: ignore[assignment]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=False)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor_type = models.CharField(max_length=16, choices=ActorType.choices)
    actor_id = models.CharField(max_length=64, blank=True, default="")  # the API key's id
    actor_label = models.CharField(max_length=200, blank=True, default="")  # its prefix, or a job
    action = models.CharField(max_length=64)  # "<object type>.<verb>", e.g. "model_price.create"
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=255)  # the id the API shows for the object
    before = models.JSONField(null=True, blank=True)  # null: the object did not exist
    after = models.JSONField(null=True, blank=True)  # null: the object is gone

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "-occurred_at"], name="auditentry_tenant_time"),
            models.Index(
                fields=["tenant", "object_type", "object_id"], name="auditentry_tenant_object"
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit log is append-only: entries are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only: entries are never deleted.")

    def __str__(self) -> str:
        return f"{self.action} {self.object_id} by {self.actor_label or self.actor_type}"


class Role(models.TextChoices):
    """What a person may do in the dashboard: read, also run billing what-ifs, or everything."""

    VIEWER = "viewer", "Viewer"
    BILLING = "billing", "Billing"
    ADMIN = "admin", "Admin"


class Membership(TenantOwnedModel):
    """A person (a Django user) who belongs to one tenant, with a role in its dashboard."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    # One tenant per person: the dashboard shows that tenant's figures and nothing else.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "created_at"], name="membership_tenant_created")]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.role})"

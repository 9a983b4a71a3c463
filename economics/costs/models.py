"""The cost book: effective-dated model prices, GPU rates, service rates, fixed costs.

Imported by economics.models so Django registers them. Every entry is in force from
its `valid_from` until the next entry of the same series (tenant + provider + model,
tenant + gpu_type, tenant + service). Model prices with no tenant are the shipped
default catalog; a tenant's own entries override it. No table references UsageEvent
by ForeignKey: events are addressed by tenant + id as plain columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from metering.tenancy import TenantManager, TenantOwnedModel, TenantQuerySet

if TYPE_CHECKING:
    from metering.models import Tenant

_M = TypeVar("_M", bound=models.Model, covariant=True)

# Rates: USD per 1M tokens, per GPU-hour or per call, 10 places; monthly amounts 6 places.


class PriceOrigin(models.TextChoices):
    CATALOG = "catalog", "Shipped catalog"
    MANUAL = "manual", "Set through the API or admin"
    LITELLM = "litellm", "Imported from a LiteLLM price map"


class ModelPriceQuerySet(TenantQuerySet[_M]):
    """Model prices: a tenant's own entries (`of`) and the shipped catalog (`catalog`)."""

    def catalog(self) -> Self:
        """Return the entries of the shipped default catalog, which no tenant owns."""
        return self.filter(tenant__isnull=True)


class ModelPriceManager(TenantManager[_M]):
    """The tenant manager, plus `catalog()` for the entries no tenant owns."""

    def get_queryset(self) -> ModelPriceQuerySet[_M]:
        return ModelPriceQuerySet(self.model, using=self._db)

    def of(self, tenant: Tenant) -> ModelPriceQuerySet[_M]:
        """Return one tenant's own entries (not the catalog's)."""
        return self.get_queryset().of(tenant)

    def catalog(self) -> ModelPriceQuerySet[_M]:
        """Return the entries of the shipped default catalog, which no tenant owns."""
        return self.get_queryset().catalog()


class ModelPrice(TenantOwnedModel):
    """USD per 1M tokens for one model, in force from `valid_from`."""

    objects: ClassVar[ModelPriceManager[ModelPrice]] = ModelPriceManager()

    tenant = models.ForeignKey(
        "metering.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # null: an entry of the shipped default catalog
    provider = models.CharField(max_length=64, blank=True, default="")
    model = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)  # other exact names
    patterns = models.JSONField(default=list, blank=True)  # globs: "gpt-4o-20??-??-??"
    valid_from = models.DateTimeField()
    input_per_1m = models.DecimalField(max_digits=20, decimal_places=10)  # USD per 1M input tokens
    cached_input_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )  # null: input rate
    cache_write_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )  # null: input rate
    output_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10
    )  # USD per 1M output tokens
    reasoning_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )  # null: output rate
    request_fee = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )  # USD per request
    # Above this many prompt tokens the long_* rates apply to the whole request.
    long_context_threshold = models.PositiveIntegerField(null=True, blank=True)
    long_input_per_1m = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    long_cached_input_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )
    long_cache_write_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )
    long_output_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )
    long_reasoning_per_1m = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True
    )
    origin = models.CharField(max_length=16, choices=PriceOrigin.choices)
    source = models.CharField(max_length=500, blank=True, default="")  # public URL of the price
    as_of = models.DateField(null=True, blank=True)  # when the source was read
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "provider", "model", "valid_from"],
                condition=Q(tenant__isnull=False),
                name="modelprice_tenant_series_uniq",
            ),
            models.UniqueConstraint(
                fields=["provider", "model", "valid_from"],
                condition=Q(tenant__isnull=True),
                name="modelprice_catalog_series_uniq",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "model"], name="modelprice_tenant_model")]

    def __str__(self) -> str:
        return f"{self.provider}/{self.model} from {self.valid_from:%Y-%m-%d}"


class GpuRate(TenantOwnedModel):
    """USD per GPU-hour for one GPU type; gpu_type "" is the tenant's default."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    gpu_type = models.CharField(max_length=64, blank=True, default="")
    valid_from = models.DateTimeField()
    usd_per_gpu_hour = models.DecimalField(max_digits=20, decimal_places=10)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "gpu_type", "valid_from"], name="gpurate_tenant_series_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gpu_type or 'default'} from {self.valid_from:%Y-%m-%d}"


class ServiceRate(TenantOwnedModel):
    """USD per call of a service: "retrieval" (an event's retrieval_calls) or a named API."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    service = models.CharField(max_length=64)
    valid_from = models.DateTimeField()
    usd_per_call = models.DecimalField(max_digits=20, decimal_places=10)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "service", "valid_from"], name="servicerate_tenant_series_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} from {self.valid_from:%Y-%m-%d}"


class CostRecalculationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class CostRecalculation(TenantOwnedModel):
    """An audited re-cost of a tenant's events in [start, end) after a price correction."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    model = models.CharField(max_length=200, blank=True, default="")  # "" = every model
    only_unpriced = models.BooleanField(default=False)
    reason = models.CharField(max_length=500)
    requested_by = models.CharField(max_length=64)  # API key prefix, or "cli"/"admin"
    status = models.CharField(
        max_length=16,
        choices=CostRecalculationStatus.choices,
        default=CostRecalculationStatus.QUEUED,
    )
    events_seen = models.BigIntegerField(default=0)
    events_changed = models.BigIntegerField(default=0)
    events_unpriced = models.BigIntegerField(default=0)  # after the re-cost
    cost_total_before = models.DecimalField(max_digits=24, decimal_places=10, default=0)  # USD
    cost_total_after = models.DecimalField(max_digits=24, decimal_places=10, default=0)  # USD
    error = models.TextField(blank=True, default="")
    # The client's Idempotency-Key: a retried POST returns this re-cost instead of a second one.
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)  # the broker took its task
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "created_at"], name="costrecalc_tenant_created"),
            # Re-costs not finished: what the sweep reads.
            models.Index(
                fields=["status", "created_at", "tenant"],
                name="costrecalc_unfinished",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="costrecalc_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"re-cost {self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"


class FixedCostCategory(models.TextChoices):
    TRAINING = "training", "Training"
    RESERVED_CAPACITY = "reserved_capacity", "Reserved capacity"
    MAINTENANCE = "maintenance", "Maintenance"
    DATA_LABELLING = "data_labelling", "Data labelling"
    OTHER = "other", "Other"


class FixedCost(TenantOwnedModel):
    """A monthly fixed cost of one request class ("" = the whole tenant), never per request."""

    tenant = models.ForeignKey("metering.Tenant", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=32, choices=FixedCostCategory.choices)
    request_class = models.CharField(max_length=64, blank=True, default="")
    monthly_amount = models.DecimalField(max_digits=20, decimal_places=6)  # USD per month
    start_month = models.DateField()  # first day of the first month it applies to
    end_month = models.DateField(null=True, blank=True)  # first day of the first month it doesn't
    description = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "request_class"], name="fixedcost_tenant_class"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.request_class or '(tenant)'} {self.monthly_amount}/month"

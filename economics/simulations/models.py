"""A plan simulation job: what was asked, how far it got, and what it found."""

from __future__ import annotations

import uuid

from django.db import models

from metering.models import Tenant
from metering.tenancy import TenantOwnedModel


class Simulation(TenantOwnedModel):
    """Candidate plans rated on a range of past months; results are read-only snapshots.

    A simulation only ever writes this row: subscriptions, invoices, rollups and events
    are read, never changed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, 0-100
    # The request as resolved at creation: candidate charges are copied, so a draft edited
    # later does not change what this simulation rated.
    params = models.JSONField(default=dict)
    results = models.JSONField(null=True, blank=True)  # totals, classes, movers, summary
    customer_rows = models.JSONField(null=True, blank=True)  # the per-customer table
    error = models.TextField(blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    # The client's Idempotency-Key: a retried POST returns this job instead of a second one.
    idempotency_key = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)  # the broker took its task
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "created_at"], name="simulation_tenant_created"),
            # Jobs not finished: what the sweep reads.
            models.Index(
                fields=["status", "created_at", "tenant"],
                name="simulation_unfinished",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="simulation_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name or self.id} ({self.status})"


class SimulationChunk(TenantOwnedModel):
    """One chunk of a simulation run as its own Celery task: a range of customers and its sums.

    A chunk's sums are written once (a second run of the same chunk finds them and adds
    nothing); the simulation's results are merged from every chunk's sums once all are in,
    and the row is kept as the record of who rated what (without its sums).
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    simulation = models.ForeignKey(Simulation, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveSmallIntegerField()
    # The customers of this chunk: primary keys in [first_customer, last_customer].
    first_customer = models.BigIntegerField()
    last_customer = models.BigIntegerField()
    customers = models.PositiveIntegerField(default=0)  # customers rated, once read
    done = models.PositiveIntegerField(default=0)  # customers rated so far
    # Per-customer and per-request-class Decimal sums as strings (engine.partial_to_data),
    # written once when the chunk finishes; emptied once merged into the job's results.
    sums = models.JSONField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # deliveries that started rating
    worker = models.CharField(max_length=255, blank=True, default="")  # host:pid that stored it
    finished_at = models.DateTimeField(null=True, blank=True)  # set with the sums

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "simulation", "index"], name="simulation_chunk_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.simulation_id} chunk {self.index}"

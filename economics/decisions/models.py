"""A what-if job: what was asked (changes, a candidate plan), how far it got, what it found."""

from __future__ import annotations

import uuid

from django.db import models

from metering.models import Tenant
from metering.tenancy import TenantOwnedModel


class WhatIf(TenantOwnedModel):
    """Past months re-costed, repriced or with a class retired; results are read-only snapshots.

    A what-if only ever writes this row (and its chunks' rows): events, costs, rollups,
    subscriptions and invoices are read, never changed.
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
    # The request as resolved at creation: a candidate plan's charges are copied.
    params = models.JSONField(default=dict)
    results = models.JSONField(null=True, blank=True)  # classes, blended, customers
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
            models.Index(fields=["tenant", "created_at"], name="whatif_tenant_created"),
            # Jobs not finished: what the sweep reads.
            models.Index(
                fields=["status", "created_at", "tenant"],
                name="whatif_unfinished",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="whatif_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name or self.id} ({self.status})"


class WhatIfChunk(TenantOwnedModel):
    """One chunk of a what-if run as its own Celery task: a range of customers and its sums.

    As a simulation's chunks (economics.simulations.models.SimulationChunk): the sums are
    written once, merged into the what-if's results once all are in, then emptied; the row
    stays as the record of who computed what.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    what_if = models.ForeignKey(WhatIf, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveSmallIntegerField()
    # The customers of this chunk: primary keys in [first_customer, last_customer].
    first_customer = models.BigIntegerField()
    last_customer = models.BigIntegerField()
    customers = models.PositiveIntegerField(default=0)  # customers computed, once read
    done = models.PositiveIntegerField(default=0)  # customers computed so far
    # Per-class and per-customer Decimal sums before and after, as strings
    # (whatif.sums_to_data), written once when the chunk finishes; emptied once merged.
    sums = models.JSONField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # deliveries that started computing
    worker = models.CharField(max_length=255, blank=True, default="")  # host:pid that stored it
    finished_at = models.DateTimeField(null=True, blank=True)  # set with the sums

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "what_if", "index"], name="what_if_chunk_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.what_if_id} chunk {self.index}"

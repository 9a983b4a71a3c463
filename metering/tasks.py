"""Metering's periodic work: keep the next months' event partitions in place."""

from __future__ import annotations

from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from metering.partitions import event_partitions_ensure


@shared_task(name="metering.event_partitions_ensure")
def event_partitions_ensure_task() -> list[str]:
    """Create missing monthly partitions around now (PostgreSQL); idempotent."""
    with transaction.atomic():
        return event_partitions_ensure(connection, now=timezone.now())

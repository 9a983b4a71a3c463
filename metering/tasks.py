"""Metering's Celery tasks: keep the next months' event partitions in place; a round-trip ping."""

from __future__ import annotations

from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from config.logs import context_carried
from metering.models import Tenant
from metering.partitions import event_partitions_ensure


@shared_task(name="metering.event_partitions_ensure")
def event_partitions_ensure_task() -> list[str]:
    """Create missing monthly partitions around now (PostgreSQL); idempotent."""
    with transaction.atomic():
        return event_partitions_ensure(connection, now=timezone.now())


# Keeps the name it had when it lived in config: callers address the task by it.
@shared_task(name="config.ping", ignore_result=False)
def ping(token: str) -> dict[str, object]:
    """Answer with the token and what the worker sees of the database and the sender's ids."""
    # `context`: the request id and tenant id the message carried into the worker's logs.
    return {"token": token, "tenants": Tenant.objects.count(), "context": context_carried()}

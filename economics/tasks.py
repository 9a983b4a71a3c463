"""Celery tasks of economics: thin wrappers that take ids, call one service, own the retries."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from celery import shared_task

from economics.alerts.tasks import alerts_evaluate

logger = logging.getLogger(__name__)


@shared_task(name="economics.rollups_refresh", acks_late=True)
def rollups_refresh(tenant_id: str) -> int:
    """Recompute the tenant's marked buckets, then check SLOs on the days that moved."""
    from economics.margins.rollups import rollup_refresh

    result = rollup_refresh(tenant_id=uuid.UUID(tenant_id))
    today = datetime.now(UTC).date()
    for day in sorted(result.days):
        if (today - day).days <= 1:  # only live days: old days do not page anyone
            alerts_evaluate.delay(tenant_id, day.isoformat())
    return result.marks


@shared_task(name="economics.rollups_refresh_all")
def rollups_refresh_all() -> int:
    """Beat: refresh every tenant with marks left behind (a lost kick, a killed worker).

    Tenants with nothing marked get their stored churn base recomputed when it no longer
    holds (a customer went quiet, a subscription ended, the month turned).
    """
    from economics.margins.customer_base import customer_base_refresh, customer_base_stale_tenants
    from economics.margins.rollups import rollup_pending_tenants

    tenants = rollup_pending_tenants()
    for tenant_id in tenants:
        rollups_refresh.delay(str(tenant_id))
    pending = set(tenants)
    for tenant in customer_base_stale_tenants():
        if tenant.pk not in pending:
            customer_base_refresh(tenant=tenant)
    return len(tenants)

"""Diagnostic tasks of the platform itself."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="config.ping", ignore_result=False)
def ping(token: str) -> dict[str, object]:
    """Answer with the token and what the worker sees of the database (a round-trip check)."""
    from metering.models import Tenant

    return {"token": token, "tenants": Tenant.objects.count()}

"""Celery tasks of the pricing app: thin wrappers over services."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from metering.models import Tenant
from pricing import services
from pricing.credits import services as credits


@shared_task(name="pricing.finalize_due_invoices")
def finalize_due_invoices() -> int:
    """Queue one finalisation per customer of the last closed period; return how many."""
    period, due = services.invoices_due(now=timezone.now())
    if period is None:
        return 0
    for tenant_id, customer_id in due:
        finalize_invoice.delay(str(tenant_id), customer_id, period.start.isoformat())
    return len(due)


@shared_task(
    name="pricing.finalize_invoice",
    ignore_result=False,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def finalize_invoice(tenant_id: str, customer_id: int, period_start: str) -> str | None:
    """Finalise one customer's invoice for a closed period (idempotent); return its id."""
    invoice = services.invoice_finalize_for(
        tenant=Tenant.objects.get(pk=tenant_id),
        customer_id=customer_id,
        period_start=date.fromisoformat(period_start),
    )
    return None if invoice is None else str(invoice.id)


@shared_task(name="pricing.authorizations_expire")
def authorizations_expire() -> int:
    """Release the amounts of authorisation holds past their expiry; return how many."""
    return credits.authorizations_expire()

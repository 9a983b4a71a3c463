"""Celery tasks of the pricing app: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from pricing import services


@shared_task(name="pricing.finalize_due_invoices")
def finalize_due_invoices() -> int:
    """Finalise the invoices of the last closed period whose grace time has passed."""
    return services.invoices_finalize_due()

"""The outbox: each change that must reach Stripe, written in the transaction of the change.

A row names a convergent operation (make Stripe's copy of the subject match Marginal) and a
unique idempotency key. It commits or rolls back with the change; after the commit the drain
task is kicked, and the beat drains whatever a lost kick left behind. Tenants without a
Stripe connection write nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from celery import current_app
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.queueing import task_send_on_commit
from metering.models import Customer, Tenant
from pricing.models import PlanVersion, Subscription
from pricing.stripe.models import OutboxStatus, StripeConnection, StripeOutbox

CUSTOMER_SYNC = "customer.sync"
PLAN_VERSION_SYNC = "plan_version.sync"
SUBSCRIPTION_SYNC = "subscription.sync"
METER_WINDOW_SYNC = "meter_window.sync"
INVOICE_ITEMS = "invoice.items"
CREDIT_TOP_UP = "credit_top_up.charge"
OPERATIONS = (
    CUSTOMER_SYNC,
    PLAN_VERSION_SYNC,
    SUBSCRIPTION_SYNC,
    METER_WINDOW_SYNC,
    INVOICE_ITEMS,
    CREDIT_TOP_UP,
)
DRAIN_TASK = "stripe.outbox_drain"


def outbox_add(
    *,
    tenant: Tenant,
    operation: str,
    subject: str,
    key: str,
    not_before: datetime | None = None,
    connected: bool | None = None,
    payload: dict[str, object] | None = None,
) -> StripeOutbox | None:
    """Write an outbox row in the caller's transaction (once per key); None without Stripe."""
    if operation not in OPERATIONS:
        raise ValueError(f"Unknown outbox operation {operation!r}.")
    if connected is None:
        connected = StripeConnection.objects.of(tenant).exists()
    if not connected:
        return None
    try:
        with transaction.atomic():
            row = StripeOutbox.objects.create(
                tenant=tenant,
                operation=operation,
                subject=subject,
                idempotency_key=key,
                payload=payload or {},
                next_attempt_at=not_before or timezone.now(),
            )
    except IntegrityError:
        return None  # this change is queued already
    drain_kick_on_commit(tenant=tenant)
    return row


def drain_kick_on_commit(*, tenant: Tenant) -> None:
    """Queue the tenant's drain after the commit (by name: the task sits above this module)."""
    task = current_app.tasks.get(DRAIN_TASK)
    if task is not None:
        task_send_on_commit(task, str(tenant.pk))


def credit_top_up_charge(
    *,
    tenant: Tenant,
    top_up_id: str,
    customer_pk: int,
    amount: Decimal,
    currency: str,
    description: str,
) -> StripeOutbox | None:
    """Queue the charge of an auto top-up's paid credits: a pending invoice item in Stripe.

    The row carries what to bill (the top-up's grant is pricing.credits', which this module
    does not import), so the drain needs nothing else; the customer's next Stripe invoice
    bills it.
    """
    return outbox_add(
        tenant=tenant,
        operation=CREDIT_TOP_UP,
        subject=top_up_id,
        key=f"credit_top_up:{top_up_id}",
        payload={
            "customer_pk": customer_pk,
            "amount": str(amount),
            "currency": currency,
            "description": description,
        },
    )


def customer_changed(*, tenant: Tenant, customer: Customer) -> StripeOutbox | None:
    """Queue the mirroring of a customer's current name and metadata."""
    stamp = customer.updated_at.isoformat() if customer.updated_at else "new"
    return outbox_add(
        tenant=tenant,
        operation=CUSTOMER_SYNC,
        subject=str(customer.pk),
        key=f"customer:{customer.pk}:{stamp}",
    )


def plan_version_published(*, tenant: Tenant, version: PlanVersion) -> StripeOutbox | None:
    """Queue the product, meters and prices of a newly published plan version."""
    return outbox_add(
        tenant=tenant,
        operation=PLAN_VERSION_SYNC,
        subject=str(version.pk),
        key=f"plan_version:{version.pk}",
    )


def subscription_changed(*, tenant: Tenant, subscription: Subscription) -> StripeOutbox | None:
    """Queue the mirroring of a subscription's current state (created, changed or ended)."""
    stamp = subscription.updated_at.isoformat() if subscription.updated_at else "new"
    return outbox_add(
        tenant=tenant,
        operation=SUBSCRIPTION_SYNC,
        subject=str(subscription.pk),
        key=f"subscription:{subscription.pk}:{stamp}",
    )


def outbox_retry(*, tenant: Tenant, row: StripeOutbox) -> StripeOutbox:
    """Send a dead (or waiting) row again now, with a fresh count of attempts."""
    row.status = OutboxStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    drain_kick_on_commit(tenant=tenant)
    return row

"""Stripe's webhooks in: verify, store each event once, handle it later by refetching.

The view hands the raw body and the `Stripe-Signature` header to `webhook_receive`, which
verifies them with the SDK (300 s tolerance) against the tenant's signing secret and
inserts the event under its unique Stripe id: a duplicate delivery is answered 200 and does
nothing. The handling task refetches the object the event names (deliveries arrive out of
order and late, so the payload's snapshot may be stale) and acts on its current state.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import stripe
from celery import current_app
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import InvalidInput
from config.queueing import task_send_on_commit
from metering.models import Tenant
from pricing.stripe.connection import StripeReader, connection_get, webhook_secret
from pricing.stripe.invoices import customer_of, invoice_record
from pricing.stripe.models import StripeDifference, StripeEvent, StripeObject
from pricing.stripe.outbox import INVOICE_ITEMS, outbox_add
from pricing.stripe.secrets import SecretUnreadable

logger = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300
HANDLE_TASK = "stripe.event_handle"
INVOICE_EVENTS = ("invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_failed")
METER_ERROR_EVENTS = (
    "v1.billing.meter.error_report_triggered",
    "v1.billing.meter.no_meter_found",
)
REFUSED = "The Stripe-Signature does not verify for this endpoint; nothing was stored."


def webhook_receive(*, tenant_id: str, payload: bytes, signature: str | None) -> tuple[bool, str]:
    """Verify and store a delivery; return (stored now, event id). Raise InvalidInput if bad."""
    tenant = _tenant(tenant_id)
    connection = connection_get(tenant=tenant) if tenant is not None else None
    if tenant is None or connection is None or not signature:
        raise InvalidInput.field("", REFUSED)
    try:
        secret = webhook_secret(connection)
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature, secret, TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except (
        stripe.SignatureVerificationError,
        SecretUnreadable,
        UnicodeDecodeError,
        ValueError,
    ) as exc:
        raise InvalidInput.field("", REFUSED) from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        raise InvalidInput.field("id", "A Stripe event has an id.")
    obj = _object_of(event)
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                tenant=tenant,
                event_id=event["id"],
                event_type=str(event.get("type", ""))[:100],
                object_id=str(obj.get("id", ""))[:255],
                created=_created(event.get("created")),
                payload=event,
            )
            _kick(tenant, stored.pk)
    except IntegrityError:
        return False, event["id"]  # delivered before: Stripe retries, we do not repeat
    return True, event["id"]


def _tenant(tenant_id: str) -> Tenant | None:
    try:
        return Tenant.objects.filter(pk=UUID(tenant_id)).first()
    except ValueError:
        return None


def _created(value: Any) -> datetime:
    if isinstance(value, int):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return timezone.now()


def _object_of(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    if isinstance(data, dict) and isinstance(data.get("object"), dict):
        return data["object"]
    related = event.get("related_object")  # thin (v2) events name their object
    return related if isinstance(related, dict) else {}


def _kick(tenant: Tenant, event_pk: int) -> None:
    # By name: the task module sits above this one.
    task = current_app.tasks.get(HANDLE_TASK)
    if task is not None:
        task_send_on_commit(task, str(tenant.pk), event_pk)


def event_handle(*, tenant: Tenant, event_pk: int) -> str:
    """Act on a stored event by refetching its object; running it twice changes nothing."""
    event = StripeEvent.objects.of(tenant).get(pk=event_pk)
    if event.status in (StripeEvent.Status.HANDLED, StripeEvent.Status.IGNORED):
        return event.status
    connection = connection_get(tenant=tenant)
    if connection is None:
        return _finish(event, StripeEvent.Status.IGNORED)
    kind = event.event_type
    try:
        if kind in INVOICE_EVENTS:
            _invoice_event(tenant, connection, event)
        elif kind.startswith("customer.subscription."):
            _subscription_event(tenant, connection, event)
        elif kind in METER_ERROR_EVENTS:
            _meter_error(tenant, connection, event)
        else:
            return _finish(event, StripeEvent.Status.IGNORED)
    except (stripe.StripeError, SecretUnreadable) as exc:
        event.attempts += 1
        event.last_error = " ".join(str(getattr(exc, "user_message", None) or exc).split())[:1000]
        event.status = (
            StripeEvent.Status.FAILED if event.attempts >= 10 else StripeEvent.Status.RECEIVED
        )
        event.save(update_fields=["attempts", "last_error", "status"])
        raise
    return _finish(event, StripeEvent.Status.HANDLED)


def _finish(event: StripeEvent, status: str) -> str:
    event.status = status
    event.handled_at = timezone.now()
    event.save(update_fields=["status", "handled_at"])
    return status


def _invoice_event(tenant: Tenant, connection: Any, event: StripeEvent) -> None:
    reader = StripeReader(tenant, connection)
    invoice = reader.call(reader.client.v1.invoices.retrieve, event.object_id)
    with transaction.atomic():
        row = invoice_record(tenant=tenant, invoice=invoice)
        if event.event_type == "invoice.payment_failed" and row is not None:
            row.payment_failed_at = event.created
            row.save(update_fields=["payment_failed_at", "updated_at"])
        if row is not None and invoice["status"] == "draft":
            outbox_add(
                tenant=tenant,
                operation=INVOICE_ITEMS,
                subject=invoice["id"],
                key=f"invoice_items:{invoice['id']}",
                connected=True,
            )


def _subscription_event(tenant: Tenant, connection: Any, event: StripeEvent) -> None:
    reader = StripeReader(tenant, connection)
    sub = reader.call(reader.client.v1.subscriptions.retrieve, event.object_id)
    mapping = (
        StripeObject.objects.of(tenant)
        .filter(kind=StripeObject.Kind.SUBSCRIPTION, stripe_id=sub["id"])
        .first()
    )
    if mapping is None:
        return
    mapping.data = {**mapping.data, "status": sub["status"], "cancel_at": sub.get("cancel_at")}
    mapping.save(update_fields=["data"])


def _meter_error(tenant: Tenant, connection: Any, event: StripeEvent) -> None:
    payload = event.payload
    related = payload.get("related_object") or {}
    data = payload.get("data")
    if data is None:  # a thin event: its details are fetched
        reader = StripeReader(tenant, connection)
        data = reader.call(reader.client.v2.core.events.retrieve, event.event_id).get("data") or {}
    reason = data.get("reason") or {}
    summary = data.get("developer_message_summary") or "Stripe could not process meter events."
    count = reason.get("error_count")
    cause = summary if count is None else f"{summary} ({count} events)"
    customer = None
    sample = (reason.get("error_types") or [{}])[0].get("sample_errors") or []
    if sample:
        customer_id = ((sample[0].get("request") or {}).get("payload") or {}).get(
            "stripe_customer_id"
        )
        if customer_id:
            customer = customer_of(tenant=tenant, stripe_customer_id=customer_id)
    StripeDifference.objects.create(
        tenant=tenant,
        month=event.created.date().replace(day=1),
        kind=StripeDifference.Kind.METER_ERROR,
        customer=customer,
        subject=str(related.get("id", ""))[:255],
        cause=cause[:1000],
        found_at=timezone.now(),
    )


def events_due(*, before: datetime) -> list[tuple[str, int]]:
    """Events received before `before` and still unhandled (the beat's work list)."""
    rows = StripeEvent.objects.cross_tenant(reason="beat: events whose handling was lost")
    due = rows.filter(status=StripeEvent.Status.RECEIVED, received_at__lt=before)
    return [(str(t), pk) for t, pk in due.values_list("tenant_id", "pk").order_by("pk")[:1000]]

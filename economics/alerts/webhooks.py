"""Signed alert webhooks: one delivery per alert per endpoint, retried with backoff.

A delivery row is created with its alert (unique per endpoint x alert) and locked
while it is attempted, so two workers never send it twice; once delivered it is
never sent again. Receivers get `Marginal-Delivery` to dedupe the rare resend after
a crash between their 2xx and our commit.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime, timedelta

import requests
from django.db import transaction
from django.utils import timezone

from economics.alerts import signing
from economics.alerts.models import WebhookDelivery, WebhookEndpoint
from economics.alerts.services import alert_payload
from metering.models import Tenant

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 5
BACKOFF_BASE_SECONDS = 10  # 10 s, 20 s, 40 s, ... capped at an hour
BACKOFF_CAP_SECONDS = 3600


def webhook_endpoint_create(*, tenant: Tenant, url: str) -> WebhookEndpoint:
    """Register a URL for alert deliveries, with a fresh signing secret."""
    return WebhookEndpoint.objects.create(
        tenant=tenant, url=url, secret=f"whsec_{secrets.token_hex(24)}"
    )


def webhook_endpoint_delete(*, tenant: Tenant, endpoint: WebhookEndpoint) -> None:
    """Stop deliveries to an endpoint (pending ones are dropped with it)."""
    endpoint.delete()


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed ones."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_CAP_SECONDS))


def delivery_body(delivery: WebhookDelivery) -> bytes:
    payload: dict[str, object] = {"type": "alert.created", "delivery_id": str(delivery.id)}
    payload["alert"] = alert_payload(delivery.alert)
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def webhook_attempt(*, delivery_id: uuid.UUID | str, now: datetime | None = None) -> str:
    """Try one due delivery once; return its status afterwards."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.cross_tenant(reason="worker: a delivery is sent by its id")
            .select_for_update(of=("self",))
            .select_related("endpoint", "alert", "alert__customer")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "missing"
        now = now or timezone.now()
        if delivery.status != WebhookDelivery.Status.PENDING or delivery.next_attempt_at > now:
            return delivery.status
        body = delivery_body(delivery)
        timestamp = int(now.timestamp())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Marginal-Webhooks/1",
            "Marginal-Delivery": str(delivery.id),
            signing.SIGNATURE_HEADER: signing.webhook_signature_header(
                secret=delivery.endpoint.secret, timestamp=timestamp, body=body
            ),
        }
        delivery.attempts += 1
        try:
            response = requests.post(
                delivery.endpoint.url, data=body, headers=headers, timeout=TIMEOUT_SECONDS
            )
            delivery.last_status_code = response.status_code
            delivery.last_error = "" if response.ok else f"HTTP {response.status_code}"
            ok = response.ok
        except requests.RequestException as error:
            delivery.last_status_code = None
            delivery.last_error = str(error)[:500]
            ok = False
        if ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save()
        return delivery.status


def webhook_due(*, now: datetime | None = None, limit: int = 100) -> list[uuid.UUID]:
    """Ids of pending deliveries whose next attempt is due (the beat sweeper's list)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.cross_tenant(reason="beat: due deliveries of every tenant")
        .filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )

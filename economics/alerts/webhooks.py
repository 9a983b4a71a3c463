"""Signed alert webhooks: one delivery per alert per endpoint, retried with backoff.

A delivery row is created with its alert (unique per endpoint x alert) and locked
while it is attempted, so two workers never send it twice; once delivered it is
never sent again. Receivers get `Marginal-Delivery` to dedupe the rare resend after
a crash between their 2xx and our commit.

Every attempt checks the URL again (economics.alerts.addresses): the host is resolved once and
the request goes to that checked address, with the URL's host name in the Host header, the TLS
server name and the certificate check. Redirects are never followed: a 3xx is a failed attempt.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime, timedelta

import certifi
import urllib3
from django.db import transaction
from django.utils import timezone

from config.errors import InvalidInput
from economics.alerts import signing
from economics.alerts.addresses import AddressRefused, WebhookTarget, webhook_target
from economics.alerts.models import WebhookDelivery, WebhookEndpoint
from economics.alerts.services import alert_payload
from metering.audit import Actor, audit_record, audit_values
from metering.models import Tenant

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 5
BACKOFF_BASE_SECONDS = 10  # 10 s, 20 s, 40 s, ... capped at an hour
BACKOFF_CAP_SECONDS = 3600
ENDPOINT_AUDITED = ("url", "active")


@transaction.atomic
def webhook_endpoint_create(*, tenant: Tenant, url: str, actor: Actor) -> WebhookEndpoint:
    """Register a URL for alert deliveries, with a fresh signing secret.

    The URL must be https and its host resolve to public addresses only (400 on `url`).
    """
    try:
        webhook_target(url)
    except AddressRefused as exc:
        raise InvalidInput.field("url", str(exc)) from exc
    endpoint = WebhookEndpoint.objects.create(
        tenant=tenant, url=url, secret=f"whsec_{secrets.token_hex(24)}"
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="webhook_endpoint.create",
        object_type="webhook_endpoint",
        object_id=endpoint.pk,
        after=audit_values(endpoint, ENDPOINT_AUDITED),  # never the secret
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, tenant: Tenant, endpoint: WebhookEndpoint, actor: Actor) -> None:
    """Stop deliveries to an endpoint (pending ones are dropped with it)."""
    audit_record(
        tenant=tenant,
        actor=actor,
        action="webhook_endpoint.delete",
        object_type="webhook_endpoint",
        object_id=endpoint.pk,
        before=audit_values(endpoint, ENDPOINT_AUDITED),
    )
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
        delivery.last_status_code = None
        ok = False
        try:
            target = webhook_target(delivery.endpoint.url)
            status_code = webhook_post(target=target, body=body, headers=headers)
        except AddressRefused as error:
            delivery.last_error = f"Not sent: {error}"[:500]
        except (urllib3.exceptions.HTTPError, OSError) as error:
            delivery.last_error = str(error)[:500]
        else:
            delivery.last_status_code = status_code
            ok = 200 <= status_code < 300
            delivery.last_error = "" if ok else _status_error(status_code)
        if ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save()
        return delivery.status


def webhook_post(*, target: WebhookTarget, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to the checked address of `target`; return the status (3xx not followed)."""
    timeout = urllib3.Timeout(connect=TIMEOUT_SECONDS, read=TIMEOUT_SECONDS)
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        name = None if target.host_is_address else target.host
        pool = urllib3.HTTPSConnectionPool(
            str(target.address),
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=name,  # SNI
            assert_hostname=target.host,  # the certificate must name the URL's host
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    else:
        pool = urllib3.HTTPConnectionPool(
            str(target.address), target.port, timeout=timeout, retries=False, maxsize=1
        )
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host_header},
            redirect=False,
            retries=False,
            preload_content=False,  # the receiver's body is never read
        )
        status_code: int = response.status
        response.close()
        return status_code
    finally:
        pool.close()


def _status_error(status_code: int) -> str:
    if 300 <= status_code < 400:
        return f"HTTP {status_code} (redirects are not followed)"
    return f"HTTP {status_code}"


def webhook_due(*, now: datetime | None = None, limit: int = 100) -> list[uuid.UUID]:
    """Ids of pending deliveries whose next attempt is due (the beat sweeper's list)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.cross_tenant(reason="beat: due deliveries of every tenant")
        .filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )

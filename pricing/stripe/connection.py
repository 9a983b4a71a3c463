"""A tenant's Stripe connection as read by everything else, and its SDK client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import stripe
from django.conf import settings

from config.errors import NotFound
from metering.models import Tenant
from pricing.stripe.models import StripeConnection
from pricing.stripe.ratelimit import token_take
from pricing.stripe.secrets import decrypt


def connection_get(*, tenant: Tenant) -> StripeConnection | None:
    """Return the tenant's Stripe connection, or None when it has none."""
    return StripeConnection.objects.of(tenant).first()


def connection_require(*, tenant: Tenant) -> StripeConnection:
    """Return the tenant's Stripe connection, or raise NotFound."""
    connection = connection_get(tenant=tenant)
    if connection is None:
        raise NotFound("This tenant has no Stripe connection; PUT /v1/integrations/stripe first.")
    return connection


def connected(*, tenant: Tenant) -> bool:
    """Whether the tenant mirrors to Stripe (one indexed lookup)."""
    return StripeConnection.objects.of(tenant).exists()


def secret_key(connection: StripeConnection) -> str:
    """Return the connection's secret key in clear (for the SDK only; never log it)."""
    return decrypt(connection.secret_key_encrypted)


def webhook_secret(connection: StripeConnection) -> str:
    """Return the connection's webhook signing secret in clear (for verification only)."""
    return decrypt(connection.webhook_secret_encrypted)


def client_for(connection: StripeConnection) -> stripe.StripeClient:
    """Return a StripeClient for the connection (pointed at STRIPE_API_BASE when set)."""
    base = settings.STRIPE_API_BASE
    addresses = {"api": base, "meter_events": base, "files": base, "connect": base} if base else {}
    return stripe.StripeClient(
        secret_key(connection),
        base_addresses=addresses,  # type: ignore[arg-type]
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_HTTP_TIMEOUT),
    )


class StripeReader:
    """Calls to Stripe for a tenant outside the outbox (webhooks, reconciliation, previews)."""

    def __init__(self, tenant: Tenant, connection: StripeConnection) -> None:
        self.tenant = tenant
        self.connection = connection
        self.client = client_for(connection)

    def call(self, fn: Callable[..., Any], *args: Any) -> dict[str, Any]:
        """Call Stripe once the tenant's token bucket allows it; return the object as a dict."""
        token_take(tenant=self.tenant, mode=self.connection.mode)
        return dict(fn(*args).to_dict())

    def list(self, fn: Callable[..., Any], *args: Any) -> list[dict[str, Any]]:
        """Return every object of a Stripe list (all pages), as dicts."""
        token_take(tenant=self.tenant, mode=self.connection.mode)
        return [dict(o.to_dict()) for o in fn(*args).auto_paging_iter()]

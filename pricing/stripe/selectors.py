"""Reads of the Stripe integration: the connection (masked) and the outbox."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet

from config.errors import InvalidInput, NotFound
from metering.models import Tenant
from pricing.stripe.connection import connection_get, connection_require
from pricing.stripe.models import OutboxStatus, StripeOutbox
from pricing.stripe.preview import preview_get
from pricing.stripe.reconciliation import difference_list, reconciliation_get

__all__ = [
    "connection_get",
    "connection_summary",
    "connection_require",
    "difference_list",
    "outbox_get",
    "outbox_list",
    "preview_get",
    "reconciliation_get",
]


def outbox_list(*, tenant: Tenant, status: str | None = None) -> QuerySet[StripeOutbox]:
    """Return the tenant's outbox rows, optionally of one status."""
    rows = StripeOutbox.objects.of(tenant)
    if status is not None:
        if status not in OutboxStatus.values:
            raise InvalidInput.field("status", f"Must be one of {', '.join(OutboxStatus.values)}.")
        rows = rows.filter(status=status)
    return rows


def outbox_get(*, tenant: Tenant, outbox_id: str) -> StripeOutbox:
    try:
        return StripeOutbox.objects.of(tenant).get(pk=int(outbox_id))
    except (StripeOutbox.DoesNotExist, ValueError, DjangoValidationError) as exc:
        raise NotFound("No outbox row with this id.") from exc


def connection_summary(*, tenant: Tenant) -> dict[str, Any]:
    """Return the connection as the API shows it: masked keys and the outbox's counts."""
    connection = connection_get(tenant=tenant)
    rows = StripeOutbox.objects.of(tenant)
    return {
        "connected": connection is not None,
        "mode": connection.mode if connection else None,
        "secret_key": connection.secret_key_hint if connection else None,
        "webhook_secret": connection.webhook_secret_hint if connection else None,
        "webhook_url": f"/v1/integrations/stripe/webhooks/{tenant.pk}",
        "connected_at": connection.connected_at if connection else None,
        "outbox_pending": rows.filter(status=OutboxStatus.PENDING).count() if connection else 0,
        "outbox_dead": rows.filter(status=OutboxStatus.DEAD).count() if connection else 0,
    }

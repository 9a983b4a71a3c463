"""Writes of the Stripe integration: connect, disconnect, retry a dead letter."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from config.errors import InvalidInput
from metering.models import Tenant
from pricing.stripe.connection import connection_get
from pricing.stripe.models import OutboxStatus, StripeConnection, StripeOutbox, StripeUsageMark
from pricing.stripe.outbox import outbox_retry
from pricing.stripe.secrets import encrypt, mask
from pricing.stripe.usage import backfill

__all__ = ["connection_delete", "connection_put", "outbox_retry"]

SECRET_KEY_PREFIXES = {"test": ("sk_test_", "rk_test_"), "live": ("sk_live_", "rk_live_")}
WEBHOOK_SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


def _validate(mode: str, secret_key: str, webhook_secret: str) -> None:
    errors = []
    if mode not in SECRET_KEY_PREFIXES:
        errors.append(("mode", "Must be test or live."))
    elif not secret_key.startswith(SECRET_KEY_PREFIXES[mode]):
        expected = " or ".join(SECRET_KEY_PREFIXES[mode])
        errors.append(("secret_key", f"A {mode} key starts with {expected}."))
    if not webhook_secret.startswith(WEBHOOK_SECRET_PREFIX):
        errors.append(("webhook_secret", "A webhook signing secret starts with whsec_."))
    if errors:
        raise InvalidInput(errors)


@transaction.atomic
def connection_put(
    *, tenant: Tenant, mode: str, secret_key: str, webhook_secret: str, today: date | None = None
) -> tuple[StripeConnection, bool]:
    """Store (or replace) the tenant's keys, encrypted; return it and whether it is new.

    A new connection queues the mirroring of what exists already: published plan versions,
    current and future subscriptions (with their customers) and this month's usage.
    """
    _validate(mode, secret_key, webhook_secret)
    existing = StripeConnection.objects.of(tenant).select_for_update().first()
    fields = {
        "mode": mode,
        "secret_key_encrypted": encrypt(secret_key),
        "webhook_secret_encrypted": encrypt(webhook_secret),
        "secret_key_hint": mask(secret_key),
        "webhook_secret_hint": mask(webhook_secret),
    }
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save(update_fields=[*fields, "updated_at"])
        return existing, False
    connection = StripeConnection.objects.create(
        tenant=tenant, connected_at=timezone.now(), **fields
    )
    backfill(tenant=tenant, today=today or timezone.now().date())
    return connection, True


@transaction.atomic
def connection_delete(*, tenant: Tenant) -> None:
    """Disconnect: forget the keys and drop what still waits to reach Stripe (idempotent)."""
    connection = connection_get(tenant=tenant)
    if connection is None:
        return
    StripeOutbox.objects.of(tenant).filter(status=OutboxStatus.PENDING).delete()
    StripeUsageMark.objects.of(tenant).delete()
    connection.delete()

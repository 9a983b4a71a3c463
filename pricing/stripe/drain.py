"""Draining the outbox: one row at a time, locked with SKIP LOCKED, retried with backoff.

Connection errors, timeouts, 429 and 5xx are retried with exponential backoff and full
jitter (a 429's Retry-After is respected); after STRIPE_OUTBOX_MAX_ATTEMPTS the row is dead,
with its last error, until someone retries it. Any other Stripe error (a 4xx: the request
itself is wrong) makes the row dead at once. An IdempotencyError, or 5xx answers replayed
under one key, bump the row's key generation: the next attempt looks its object up before
creating it.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from metering.models import Tenant
from pricing.stripe.connection import client_for, connection_get
from pricing.stripe.invoices import invoice_items_add
from pricing.stripe.models import OutboxStatus, StripeConnection, StripeOutbox
from pricing.stripe.ops import OPERATIONS, Ctx, NotYet
from pricing.stripe.ratelimit import RateLimited
from pricing.stripe.secrets import SecretUnreadable

logger = logging.getLogger(__name__)

ALL_OPERATIONS: dict[str, Callable[[Ctx], str]] = {**OPERATIONS, "invoice.items": invoice_items_add}
# A drain run stops after this long and queues the next run, so one tenant never hogs a worker.
RUN_SECONDS = 60.0
# 5xx answers in a row under one key before it is suspected of replaying a stored 500.
REPLAYED_5XX = 3


@dataclass
class DrainResult:
    done: int = 0
    retried: int = 0
    dead: int = 0
    next_due: datetime | None = None  # when the earliest waiting row is due


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Return the delay before attempt `attempts + 1`: full jitter, capped, >= Retry-After."""
    base = float(settings.STRIPE_OUTBOX_BACKOFF_BASE)
    cap = float(settings.STRIPE_OUTBOX_BACKOFF_MAX)
    delay = random.uniform(0, min(cap, base * 2 ** max(attempts - 1, 0)))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def _retry_after(exc: stripe.StripeError) -> float | None:
    raw = (exc.headers or {}).get("retry-after") or (exc.headers or {}).get("Retry-After")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _transient(exc: Exception) -> bool:
    if isinstance(exc, (stripe.APIConnectionError, stripe.RateLimitError, RateLimited)):
        return True
    if isinstance(exc, stripe.StripeError):
        status = exc.http_status or 0
        return status >= 500 or status == 409 or status == 429
    return False


def _clean(message: str) -> str:
    return " ".join(message.split())[:1000]


def outbox_drain(*, tenant: Tenant, run_seconds: float = RUN_SECONDS) -> DrainResult:
    """Run the tenant's due rows one at a time until none is due (or the run's time is up)."""
    result = DrainResult()
    started = time.monotonic()
    connection = connection_get(tenant=tenant)
    if connection is None:
        return result
    try:
        client = client_for(connection)
    except SecretUnreadable as exc:
        logger.error("Stripe outbox of tenant %s: %s", tenant.pk, exc)
        return result
    while time.monotonic() - started < run_seconds:
        if not _one(tenant, connection, client, result):
            break
    upcoming = (
        StripeOutbox.objects.of(tenant)
        .filter(status=OutboxStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    result.next_due = upcoming
    return result


def _one(
    tenant: Tenant, connection: StripeConnection, client: stripe.StripeClient, result: DrainResult
) -> bool:
    now = timezone.now()
    with transaction.atomic():
        row = (
            StripeOutbox.objects.of(tenant)
            .select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return False
        operation = ALL_OPERATIONS.get(row.operation)
        row.attempts += 1
        ctx = Ctx(tenant=tenant, connection=connection, client=client, row=row, now=now)
        try:
            if operation is None:
                raise ValueError(f"Unknown operation {row.operation!r}.")
            with transaction.atomic():
                outcome = operation(ctx)
        except NotYet as wait:
            row.attempts -= 1
            row.next_attempt_at = wait.at
            row.last_error = ""
            row.save(update_fields=["attempts", "next_attempt_at", "last_error", "updated_at"])
            result.retried += 1
            return True
        except stripe.IdempotencyError as exc:
            # The key was used with other parameters (the object changed between attempts):
            # the next attempt looks the object up before creating it, under a new key.
            row.key_generation += 1
            _failed(row, f"idempotency error: {exc.user_message or exc}", result, transient=True)
            return True
        except (stripe.StripeError, RateLimited, SecretUnreadable, ValueError) as exc:
            transient = _transient(exc)
            if transient and isinstance(exc, stripe.StripeError) and (exc.http_status or 0) >= 500:
                if row.attempts % REPLAYED_5XX == 0:
                    row.key_generation += 1  # a stored 500 replays forever under one key
            retry_after = _retry_after(exc) if isinstance(exc, stripe.StripeError) else None
            if isinstance(exc, RateLimited):
                retry_after = exc.wait
            message = getattr(exc, "user_message", None) or str(exc) or type(exc).__name__
            _failed(row, f"{type(exc).__name__}: {message}", result, transient, retry_after)
            return True
        row.status = OutboxStatus.DONE
        row.done_at = timezone.now()
        row.stripe_id = outcome[:255]
        row.last_error = ""
        row.save(
            update_fields=["status", "done_at", "stripe_id", "attempts", "last_error", "updated_at"]
        )
        result.done += 1
    return True


def _failed(
    row: StripeOutbox,
    message: str,
    result: DrainResult,
    transient: bool,
    retry_after: float | None = None,
) -> None:
    row.last_error = _clean(message)
    if transient and row.attempts < settings.STRIPE_OUTBOX_MAX_ATTEMPTS:
        row.next_attempt_at = timezone.now() + timedelta(seconds=backoff(row.attempts, retry_after))
        result.retried += 1
    else:
        row.status = OutboxStatus.DEAD
        result.dead += 1
        logger.warning(
            "Stripe outbox row %s (%s %s) is dead after %s attempts: %s",
            row.pk,
            row.operation,
            row.subject,
            row.attempts,
            row.last_error,
        )
    row.save(
        update_fields=[
            "attempts",
            "key_generation",
            "next_attempt_at",
            "last_error",
            "status",
            "updated_at",
        ]
    )


def outbox_due_tenants(*, now: datetime) -> list[str]:
    """Tenants with rows due now (the beat's work list)."""
    rows = StripeOutbox.objects.cross_tenant(reason="beat: every tenant with due outbox rows")
    due = rows.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    return sorted({str(t) for t in due.values_list("tenant_id", flat=True).distinct()})

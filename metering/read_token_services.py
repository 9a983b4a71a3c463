"""Writes of customer read tokens: issue, revoke, and authenticate (docs/credits.md).

A customer read token lets the tenant's own customer portal read one customer's usage,
charges and credits. It is short-lived (at most a day), shown once at creation and stored as
a SHA-256 digest. It is read from the database on every request, never remembered, so a
revocation or the expiry takes effect on the very next request without Redis.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from metering.audit import Actor, audit_record, audit_values
from metering.models import Customer, CustomerReadToken, Tenant
from metering.services import LAST_USED_RESOLUTION, hash_key

# "mgl" keys and "mct" tokens cannot be mistaken for each other.
TOKEN_PREFIX = "mct"  # noqa: S105 - a prefix, not a secret
DEFAULT_TTL = timedelta(hours=1)
MAX_TTL = timedelta(hours=24)
MIN_TTL = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedReadToken:
    token: CustomerReadToken
    raw_token: str  # shown once, never stored


def _audited(token: CustomerReadToken) -> dict[str, object]:
    values = audit_values(token, ("name", "prefix", "expires_at", "revoked_at"))
    return {**values, "customer": token.customer.external_id}


@transaction.atomic
def read_token_create(
    *, tenant: Tenant, customer: Customer, ttl: timedelta, name: str, actor: Actor
) -> IssuedReadToken:
    """Issue a token for `customer` living `ttl`; the raw secret is returned once."""
    if not MIN_TTL <= ttl <= MAX_TTL:  # the serializer refuses it first; a service call too
        raise ValueError(f"ttl must be between {MIN_TTL} and {MAX_TTL}.")
    public_id = secrets.token_hex(4)
    raw_token = f"{TOKEN_PREFIX}_{public_id}_{secrets.token_urlsafe(32)}"
    token = CustomerReadToken.objects.create(
        tenant=tenant,
        customer=customer,
        name=name,
        prefix=f"{TOKEN_PREFIX}_{public_id}",
        token_hash=hash_key(raw_token),
        expires_at=timezone.now() + ttl,
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="customer_read_token.create",
        object_type="customer_read_token",
        object_id=token.id,
        after=_audited(token),
    )
    return IssuedReadToken(token=token, raw_token=raw_token)


def _revoke(*, tenant: Tenant, token: CustomerReadToken, now: datetime, actor: Actor) -> bool:
    revoked = (
        CustomerReadToken.objects.of(tenant)
        .filter(pk=token.pk, revoked_at__isnull=True)
        .update(revoked_at=now)
    )
    if not revoked:  # revoked before, perhaps by a concurrent request
        token.refresh_from_db(fields=["revoked_at"])
        return False
    before = _audited(token)
    token.revoked_at = now
    audit_record(
        tenant=tenant,
        actor=actor,
        action="customer_read_token.revoke",
        object_type="customer_read_token",
        object_id=token.id,
        before=before,
        after=_audited(token),
    )
    return True


@transaction.atomic
def read_token_revoke(
    *, tenant: Tenant, token: CustomerReadToken, actor: Actor
) -> CustomerReadToken:
    """Revoke one token; the very next request with it is refused. Twice changes nothing."""
    _revoke(tenant=tenant, token=token, now=timezone.now(), actor=actor)
    return token


@transaction.atomic
def read_tokens_revoke_all(*, tenant: Tenant, customer: Customer, actor: Actor) -> int:
    """Revoke every token of `customer` not yet revoked or expired; return how many."""
    now = timezone.now()
    live = (
        CustomerReadToken.objects.of(tenant)
        .select_related("customer")
        .filter(customer=customer, revoked_at__isnull=True, expires_at__gt=now)
        .order_by("created_at", "id")
    )
    return sum(_revoke(tenant=tenant, token=token, now=now, actor=actor) for token in live)


def read_token_authenticate(*, raw_token: str) -> CustomerReadToken | None:
    """Return the live, unexpired token matching `raw_token`, or None.

    Always read from the database (one indexed lookup); `last_used_at` is refreshed coarsely.
    """
    now = timezone.now()
    token = (
        CustomerReadToken.objects.cross_tenant(reason="authentication: the token names its tenant")
        .select_related("tenant", "customer")
        .filter(token_hash=hash_key(raw_token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        CustomerReadToken.objects.of(token.tenant).filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

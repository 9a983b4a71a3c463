"""Writes of the metering app: tenants, API keys, customers."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import redis
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import Conflict, InvalidInput, Unavailable
from config.rate_limits import rate_limits_errors
from metering import key_cache
from metering.audit import Actor, audit_record, audit_values
from metering.models import ApiKey, Customer, Membership, Role, Tenant

KEY_PREFIX = "mgl"
# last_used_at is refreshed at most this often, so the hot path is not a write per request.
LAST_USED_RESOLUTION = timedelta(seconds=60)


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    raw_key: str  # shown once, never stored


def hash_key(raw_key: str) -> str:
    """Digest of a raw key; keys carry 256 random bits, so a plain SHA-256 is enough."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def tenant_create(*, name: str, actor: Actor) -> tuple[Tenant, IssuedKey]:
    """Create a tenant and its first admin API key (audited as issued by `actor`)."""
    with transaction.atomic():
        tenant = Tenant.objects.create(name=name)
        issued = api_key_create(
            tenant=tenant, name="First admin key", scopes=["admin"], actor=actor
        )
    return tenant, issued


MEMBERSHIP_AUDITED = ("role",)


@transaction.atomic
def member_create(
    *, tenant: Tenant, email: str, password: str, role: str, actor: Actor
) -> Membership:
    """Give a person a dashboard login in the tenant (the password is stored hashed)."""
    email = email.strip().lower()
    errors = []
    if "@" not in email:
        errors.append(("email", "Give an email address."))
    if len(password) < 12:
        errors.append(("password", "Use at least 12 characters."))
    if role not in Role.values:
        errors.append(("role", f"Use one of {', '.join(Role.values)}."))
    if errors:
        raise InvalidInput(errors)
    users = get_user_model()
    if users.objects.filter(username=email).exists():
        raise Conflict(f"A user '{email}' already exists.")
    user = users.objects.create_user(username=email, email=email, password=password)
    membership = Membership.objects.create(tenant=tenant, user=user, role=role)
    audit_record(
        tenant=tenant,
        actor=actor,
        action="membership.create",
        object_type="membership",
        object_id=email,
        after=audit_values(membership, MEMBERSHIP_AUDITED),
    )
    return membership


@transaction.atomic
def member_password_set(
    *, tenant: Tenant, membership: Membership, password: str, actor: Actor
) -> None:
    """Set a member's password (stored hashed); the change is audited, the password is not."""
    if len(password) < 12:
        raise InvalidInput.field("password", "Use at least 12 characters.")
    membership.user.set_password(password)
    membership.user.save(update_fields=["password"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="membership.password_set",
        object_type="membership",
        object_id=membership.user.get_username(),
    )


API_KEY_AUDITED = ("name", "prefix", "scopes", "revoked_at")


@transaction.atomic
def api_key_create(*, tenant: Tenant, name: str, scopes: list[str], actor: Actor) -> IssuedKey:
    """Issue a key; the raw secret is returned once and only its digest is stored."""
    public_id = secrets.token_hex(4)
    raw_key = f"{KEY_PREFIX}_{public_id}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        tenant=tenant,
        name=name,
        prefix=f"{KEY_PREFIX}_{public_id}",
        key_hash=hash_key(raw_key),
        scopes=sorted(set(scopes)),
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="api_key.create",
        object_type="api_key",
        object_id=api_key.id,
        after=audit_values(api_key, API_KEY_AUDITED),
    )
    return IssuedKey(api_key=api_key, raw_key=raw_key)


@transaction.atomic
def api_key_revoke(*, tenant: Tenant, api_key: ApiKey, actor: Actor) -> ApiKey:
    """Revoke a key; the very next request with it is refused. Revoking twice changes nothing.

    Raises Unavailable (nothing revoked) when the processes that remember keys cannot be told.
    """
    api_key_caches_clear()
    # Again after the commit: a request between the first clear and the commit may have
    # remembered the key, still live then.
    transaction.on_commit(key_cache.revocations_bump, robust=True)
    now = timezone.now()
    revoked = (
        ApiKey.objects.of(tenant)
        .filter(pk=api_key.pk, revoked_at__isnull=True)
        .update(revoked_at=now)
    )
    if not revoked:  # revoked before, perhaps by a concurrent request
        api_key.refresh_from_db(fields=["revoked_at"])
        return api_key
    before = audit_values(api_key, API_KEY_AUDITED)
    api_key.revoked_at = now
    audit_record(
        tenant=tenant,
        actor=actor,
        action="api_key.revoke",
        object_type="api_key",
        object_id=api_key.id,
        before=before,
        after=audit_values(api_key, API_KEY_AUDITED),
    )
    return api_key


def api_key_caches_clear() -> None:
    """Make every process forget the API keys it remembers; call before revoking keys."""
    try:
        key_cache.revocations_bump()
    except redis.RedisError as exc:
        raise Unavailable(
            "Redis is unavailable, so the key cannot be revoked everywhere at once;"
            " nothing was revoked. Retry the request.",
            retry_after=5,
        ) from exc


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """Return the live key matching `raw_key`, or None; refreshes `last_used_at` coarsely.

    A key read from the database is remembered for a few seconds (metering/key_cache.py)
    until the next revocation of any key.
    """
    key_hash = hash_key(raw_key)
    revocations = key_cache.revocations_read()
    api_key = key_cache.key_recall(key_hash, revocations)
    if api_key is None:
        api_key = (
            ApiKey.objects.cross_tenant(reason="authentication: the key names its tenant")
            .select_related("tenant")
            .filter(key_hash=key_hash, revoked_at__isnull=True)
            .first()
        )
        if api_key is None:
            return None
        key_cache.key_remember(key_hash, api_key, revocations)
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.of(api_key.tenant).filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


def customer_create(
    *, tenant: Tenant, external_id: str, name: str = "", metadata: dict[str, Any] | None = None
) -> Customer:
    """Create a customer; an external_id already used by this tenant is a 409."""
    try:
        with transaction.atomic():
            return Customer.objects.create(
                tenant=tenant, external_id=external_id, name=name, metadata=metadata or {}
            )
    except IntegrityError as exc:
        raise Conflict(f"A customer with external_id '{external_id}' already exists.") from exc


@transaction.atomic
def customer_update(*, tenant: Tenant, customer: Customer, **fields: Any) -> Customer:
    """Update name, metadata or archived on a customer of this tenant."""
    allowed = {"name", "metadata", "archived"}
    changed = [key for key in fields if key in allowed]
    for key in changed:
        setattr(customer, key, fields[key])
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


@transaction.atomic
def tenant_rate_limits_set(*, tenant: Tenant, rate_limits: dict[str, Any], actor: Actor) -> Tenant:
    """Replace the tenant's rate-limit overrides ({} restores the defaults), audited.

    `rate_limits` maps a bucket (ingest, read, write) to requests per second of a key and of
    the whole tenant, e.g. {"ingest": {"key": 2000, "tenant": 5000}} (docs/limits.md).
    """
    errors = rate_limits_errors(rate_limits)
    if errors:
        raise InvalidInput(errors)
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    if tenant.rate_limits == rate_limits:
        return tenant
    before = {"rate_limits": tenant.rate_limits}
    tenant.rate_limits = rate_limits
    tenant.save(update_fields=["rate_limits"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="tenant.rate_limits",
        object_type="tenant",
        object_id=tenant.id,
        before=before,
        after={"rate_limits": rate_limits},
    )
    return tenant

"""The audit log: who moved money or changed access, to which object, from what to what.

Every service that changes a price, a plan's life, a subscription, an event, a re-cost, a fixed
or acquisition cost, a cost SLO, an API key or a webhook endpoint takes the `actor` that asked
for it as a keyword (views pass the request's API key, commands and jobs a named system actor;
never a thread-local) and calls `audit_record` in the transaction of the change, so the entry
commits or rolls back with it. A request that changes nothing (a retried void, a key revoked
twice) writes no entry. Entries are read at GET /v1/audit-log (admin scope).

This lives in metering, the lowest app, so every app can write it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from metering.models import ActorType, ApiKey, AuditEntry, Tenant


@dataclass(frozen=True)
class Actor:
    """Who asked for a change: an API key (or, later, a user), or a named command or job."""

    type: str  # an ActorType value
    id: str = ""  # the API key's (or user's) id
    label: str = ""  # the key's prefix, or what the command or job is

    @classmethod
    def of_api_key(cls, api_key: ApiKey) -> Actor:
        """The actor of a request authenticated with `api_key`."""
        return cls(type=ActorType.API_KEY, id=str(api_key.id), label=api_key.prefix)

    @classmethod
    def of_user(cls, user: Any) -> Actor:
        """A signed-in person (today: an operator in the Django admin)."""
        return cls(type=ActorType.USER, id=str(user.pk), label=user.get_username())

    @classmethod
    def system(cls, label: str) -> Actor:
        """A command or job acting on its own, e.g. Actor.system("manage.py create_tenant")."""
        return cls(type=ActorType.SYSTEM, label=label)

    @property
    def api_key_prefix(self) -> str:
        """The key's prefix when the actor is an API key, else ""."""
        return self.label if self.type == ActorType.API_KEY else ""


def audit_record(
    *,
    tenant: Tenant,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the tenant's audit log, inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction the entry could commit without its change, or the reverse.
        raise RuntimeError("audit_record() runs inside the transaction of the change it records.")
    return AuditEntry.objects.create(
        tenant=tenant,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=None if before is None else jsonable(before),
        after=None if after is None else jsonable(after),
    )


def audit_values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `instance` as JSON values (a foreign key by its id: `customer_id`)."""
    return {name: jsonable(getattr(instance, name)) for name in fields}


def jsonable(value: Any) -> Any:
    """`value` as plain JSON: decimals as strings without trailing zeros, instants in UTC."""
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value

"""Bulk writes of validated events: idempotency keys first, then the event rows.

Two implementations of one contract, chosen by database vendor:

- PostgreSQL: ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` on the key table (concurrent
  posts of the same event_id serialise on the key's unique index: exactly one wins), drawing
  the new events' ids from the event table's sequence in the same statement, then a binary
  ``COPY`` of the new events straight into the (partitioned) event table.
- Others (SQLite): read the existing keys, then ``bulk_create``; SQLite takes one writer at a
  time, and a lost race surfaces as an IntegrityError that the caller retries.

Both run inside the caller's transaction: either every new key and event of a batch is stored,
or none is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
import psycopg
from django.db import connection
from psycopg.types.json import Jsonb

from metering.event_schema import NormalisedEvent
from metering.models import Customer, EventKey, Tenant, UsageEvent

_JSON = msgspec.json.Encoder()
# Columns copied for each new event; the rest keep their database defaults.
EVENT_COLUMNS = (
    "id",
    "tenant_id",
    "customer_id",
    "event_id",
    "timestamp",
    "received_at",
    "request_class",
    "model",
    "provider",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "requests",
    "gpu_seconds",
    "gpu_type",
    "retrieval_calls",
    "external_cost",
    "outcome",
    "outcome_value",
    "latency_ms",
    "trace_id",
    "properties",
    "payload_hash",
    "amends_event_id",
    "cost_status",
    "cost_detail",
)
_COPY_TYPES = [
    "int8",
    "uuid",
    "int8",
    "text",
    "timestamptz",
    "timestamptz",
    "text",
    "text",
    "text",
    "int8",
    "int8",
    "int8",
    "int8",
    "int8",
    "int4",
    "numeric",
    "text",
    "int4",
    "numeric",
    "text",
    "numeric",
    "int4",
    "text",
    "jsonb",
    "text",
    "text",
    "text",
    "jsonb",
]
_COPY_SQL = "COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)".format(
    table=UsageEvent._meta.db_table,
    columns=", ".join(f'"{c}"' for c in EVENT_COLUMNS),
)


def keys_claim(
    *, tenant: Tenant, events: Sequence[NormalisedEvent]
) -> tuple[dict[str, int], dict[str, str]]:
    """Take the idempotency keys still free: ({claimed id: new event pk}, {taken id: stored hash}).

    On PostgreSQL the pks of the new events are drawn in the same statement, ascending in
    the order of `events`; elsewhere they are 0 and `events_insert` lets the database pick.
    """
    if not events:
        return {}, {}
    if connection.vendor == "postgresql":
        event_ids = [e.event_id for e in events]
        connection.ensure_connection()
        # A server-side-binding cursor sending binary parameters: the arrays are neither
        # quoted into the SQL here nor parsed back from text by the server.
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"WITH claimed AS (INSERT INTO {EventKey._meta.db_table}"
                ' (tenant_id, event_id, payload_hash, "timestamp")'
                " SELECT %s, k.* FROM unnest(%s::text[], %s::text[], %s::timestamptz[])"
                " AS k (event_id, payload_hash, ts)"
                # Claim keys in event_id order: two requests sharing keys then wait for each
                # other in the same order and never deadlock.
                " ORDER BY k.event_id ON CONFLICT DO NOTHING RETURNING event_id)"
                " SELECT event_id, NULL::bigint, NULL FROM claimed UNION ALL"
                " SELECT NULL, nextval(s.seq), NULL"
                " FROM generate_series(1, (SELECT count(*) FROM claimed)),"
                " (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq) AS s"
                # The stored hash of each key already taken (and committed when this
                # statement began; a key a concurrent request just stored is read below).
                " UNION ALL SELECT t.event_id, NULL, t.payload_hash"
                f" FROM {EventKey._meta.db_table} AS t"
                " WHERE t.tenant_id = %s AND t.event_id = ANY(%s::text[])"
                " AND t.event_id NOT IN (SELECT event_id FROM claimed)",
                [
                    tenant.pk,
                    event_ids,
                    [e.payload_hash for e in events],
                    [e.timestamp for e in events],
                    UsageEvent._meta.db_table,
                    tenant.pk,
                    event_ids,
                ],
                binary=True,
            )
            ids: set[str] = set()
            pks: list[int] = []
            hashes: dict[str, str] = {}
            for event_id, pk, stored_hash in cursor.fetchall():
                if stored_hash is not None:
                    hashes[event_id] = stored_hash
                elif pk is None:
                    ids.add(event_id)
                else:
                    pks.append(pk)
        pks.sort()
        claimed = dict(zip((e.event_id for e in events if e.event_id in ids), pks, strict=True))
        unseen = [i for i in event_ids if i not in ids and i not in hashes]
        if unseen:
            hashes.update(stored_hashes(tenant=tenant, event_ids=unseen))
        return claimed, hashes
    existing = stored_hashes(tenant=tenant, event_ids=[e.event_id for e in events])
    new = [e for e in events if e.event_id not in existing]
    EventKey.objects.bulk_create(
        [
            EventKey(
                tenant=tenant,
                event_id=e.event_id,
                payload_hash=e.payload_hash,
                timestamp=e.timestamp,
            )
            for e in new
        ],
        batch_size=500,
    )
    return dict.fromkeys((e.event_id for e in new), 0), existing


def stored_hashes(*, tenant: Tenant, event_ids: Sequence[str]) -> dict[str, str]:
    """The stored payload hash of each of `event_ids` that this tenant already holds."""
    found: dict[str, str] = {}
    for start in range(0, len(event_ids), 5000):
        chunk = event_ids[start : start + 5000]
        found.update(
            EventKey.objects.of(tenant)
            .filter(event_id__in=chunk)
            .values_list("event_id", "payload_hash")
        )
    return found


def customers_resolve(
    *, tenant: Tenant, external_ids: set[str]
) -> tuple[dict[str, int], list[str]]:
    """Map external ids to customer pks, creating the unknown ones; return (map, created)."""
    found = _customer_pks(tenant, external_ids)
    missing = sorted(external_ids - found.keys())
    if missing:
        Customer.objects.bulk_create(
            [Customer(tenant=tenant, external_id=external_id) for external_id in missing],
            ignore_conflicts=True,
        )
        found.update(_customer_pks(tenant, set(missing)))
    return found, missing


def _customer_pks(tenant: Tenant, external_ids: set[str]) -> dict[str, int]:
    return dict(
        Customer.objects.of(tenant)
        .filter(external_id__in=list(external_ids))
        .values_list("external_id", "pk")
    )


def events_insert(
    *,
    tenant: Tenant,
    events: Sequence[NormalisedEvent],
    customer_pks: dict[str, int],
    received_at: datetime,
    claimed: dict[str, int],
    amends: dict[str, str] | None = None,
) -> list[int]:
    """Insert new events (their keys claimed by `keys_claim`); return their pks in order."""
    if not events:
        return []
    amends = amends or {}
    if connection.vendor == "postgresql":
        pks = [claimed[e.event_id] for e in events]
        _insert_copy(tenant.pk, events, pks, customer_pks, received_at, amends)
        return pks
    created = UsageEvent.objects.bulk_create(
        [
            UsageEvent(
                tenant=tenant,
                customer_id=customer_pks[e.customer_id],
                received_at=received_at,
                amends_event_id=amends.get(e.event_id, ""),
                **{
                    name: getattr(e, name)
                    for name in NormalisedEvent.__struct_fields__
                    if name != "customer_id"
                },
            )
            for e in events
        ],
        batch_size=500,
    )
    return [event.pk for event in created]


def _insert_copy(
    tenant_id: UUID,
    events: Sequence[NormalisedEvent],
    pks: list[int],
    customer_pks: dict[str, int],
    received_at: datetime,
    amends: dict[str, str],
) -> None:
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(_COPY_SQL) as copy:
            copy.set_types(_COPY_TYPES)
            write = copy.write_row
            encode = _JSON.encode
            empty = Jsonb({}, encode)
            for pk, e in zip(pks, events, strict=True):
                write(
                    (
                        pk,
                        tenant_id,
                        customer_pks[e.customer_id],
                        e.event_id,
                        e.timestamp,
                        received_at,
                        e.request_class,
                        e.model,
                        e.provider,
                        e.input_tokens,
                        e.cached_input_tokens,
                        e.cache_write_tokens,
                        e.output_tokens,
                        e.reasoning_tokens,
                        e.requests,
                        e.gpu_seconds,
                        e.gpu_type,
                        e.retrieval_calls,
                        e.external_cost,
                        e.outcome,
                        e.outcome_value,
                        e.latency_ms,
                        e.trace_id,
                        Jsonb(e.properties, encode),
                        e.payload_hash,
                        amends.get(e.event_id, ""),
                        "pending",
                        empty,
                    )
                )

"""Bulk writes of validated events: idempotency keys first, then the event rows.

Two implementations of one contract, chosen by database vendor:

- PostgreSQL: the batch's keys are staged (binary ``COPY`` into a session temporary table;
  a few keys go as arrays in the statement instead), then one statement runs ``INSERT ... ON
  CONFLICT (tenant_id, event_id) DO NOTHING RETURNING`` on the key table in event_id order
  (concurrent posts of the same event_id serialise on the key's unique index: exactly one
  wins, and no two requests deadlock), draws the new events' ids from the event table's
  sequence, and reads the stored hash of every other key by one probe of the unique index
  per key, so the plan neither depends on statistics nor on how many keys the tenant holds.
  Then a binary ``COPY`` of the new events straight into the (partitioned) event table.
- Others (SQLite): read the existing keys, then ``bulk_create``; SQLite takes one writer at a
  time, and a lost race surfaces as an IntegrityError that the caller retries.

Both run inside the caller's transaction: either every new key and event of a batch is stored,
or none is.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
import psycopg
from django.db import connection
from psycopg.types.json import Jsonb

from metering.event_schema import NormalisedEvent
from metering.models import Customer, EventChange, EventKey, Tenant, UsageEvent

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
    "int8",  # requests
    "numeric",
    "text",
    "int8",  # retrieval_calls
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


@dataclass
class Claim:
    """What claiming a batch's keys did: which keys it took, what the others hold, what it stored.

    `claimed` maps each event_id taken by this request to its new event's pk (0 where the
    database picks it at insert); `hashes` maps every other event_id to its stored payload
    hash; `stored` lists the claimed events already inserted by the claim (PostgreSQL, when
    their customer exists); the rest wait for `customers_resolve` and `events_insert`.
    """

    claimed: dict[str, int] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)


def events_claim(
    *,
    tenant: Tenant,
    events: Sequence[NormalisedEvent],
    received_at: datetime,
    amends: dict[str, str] | None = None,
) -> Claim:
    """Take the idempotency keys still free, and on PostgreSQL store their events at once.

    `events` have distinct event_ids. On PostgreSQL one statement claims the keys, inserts
    the claimed events whose customer exists and reads the stored hash of every other key;
    elsewhere the keys are claimed and every claimed event waits for `events_insert`.
    """
    if not events:
        return Claim()
    if connection.vendor == "postgresql":
        return _claim_postgresql(tenant, events, received_at, amends or {})
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
    return Claim(claimed=dict.fromkeys((e.event_id for e in new), 0), hashes=existing)


# A batch is staged in a session temporary table (binary COPY) when it has at least this many
# events; smaller ones travel as arrays inside the claim statement itself (one round trip).
STAGE_MIN_EVENTS = 32
# Named after its layout: a session that outlives a deploy (a pooled server connection) keeps
# the temporary table of the previous layout, which a COPY of this one would not fit.
STAGE_TABLE = "metering_ingest_stage_2"
_KEYS = EventKey._meta.db_table
_CUSTOMERS = Customer._meta.db_table
# The staged columns of each event, with their PostgreSQL types.
_STAGE_COLUMNS = (
    ("ord", "int4"),
    ("event_id", "text"),
    ("payload_hash", "text"),
    ("ts", "timestamptz"),
    ("customer", "text"),
    ("request_class", "text"),
    ("model", "text"),
    ("provider", "text"),
    ("input_tokens", "int8"),
    ("cached_input_tokens", "int8"),
    ("cache_write_tokens", "int8"),
    ("output_tokens", "int8"),
    ("reasoning_tokens", "int8"),
    ("requests", "int8"),
    ("gpu_seconds", "text"),  # numeric text: cheaper to send than binary numeric
    ("gpu_type", "text"),
    ("retrieval_calls", "int8"),
    ("external_cost", "text"),  # numeric text: cheaper to send than binary numeric
    ("outcome", "text"),
    ("outcome_value", "text"),  # numeric text: cheaper to send than binary numeric
    ("latency_ms", "int4"),
    ("trace_id", "text"),
    ("properties", "text"),  # JSON text: the claim casts it
    ("amends", "text"),
)
_STAGE_NAMES = ", ".join(name for name, _ in _STAGE_COLUMNS)
_STAGE_TYPES = [kind for _, kind in _STAGE_COLUMNS]
_ARRAY_SOURCE = "stage AS (SELECT * FROM unnest({arrays}) AS u ({names})), ".format(
    arrays=", ".join(f"%(c{i})s::{kind}[]" for i, kind in enumerate(_STAGE_TYPES)),
    names=_STAGE_NAMES,
)
_INSERTED = ", ".join(
    f'"{c}"' for c in EVENT_COLUMNS if c not in ("id", "tenant_id", "customer_id")
)
_CLAIM_SQL = (
    "WITH {source}claimed AS ("
    f' INSERT INTO {_KEYS} (tenant_id, event_id, payload_hash, "timestamp")'
    " SELECT %(tenant)s, s.event_id, s.payload_hash, s.ts FROM stage AS s"
    # Claim keys in event_id order: two requests sharing keys then wait for each other in
    # the same order and never deadlock.
    " ORDER BY s.event_id ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING event_id),"
    # The claimed events whose customer exists, in posted order: their ids (the column's
    # sequence default) ascend in that order. A customer probe per event, like the keys'.
    f" stored AS (INSERT INTO {UsageEvent._meta.db_table}"
    f" (tenant_id, customer_id, {_INSERTED})"
    " SELECT %(tenant)s, c.id, s.event_id, s.ts, %(received)s, s.request_class, s.model,"
    " s.provider, s.input_tokens, s.cached_input_tokens, s.cache_write_tokens,"
    " s.output_tokens, s.reasoning_tokens, s.requests, s.gpu_seconds::numeric, s.gpu_type,"
    " s.retrieval_calls, s.external_cost::numeric, s.outcome, s.outcome_value::numeric,"
    " s.latency_ms,"
    " s.trace_id, s.properties::jsonb, s.payload_hash, s.amends, 'pending', '{{}}'::jsonb"
    " FROM stage AS s JOIN claimed AS k ON k.event_id = s.event_id CROSS JOIN LATERAL"
    f" (SELECT u.id FROM {_CUSTOMERS} AS u WHERE u.tenant_id = %(tenant)s"
    " AND u.external_id = s.customer LIMIT 1) AS c"
    " ORDER BY s.ord RETURNING id, event_id)"
    "{cleanup}"
    # Each claimed key once: with its new id when stored here, else without (a new customer).
    " SELECT event_id, NULL::bigint, NULL::text FROM claimed"
    " WHERE event_id NOT IN (SELECT event_id FROM stored)"
    " UNION ALL SELECT event_id, id, NULL FROM stored"
    # The stored hash of each key already taken (and committed when this statement began;
    # a key a concurrent request committed meanwhile is read by a second statement). One
    # probe of the unique index per key, whatever the statistics say: the LIMIT keeps the
    # planner from turning the probes into a join that reads all of the tenant's keys.
    # Keys this statement claimed are left out: its snapshot cannot see them anyway.
    " UNION ALL SELECT s.event_id, NULL, t.payload_hash FROM stage AS s CROSS JOIN LATERAL"
    f" (SELECT k.payload_hash FROM {_KEYS} AS k WHERE k.tenant_id = %(tenant)s"
    " AND k.event_id = s.event_id LIMIT 1) AS t"
    " WHERE s.event_id NOT IN (SELECT event_id FROM claimed)"
)
_CLAIM_ARRAYS = _CLAIM_SQL.format(source=_ARRAY_SOURCE, cleanup="")
# The staged rows go with the statement (the table also empties at each commit).
_CLAIM_STAGED = _CLAIM_SQL.format(
    source="", cleanup=f", emptied AS (DELETE FROM {STAGE_TABLE})"
).replace("FROM stage AS s", f"FROM {STAGE_TABLE} AS s")
# Outside a transaction, for a few events: the claim, the events and their change note in ONE
# statement, so one round trip both stores and commits them. Only keys of events whose
# customer exists are claimed (a committed key always has its event); the events of new
# customers, and keys that another request committed while this statement waited, are left
# for the transactional path. The note holds the stored ids as [first, last] runs.
_CLAIM_COMMIT = (
    _CLAIM_SQL.format(source=_ARRAY_SOURCE, cleanup="")
    .replace(
        " FROM stage AS s ORDER BY s.event_id ON CONFLICT",
        f" FROM stage AS s WHERE EXISTS (SELECT FROM {_CUSTOMERS} AS u"
        " WHERE u.tenant_id = %(tenant)s AND u.external_id = s.customer)"
        " ORDER BY s.event_id ON CONFLICT",
    )
    .replace(
        " SELECT event_id, NULL::bigint, NULL::text FROM claimed",
        f", noted AS (INSERT INTO {EventChange._meta.db_table} (tenant_id, event_pks, created_at)"
        " SELECT %(tenant)s, jsonb_agg(jsonb_build_array(r.first, r.last) ORDER BY r.first),"
        " %(received)s FROM (SELECT min(id) AS first, max(id) AS last"
        " FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS run FROM stored) AS i"
        " GROUP BY run) AS r HAVING count(*) > 0 RETURNING id)"
        " SELECT event_id, NULL::bigint, NULL::text FROM claimed",
    )
)
_HASHES_SQL = (
    "SELECT s.event_id, t.payload_hash FROM unnest(%(ids)s::text[]) AS s (event_id)"
    f" CROSS JOIN LATERAL (SELECT k.payload_hash FROM {_KEYS} AS k"
    " WHERE k.tenant_id = %(tenant)s AND k.event_id = s.event_id LIMIT 1) AS t"
)
_STAGE_CREATE = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS {table} ({columns}) ON COMMIT DELETE ROWS".format(
        table=STAGE_TABLE,
        columns=", ".join(f"{name} {kind}" for name, kind in _STAGE_COLUMNS),
    )
)
_STAGE_COPY = f"COPY {STAGE_TABLE} ({_STAGE_NAMES}) FROM STDIN (FORMAT BINARY)"
_NEXT_IDS = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
# Sessions whose staging table exists (created outside any transaction).
_staged_sessions: weakref.WeakSet[Any] = weakref.WeakSet()


def stage_prepare(*, events: int) -> None:
    """Create this session's staging table once, before a transaction, for a large batch.

    Inside a caller's transaction nothing is done here: the claim then creates the table if
    needed in that transaction, which a rollback would undo.
    """
    if events < STAGE_MIN_EVENTS or connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    connection.ensure_connection()
    session = connection.connection
    if session in _staged_sessions:
        return
    with connection.wrap_database_errors, psycopg.Cursor(session) as cursor:
        cursor.execute(_STAGE_CREATE)
    _staged_sessions.add(session)


def stage_rows(events: Sequence[NormalisedEvent], amends: dict[str, str]) -> list[tuple[Any, ...]]:
    """The staged row of each event (built before the transaction opens).

    Decimals and properties are staged as text, which the claim casts: `str` costs a fraction
    of the binary numeric dumper, which takes each Decimal apart in Python, and the JSON text
    needs no wrapper nor a dumper written in Python.
    """
    encode = _JSON.encode
    return [
        (
            index,
            e.event_id,
            e.payload_hash,
            e.timestamp,
            e.customer_id,
            e.request_class,
            e.model,
            e.provider,
            e.input_tokens,
            e.cached_input_tokens,
            e.cache_write_tokens,
            e.output_tokens,
            e.reasoning_tokens,
            e.requests,
            str(e.gpu_seconds),
            e.gpu_type,
            e.retrieval_calls,
            str(e.external_cost),
            e.outcome,
            None if e.outcome_value is None else str(e.outcome_value),
            e.latency_ms,
            e.trace_id,
            encode(e.properties).decode(),
            amends.get(e.event_id, ""),
        )
        for index, e in enumerate(events)
    ]


def _claim_postgresql(
    tenant: Tenant,
    events: Sequence[NormalisedEvent],
    received_at: datetime,
    amends: dict[str, str],
) -> Claim:
    rows = stage_rows(events, amends)
    connection.ensure_connection()
    session = connection.connection
    params: dict[str, Any] = {"tenant": tenant.pk, "received": received_at}
    claim = Claim()
    # A server-side-binding cursor sending binary parameters: the arrays are neither
    # quoted into the SQL here nor parsed back from text by the server.
    with connection.wrap_database_errors, psycopg.Cursor(session) as cursor:
        if len(events) < STAGE_MIN_EVENTS:
            for index, column in enumerate(zip(*rows, strict=True)):
                params[f"c{index}"] = list(column)
            cursor.execute(_CLAIM_ARRAYS, params, binary=True)
        else:
            if session not in _staged_sessions:
                cursor.execute(_STAGE_CREATE)  # rolls back with this transaction
            with cursor.copy(_STAGE_COPY) as copy:
                copy.set_types(_STAGE_TYPES)
                write = copy.write_row
                for row in rows:
                    write(row)
            cursor.execute(_CLAIM_STAGED, params, binary=True)
        for event_id, pk, stored_hash in cursor.fetchall():
            if stored_hash is not None:
                claim.hashes[event_id] = stored_hash
            elif pk is None:
                claim.claimed.setdefault(event_id, 0)
            else:
                claim.claimed[event_id] = pk
                claim.stored.add(event_id)
        # Keys another request committed while this claim waited for them: a new snapshot.
        # (Each row above names one event; no event is missing when the counts add up.)
        unseen = []
        if len(claim.claimed) + len(claim.hashes) < len(events):
            unseen = [
                e.event_id
                for e in events
                if e.event_id not in claim.claimed and e.event_id not in claim.hashes
            ]
        if unseen:
            cursor.execute(_HASHES_SQL, {"ids": unseen, "tenant": tenant.pk}, binary=True)
            claim.hashes.update(cursor.fetchall())
        # Claimed events whose customer is new: their ids now, their rows after the customers.
        if len(claim.stored) < len(claim.claimed):
            waiting = [e.event_id for e in events if claim.claimed.get(e.event_id) == 0]
            cursor.execute(_NEXT_IDS, [UsageEvent._meta.db_table, len(waiting)])
            for event_id, (pk,) in zip(waiting, cursor.fetchall(), strict=True):
                claim.claimed[event_id] = pk
    return claim


def events_store_at_once(
    *, tenant: Tenant, events: Sequence[NormalisedEvent], received_at: datetime
) -> Claim:
    """Claim, store and note a few events in one statement that commits on its own.

    PostgreSQL only, outside any transaction, fewer than `STAGE_MIN_EVENTS` events with
    distinct event_ids. `claimed` and `stored` name the same events here; an event in
    neither `claimed` nor `hashes` (a new customer, or a key committed meanwhile) is for
    the transactional path.
    """
    if connection.in_atomic_block:
        raise RuntimeError("events_store_at_once commits on its own: call it outside atomic().")
    rows = stage_rows(events, {})
    connection.ensure_connection()
    params: dict[str, Any] = {"tenant": tenant.pk, "received": received_at}
    for index, column in enumerate(zip(*rows, strict=True)):
        params[f"c{index}"] = list(column)
    claim = Claim()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_CLAIM_COMMIT, params, binary=True)
        for event_id, pk, stored_hash in cursor.fetchall():
            if stored_hash is not None:
                claim.hashes[event_id] = stored_hash
            elif pk is not None:
                claim.claimed[event_id] = pk
                claim.stored.add(event_id)
    return claim


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
    if not external_ids:
        return {}, []
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

"""Monthly range partitions of the usage event table on PostgreSQL.

Inserts land in the current month's partition and a recent-range read touches only the
months it covers, so both stay flat as the table grows to hundreds of millions of rows; old
months can be detached or archived whole. A DEFAULT partition catches any timestamp no monthly
partition covers yet; `event_partitions_ensure` moves such rows into their month when it
creates it. On other databases (SQLite, the embedded default) the table is a plain table.

The primary key is (id, timestamp, tenant_id): PostgreSQL wants the partition key in it, Citus
wants the distribution column in it (docs/scaling.md), and `id` leads because other apps update
events by their Django pk (bulk_update), without the tenant. Every other index leads with
tenant_id; idempotency keys live in `metering_eventkey`, keyed (tenant_id, event_id).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# SQL here is built from this module's constant table names (never from input): S608 is noise.

TABLE = "metering_usageevent"
DEFAULT_PARTITION = f"{TABLE}_default"
SEQUENCE = f"{TABLE}_id_seq"
MONTHS_BACK = 2
MONTHS_AHEAD = 3
PRIMARY_KEY = '(id, "timestamp", tenant_id)'


def month_start(moment: datetime) -> datetime:
    """The first instant (UTC) of the month holding `moment`."""
    moment = moment.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def add_months(month: datetime, count: int) -> datetime:
    index = month.year * 12 + month.month - 1 + count
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def partition_name(month: datetime) -> str:
    return f"{TABLE}_p{month.year:04d}{month.month:02d}"


def is_partitioned(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
            " WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
            [TABLE],
        )
        return cursor.fetchone() is not None


def event_table_partition(connection: BaseDatabaseWrapper, *, now: datetime) -> None:
    """Rebuild the event table as a partitioned table, keeping rows, indexes and keys."""
    if connection.vendor != "postgresql" or is_partitioned(connection):
        return
    flat = f"{TABLE}_flat"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {flat}")
        index_defs, foreign_keys = _indexes_and_foreign_keys(cursor, flat)
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {flat} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            ' PARTITION BY RANGE ("timestamp")'
        )
        cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE} DEFAULT")
        first = add_months(month_start(now), -MONTHS_BACK)
        for offset in range(MONTHS_BACK + MONTHS_AHEAD + 1):
            _create_partition(cursor, add_months(first, offset))
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {flat}")
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {flat}")
        (max_id,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {flat}")
        # Identity columns need PostgreSQL 17 on a partitioned table: use an owned sequence.
        cursor.execute(f"CREATE SEQUENCE {SEQUENCE} OWNED BY {TABLE}.id")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{SEQUENCE}')")
        cursor.execute("SELECT setval(%s, %s, %s)", [SEQUENCE, max(max_id, 1), max_id > 0])
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY {PRIMARY_KEY}")
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        for definition in index_defs:
            cursor.execute(definition.replace(f" ON public.{flat} ", f" ON public.{TABLE} "))
        # Fresh statistics for the new tables: autovacuum may be off, or slow to come.
        cursor.execute(f"ANALYZE {TABLE}")


def event_table_unpartition(connection: BaseDatabaseWrapper) -> None:
    """Undo `event_table_partition`: a plain table with an identity `id` primary key again."""
    if not is_partitioned(connection):
        return
    flat = f"{TABLE}_flat"
    with connection.cursor() as cursor:
        index_defs, foreign_keys = _indexes_and_foreign_keys(cursor, TABLE)
        cursor.execute(
            f"CREATE TABLE {flat} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        cursor.execute(f"INSERT INTO {flat} SELECT * FROM {TABLE}")
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {flat}")
        (next_id,) = cursor.fetchone()
        # Drops the partitions and the owned id sequence (and so the copied default).
        cursor.execute(f"DROP TABLE {TABLE} CASCADE")
        cursor.execute(f"ALTER TABLE {flat} RENAME TO {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id)")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"
            f" (START WITH {int(next_id)})"
        )
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        for definition in index_defs:
            cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))


def event_table_primary_key_set(connection: BaseDatabaseWrapper, *, columns: str) -> None:
    """Replace the partitioned event table's primary key by one on `columns` (SQL list)."""
    if not is_partitioned(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {TABLE}_pkey")
        cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY {columns}")


def _indexes_and_foreign_keys(cursor: Any, table: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Definitions of a table's indexes (but its primary key) and foreign keys."""
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
        [table, f"{TABLE}_pkey"],
    )
    index_defs = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    return index_defs, cursor.fetchall()


def _create_partition(cursor: object, month: datetime) -> None:
    name = partition_name(month)
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)",
        [month, add_months(month, 1)],
    )


def event_partitions_ensure(
    connection: BaseDatabaseWrapper,
    *,
    now: datetime,
    months_back: int = MONTHS_BACK,
    months_ahead: int = MONTHS_AHEAD,
) -> list[str]:
    """Create the monthly partitions around `now` that are missing; return their names.

    Rows already caught by the DEFAULT partition for such a month are moved into it.
    """
    if not is_partitioned(connection):
        return []
    created = []
    first = add_months(month_start(now), -months_back)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        existing = {row[0] for row in cursor.fetchall()}
        for offset in range(months_back + months_ahead + 1):
            month = add_months(first, offset)
            name = partition_name(month)
            if name in existing:
                continue
            bounds = [month, add_months(month, 1)]
            cursor.execute(
                f'SELECT 1 FROM {DEFAULT_PARTITION} WHERE "timestamp" >= %s'
                ' AND "timestamp" < %s LIMIT 1',
                bounds,
            )
            if cursor.fetchone() is None:
                _create_partition(cursor, month)
            else:
                cursor.execute(
                    f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
                )
                cursor.execute(
                    f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE"
                    ' "timestamp" >= %s AND "timestamp" < %s RETURNING *)'
                    f" INSERT INTO {name} SELECT * FROM moved",
                    bounds,
                )
                cursor.execute(
                    f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)",
                    bounds,
                )
            # The planner's first figures for the month, rather than none.
            cursor.execute(f"ANALYZE {name}")
            created.append(name)
    return created


_MONTHLY = re.compile(rf"^{TABLE}_p(\d{{4}})(\d{{2}})$")


def event_partitions_monthly(connection: BaseDatabaseWrapper) -> list[tuple[str, datetime]]:
    """The monthly partitions (name, first instant of the month), oldest first."""
    if not is_partitioned(connection):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        found = _MONTHLY.match(name)
        if found:
            months.append((name, datetime(int(found[1]), int(found[2]), 1, tzinfo=UTC)))
    return sorted(months, key=lambda item: item[1])


def event_partition_tenants(connection: BaseDatabaseWrapper, *, name: str) -> list[str]:
    """Ids of the tenants with rows in one partition (through its (tenant, timestamp) index)."""
    if not _MONTHLY.match(name):
        raise ValueError(f"{name} is not a monthly partition of {TABLE}.")
    with connection.cursor() as cursor:
        # A loose index scan: one probe per tenant instead of reading every row.
        cursor.execute(
            f"WITH RECURSIVE t AS ((SELECT tenant_id AS id FROM {name} ORDER BY 1 LIMIT 1)"
            f" UNION ALL SELECT (SELECT tenant_id FROM {name} WHERE tenant_id > t.id"
            " ORDER BY 1 LIMIT 1) FROM t WHERE t.id IS NOT NULL) SELECT id FROM t"
            " WHERE id IS NOT NULL"
        )
        return [str(row[0]) for row in cursor.fetchall()]


def event_partition_drop(connection: BaseDatabaseWrapper, *, name: str) -> None:
    """Detach and drop one monthly partition: its rows go in one statement, none one by one."""
    if not _MONTHLY.match(name):
        raise ValueError(f"{name} is not a monthly partition of {TABLE}.")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
        cursor.execute(f"DROP TABLE {name}")

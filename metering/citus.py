"""Citus readiness: the catalog rules for distributing by tenant_id, and the SQL to do it.

`citus_violations()` reads the migrated PostgreSQL catalog (pg_class, pg_attribute, pg_index,
pg_constraint) and reports, for every table of the project's apps:

- a table that is neither distributed by `tenant_id` nor a listed reference table;
- a distributed table without a NOT NULL `tenant_id` column;
- a unique index or constraint of a distributed table that does not include `tenant_id`:
  Citus enforces uniqueness inside one shard only, so every unique key must contain the
  distribution column;
- a non-unique index of a distributed table without `tenant_id`, unless it is Django's index
  of one foreign-key column (the referenced row belongs to one tenant, so the index is as
  selective inside a shard as (tenant_id, fk)) or a listed cross-tenant sweep index;
- a foreign key between distributed tables without `tenant_id` on both sides, and any foreign
  key from a reference table to a distributed table (Citus refuses those).

Django's single-column `id` primary key, and the single-column foreign keys that reference
it, are allowed exceptions (`django_keys=True`): Django cannot migrate a model to a composite
primary key nor point a ForeignKey at one. `citus_plan()` gives the SQL that converts them
when the cluster is built (each key becomes (tenant_id, id), each such foreign key
(tenant_id, x_id)), then the create_reference_table / create_distributed_table calls;
tests/test_citus_readiness.py runs the conversion on PostgreSQL and checks that nothing is
left without the exceptions. docs/scaling.md explains each choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

PROJECT_APPS = ("metering", "pricing", "economics")

# Replicated to every node: small, read on most requests, written rarely.
REFERENCE_TABLES = {
    # The distribution root: every shard joins it.
    "metering_tenant": "the tenants themselves",
    # Authentication looks a key up by its hash before the tenant is known, so the key's
    # uniqueness is global; keys are few and `last_used_at` is written at most once a minute.
    "metering_apikey": "looked up by key hash before the tenant is known",
    # Signing in to the dashboard finds a person's tenant from the Django user (one tenant
    # per user), before the tenant is known; members are few and rarely written.
    "metering_membership": "found by the signed-in user before the tenant is known",
    # A customer read token is looked up by its hash before the tenant is known, like a key;
    # tokens are short-lived and few, and `last_used_at` is written at most once a minute.
    "metering_customerreadtoken": "looked up by token hash before the tenant is known",
    # The shipped cost catalog (tenant_id NULL, which a distribution column cannot hold)
    # and the tenants' own price overrides, read together when an event is costed.
    "economics_modelprice": "the cost catalog (no tenant) beside the tenants' overrides",
}

# The first distributed table: every other one is colocated with it.
COLOCATION_ROOT = "metering_customer"

# Non-unique indexes without tenant_id, kept on purpose: each serves a sweep over every
# tenant (cross_tenant callers), which Citus runs on each shard in parallel with the
# shard-local copy of the index.
CROSS_TENANT_SWEEP_INDEXES = {
    "economics_delivery_due": "beat: due webhook deliveries of every tenant",
    "stripe_outbox_due": "beat: due Stripe outbox rows of every tenant",
    "stripe_event_due": "beat: Stripe events whose handling was lost",
    "stripe_difference_open": "beat: open Stripe differences of every tenant",
}


@dataclass(frozen=True)
class Index:
    table: str
    name: str
    columns: tuple[str, ...]
    unique: bool
    primary: bool


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]


def project_tables() -> set[str]:
    """Top-level tables (partitions excluded) of the project's apps, from the catalog."""
    prefixes = tuple(f"{app}_" for app in PROJECT_APPS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c"
            " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')"
            " AND NOT c.relispartition"
        )
        return {name for (name,) in cursor.fetchall() if name.startswith(prefixes)}


def tenant_columns() -> dict[str, bool]:
    """Tables with a tenant_id column, and whether it is NOT NULL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attnotnull FROM pg_attribute a JOIN pg_class c"
            " ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace"
            " AND a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
        )
        return dict(cursor.fetchall())


def indexes() -> list[Index]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, i.relname, ARRAY(SELECT a.attname FROM unnest(x.indkey)"
            " WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid"
            " AND a.attnum = k.attnum ORDER BY k.n), x.indisunique, x.indisprimary"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid"
            " WHERE t.relnamespace = 'public'::regnamespace AND NOT t.relispartition"
        )
        return [Index(t, n, tuple(c), u, p) for t, n, c, u, p in cursor.fetchall()]


def foreign_keys() -> list[ForeignKey]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, k.conname,"
            " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS c(attnum, n)"
            "  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum"
            "  ORDER BY c.n),"
            " r.relname,"
            " ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS c(attnum, n)"
            "  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = c.attnum"
            "  ORDER BY c.n)"
            " FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
            " JOIN pg_class r ON r.oid = k.confrelid"
            " WHERE k.contype = 'f' AND t.relnamespace = 'public'::regnamespace"
            " AND NOT t.relispartition"
        )
        return [ForeignKey(t, n, tuple(c), r, tuple(rc)) for t, n, c, r, rc in cursor.fetchall()]


def distributed_tables() -> set[str]:
    return project_tables() - set(REFERENCE_TABLES)


def foreign_key_columns() -> dict[str, set[str]]:
    """Per table, the columns that hold a foreign key: alone, or beside tenant_id."""
    columns: dict[str, set[str]] = {}
    for fk in foreign_keys():
        own = [column for column in fk.columns if column != "tenant_id"]
        if len(own) == 1:
            columns.setdefault(fk.table, set()).add(own[0])
    return columns


def citus_violations(*, django_keys: bool = True) -> list[str]:
    """Every reason the migrated schema could not be distributed by tenant_id, in words."""
    problems: list[str] = []
    distributed = distributed_tables()
    tenant_ids = tenant_columns()
    for table in sorted(distributed):
        if table not in tenant_ids:
            problems.append(f"{table}: no tenant_id column and not a reference table")
        elif not tenant_ids[table]:
            problems.append(f"{table}: tenant_id may be NULL")
    fk_columns = foreign_key_columns()
    for index in indexes():
        if index.table not in distributed or "tenant_id" in index.columns:
            continue
        if django_keys and index.primary and index.columns == ("id",):
            continue  # Django's single-column primary key: made (tenant_id, id) on Citus
        if index.unique:
            kind = "primary key" if index.primary else "unique index"
            problems.append(f"{index.table}: {kind} {index.name} {index.columns} lacks tenant_id")
        elif len(index.columns) == 1 and index.columns[0] in fk_columns.get(index.table, set()):
            continue  # Django's index of one foreign-key column
        elif index.name not in CROSS_TENANT_SWEEP_INDEXES:
            problems.append(f"{index.table}: index {index.name} {index.columns} lacks tenant_id")
    for fk in foreign_keys():
        if fk.table in REFERENCE_TABLES and fk.target in distributed:
            problems.append(
                f"{fk.table}: foreign key {fk.name} from a reference table to {fk.target}"
            )
        if fk.table not in distributed or fk.target not in distributed:
            continue
        if "tenant_id" in fk.columns and "tenant_id" in fk.target_columns:
            continue
        if django_keys and len(fk.columns) == 1 and fk.target_columns == ("id",):
            continue  # Django's single-column reference: made (tenant_id, x_id) on Citus
        problems.append(
            f"{fk.table}: foreign key {fk.name} {fk.columns} -> {fk.target}{fk.target_columns}"
            " lacks tenant_id"
        )
    return problems


def _django_foreign_keys() -> list[ForeignKey]:
    distributed = distributed_tables()
    return sorted(
        (
            fk
            for fk in foreign_keys()
            if fk.table in distributed
            and fk.target in distributed
            and len(fk.columns) == 1
            and fk.target_columns == ("id",)
        ),
        key=lambda fk: (fk.table, fk.name),
    )


def citus_plan() -> list[str]:
    """The SQL that makes the migrated schema distributed by tenant_id, statement by statement.

    First the keys (plain PostgreSQL, run before `CREATE EXTENSION citus` or after: Django's
    foreign keys dropped, `id` primary keys made (tenant_id, id), the foreign keys re-added
    with tenant_id), then the reference and distributed tables, colocated with customers.
    """
    statements = []
    django_fks = _django_foreign_keys()
    for fk in django_fks:
        statements.append(f'ALTER TABLE {fk.table} DROP CONSTRAINT "{fk.name}";')
    distributed = distributed_tables()
    for index in sorted(indexes(), key=lambda i: i.table):
        if index.table in distributed and index.primary and index.columns == ("id",):
            statements.append(
                f'ALTER TABLE {index.table} DROP CONSTRAINT "{index.name}",'
                " ADD PRIMARY KEY (tenant_id, id);"
            )
    for fk in django_fks:
        statements.append(
            f'ALTER TABLE {fk.table} ADD CONSTRAINT "{fk.name}" FOREIGN KEY'
            f" (tenant_id, {fk.columns[0]}) REFERENCES {fk.target} (tenant_id, id)"
            " DEFERRABLE INITIALLY DEFERRED;"
        )
    for table in sorted(REFERENCE_TABLES):
        statements.append(f"SELECT create_reference_table('{table}');")
    statements.append(f"SELECT create_distributed_table('{COLOCATION_ROOT}', 'tenant_id');")
    for table in sorted(distributed - {COLOCATION_ROOT}):
        statements.append(
            f"SELECT create_distributed_table('{table}', 'tenant_id',"
            f" colocate_with => '{COLOCATION_ROOT}');"
        )
    return statements

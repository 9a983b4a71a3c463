"""The migrated PostgreSQL schema can be distributed by tenant on Citus (docs/scaling.md).

The checker reads the catalog (pg_class, pg_attribute, pg_index, pg_constraint) of the
migrated test database and reports, for every table of the project's apps:

- a table that is neither distributed by `tenant_id` nor a listed reference table;
- a distributed table without a NOT NULL `tenant_id` column;
- a unique index or constraint (other than Django's single-column `id` primary key) of a
  distributed table that does not include `tenant_id`: Citus can only enforce uniqueness
  inside one shard, so every unique key must contain the distribution column;
- a non-unique index of a distributed table without `tenant_id`, unless it is Django's index
  of one foreign-key column (the referenced row belongs to one tenant, so the index is as
  selective inside a shard as (tenant_id, fk)) or a listed cross-tenant sweep index;
- a foreign key between distributed tables that neither includes `tenant_id` on both sides
  nor is Django's single-column reference to the target's `id` primary key, and any foreign
  key from a reference table to a distributed table (Citus refuses those).

The allowed exceptions, Django's single-column `id` primary key and the foreign keys that
reference it, are converted when the cluster is built: docs/scaling.md gives the SQL that
makes each primary key (tenant_id, id) and each such foreign key (tenant_id, x_id).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from metering.tenancy import TenantOwnedModel

PROJECT_APPS = ("metering", "pricing", "economics")

# Replicated to every node: small, read on most requests, written rarely.
REFERENCE_TABLES = {
    # The distribution root: every shard joins it.
    "metering_tenant": "the tenants themselves",
    # Authentication looks a key up by its hash before the tenant is known, so the key's
    # uniqueness is global; keys are few and `last_used_at` is written at most once a minute.
    "metering_apikey": "looked up by key hash before the tenant is known",
    # The shipped cost catalog (tenant_id NULL, which a distribution column cannot hold)
    # and the tenants' own price overrides, read together when an event is costed.
    "economics_modelprice": "the cost catalog (no tenant) beside the tenants' overrides",
}

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
    """Per table, the columns that hold a single-column foreign key."""
    columns: dict[str, set[str]] = {}
    for fk in foreign_keys():
        if len(fk.columns) == 1:
            columns.setdefault(fk.table, set()).add(fk.columns[0])
    return columns


def citus_violations() -> list[str]:
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
        if index.primary and index.columns == ("id",):
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
        if len(fk.columns) == 1 and fk.target_columns == ("id",):
            continue  # Django's single-column reference: made (tenant_id, x_id) on Citus
        problems.append(
            f"{fk.table}: foreign key {fk.name} {fk.columns} -> {fk.target}{fk.target_columns}"
            " lacks tenant_id"
        )
    return problems


def test_every_tenant_owned_model_is_classified() -> None:
    """A model with a tenant is distributed or a listed reference table, on any database."""
    owned = {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel) and model._meta.managed
    }
    assert owned - set(REFERENCE_TABLES), "no distributed table at all"
    for table in owned:
        field_names = {f.column for f in apps.get_model(*_label(table))._meta.concrete_fields}
        assert "tenant_id" in field_names, table


def _label(table: str) -> tuple[str, str]:
    for model in apps.get_models():
        if model._meta.db_table == table:
            return model._meta.app_label, model.__name__
    raise LookupError(table)


@pytest.mark.postgres
def test_the_migrated_schema_can_be_distributed_by_tenant(db: None) -> None:
    assert citus_violations() == []


@pytest.mark.postgres
def test_the_checker_reports_a_tenant_less_unique_index(db: None) -> None:
    # Inside the test's transaction, rolled back with it.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNIQUE INDEX throwaway_rollup_by_customer"
            " ON economics_rolluphour (customer_id, bucket_start)"
        )
    assert citus_violations() == [
        "economics_rolluphour: unique index throwaway_rollup_by_customer"
        " ('customer_id', 'bucket_start') lacks tenant_id"
    ]


@pytest.mark.postgres
def test_the_checker_reports_a_table_without_tenant_and_a_tenant_less_foreign_key(
    db: None,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE economics_throwaway_note (id bigint PRIMARY KEY, note text)")
        cursor.execute(
            "CREATE UNIQUE INDEX throwaway_invoice_by_customer ON pricing_invoice (id, customer_id)"
        )
        cursor.execute(
            "CREATE TABLE economics_throwaway_line (id bigint PRIMARY KEY,"
            " tenant_id uuid NOT NULL, invoice_id uuid, customer_id bigint,"
            " CONSTRAINT throwaway_line_invoice FOREIGN KEY (invoice_id, customer_id)"
            " REFERENCES pricing_invoice (id, customer_id))"
        )
    assert sorted(citus_violations()) == [
        "economics_throwaway_line: foreign key throwaway_line_invoice"
        " ('invoice_id', 'customer_id') -> pricing_invoice('id', 'customer_id') lacks tenant_id",
        "economics_throwaway_note: no tenant_id column and not a reference table",
        "pricing_invoice: unique index throwaway_invoice_by_customer ('id', 'customer_id')"
        " lacks tenant_id",
    ]


@pytest.mark.postgres
def test_the_scaling_guide_distributes_every_table(db: None) -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "scaling.md").read_text()
    for table in sorted(distributed_tables()):
        assert f"create_distributed_table('{table}', 'tenant_id'" in guide, table
    for table in REFERENCE_TABLES:
        assert f"create_reference_table('{table}')" in guide, table

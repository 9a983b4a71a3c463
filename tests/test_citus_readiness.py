"""The migrated PostgreSQL schema can be distributed by tenant on Citus (docs/scaling.md).

The rules and their allowed exceptions are in metering/citus.py; these tests run the checker
on the migrated catalog, show it failing on violations made inside the test's transaction,
and run the conversion SQL it plans to show that nothing is left once Django's keys are
converted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from metering.citus import (
    REFERENCE_TABLES,
    citus_plan,
    citus_violations,
)
from metering.tenancy import TenantOwnedModel


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
def test_the_planned_key_conversion_leaves_no_exception(db: None) -> None:
    assert citus_violations(django_keys=False) != []
    keys = [s for s in citus_plan() if s.startswith("ALTER TABLE")]
    with connection.cursor() as cursor:
        for statement in keys:
            cursor.execute(statement)
    assert citus_violations(django_keys=False) == []


@pytest.mark.postgres
def test_the_scaling_guide_distributes_every_table(db: None) -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "scaling.md").read_text()
    for statement in citus_plan():
        if statement.startswith("SELECT create_"):
            assert statement in guide, statement

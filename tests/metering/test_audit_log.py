"""The audit log: GET /v1/audit-log, its filters and pages, and why its entries cannot change.

What each action records is in tests/test_audit_trail.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from rest_framework.test import APIClient

from metering import event_services, services
from metering.audit import Actor, audit_record, jsonable
from metering.models import ApiKey, AuditEntry, Tenant, UsageEvent


def log(client: APIClient, query: str = "") -> list[dict[str, Any]]:
    """The audit log as `client` reads it, without entry ids and times."""
    response = client.get(f"/v1/audit-log{query}")
    assert response.status_code == 200, response.content
    return [
        {k: v for k, v in entry.items() if k not in ("id", "occurred_at")}
        for entry in response.json()["results"]
    ]


def by(client: APIClient) -> dict[str, str]:
    key = client.api_key  # type: ignore[attr-defined]
    return {"type": "api_key", "id": str(key.id), "label": key.prefix}


def issue(client: APIClient, name: str, scopes: list[str]) -> dict[str, Any]:
    response = client.post("/v1/api-keys", {"name": name, "scopes": scopes}, format="json")
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def test_key_changes_are_listed_newest_first_with_who_did_them(
    api: APIClient, teammate_api: APIClient
) -> None:
    key = issue(api, "ci", ["ingest", "read"])
    revoked = teammate_api.post(f"/v1/api-keys/{key['id']}/revoke")
    assert revoked.status_code == 200
    assert teammate_api.post(f"/v1/api-keys/{key['id']}/revoke").status_code == 200  # no change

    fields = {"name": "ci", "prefix": key["prefix"], "scopes": ["ingest", "read"]}
    assert log(api, "?object_type=api_key&object_id=" + key["id"]) == [
        {
            "actor": by(teammate_api),
            "action": "api_key.revoke",
            "object_type": "api_key",
            "object_id": key["id"],
            "before": {**fields, "revoked_at": None},
            "after": {**fields, "revoked_at": revoked.json()["revoked_at"].replace("+00:00", "Z")},
        },
        {
            "actor": by(api),
            "action": "api_key.create",
            "object_type": "api_key",
            "object_id": key["id"],
            "before": None,
            "after": {**fields, "revoked_at": None},
        },
    ]


def test_the_keys_made_by_fixtures_and_commands_name_a_system_actor(
    tenant: Tenant, api: APIClient
) -> None:
    first = ApiKey.objects.filter(tenant=tenant, name="First admin key").get()
    entries = log(api, f"?object_id={first.id}")
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("api_key.create", {"type": "system", "id": "", "label": "tests"})
    ]
    assert entries[0]["after"] == {
        "name": "First admin key",
        "prefix": first.prefix,
        "scopes": ["admin"],
        "revoked_at": None,
    }


def test_the_log_filters_by_action_object_actor_and_time(
    api: APIClient, teammate_api: APIClient
) -> None:
    mine = issue(api, "mine", ["read"])
    theirs = issue(teammate_api, "theirs", ["read"])
    api.post(f"/v1/api-keys/{theirs['id']}/revoke")

    def ids(query: str) -> list[tuple[str, str]]:
        return [(e["action"], e["object_id"]) for e in log(api, query)]

    assert ids("?action=api_key.revoke") == [("api_key.revoke", theirs["id"])]
    assert ids(f"?actor={teammate_api.api_key.prefix}") == [  # type: ignore[attr-defined]
        ("api_key.create", theirs["id"])
    ]
    assert ids(f"?actor={api.api_key.id}") == [  # type: ignore[attr-defined]
        ("api_key.revoke", theirs["id"]),
        ("api_key.create", mine["id"]),
    ]
    assert ids(f"?object_type=api_key&object_id={theirs['id']}") == [
        ("api_key.revoke", theirs["id"]),
        ("api_key.create", theirs["id"]),
    ]
    assert ids("?object_type=subscription") == []

    entries = api.get("/v1/audit-log?action=api_key.create").json()["results"]
    newest, middle = entries[0]["occurred_at"], entries[1]["occurred_at"]
    assert ids(f"?action=api_key.create&from={newest}") == [("api_key.create", theirs["id"])]
    assert [e["object_id"] for e in log(api, f"?action=api_key.create&to={newest}")][:1] == [
        mine["id"]
    ]
    assert ids(f"?action=api_key.create&from={middle}&to={newest}") == [
        ("api_key.create", mine["id"])
    ]


def test_the_log_is_read_a_page_at_a_time(api: APIClient) -> None:
    made = [issue(api, f"key {n}", ["read"])["id"] for n in range(5)]
    seen: list[str] = []
    url: str | None = "/v1/audit-log?action=api_key.create&limit=2"
    pages = 0
    while url:
        page = api.get(url).json()
        assert len(page["results"]) <= 2
        seen += [e["object_id"] for e in page["results"]]
        url = page["next"]
        pages += 1
    # Five keys here, plus the tenant's first key and the test key, newest first.
    assert seen[:5] == made[::-1]
    assert (len(seen), len(set(seen)), pages) == (7, 7, 4)


def test_bad_filters_are_a_400_with_the_parameter_named(api: APIClient) -> None:
    bad_from = api.get("/v1/audit-log?from=yesterday")
    assert bad_from.status_code == 400
    assert bad_from.json()["errors"] == [
        {
            "field": "from",
            "message": "Must be an RFC 3339 date-time with a UTC offset, e.g. 2026-11-01T00:00:00Z.",
        }
    ]
    backwards = api.get("/v1/audit-log?from=2026-11-02&to=2026-11-01")
    assert backwards.status_code == 400
    assert backwards.json()["errors"] == [{"field": "to", "message": "Must be after from."}]


def test_another_tenant_reads_only_its_own_log(
    api: APIClient, other_api: APIClient, other_tenant: Tenant
) -> None:
    key = issue(api, "private", ["read"])
    theirs = log(other_api)
    assert key["id"] not in str(theirs)
    assert {e["object_id"] for e in theirs} == {
        str(k) for k in ApiKey.objects.filter(tenant=other_tenant).values_list("id", flat=True)
    }
    assert other_api.get(f"/v1/audit-log?object_id={key['id']}").json()["results"] == []


def test_the_log_needs_the_admin_scope_and_a_live_key(
    tenant: Tenant, api: APIClient, client_for: Callable[..., APIClient], anon: APIClient
) -> None:
    writer = client_for(tenant, ["read", "write"])
    refused = writer.get("/v1/audit-log")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This API key lacks the 'admin' scope."
    assert anon.get("/v1/audit-log").status_code == 401
    admin = client_for(tenant, ["admin"])
    api.post(f"/v1/api-keys/{admin.api_key.id}/revoke")  # type: ignore[attr-defined]
    assert admin.get("/v1/audit-log").status_code == 401


# ----------------------------------------------------------------------------- append-only


def test_entries_cannot_be_changed_or_deleted_through_the_orm(tenant: Tenant) -> None:
    entry = AuditEntry.objects.of(tenant).first()
    assert entry is not None
    with pytest.raises(TypeError, match="append-only"):
        AuditEntry.objects.of(tenant).update(action="forged")
    with pytest.raises(TypeError, match="append-only"):
        AuditEntry.objects.of(tenant).delete()
    entry.action = "forged"
    with pytest.raises(TypeError, match="append-only"):
        entry.save()
    with pytest.raises(TypeError, match="append-only"):
        entry.delete()
    assert AuditEntry.objects.of(tenant).filter(action="forged").count() == 0


def test_the_database_refuses_to_update_an_entry(tenant: Tenant) -> None:
    entry = AuditEntry.objects.of(tenant).get()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE metering_auditentry SET action = %s WHERE id = %s",
                ["forged", entry.id.hex if connection.vendor == "sqlite" else entry.id],
            )
    assert AuditEntry.objects.of(tenant).get().action == "api_key.create"


@pytest.mark.django_db(transaction=True)
def test_an_entry_is_written_only_inside_the_transaction_of_its_change(tenant: Tenant) -> None:
    # In autocommit, an entry could commit while its change fails, or the reverse.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(
            tenant=tenant,
            actor=Actor.system("tests"),
            action="api_key.create",
            object_type="api_key",
            object_id="x",
        )
    assert AuditEntry.objects.of(tenant).filter(object_id="x").count() == 0


def test_a_change_that_fails_after_its_entry_leaves_neither(
    api: APIClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = api.post(
        "/v1/events", {"event_id": "e1", "customer_id": "c1", "request_class": "chat"}
    )
    assert stored.json()["accepted"] == 1, stored.content
    event = UsageEvent.objects.of(tenant).get()

    def broken(**kwargs: Any) -> None:
        raise DatabaseError("the change note could not be written")

    monkeypatch.setattr(event_services, "event_changes_note", broken)
    before = AuditEntry.objects.of(tenant).count()
    with pytest.raises(DatabaseError):
        event_services.event_void(tenant=tenant, event=event, actor=Actor.system("tests"))
    assert AuditEntry.objects.of(tenant).count() == before
    event.refresh_from_db()
    assert event.voided_at is None


def test_an_entry_that_cannot_be_written_leaves_the_change_undone(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = services.api_key_create(
        tenant=tenant, name="k", scopes=["read"], actor=Actor.system("tests")
    )

    def broken(**kwargs: Any) -> None:
        raise DatabaseError("the audit log is full")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(DatabaseError):
        services.api_key_revoke(tenant=tenant, api_key=issued.api_key, actor=Actor.system("tests"))
    assert ApiKey.objects.of(tenant).get(pk=issued.api_key.pk).revoked_at is None


def test_values_are_recorded_as_plain_json() -> None:
    from datetime import UTC, date, datetime
    from decimal import Decimal
    from uuid import UUID

    assert jsonable(
        {
            "amount": Decimal("1.500000"),
            "zero": Decimal("-0.00"),
            "big": Decimal("1E+3"),
            "at": datetime(2026, 11, 1, 12, tzinfo=UTC),
            "day": date(2026, 11, 1),
            "id": UUID("12345678-1234-5678-1234-567812345678"),
            "list": (Decimal("2.0"), None),
        }
    ) == {
        "amount": "1.5",
        "zero": "0",
        "big": "1000",
        "at": "2026-11-01T12:00:00Z",
        "day": "2026-11-01",
        "id": "12345678-1234-5678-1234-567812345678",
        "list": ["2", None],
    }


def test_an_operator_revoking_a_key_in_the_admin_is_the_actor(
    tenant: Tenant, api: APIClient, client: Any, django_user_model: Any
) -> None:
    operator = django_user_model.objects.create_superuser("ops", "ops@example.com", "pw")
    client.force_login(operator)
    key = issue(api, "leaked", ["ingest"])

    response = client.post(
        "/admin/metering/apikey/", {"action": "revoke", "_selected_action": [key["id"]]}
    )

    assert response.status_code == 302
    assert ApiKey.objects.of(tenant).get(pk=key["id"]).revoked_at is not None
    (entry,) = log(api, "?action=api_key.revoke")
    assert entry["actor"] == {"type": "user", "id": str(operator.pk), "label": "ops"}
    assert client.get(f"/admin/metering/apikey/{key['id']}/change/").status_code == 200
    assert client.get("/admin/metering/apikey/add/").status_code == 403

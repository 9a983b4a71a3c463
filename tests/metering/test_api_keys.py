from __future__ import annotations

from collections.abc import Callable

from django.core.management import call_command
from rest_framework.test import APIClient

from metering.models import ApiKey, Tenant
from metering.services import hash_key


def test_create_returns_the_secret_once_and_stores_only_its_digest(api: APIClient) -> None:
    response = api.post("/v1/api-keys", {"name": "ingest box", "scopes": ["ingest", "read"]})
    assert response.status_code == 201
    body = response.json()
    raw = body["key"]
    assert raw.startswith(body["prefix"] + "_")
    assert set(body) == {
        "id",
        "name",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
        "key",
    }
    assert body["scopes"] == ["ingest", "read"]
    stored = ApiKey.objects.get(id=body["id"])
    assert stored.key_hash == hash_key(raw)
    # The raw secret appears in no column of any key row.
    for row in ApiKey.objects.values():
        assert raw not in " ".join(str(v) for v in row.values())
    listed = api.get("/v1/api-keys").json()["results"]
    assert body["id"] in [item["id"] for item in listed]
    assert all("key" not in item and "key_hash" not in item for item in listed)


def test_a_new_key_authenticates_and_records_last_use(api: APIClient) -> None:
    raw = api.post("/v1/api-keys", {"name": "reader", "scopes": ["read"]}).json()["key"]
    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert reader.get("/v1/customers").status_code == 200
    assert ApiKey.objects.get(key_hash=hash_key(raw)).last_used_at is not None


def test_revocation_takes_effect_on_the_very_next_request(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    victim = client_for(tenant, ["read"])
    assert victim.get("/v1/customers").status_code == 200
    response = api.post(f"/v1/api-keys/{victim.api_key.id}/revoke")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    refused = victim.get("/v1/customers")
    assert refused.status_code == 401
    assert refused.json() == {
        "type": "/problems/unauthenticated",
        "title": "Authentication required",
        "status": 401,
        "detail": "Unknown or revoked API key.",
    }


def test_bad_scopes_are_a_400_with_field_paths_and_nothing_is_written(api: APIClient) -> None:
    before = ApiKey.objects.count()
    response = api.post("/v1/api-keys", {"name": "", "scopes": ["read", "root"]})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/validation-error",
        "title": "Invalid request",
        "status": 400,
        "detail": "The request has invalid fields; see errors.",
        "errors": [
            {"field": "name", "message": "This field may not be blank."},
            {"field": "scopes.1", "message": '"root" is not a valid choice.'},
        ],
    }
    assert ApiKey.objects.count() == before


def test_revoking_another_tenants_key_is_a_404(
    api: APIClient, other_tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    stranger = client_for(other_tenant, ["read"])
    assert api.post(f"/v1/api-keys/{stranger.api_key.id}/revoke").status_code == 404
    assert api.post("/v1/api-keys/not-a-uuid/revoke").status_code == 404
    assert stranger.get("/v1/customers").status_code == 200


def test_a_teammate_sees_and_can_revoke_the_owners_key(
    api: APIClient, teammate_api: APIClient, other_api: APIClient
) -> None:
    owner_key = api.api_key  # type: ignore[attr-defined]
    listed = teammate_api.get("/v1/api-keys").json()["results"]
    assert owner_key.prefix in [item["prefix"] for item in listed]
    assert other_api.post(f"/v1/api-keys/{owner_key.id}/revoke").status_code == 404
    assert api.get("/v1/customers").status_code == 200
    assert teammate_api.post(f"/v1/api-keys/{owner_key.id}/revoke").status_code == 200
    assert api.get("/v1/customers").status_code == 401
    assert teammate_api.get("/v1/customers").status_code == 200


def test_malformed_authorization_headers_are_401(tenant: Tenant) -> None:
    client = APIClient()
    for header in ["Basic abc", "Bearer", "Bearer a b", "Token mgl_x"]:
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/v1/customers")
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == 'Bearer realm="marginal"'


def test_create_tenant_prints_a_working_key_as_its_last_line(db: None, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("create_tenant", "Acme AI")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Created tenant 'Acme AI' (")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {lines[-1]}")
    response = client.get("/v1/api-keys")
    assert response.status_code == 200
    assert [item["scopes"] for item in response.json()["results"]] == [["admin"]]
    assert Tenant.objects.get().name == "Acme AI"

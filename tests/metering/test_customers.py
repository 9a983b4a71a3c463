from __future__ import annotations

from collections.abc import Callable

from rest_framework.test import APIClient

from metering.models import Customer, Tenant


def test_create_list_retrieve_and_update_by_external_id(api: APIClient, tenant: Tenant) -> None:
    created = api.post(
        "/v1/customers", {"external_id": "cus_42", "name": "Globex", "metadata": {"tier": "gold"}}
    )
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("external_id", "name", "metadata", "archived")} == {
        "external_id": "cus_42",
        "name": "Globex",
        "metadata": {"tier": "gold"},
        "archived": False,
    }
    assert api.get("/v1/customers/cus_42").json()["name"] == "Globex"
    updated = api.patch("/v1/customers/cus_42", {"archived": True, "name": "Globex Corp"})
    assert updated.status_code == 200
    assert (updated.json()["archived"], updated.json()["name"]) == (True, "Globex Corp")
    stored = Customer.objects.get(tenant=tenant, external_id="cus_42")
    assert (stored.archived, stored.metadata) == (True, {"tier": "gold"})
    assert [c["external_id"] for c in api.get("/v1/customers?archived=true").json()["results"]] == [
        "cus_42"
    ]
    assert api.get("/v1/customers?archived=false").json()["results"] == []


def test_a_second_customer_with_the_same_external_id_is_a_409(api: APIClient) -> None:
    assert api.post("/v1/customers", {"external_id": "dup"}).status_code == 201
    response = api.post("/v1/customers", {"external_id": "dup"})
    assert response.status_code == 409
    assert response.json()["detail"] == "A customer with external_id 'dup' already exists."
    assert Customer.objects.filter(external_id="dup").count() == 1


def test_the_same_external_id_in_two_tenants_is_two_customers(
    api: APIClient, other_api: APIClient
) -> None:
    assert api.post("/v1/customers", {"external_id": "shared", "name": "A"}).status_code == 201
    assert (
        other_api.post("/v1/customers", {"external_id": "shared", "name": "B"}).status_code == 201
    )
    assert api.get("/v1/customers/shared").json()["name"] == "A"
    assert other_api.get("/v1/customers/shared").json()["name"] == "B"


def test_a_teammate_reads_and_updates_the_owners_customer_a_stranger_cannot(
    api: APIClient, teammate_api: APIClient, other_api: APIClient, tenant: Tenant
) -> None:
    assert api.post("/v1/customers", {"external_id": "cus_7", "name": "Initech"}).status_code == 201
    assert teammate_api.get("/v1/customers/cus_7").json()["name"] == "Initech"
    assert other_api.patch("/v1/customers/cus_7", {"name": "Stolen"}).status_code == 404
    updated = teammate_api.patch("/v1/customers/cus_7", {"name": "Initech Ltd"})
    assert updated.status_code == 200
    assert api.get("/v1/customers/cus_7").json()["name"] == "Initech Ltd"
    assert Customer.objects.get(tenant=tenant, external_id="cus_7").name == "Initech Ltd"


def test_invalid_customer_input_is_a_400_and_writes_nothing(api: APIClient) -> None:
    response = api.post("/v1/customers", {"external_id": "has space", "metadata": [1]})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "external_id", "message": "Use 1-128 letters, digits or _ . : @ - characters."},
        {"field": "metadata", "message": "Must be a JSON object."},
    ]
    assert Customer.objects.count() == 0


def test_customer_pages_follow_the_cursor(api: APIClient, tenant: Tenant) -> None:
    for i in range(5):
        Customer.objects.create(tenant=tenant, external_id=f"c{i}")
    first = api.get("/v1/customers?limit=2").json()
    assert [c["external_id"] for c in first["results"]] == ["c4", "c3"]
    second = api.get(first["next"]).json()
    assert [c["external_id"] for c in second["results"]] == ["c2", "c1"]


def test_a_read_key_cannot_create_customers(
    tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    reader = client_for(tenant, ["read"])
    response = reader.post("/v1/customers", {"external_id": "x"})
    assert response.status_code == 403
    assert response.json()["detail"] == "This API key lacks the 'write' scope."
    assert Customer.objects.count() == 0

"""Walk every /v1/ operation of the OpenAPI schema with the wrong credentials, a teammate's,
and a customer read token's.

Then every dashboard page: another tenant's member gets a 404 for the owner's objects and none
of the owner's data on its own pages; without a session every page sends to the sign-in page.

Another tenant's key gets a 404 (or, for collections, never the owner's data), no key gets 401,
and a key lacking the operation's scope gets 403. A teammate's key (another key of the owner's
tenant) reads every object the owner's walk created. A customer read token gets 200 from the
few reads of its own customer and nothing else: another customer is a 404, any other operation
a 403.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from metering.api.base import CUSTOMER_READ_DENIED
from metering.audit import Actor
from metering.models import Customer, Tenant
from tests.endpoint_objects import PATH_PARAM_FACTORIES

PUBLIC_PATHS = {"/v1/schema", "/v1/docs", "/v1/redoc", "/healthz", "/readyz"}
# Called by Stripe, authenticated by its signature (tests/pricing/stripe/test_webhooks.py).
SIGNED_PATHS = {"/v1/integrations/stripe/webhooks/{tenant_id}"}
PARAM = re.compile(r"{(\w+)}")


SCHEMA = SchemaGenerator().get_schema(request=None, public=True)


def operations() -> list[tuple[str, str]]:
    schema = SCHEMA
    ops = []
    for path, item in schema["paths"].items():
        if path in PUBLIC_PATHS or path in SIGNED_PATHS:
            continue
        for method in item:
            ops.append((method.upper(), path))
    return sorted(ops)


OPERATIONS = operations()


def test_the_walk_covers_the_api() -> None:
    assert ("GET", "/v1/customers") in OPERATIONS
    assert ("POST", "/v1/api-keys/{key_id}/revoke") in OPERATIONS


def fill(path: str, tenant: Tenant) -> tuple[str, list[str]]:
    markers = []
    for name in PARAM.findall(path):
        assert name in PATH_PARAM_FACTORIES, f"no factory for path parameter {name!r}"
        value = PATH_PARAM_FACTORIES[name](tenant)
        markers.append(value)
        path = path.replace("{" + name + "}", value)
    return path, markers


def call(client: APIClient, method: str, url: str):  # type: ignore[no-untyped-def]
    body = None if method in ("GET", "DELETE") else {}
    return client.generic(
        method,
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
    )


def required_scope(method: str, url: str) -> str:
    view_class = resolve(url).func.view_class  # type: ignore[attr-defined]
    return view_class.scope_for(method)


def identities(body: object) -> set[str]:
    """Values of id-like fields in a list response: what a leak would carry."""
    found: set[str] = set()
    items = body.get("results", []) if isinstance(body, dict) else []
    for item in items if isinstance(items, list) else []:
        for key, value in item.items() if isinstance(item, dict) else []:
            if (key == "id" or key.endswith("_id") or key == "prefix") and value:
                found.add(str(value))
    return found


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_another_tenants_key_never_sees_the_owners_objects(
    method: str,
    path: str,
    tenant: Tenant,
    other_tenant: Tenant,
    client_for: Callable[..., APIClient],
) -> None:
    url, markers = fill(path, tenant)
    response = call(client_for(other_tenant), method, url)
    if markers:
        assert response.status_code == 404, (method, url, response.status_code, response.content)
        assert response["Content-Type"] == "application/problem+json"
        return
    assert response.status_code != 404
    if method == "GET":
        PATH_PARAM_FACTORIES["customer_id"](tenant)  # the owner has data to leak
        owner = call(client_for(tenant), method, url)
        assert owner.status_code == 200
        for value in identities(owner.json()):
            assert value not in response.content.decode()


READS = [(method, path) for method, path in OPERATIONS if method == "GET"]


@pytest.mark.parametrize(("method", "path"), READS)
def test_a_teammates_key_gets_the_owners_answer_where_a_stranger_gets_none(
    method: str,
    path: str,
    tenant: Tenant,
    api: APIClient,
    teammate_api: APIClient,
    other_api: APIClient,
) -> None:
    url, markers = fill(path, tenant)
    PATH_PARAM_FACTORIES["customer_id"](tenant)  # the owner has data to see
    # One moment for the three calls: reports name the moment they are as of.
    with time_machine.travel(datetime.now(UTC), tick=False):
        owner = call(api, method, url)
        teammate = call(teammate_api, method, url)
        stranger = call(other_api, method, url)
    assert owner.status_code != 404, (method, url, owner.content)
    if markers:  # one object: the teammate's answer is the owner's, byte for byte
        assert (teammate.status_code, teammate.content) == (owner.status_code, owner.content)
        assert stranger.status_code == 404, (method, url, stranger.status_code)
        return
    # A collection ("now" may differ between calls): the teammate lists what the owner does.
    assert teammate.status_code == owner.status_code == 200
    for value in identities(owner.json()):
        assert value in teammate.content.decode()
        assert value not in stranger.content.decode()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_request_without_a_key_is_401(method: str, path: str, tenant: Tenant) -> None:
    url, _ = fill(path, tenant)
    response = call(APIClient(), method, url)
    assert response.status_code == 401, (method, url, response.content)
    assert response.json()["status"] == 401


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_key_without_the_scope_is_403(
    method: str, path: str, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    url, _ = fill(path, tenant)
    scope = required_scope(method, url)
    assert scope in ("ingest", "read", "write", "admin")
    lacking = ["ingest"] if scope == "read" else ["read"]
    response = call(client_for(tenant, lacking), method, url)
    assert response.status_code == 403, (method, url, scope, response.content)
    assert response.json()["detail"] == f"This API key lacks the '{scope}' scope."


# ------------------------------------------------------------------ a customer read token

# What a customer read token may call, for its own customer; every other operation is a 403.
TOKEN_READS = {
    ("GET", "/v1/customers/{customer_id}"),
    ("GET", "/v1/customers/{customer_id}/credit-grants"),
    ("GET", "/v1/customers/{customer_id}/credits"),
    ("GET", "/v1/customers/{customer_id}/invoice-preview"),
    ("GET", "/v1/customers/{customer_id}/projection"),
    ("GET", "/v1/usage"),
}


def test_the_schema_names_the_token_reads_and_no_other_operation() -> None:
    named = {
        (method.upper(), path)
        for path, item in SCHEMA["paths"].items()
        for method, operation in item.items()
        if {"bearerCustomerReadToken": []} in operation.get("security", [])
    }
    assert named == TOKEN_READS
    assert TOKEN_READS <= set(OPERATIONS)


def token_client(tenant: Tenant, external_id: str) -> APIClient:
    from datetime import timedelta

    from metering.read_token_services import read_token_create

    customer, _ = Customer.objects.get_or_create(tenant=tenant, external_id=external_id)
    issued = read_token_create(
        tenant=tenant,
        customer=customer,
        ttl=timedelta(hours=1),
        name="walk",
        actor=Actor.system("tests"),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.raw_token}")
    return client


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_customer_read_token_reads_its_own_customer_and_nothing_else(
    method: str, path: str, tenant: Tenant, api: APIClient
) -> None:
    url, _ = fill(path, tenant)
    PATH_PARAM_FACTORIES["event_id"](tenant)  # the walk customer has usage to read
    mine = token_client(tenant, "walk-customer")
    theirs = token_client(tenant, "walk-other")  # another customer of the same tenant
    with time_machine.travel(datetime.now(UTC), tick=False):
        response = call(mine, method, url)
        if (method, path) not in TOKEN_READS:
            assert response.status_code == 403, (method, url, response.status_code)
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["detail"] == CUSTOMER_READ_DENIED
            return
        assert response.status_code == 200, (method, url, response.content)
        other = call(theirs, method, url)
        if "{customer_id}" in path:
            # The owner's key reads the same, byte for byte; the other customer's token a 404.
            assert response.content == call(api, method, url).content
            assert other.status_code == 404, (method, url, other.status_code)
            assert other.json()["detail"] == "No customer with external_id 'walk-customer'."
            return
        # A report over customers: the token's is the owner's for this customer alone.
        assert response.content == call(api, method, url + "?customer_id=walk-customer").content
        assert response.json()["results"][0]["events"] == 1
        assert other.status_code == 200 and other.json()["results"] == []
        named = call(mine, method, url + "?customer_id=walk-other")
        assert named.status_code == 404


# ------------------------------------------------------------------ the dashboard's pages


def request_class_name(tenant: Tenant) -> str:
    from economics.margins.models import ClassDay

    ClassDay.objects.get_or_create(
        tenant=tenant,
        request_class="walk-class",
        model="",
        bucket_start=datetime(2026, 11, 1, tzinfo=UTC),
        defaults={"requests": 1},
    )
    return "walk-class"


DASHBOARD_PARAM_FACTORIES = {**PATH_PARAM_FACTORIES, "name": request_class_name}
DASHBOARD_OPEN = {"login", "logout"}  # signing in and out need no session
DASHBOARD_UNKNOWN = "unknown"  # the catch-all 404 page, walked below


def dashboard_pages() -> list[str]:
    from economics.dashboard import urls

    pages = []
    for pattern in urls.urlpatterns:
        if pattern.name in DASHBOARD_OPEN or pattern.name == DASHBOARD_UNKNOWN:
            continue
        route = str(pattern.pattern)
        pages.append("/dashboard/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return sorted(pages)


PAGES = dashboard_pages()


def test_the_walk_covers_the_dashboard() -> None:
    assert "/dashboard/" in PAGES
    assert "/dashboard/customers/{customer_id}/" in PAGES


def member_client(tenant: Tenant, email: str) -> Client:
    from metering.models import Role
    from metering.services import member_create

    membership = member_create(
        tenant=tenant,
        email=email,
        password="walk password long",
        role=Role.ADMIN,
        actor=Actor.system("tests"),
    )
    client = Client()
    client.force_login(membership.user)
    return client


def fill_page(path: str, tenant: Tenant) -> tuple[str, list[str]]:
    markers = []
    for name in PARAM.findall(path):
        assert name in DASHBOARD_PARAM_FACTORIES, f"no factory for path parameter {name!r}"
        value = DASHBOARD_PARAM_FACTORIES[name](tenant)
        markers.append(value)
        path = path.replace("{" + name + "}", value)
    return path, markers


@pytest.mark.parametrize("path", PAGES)
def test_another_tenants_member_never_sees_the_owners_pages(
    path: str, tenant: Tenant, other_tenant: Tenant
) -> None:
    url, markers = fill_page(path, tenant)
    PATH_PARAM_FACTORIES["customer_id"](tenant)  # the owner has data to leak
    owner = member_client(tenant, "owner@walk.example")
    stranger = member_client(other_tenant, "stranger@walk.example")
    with time_machine.travel(datetime(2026, 11, 20, tzinfo=UTC), tick=False):
        mine = owner.get(url)
        theirs = stranger.get(url)
    assert mine.status_code == 200, (url, mine.content[:300])
    if markers:
        assert theirs.status_code == 404, (url, theirs.status_code)
        return
    assert theirs.status_code == 200
    assert "walk-customer" in mine.content.decode() or path != "/dashboard/customers/"
    assert "walk-customer" not in theirs.content.decode()
    assert "Owner AI" not in theirs.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_without_a_session_sends_to_the_sign_in_page(path: str, tenant: Tenant) -> None:
    url, _ = fill_page(path, tenant)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/?next=")

"""Shared fixtures: an owner tenant, a stranger tenant, and API clients keyed to each.

`api` is the owner, `teammate_api` a second key of the owner's tenant, `other_api` a stranger:
a teammate sees what the owner made; a stranger gets a 404.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.db import connection
from rest_framework.test import APIClient

from metering.audit import Actor
from metering.models import Tenant
from metering.services import api_key_create, tenant_create


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip service-bound tests on the quick SQLite run; with MARGINAL_REQUIRE_SERVICES=1 (CI) fail."""
    on_postgres = connection.vendor == "postgresql"
    has_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        missing = []
        if item.get_closest_marker("postgres") and not on_postgres:
            missing.append("PostgreSQL (DATABASE_URL)")
        if item.get_closest_marker("redis") and not has_redis:
            missing.append("Redis (REDIS_URL)")
        if item.get_closest_marker("worker") and not (on_postgres and has_redis):
            missing.append("PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
        if not missing:
            continue
        reason = f"needs {' and '.join(missing)}"
        if os.environ.get("MARGINAL_REQUIRE_SERVICES") == "1":
            raise pytest.UsageError(f"{item.nodeid} {reason}, which this run must provide")
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def tenant(db: None) -> Tenant:
    return tenant_create(name="Owner AI", actor=Actor.system("tests"))[0]


@pytest.fixture
def other_tenant(db: None) -> Tenant:
    return tenant_create(name="Stranger AI", actor=Actor.system("tests"))[0]


@pytest.fixture
def client_for(db: None) -> Callable[..., APIClient]:
    """Build an API client authenticated with a new key of `tenant` carrying `scopes`."""

    def build(tenant: Tenant, scopes: list[str] | None = None) -> APIClient:
        issued = api_key_create(
            tenant=tenant, name="test key", scopes=scopes or ["admin"], actor=Actor.system("tests")
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.raw_key}")
        client.api_key = issued.api_key  # type: ignore[attr-defined]
        client.raw_key = issued.raw_key  # type: ignore[attr-defined]
        return client

    return build


@pytest.fixture
def api(tenant: Tenant, client_for: Callable[..., APIClient]) -> APIClient:
    return client_for(tenant)


@pytest.fixture
def teammate_api(tenant: Tenant, client_for: Callable[..., APIClient]) -> APIClient:
    """A second admin key of the owner's tenant: another person of the same company."""
    return client_for(tenant, ["admin"])


@pytest.fixture
def other_api(other_tenant: Tenant, client_for: Callable[..., APIClient]) -> APIClient:
    return client_for(other_tenant)


@pytest.fixture
def anon() -> APIClient:
    return APIClient()

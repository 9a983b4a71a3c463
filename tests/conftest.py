"""Shared fixtures: an owner tenant, a stranger tenant, and API clients keyed to each.

`api` is the owner, `teammate_api` a second key of the owner's tenant, `other_api` a stranger:
a teammate sees what the owner made; a stranger gets a 404.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from metering.audit import Actor
from metering.models import Tenant
from metering.services import api_key_create, tenant_create
from tests.faults import harness as fault_harness
from tests.faults.services import missing_binaries as fault_binaries_missing
from tests.multihost import report as multihost_report
from tests.multihost.network import missing as multihost_missing


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip service-bound tests on the quick SQLite run; with MARGINAL_REQUIRE_SERVICES=1 (CI) fail."""
    on_postgres = connection.vendor == "postgresql"
    has_redis = bool(os.environ.get("REDIS_URL"))
    has_chromium = os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    for item in items:
        missing = []
        if item.get_closest_marker("browser") and not has_chromium:
            missing.append("Debian's chromium (apt-get install chromium)")
        if item.get_closest_marker("postgres") and not on_postgres:
            missing.append("PostgreSQL (DATABASE_URL)")
        if item.get_closest_marker("redis") and not has_redis:
            missing.append("Redis (REDIS_URL)")
        if item.get_closest_marker("worker") and not (on_postgres and has_redis):
            missing.append("PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
        if item.get_closest_marker("faults"):
            # One test process runs the whole suite, on the one stack it starts.
            item.add_marker(pytest.mark.xdist_group("faults"))
            if not on_postgres:
                missing.append(
                    "the PostgreSQL run (DATABASE_URL): the fault suite starts its own "
                    "PostgreSQL cluster and Redis and runs there only"
                )
            missing += [f"{what} for its own cluster" for what in fault_binaries_missing()]
        if item.get_closest_marker("multihost"):
            # Opt-in: it builds network namespaces (root) and runs five Marginal processes.
            if os.environ.get("MARGINAL_MULTIHOST") != "1":
                item.add_marker(
                    pytest.mark.skip(reason="opt-in: MARGINAL_MULTIHOST=1 (set by .ci/run)")
                )
                continue
            item.add_marker(pytest.mark.xdist_group("multihost"))
            if not on_postgres:
                missing.append(
                    "the PostgreSQL run (DATABASE_URL): the multi-host test starts its own "
                    "PostgreSQL cluster and Redis on its database host and runs there only"
                )
            missing += [f"{what} for its database host" for what in fault_binaries_missing()]
            missing += [f"{what} for its test hosts" for what in multihost_missing()]
        if not missing:
            continue
        reason = f"needs {' and '.join(missing)}"
        if os.environ.get("MARGINAL_REQUIRE_SERVICES") == "1":
            raise pytest.UsageError(f"{item.nodeid} {reason}, which this run must provide")
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker, hand the fault scenarios' rows to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["fault_rows"] = [asdict(row) for row in fault_harness.RESULTS]
        workeroutput["multihost_figures"] = list(multihost_report.FIGURES)


def pytest_testnodedown(node: Any, error: object) -> None:
    """In the pytest-xdist controller, collect the rows a worker ran."""
    for row in getattr(node, "workeroutput", {}).get("fault_rows", []):
        fault_harness.RESULTS.append(fault_harness.Row(**row))
    multihost_report.FIGURES.extend(getattr(node, "workeroutput", {}).get("multihost_figures", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the fault scenarios' table and the multi-host figures, whatever the capture mode."""
    if hasattr(terminalreporter.config, "workeroutput"):
        return
    if multihost_report.FIGURES:
        terminalreporter.section("multi-host test")
        for line in multihost_report.FIGURES:
            terminalreporter.write_line(line)
    if not fault_harness.RESULTS:
        return
    terminalreporter.section("fault scenarios")
    for line in fault_harness.table(fault_harness.RESULTS):
        terminalreporter.write_line(line)
    for row in fault_harness.RESULTS:
        for note in row.notes:
            terminalreporter.write_line(f"{row.scenario}: {note}")


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

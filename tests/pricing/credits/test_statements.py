"""What one authorisation costs the database, pinned so that it cannot grow unnoticed.

On PostgreSQL an authorisation is two statements inside its transaction: one checks the
customer, locks the account and the budgets and expires holds past due; one writes the
counters and inserts the hold. Through the API a known customer costs nothing more (the
customer is remembered per process, the key too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from metering import key_cache
from metering.audit import Actor
from metering.models import Customer, Tenant
from pricing.credits.api import views
from pricing.credits.api.serializers import AuthorizeInputSerializer
from pricing.credits.models import Authorization, Budget, CreditAccount
from pricing.credits.services import authorize, budget_create, credit_grant_create

D = Decimal
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
ACTOR = Actor.system("tests")


@pytest.fixture
def bench_like(tenant: Tenant) -> Customer:
    """A customer as the benchmark has them: credits, a spend cap and a margin floor on chat."""
    customer = Customer.objects.create(tenant=tenant, external_id="metered")
    credit_grant_create(
        tenant=tenant,
        customer=customer,
        kind="paid",
        credits=D(100),
        currency="USD",
        effective_at=NOW - timedelta(days=1),
        actor=ACTOR,
    )
    budget_create(tenant=tenant, customer=customer, measure="spend", limit=D(50), actor=ACTOR)
    budget_create(
        tenant=tenant,
        customer=customer,
        measure="margin",
        floor_percent=D(10),
        request_class="chat",
        actor=ACTOR,
    )
    return customer


def _statements(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, [q["sql"].split()[0].upper() for q in captured.captured_queries]


def _authorize(tenant: Tenant, customer: Customer, **kwargs: Any) -> Any:
    request = {"request_class": "chat", "spend": D(1), "cost": D("0.5"), "now": NOW} | kwargs
    return authorize(tenant=tenant, customer=customer, **request)


# On PostgreSQL: the lock (with the expiry) and the write. The savepoint is the test's
# transaction; in a request it is BEGIN ... COMMIT.
ON_POSTGRESQL = ["SAVEPOINT", "WITH", "WITH", "RELEASE"]
# Elsewhere, through the ORM: the customer, the account, the budgets, the holds due and
# their expiry, the hold, the account, the budgets.
ON_OTHERS = [
    "SAVEPOINT",
    *["SELECT", "SELECT", "SELECT", "SELECT", "UPDATE"],
    *["INSERT", "UPDATE", "UPDATE"],
    "RELEASE",
]


def test_an_authorisation_is_two_statements_on_postgresql_expired_holds_included(
    tenant: Tenant, bench_like: Customer
) -> None:
    first = _authorize(tenant, bench_like, hold_seconds=60)
    later = NOW + timedelta(seconds=60)  # the first hold is due: this one releases it
    decision, statements = _statements(lambda: _authorize(tenant, bench_like, now=later))
    assert decision.allowed
    assert statements == (ON_POSTGRESQL if connection.vendor == "postgresql" else ON_OTHERS)
    assert Authorization.objects.get(pk=first.authorization.pk).status == "expired"
    account = CreditAccount.objects.get(customer=bench_like)
    assert (account.balance, account.held) == (D(100), D(1))
    spend, margin = Budget.objects.filter(customer=bench_like).order_by("measure")
    assert (margin.held_spend, margin.held_cost) == (D(1), D("0.5"))
    assert (spend.held_spend, spend.held_cost) == (D(1), D("0.5"))


@pytest.mark.postgres
def test_a_denial_on_postgresql_is_one_statement_and_writes_nothing(
    tenant: Tenant, bench_like: Customer
) -> None:
    first = _authorize(tenant, bench_like, hold=False)  # rolls the budgets over to NOW
    assert first.allowed
    decision, statements = _statements(lambda: _authorize(tenant, bench_like, spend=D("50.01")))
    assert (decision.allowed, decision.reason) == (False, "spend_limit")
    assert statements == ["SAVEPOINT", "WITH", "RELEASE"]
    assert not Authorization.objects.filter(customer=bench_like).exists()


@pytest.fixture
def fresh_customers() -> Any:
    views._CUSTOMERS.clear()
    yield
    views._CUSTOMERS.clear()


@pytest.mark.postgres
@pytest.mark.redis
def test_through_the_api_a_known_customer_costs_no_lookup(
    tenant: Tenant,
    bench_like: Customer,
    client_for: Callable[..., APIClient],
    fresh_customers: None,
    settings: Any,
) -> None:
    settings.API_KEY_CACHE_SECONDS = 5.0
    key_cache._remembered.clear()
    api = client_for(tenant, ["ingest"])
    body = {"customer_id": "metered", "request_class": "chat", "expected_spend": "1"}
    assert api.post("/v1/authorize", body, format="json").data["allowed"] is True
    with CaptureQueriesContext(connection) as captured:
        response = api.post("/v1/authorize", body, format="json")
    key_cache._remembered.clear()
    assert (response.status_code, response.data["allowed"]) == (200, True)
    assert response.data["credits_remaining"] == "98"
    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    assert statements == ["SAVEPOINT", "WITH", "WITH", "RELEASE"]


def test_a_remembered_customer_that_is_no_longer_there_is_looked_up_again(
    tenant: Tenant,
    bench_like: Customer,
    client_for: Callable[..., APIClient],
    fresh_customers: None,
) -> None:
    api = client_for(tenant, ["ingest"])
    # A copy whose id names no row of this customer (as after a database restore).
    stale = Customer(pk=bench_like.pk + 1000, tenant=tenant, external_id="metered")
    views._CUSTOMERS[(tenant.pk, "metered")] = (float("inf"), stale)
    body = {"customer_id": "metered", "request_class": "chat", "expected_spend": "1"}
    response = api.post("/v1/authorize", body, format="json")
    assert (response.status_code, response.data["allowed"]) == (200, True)
    hold = Authorization.objects.get(pk=response.data["authorization_id"])
    assert hold.customer_id == bench_like.pk
    assert views._CUSTOMERS[(tenant.pk, "metered")][1].pk == bench_like.pk
    assert Authorization.objects.filter(customer=bench_like).count() == 1


def test_an_unknown_customer_is_a_400_on_its_field_and_is_not_remembered(
    tenant: Tenant, client_for: Callable[..., APIClient], fresh_customers: None
) -> None:
    api = client_for(tenant, ["ingest"])
    body = {"customer_id": "nobody", "request_class": "chat", "expected_spend": "1"}
    response = api.post("/v1/authorize", body, format="json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["customer_id"]
    assert views._CUSTOMERS == {}
    Customer.objects.create(tenant=tenant, external_id="nobody")
    response = api.post("/v1/authorize", body, format="json")
    assert (response.status_code, response.data["allowed"]) == (200, True)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"customer_id": "", "expected_spend": "abc", "hold_seconds": 0, "currency": "US"},
            ["currency", "customer_id", "expected_spend", "hold_seconds", "request_class"],
        ),
        (
            {"customer_id": "x" * 129, "request_class": "chat", "expected_spend": "1e30"},
            ["customer_id", "expected_spend"],
        ),
        (
            {"customer_id": "metered", "request_class": "chat", "expected_spend": None},
            ["expected_spend"],
        ),
        (
            {"customer_id": ["m"], "request_class": 7, "expected_spend": 1, "hold": "maybe"},
            ["customer_id", "expected_spend", "hold", "request_class"],
        ),
    ],
)
def test_the_shared_input_serializer_refuses_what_a_new_one_refuses_with_the_same_errors(
    tenant: Tenant,
    client_for: Callable[..., APIClient],
    body: dict[str, Any],
    fields: list[str],
) -> None:
    api = client_for(tenant, ["ingest"])
    own = AuthorizeInputSerializer(data=body)
    assert not own.is_valid()
    expected = sorted((field, str(errors[0])) for field, errors in own.errors.items())
    response = api.post("/v1/authorize", body, format="json")
    assert response.status_code == 400
    errors = sorted((e["field"], e["message"]) for e in response.json()["errors"])
    assert errors == expected
    assert [field for field, _ in errors] == fields

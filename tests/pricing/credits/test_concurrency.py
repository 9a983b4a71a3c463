"""Authorisations racing for the last credit (or the last cent of a budget) on PostgreSQL."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from metering.audit import Actor
from metering.models import Customer, Tenant
from pricing.credits.models import Authorization, CreditAccount
from pricing.credits.services import authorize, budget_create, credit_grant_create

D = Decimal
ACTOR = Actor.system("tests")


def race(tenant: Tenant, customer: Customer, n: int, **request: object) -> list[bool]:
    """Run n authorisations at once, each on its own connection; return who was allowed."""
    start = threading.Barrier(n)
    results: list[bool] = []
    lock = threading.Lock()

    def one() -> None:
        try:
            start.wait()
            decision = authorize(tenant=tenant, customer=customer, **request)  # type: ignore[arg-type]
            with lock:
                results.append(decision.allowed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == n
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_authorisations_against_credits_for_ten_allow_exactly_ten() -> None:
    assert connection.vendor == "postgresql"
    tenant = Tenant.objects.create(name="Race")
    customer = Customer.objects.create(tenant=tenant, external_id="racer")
    credit_grant_create(
        tenant=tenant, customer=customer, kind="paid", credits=D(10), currency="USD", actor=ACTOR
    )
    allowed = race(tenant, customer, 50, request_class="chat", spend=D(1))
    assert allowed.count(True) == 10
    account = CreditAccount.objects.get(customer=customer)
    assert (account.balance, account.held) == (D(10), D(10))
    assert Authorization.objects.filter(customer=customer).count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_authorisations_against_a_twenty_dollar_cap_never_spend_forty() -> None:
    tenant = Tenant.objects.create(name="Cap")
    customer = Customer.objects.create(tenant=tenant, external_id="capped")
    budget = budget_create(
        tenant=tenant, customer=customer, measure="spend", limit=D(20), actor=ACTOR
    )
    allowed = race(tenant, customer, 50, request_class="chat", spend=D("0.8"))
    assert allowed.count(True) == 25  # 25 x 0.80 = 20.00 exactly: the boundary is allowed
    budget.refresh_from_db()
    assert budget.held_spend == D(20)

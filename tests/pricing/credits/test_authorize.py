"""Authorisation against credits: the boundary, holds that expire, and the currency choice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from config.errors import InvalidInput
from metering.audit import Actor
from metering.models import Customer, Tenant
from pricing.credits.models import Authorization, CreditAccount
from pricing.credits.services import (
    authorization_close,
    authorizations_expire,
    authorize,
    budget_create,
    credit_grant_create,
)

D = Decimal
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture
def acme(tenant: Tenant) -> Customer:
    customer = Customer.objects.create(tenant=tenant, external_id="acme")
    credit_grant_create(
        tenant=tenant,
        customer=customer,
        kind="paid",
        credits=D(10),
        currency="USD",
        effective_at=NOW - timedelta(days=1),
        actor=Actor.system("tests"),
    )
    return customer


def test_the_last_credit_exactly_is_allowed_and_a_cent_more_is_not(
    tenant: Tenant, acme: Customer
) -> None:
    over = authorize(tenant=tenant, customer=acme, request_class="chat", spend=D("10.01"), now=NOW)
    assert (over.allowed, over.reason, over.detail) == (
        False,
        "insufficient_credits",
        "The request needs 10.01 USD; 10 of credits are left.",
    )
    exact = authorize(tenant=tenant, customer=acme, request_class="chat", spend=D(10), now=NOW)
    assert (exact.allowed, exact.credits_remaining) == (True, D(0))
    nothing_left = authorize(
        tenant=tenant, customer=acme, request_class="chat", spend=D("0.01"), now=NOW
    )
    assert nothing_left.allowed is False


def test_an_unsettled_hold_expires_and_gives_its_credits_back(
    tenant: Tenant, acme: Customer
) -> None:
    held = authorize(
        tenant=tenant, customer=acme, request_class="chat", spend=D(10), hold_seconds=60, now=NOW
    )
    assert held.authorization is not None
    later = NOW + timedelta(seconds=59)
    assert not authorize(
        tenant=tenant, customer=acme, request_class="c", spend=D(1), now=later
    ).allowed
    expired = NOW + timedelta(seconds=60)
    again = authorize(tenant=tenant, customer=acme, request_class="c", spend=D(1), now=expired)
    assert again.allowed is True
    assert Authorization.objects.get(pk=held.authorization.pk).status == "expired"
    # Closing an expired hold changes nothing.
    closed = authorization_close(tenant=tenant, authorization=held.authorization, spend=D(10))
    assert closed.status == "expired"
    assert CreditAccount.objects.get(customer=acme).held == D(1)


def test_settling_takes_the_real_spend_off_the_balance_until_the_next_sync(
    tenant: Tenant, acme: Customer
) -> None:
    held = authorize(tenant=tenant, customer=acme, request_class="chat", spend=D(4), now=NOW)
    assert held.authorization is not None
    authorization_close(tenant=tenant, authorization=held.authorization, spend=D(3), now=NOW)
    account = CreditAccount.objects.get(customer=acme)
    assert (account.balance, account.held) == (D(7), D(0))


def test_credits_in_two_currencies_need_the_currency_named(tenant: Tenant, acme: Customer) -> None:
    credit_grant_create(
        tenant=tenant,
        customer=acme,
        kind="paid",
        credits=D(5),
        currency="EUR",
        actor=Actor.system("tests"),
    )
    with pytest.raises(InvalidInput):
        authorize(tenant=tenant, customer=acme, request_class="chat", spend=D(1), now=NOW)
    eur = authorize(
        tenant=tenant, customer=acme, request_class="chat", spend=D(5), currency="eur", now=NOW
    )
    assert (eur.allowed, eur.credits_remaining) == (True, D(0))


def test_a_negative_amount_is_refused_with_its_field_and_holds_nothing(
    api: Any, tenant: Tenant, acme: Customer
) -> None:
    response = api.post(
        "/v1/authorize",
        {"customer_id": "acme", "request_class": "chat", "expected_spend": "-8430865242.5"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "expected_spend", "message": "Ensure this value is greater than or equal to 0."}
    ]
    assert not Authorization.objects.filter(tenant=tenant).exists()


def test_a_grant_backdated_by_decades_rates_only_the_customers_own_months(
    tenant: Tenant, acme: Customer, django_assert_max_num_queries: Any
) -> None:
    from pricing.credits.selectors import credits_burn

    credit_grant_create(
        tenant=tenant,
        customer=acme,
        kind="promotional",
        credits=D(5),
        currency="USD",
        effective_at=datetime(2000, 1, 1, tzinfo=UTC),
        actor=Actor.system("tests"),
    )
    # acme has neither a subscription nor an event: no month is rated at all.
    with django_assert_max_num_queries(6):
        burned = credits_burn(tenant=tenant, customer=acme, currency="USD", until=NOW)
    assert burned is not None
    assert sorted(state.remaining for state in burned.grants.values()) == [D(5), D(10)]
    assert burned.draws == []


def test_a_hold_on_another_class_s_budget_is_left_to_the_sweep_which_gives_it_back(
    tenant: Tenant, acme: Customer
) -> None:
    chat = budget_create(
        tenant=tenant,
        customer=acme,
        measure="spend",
        limit=D(5),
        request_class="chat",
        actor=Actor.system("tests"),
    )
    held = authorize(
        tenant=tenant, customer=acme, request_class="chat", spend=D(4), hold_seconds=60, now=NOW
    )
    assert held.authorization is not None
    due = NOW + timedelta(seconds=60)
    # An authorisation for another class does not lock the chat budget: it leaves that hold
    # as it is (releasing it there would give back its credits but not its budget).
    other = authorize(tenant=tenant, customer=acme, request_class="embed", spend=D(1), now=due)
    assert other.allowed
    assert Authorization.objects.get(pk=held.authorization.pk).status == "held"
    assert authorizations_expire(now=due - timedelta(seconds=1)) == 0
    assert authorizations_expire(now=due) == 1
    assert authorizations_expire(now=due) == 0  # once only
    assert Authorization.objects.get(pk=held.authorization.pk).status == "expired"
    chat.refresh_from_db()
    assert (chat.held_spend, chat.held_cost) == (D(0), D(0))
    account = CreditAccount.objects.get(customer=acme)
    assert (account.balance, account.held) == (D(10), D(1))  # the embed hold only
    again = authorize(tenant=tenant, customer=acme, request_class="chat", spend=D(5), now=due)
    assert again.allowed  # the chat budget's 5 are free again

"""Authorisation against credits: the boundary, holds that expire, and the currency choice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from config.errors import InvalidInput
from metering.audit import Actor
from metering.models import Customer, Tenant
from pricing.credits.models import Authorization, CreditAccount
from pricing.credits.services import authorization_close, authorize, credit_grant_create

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

"""Holds settled by the real event (`properties.authorization_id`), and expired holds released."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from metering.audit import Actor
from metering.changes import event_changes_note
from metering.models import Customer, Tenant
from pricing.credits.models import Authorization, Budget, CreditAccount
from pricing.credits.services import (
    authorizations_expire,
    authorize,
    budget_create,
    credit_grant_create,
)
from pricing.tasks import authorizations_expire as authorizations_expire_task
from tests.economics.costs.helpers import store_events
from tests.pricing.credits.test_pipeline_sync import PER_REQUEST
from tests.pricing.factories import published_plan, subscribe

D = Decimal
ACTOR = Actor.system("tests")


@pytest.fixture
def acme(api: APIClient, tenant: Tenant) -> Customer:
    """cus_1 on $1.25 a request, with $10 of credits and a $100 monthly spend budget."""
    published_plan(api, "per-request", PER_REQUEST)
    customer = Customer.objects.create(tenant=tenant, external_id="cus_1")
    subscribe(api, "cus_1", "per-request", "2026-03-01")
    credit_grant_create(
        tenant=tenant,
        customer=customer,
        kind="paid",
        credits=D(10),
        currency="USD",
        effective_at=timezone.now() - timedelta(days=400),
        actor=ACTOR,
    )
    budget_create(tenant=tenant, customer=customer, measure="spend", limit=D(100), actor=ACTOR)
    return customer


def _hold(tenant: Tenant, customer: Customer, **kwargs: Any) -> Authorization:
    decision = authorize(
        tenant=tenant, customer=customer, request_class="chat", spend=D(2), cost=D("0.5"), **kwargs
    )
    assert decision.authorization is not None
    return decision.authorization


def test_the_real_event_settles_its_hold_and_gives_back_the_difference(
    tenant: Tenant, acme: Customer, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    hold = _hold(tenant, acme)
    account = CreditAccount.objects.get(customer=acme)
    budget = Budget.objects.get(customer=acme)
    assert (account.held, budget.held_spend, budget.held_cost) == (D(2), D(2), D("0.5"))
    with django_capture_on_commit_callbacks(execute=True):
        (event,) = store_events(
            tenant, {"external_cost": D("0.3"), "properties": {"authorization_id": str(hold.pk)}}
        )
    hold.refresh_from_db()
    assert hold.status == "settled"
    event.refresh_from_db()
    assert event.cost_total == D("0.3")
    account.refresh_from_db()
    # Held 2, the request billed 1.25: the hold is gone, the rated event drew 1.25.
    assert (account.balance, account.held) == (D("8.75"), D(0))
    budget.refresh_from_db()
    assert (budget.spend, budget.cost, budget.held_spend, budget.held_cost) == (
        D("1.25"),
        D("0.3"),
        D(0),
        D(0),
    )
    # The event processed again (an amendment, a re-cost) settles nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        event_changes_note(tenant=tenant, event_pks=[event.pk])
    budget.refresh_from_db()
    account.refresh_from_db()
    assert (budget.spend, budget.cost, account.balance, account.held) == (
        D("1.25"),
        D("0.3"),
        D("8.75"),
        D(0),
    )


def test_an_event_after_its_hold_expired_still_counts_in_the_budget(
    tenant: Tenant, acme: Customer, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    hold = _hold(tenant, acme, hold_seconds=60, now=timezone.now() - timedelta(minutes=5))
    assert authorizations_expire() == 1
    hold.refresh_from_db()
    assert hold.status == "expired"
    account = CreditAccount.objects.get(customer=acme)
    budget = Budget.objects.get(customer=acme)
    assert (account.held, budget.held_spend, budget.held_cost) == (D(0), D(0), D(0))
    with django_capture_on_commit_callbacks(execute=True):
        store_events(tenant, {"properties": {"authorization_id": str(hold.pk)}})
    hold.refresh_from_db()
    budget.refresh_from_db()
    account.refresh_from_db()
    assert hold.status == "settled"
    assert (budget.spend, budget.held_spend, account.balance, account.held) == (
        D("1.25"),
        D(0),
        D("8.75"),
        D(0),
    )


def test_an_event_naming_an_unknown_or_foreign_hold_settles_nothing(
    tenant: Tenant, acme: Customer, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    other = Customer.objects.create(tenant=tenant, external_id="other")
    credit_grant_create(
        tenant=tenant, customer=other, kind="paid", credits=D(5), currency="USD", actor=ACTOR
    )
    foreign = _hold(tenant, other)
    with django_capture_on_commit_callbacks(execute=True):
        store_events(
            tenant,
            {"properties": {"authorization_id": str(foreign.pk)}},  # cus_1's event, other's hold
            {"properties": {"authorization_id": "not-a-uuid"}},
        )
    foreign.refresh_from_db()
    assert foreign.status == "held"
    assert Budget.objects.get(customer=acme).spend == D(0)
    assert CreditAccount.objects.get(customer=acme).balance == D("7.5")  # 10 - 2 x 1.25


def test_the_sweep_releases_expired_holds_of_every_tenant(tenant: Tenant, acme: Customer) -> None:
    past = timezone.now() - timedelta(minutes=5)
    # (authorising now would expire the customer's old holds itself: the live one comes first)
    live = _hold(tenant, acme, hold_seconds=3600)
    _hold(tenant, acme, hold_seconds=60, now=past)
    _hold(tenant, acme, hold_seconds=60, now=past)
    other_tenant = Tenant.objects.create(name="Other")
    bob = Customer.objects.create(tenant=other_tenant, external_id="bob")
    budget_create(tenant=other_tenant, customer=bob, measure="cost", limit=D(9), actor=ACTOR)
    _hold(other_tenant, bob, hold_seconds=60, now=past)
    assert authorizations_expire_task() == 3
    assert authorizations_expire_task() == 0
    account = CreditAccount.objects.get(customer=acme)
    assert account.held == D(2)  # the live hold's
    assert Budget.objects.get(customer=acme).held_spend == D(2)
    assert Budget.objects.get(customer=bob).held_cost == D(0)
    live.refresh_from_db()
    assert live.status == "held"
    assert Authorization.objects.filter(status="expired").count() == 3

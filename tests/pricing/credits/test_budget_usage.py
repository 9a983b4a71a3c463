"""Budgets count the month's usage posted without an authorisation, exactly once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from metering.audit import Actor
from metering.changes import event_changes_note
from metering.models import Customer, Tenant, UsageEvent
from pricing.credits.models import Budget
from pricing.credits.services import (
    authorization_close,
    authorize,
    budget_create,
    budgets_sync_customer,
)
from tests.economics.costs.helpers import store_events
from tests.pricing.credits.test_pipeline_sync import PER_REQUEST
from tests.pricing.factories import published_plan, subscribe

D = Decimal
ACTOR = Actor.system("tests")
NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)  # store_events stamps events 2026-03-01


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cus_1(api: APIClient, tenant: Tenant) -> Customer:
    """$1.25 a request; a $5 spend cap, a chat cost cap of $10, a team budget of $1."""
    published_plan(api, "per-request", PER_REQUEST)
    customer = Customer.objects.create(tenant=tenant, external_id="cus_1")
    subscribe(api, "cus_1", "per-request", "2026-03-01")
    budget_create(tenant=tenant, customer=customer, measure="spend", limit=D(5), actor=ACTOR)
    budget_create(
        tenant=tenant,
        customer=customer,
        measure="cost",
        limit=D(10),
        request_class="chat",
        actor=ACTOR,
    )
    budget_create(
        tenant=tenant, customer=customer, measure="spend", limit=D(1), tag="team-a", actor=ACTOR
    )
    return customer


def _counters(customer: Customer) -> list[tuple[str, str, Decimal, Decimal]]:
    return [
        (b.measure, b.request_class or b.tag, b.spend, b.cost)
        for b in Budget.objects.filter(customer=customer).order_by("measure", "tag")
    ]


def test_usage_without_an_authorisation_counts_and_the_cap_then_holds(
    tenant: Tenant, cus_1: Customer, on_commit: Callable[..., Any]
) -> None:
    with on_commit():
        store_events(
            tenant,
            {"external_cost": D("0.3")},
            {"external_cost": D("0.3")},
            {"external_cost": D("0.3"), "request_class": "search"},
        )

    assert _counters(cus_1) == [
        ("cost", "chat", D("2.5"), D("0.6")),  # the two chat events
        ("spend", "", D("3.75"), D("0.9")),  # all three
        ("spend", "team-a", D(0), D(0)),  # an event carries no tag
    ]
    # 3.75 spent: 1.25 more is exactly the cap (allowed), then a cent more is not.
    last = authorize(tenant=tenant, customer=cus_1, request_class="search", spend=D("1.25"))
    over = authorize(tenant=tenant, customer=cus_1, request_class="search", spend=D("0.01"))
    assert (last.allowed, over.allowed, over.reason) == (True, False, "spend_limit")


def test_a_void_moves_the_budget_back_and_a_second_sync_changes_nothing(
    tenant: Tenant, cus_1: Customer, on_commit: Callable[..., Any]
) -> None:
    with on_commit():
        first, _ = store_events(tenant, {"external_cost": D("0.3")}, {"external_cost": D("0.3")})
    with on_commit():
        first.voided_at = NOW
        first.save()
        event_changes_note(tenant=tenant, event_pks=[first.pk])

    assert _counters(cus_1)[1] == ("spend", "", D("1.25"), D("0.3"))
    assert budgets_sync_customer(tenant=tenant, customer_id=cus_1.pk) == 0
    assert _counters(cus_1)[1] == ("spend", "", D("1.25"), D("0.3"))


def test_an_event_that_settles_its_hold_is_counted_once(
    tenant: Tenant, cus_1: Customer, on_commit: Callable[..., Any]
) -> None:
    decision = authorize(
        tenant=tenant, customer=cus_1, request_class="chat", spend=D(2), cost=D("0.5")
    )
    assert decision.authorization is not None
    hold_id = str(decision.authorization.pk)
    with on_commit():
        store_events(
            tenant,
            {"external_cost": D("0.3"), "properties": {"authorization_id": hold_id}},
            {"external_cost": D("0.2")},
        )

    budget = Budget.objects.get(customer=cus_1, measure="spend", tag="")
    # 1.25 + 1.25 in all: the settled hold counts one, the unauthorised usage the other.
    assert (budget.spend, budget.cost, budget.held_spend) == (D("2.5"), D("0.5"), D(0))
    assert (budget.usage_spend, budget.usage_cost) == (D("1.25"), D("0.2"))


def test_the_event_of_a_released_hold_counts_as_usage(
    tenant: Tenant, cus_1: Customer, on_commit: Callable[..., Any]
) -> None:
    decision = authorize(tenant=tenant, customer=cus_1, request_class="chat", spend=D(2))
    assert decision.authorization is not None
    authorization_close(tenant=tenant, authorization=decision.authorization)  # released
    with on_commit():
        store_events(tenant, {"properties": {"authorization_id": str(decision.authorization.pk)}})

    budget = Budget.objects.get(customer=cus_1, measure="spend", tag="")
    assert (budget.spend, budget.held_spend) == (D("1.25"), D(0))


def test_a_new_month_starts_from_that_month_s_usage(
    tenant: Tenant, cus_1: Customer, on_commit: Callable[..., Any], frozen_time: Any
) -> None:
    with on_commit():
        store_events(tenant, {}, {})
    assert _counters(cus_1)[1][2] == D("2.5")

    frozen_time.move_to(datetime(2026, 4, 2, tzinfo=UTC))
    with on_commit():
        store_events(tenant, {"timestamp": datetime(2026, 4, 1, 9, tzinfo=UTC)})

    budget = Budget.objects.get(customer=cus_1, measure="spend", tag="")
    assert (budget.period_start.isoformat(), budget.spend) == ("2026-04-01", D("1.25"))
    assert UsageEvent.objects.filter(customer=cus_1).count() == 3


def test_a_budget_set_mid_month_counts_the_month_s_usage_so_far(
    api: APIClient, tenant: Tenant, on_commit: Callable[..., Any]
) -> None:
    published_plan(api, "per-request", PER_REQUEST)
    customer = Customer.objects.create(tenant=tenant, external_id="cus_1")
    subscribe(api, "cus_1", "per-request", "2026-03-01")
    with on_commit():
        store_events(tenant, {"external_cost": D("0.3")}, {"external_cost": D("0.3")})

    budget = budget_create(
        tenant=tenant, customer=customer, measure="spend", limit=D(3), actor=ACTOR
    )

    assert (budget.spend, budget.cost) == (D("2.5"), D("0.6"))
    over = authorize(tenant=tenant, customer=customer, request_class="chat", spend=D("0.51"))
    assert (over.allowed, over.reason) == (False, "spend_limit")

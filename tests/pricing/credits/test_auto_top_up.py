"""Auto top-up: a paid grant when the balance falls below the rule's threshold, limited per
month and by a cooldown, idempotent, and exactly once under concurrency (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from metering.audit import Actor
from metering.models import AuditEntry, Customer, Tenant
from pricing.credits.models import (
    AutoTopUp,
    AutoTopUpRule,
    CreditAccount,
    CreditEntry,
    CreditGrant,
)
from pricing.credits.services import (
    authorization_close,
    authorize,
    auto_top_up_set,
    credit_grant_create,
    credits_sync,
)
from tests.economics.costs.helpers import store_events
from tests.pricing.credits.test_pipeline_sync import PER_REQUEST
from tests.pricing.factories import published_plan, subscribe

D = Decimal
ACTOR = Actor.system("tests")
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def _customer_with_credits(tenant: Tenant, external_id: str = "acme") -> Customer:
    customer = Customer.objects.create(tenant=tenant, external_id=external_id)
    credit_grant_create(
        tenant=tenant,
        customer=customer,
        kind="paid",
        credits=D(10),
        currency="USD",
        effective_at=NOW - timedelta(days=1),
        actor=ACTOR,
    )
    return customer


def _spend(tenant: Tenant, customer: Customer, amount: str, at: datetime) -> CreditAccount:
    """Authorise and settle a request of `amount` at `at`; return the account after."""
    decision = authorize(
        tenant=tenant, customer=customer, request_class="chat", spend=D(amount), now=at
    )
    assert decision.allowed, decision.detail
    assert decision.authorization is not None
    authorization_close(
        tenant=tenant, authorization=decision.authorization, spend=D(amount), now=at
    )
    return CreditAccount.objects.get(customer=customer)


def test_a_settled_draw_below_the_threshold_grants_paid_credits_within_the_rule_limits(
    tenant: Tenant,
) -> None:
    acme = _customer_with_credits(tenant)
    rule = auto_top_up_set(
        tenant=tenant,
        customer=acme,
        actor=ACTOR,
        currency="usd",
        below=D(5),
        credits=D(20),
        max_per_month=2,
        cooldown_seconds=3600,
    )
    assert not AutoTopUp.objects.exists()  # 10 is not below 5

    assert _spend(tenant, acme, "5", NOW).balance == D(5)  # exactly at the threshold: no top-up
    account = _spend(tenant, acme, "1", NOW)
    assert account.balance == D(24)  # 4 + 20
    (first,) = AutoTopUp.objects.filter(rule=rule)
    assert (first.sequence, first.period_start.isoformat(), first.balance_before) == (
        1,
        "2026-03-01",
        D(4),
    )
    grant = first.grant
    assert (grant.kind, grant.amount, grant.currency, grant.effective_at, grant.description) == (
        "paid",
        D(20),
        "USD",
        NOW,
        "Auto top-up 1 of 2026-03",
    )
    assert grant.idempotency_key == f"auto-top-up:{rule.pk}:2026-03:1"
    assert CreditEntry.objects.filter(grant=grant).values_list("kind", "amount").get() == (
        "grant",
        D(20),
    )
    audit = AuditEntry.objects.filter(action="credit_grant.create", object_id=str(grant.pk)).get()
    assert (audit.actor_type, audit.actor_label) == ("system", "auto top-up")

    # Within the hour's cooldown: below again, but no top-up.
    assert _spend(tenant, acme, "20.5", NOW + timedelta(minutes=10)).balance == D("3.5")
    # After the cooldown the next draw tops up again: the month's second and last.
    assert _spend(tenant, acme, "0.5", NOW + timedelta(hours=2)).balance == D(23)
    assert _spend(tenant, acme, "20", NOW + timedelta(hours=4)).balance == D(3)  # max 2 a month
    assert AutoTopUp.objects.filter(rule=rule).count() == 2
    # A new month: the count starts again.
    april = datetime(2026, 4, 1, 9, tzinfo=UTC)
    assert _spend(tenant, acme, "0.01", april).balance == D("22.99")
    assert [(t.period_start.isoformat(), t.sequence) for t in AutoTopUp.objects.order_by("id")] == [
        ("2026-03-01", 1),
        ("2026-03-01", 2),
        ("2026-04-01", 1),
    ]


def test_an_inactive_rule_tops_up_nothing(tenant: Tenant) -> None:
    acme = _customer_with_credits(tenant)
    auto_top_up_set(
        tenant=tenant,
        customer=acme,
        actor=ACTOR,
        currency="USD",
        below=D(5),
        credits=D(20),
        active=False,
    )
    assert _spend(tenant, acme, "9", NOW).balance == D(1)
    assert not AutoTopUp.objects.exists()


def test_rated_usage_crossing_the_threshold_tops_up_once_however_often_the_ledger_syncs(
    api: APIClient, tenant: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    published_plan(api, "per-request", PER_REQUEST)
    acme = Customer.objects.create(tenant=tenant, external_id="cus_1")
    subscribe(api, "cus_1", "per-request", "2026-03-01")
    credit_grant_create(
        tenant=tenant,
        customer=acme,
        kind="paid",
        credits=D(10),
        currency="USD",
        effective_at=datetime(2026, 3, 1, tzinfo=UTC),
        actor=ACTOR,
    )
    auto_top_up_set(
        tenant=tenant, customer=acme, actor=ACTOR, currency="USD", below=D(5), credits=D(20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        store_events(tenant, {}, {}, {})
    assert CreditAccount.objects.get(customer=acme).balance == D("6.25")  # 10 - 3 x 1.25
    with django_capture_on_commit_callbacks(execute=True):
        store_events(tenant, {}, {})
    assert CreditAccount.objects.get(customer=acme).balance == D("23.75")  # 3.75 + 20
    for _ in range(3):
        credits_sync(tenant=tenant, customer=acme, currency="USD")
    assert CreditAccount.objects.get(customer=acme).balance == D("23.75")
    assert AutoTopUp.objects.count() == 1
    assert CreditGrant.objects.filter(customer=acme, kind="paid").count() == 2
    body = api.get("/v1/customers/cus_1/credits").json()
    assert (body["balance"], body["available"]) == ("23.75", "23.75")


def test_the_rule_api_sets_reads_and_turns_off_a_rule(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    acme = _customer_with_credits(tenant)
    assert api.get("/v1/customers/acme/auto-top-up").status_code == 404
    bad = api.put(
        "/v1/customers/acme/auto-top-up",
        {"currency": "USD", "below": "5", "credits": "0", "max_per_month": 0},
        format="json",
    )
    assert bad.status_code == 400
    assert sorted(e["field"] for e in bad.json()["errors"]) == ["credits", "max_per_month"]
    assert not AutoTopUpRule.objects.exists()
    put = api.put(
        "/v1/customers/acme/auto-top-up",
        {"currency": "USD", "below": "12.5", "credits": "25", "cooldown_seconds": 60},
        format="json",
    )
    assert put.status_code == 200
    body = put.json()
    # 10 is below 12.5: the rule tops up at once.
    assert {k: body[k] for k in ("currency", "below", "credits", "max_per_month")} == {
        "currency": "USD",
        "below": "12.5",
        "credits": "25",
        "max_per_month": 1,
    }
    assert (body["cooldown_seconds"], body["active"], body["customer_id"]) == (60, True, "acme")
    assert [(t["sequence"], t["amount"], t["balance_before"]) for t in body["top_ups"]] == [
        (1, "25", "10")
    ]
    assert CreditAccount.objects.get(customer=acme).balance == D(35)
    assert api.get("/v1/customers/acme/auto-top-up").json() == body
    off = api.delete("/v1/customers/acme/auto-top-up")
    assert (off.status_code, off.json()["active"]) == (200, False)
    actions = list(
        AuditEntry.objects.filter(object_type="auto_top_up_rule")
        .order_by("occurred_at")
        .values_list("action", flat=True)
    )
    assert actions == ["auto_top_up.set", "auto_top_up.delete"]
    other = Tenant.objects.create(name="Other")
    Customer.objects.create(tenant=other, external_id="acme")
    assert client_for(other).get("/v1/customers/acme/auto-top-up").status_code == 404


def _race(works: list[Callable[[], object]]) -> None:
    """Run each work at once on its own connection; fail on any error."""
    start = threading.Barrier(len(works))
    errors: list[Exception] = []

    def run(work: Callable[[], object]) -> None:
        try:
            start.wait()
            work()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _racer(name: str) -> tuple[Tenant, Customer]:
    tenant = Tenant.objects.create(name=name)
    customer = Customer.objects.create(tenant=tenant, external_id="racer")
    credit_grant_create(
        tenant=tenant, customer=customer, kind="paid", credits=D(10), currency="USD", actor=ACTOR
    )
    return tenant, customer


def _rule(tenant: Tenant, customer: Customer, below: str) -> None:
    """A rule written without its first check, so the racers are the first to see it."""
    AutoTopUpRule.objects.create(
        tenant=tenant,
        customer=customer,
        currency="USD",
        below=D(below),
        credits=D(20),
        max_per_month=10,  # neither the monthly limit
        cooldown_seconds=0,  # nor a cooldown stops a second top-up: only the lock does
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_draws_crossing_the_threshold_at_once_top_up_exactly_once() -> None:
    assert connection.vendor == "postgresql"
    tenant, customer = _racer("Race draws")
    holds = []
    for _ in range(2):
        decision = authorize(tenant=tenant, customer=customer, request_class="chat", spend=D(3))
        assert decision.authorization is not None
        holds.append(decision.authorization)
    _rule(tenant, customer, "8")  # 10 - 3 = 7 is below 8: each settle alone would top up
    _race(
        [
            lambda: authorization_close(tenant=tenant, authorization=holds[0], spend=D(3)),
            lambda: authorization_close(tenant=tenant, authorization=holds[1], spend=D(3)),
        ]
    )
    assert AutoTopUp.objects.filter(tenant=tenant).count() == 1
    account = CreditAccount.objects.get(customer=customer)
    assert (account.balance, account.held) == (D(24), D(0))  # 10 - 3 - 3 + 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_ledger_syncs_below_the_threshold_top_up_exactly_once() -> None:
    assert connection.vendor == "postgresql"
    tenant, customer = _racer("Race syncs")
    _rule(tenant, customer, "12")  # 10 is below 12
    _race([lambda: credits_sync(tenant=tenant, customer=customer, currency="USD")] * 6)
    assert AutoTopUp.objects.filter(tenant=tenant).count() == 1
    assert CreditGrant.objects.filter(tenant=tenant).count() == 2
    assert CreditAccount.objects.get(customer=customer).balance == D(30)

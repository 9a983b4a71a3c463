"""The pipeline keeps a credit balance exact as events arrive and are voided."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from rest_framework.test import APIClient

from metering.audit import Actor
from metering.changes import event_changes_note
from metering.models import Customer, Tenant
from pricing.credits.models import CreditAccount, CreditEntry
from pricing.credits.services import credit_grant_create
from tests.economics.costs.helpers import store_events
from tests.pricing.factories import published_plan, subscribe

D = Decimal
PER_REQUEST = [
    {
        "type": "usage",
        "key": "req",
        "description": "Requests",
        "metric": "requests",
        "price_model": "per_unit",
        "unit_amount": "1.25",
    }
]


def test_new_and_voided_events_move_the_balance_without_a_read(
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
        actor=Actor.system("tests"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        first, _, _ = store_events(tenant, {}, {}, {})
    account = CreditAccount.objects.get(customer=acme)
    assert account.balance == D("6.25")  # 10 - 3 x 1.25
    with django_capture_on_commit_callbacks(execute=True):
        first.voided_at = datetime(2026, 3, 2, tzinfo=UTC)
        first.save()
        event_changes_note(tenant=tenant, event_pks=[first.pk])
    account.refresh_from_db()
    assert account.balance == D("7.5")
    assert [e.amount for e in CreditEntry.objects.filter(customer=acme).order_by("id")] == [
        D(10),
        D("-3.75"),
        D("1.25"),
    ]

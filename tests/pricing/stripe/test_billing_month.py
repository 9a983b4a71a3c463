"""A month billed through the fake Stripe, in-process: the same cents with and without faults.

The tenant connects, publishes a hybrid and an outcome-based plan, subscribes three
customers and posts a month of usage (a batch twice, a late event, a void). Stripe's own
lines then bill what they can express exactly as Marginal does; the invoice items Marginal
adds when Stripe drafts the invoice make up the rest; reconciliation finds no difference.
With a fifth of Stripe's answers failing (500s, stored 500s, 429s, timeouts, lost
responses) and webhooks duplicated, reordered, stale and badly signed, nothing changes:
no second customer, subscription, meter event or invoice item.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import stripe
import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from economics.pipeline import changes_process
from metering.models import Customer, Tenant
from pricing.rating import Period
from pricing.services import invoice_finalize
from pricing.stripe.models import OutboxStatus, StripeEvent, StripeInvoice, StripeOutbox
from pricing.stripe.reconciliation import reconcile
from pricing.stripe.webhooks import event_handle
from tests.pricing.stripe import scenario
from tests.pricing.stripe.conftest import SECRET_KEY, WEBHOOK_SECRET, settle
from tests.stripe_fake import FakeStripe

MONTH = scenario.Month(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 20, 10, tzinfo=UTC))


@pytest.fixture
def november() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=True):
        yield


def deliver_through(fake: FakeStripe, client: APIClient, tenant: Tenant) -> None:
    def post(payload: bytes, signature: str) -> int:
        response = client.generic(
            "POST",
            f"/v1/integrations/stripe/webhooks/{tenant.pk}",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
        return int(response.status_code)

    fake.transport = post


def handle_events(tenant: Tenant) -> None:
    for pk in StripeEvent.objects.of(tenant).filter(status="received").values_list("pk", flat=True):
        for _ in range(20):
            try:
                event_handle(tenant=tenant, event_pk=pk)
                break
            except stripe.StripeError:  # an injected fault: handled again, as by the beat
                time.sleep(0.05)


def pipeline(tenant: Tenant) -> None:
    changes_process(tenant=tenant)
    settle(tenant)


def live_usage(fake: FakeStripe, customer: str, event_name: str) -> Decimal:
    stripe_id = next(
        c["id"] for c in fake.of_kind("customer") if c["metadata"]["customer_id"] == customer
    )
    return fake.usage(event_name, stripe_id, 0, 2**40)


def run_month(api: APIClient, tenant: Tenant, fake: FakeStripe, *, faults: float) -> dict[str, Any]:
    deliver_through(fake, APIClient(), tenant)
    body = {"mode": "test", "secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET}
    assert api.put("/v1/integrations/stripe", body).status_code == 201
    fake.faults.rate = faults
    fake.faults.timeout_seconds = 0.7
    scenario.set_up(api, MONTH)
    scenario.ingest(api, MONTH)
    pipeline(tenant)
    scenario.correct(api, MONTH)
    pipeline(tenant)
    fake.deliver(chaos=bool(faults))
    handle_events(tenant)
    settle(tenant)

    previews = {}
    for customer in scenario.CUSTOMERS:
        for _ in range(20):  # a preview reads Stripe live: an injected fault is a 503
            response = api.get(f"/v1/integrations/stripe/customers/{customer}/preview")
            if response.status_code == 200:
                break
            assert response.status_code == 503, response.content
        previews[customer] = response.json()

    with time_machine.travel(datetime(2026, 12, 1, 0, 10, tzinfo=UTC), tick=True):
        fake.set_now(datetime(2026, 12, 1, 0, 5, tzinfo=UTC))
        for _ in range(5):
            fake.deliver(chaos=bool(faults))
        handle_events(tenant)
        settle(tenant)
        fake.finalize_drafts()
        initech = next(
            i
            for i in fake.of_kind("invoice")
            if i["total"] == 10000
            and any(ln["metadata"].get("marginal_charge_key") for ln in i["lines"]["data"])
        )
        fake.invoice_pay({}, initech["id"])
        for _ in range(5):
            fake.deliver(chaos=bool(faults))
        handle_events(tenant)
        settle(tenant)
    with time_machine.travel(datetime(2026, 12, 1, 2, tzinfo=UTC), tick=True):
        for customer in Customer.objects.of(tenant):
            invoice_finalize(tenant=tenant, customer=customer, period=Period.month(2026, 11))
        fake.faults.rate = 0
        run = reconcile(tenant=tenant, month=MONTH.start.date())
    return {"previews": previews, "reconciliation": run}


@pytest.mark.parametrize("faults", [0.0, 0.2])
def test_a_month_bills_the_same_cents_in_stripe_as_in_marginal(
    api: APIClient, tenant: Tenant, fake_stripe: FakeStripe, november: None, faults: float
) -> None:
    tenant.event_max_age_days = 60
    tenant.save(update_fields=["event_max_age_days"])
    with override_settings(STRIPE_MAX_NETWORK_RETRIES=1, STRIPE_HTTP_TIMEOUT=0.5):
        result = run_month(api, tenant, fake_stripe, faults=faults)

    # Stripe's upcoming invoice bills the native charges exactly as Marginal; the rest is
    # what Marginal adds as items, so the two totals meet to the cent.
    acme = result["previews"]["acme"]
    assert {c["charge_key"]: (c["marginal"], c["stripe"], c["item"]) for c in acme["charges"]} == {
        "base": ("100.00", "100.00", "0.00"),
        "tokens": ("142.00", "142.00", "0.00"),
    }
    initech = result["previews"]["initech"]
    assert {
        c["charge_key"]: (c["marginal"], c["stripe"], c["item"]) for c in initech["charges"]
    } == {
        "resolutions": ("14.85", "14.85", "0.00"),
        "value_share": ("45.19", "0.00", "45.19"),
        "floor": ("39.96", "0.00", "39.96"),
    }
    for customer, total in scenario.TOTALS.items():
        preview = result["previews"][customer]
        assert (
            preview["marginal_total"],
            preview["stripe_expected_total"],
            preview["difference"],
        ) == (
            str(total),
            str(total),
            "0.00",
        ), customer

    # Each customer, subscription and price exists once in Stripe; usage was sent once.
    assert sorted(c["metadata"]["customer_id"] for c in fake_stripe.of_kind("customer")) == [
        "acme",
        "globex",
        "initech",
    ]
    assert len(fake_stripe.of_kind("subscription")) == 3
    assert len(fake_stripe.of_kind("price")) == 3  # base, tokens, resolutions
    assert len(fake_stripe.of_kind("billing.meter")) == 2
    for customer, tokens in scenario.TOKENS.items():
        assert live_usage(fake_stripe, customer, "mgl_total_tokens") == tokens
    assert live_usage(fake_stripe, "initech", "mgl_outcomes") == Decimal(15)
    identifiers = [e.identifier for e in fake_stripe.meter_events]
    assert len(identifiers) == len(set(identifiers))

    # The drafted invoices got Marginal's items once each, and total Marginal's invoices.
    items = fake_stripe.of_kind("invoiceitem")
    assert sorted((i["metadata"]["marginal_charge_key"], i["amount"]) for i in items) == [
        ("floor", 3996),
        ("value_share", 4519),
    ]
    stripe_totals = {
        next(
            c["metadata"]["customer_id"]
            for c in fake_stripe.of_kind("customer")
            if c["id"] == inv["customer"]
        ): inv["total"]
        for inv in fake_stripe.of_kind("invoice")
    }
    assert stripe_totals == {c: int(t * 100) for c, t in scenario.TOTALS.items()}
    assert result["reconciliation"].differences == 0
    recorded = sorted(
        (row.customer.external_id, row.status, row.total, row.amount_paid, str(row.period_month))
        for row in StripeInvoice.objects.of(tenant).select_related("customer")
    )
    assert recorded == [
        ("acme", "open", Decimal("242.00"), Decimal(0), "2026-11-01"),
        ("globex", "open", Decimal("100.00"), Decimal(0), "2026-11-01"),
        ("initech", "paid", Decimal("100.00"), Decimal("100.00"), "2026-11-01"),
    ]
    assert not StripeOutbox.objects.of(tenant).exclude(status=OutboxStatus.DONE).exists()
    if faults:
        assert {entry.fault for entry in fake_stripe.log} >= {
            "500",
            "500_saved",
            "429",
            "timeout",
            "lost",
        }
        refused = [status for _, how, status in fake_stripe.deliveries if how in ("bad", "stale")]
        assert refused and set(refused) == {400}
        assert json.dumps([e.event_id for e in StripeEvent.objects.of(tenant)]).count("evt_") == (
            StripeEvent.objects.of(tenant).count()
        )


def test_a_changed_plan_a_cancellation_and_a_void_reach_stripe_and_reconcile(
    api: APIClient, tenant: Tenant, fake_stripe: FakeStripe, november: None
) -> None:
    tenant.event_max_age_days = 60
    tenant.save(update_fields=["event_max_age_days"])
    deliver_through(fake_stripe, APIClient(), tenant)
    body = {"mode": "test", "secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET}
    assert api.put("/v1/integrations/stripe", body).status_code == 201
    scenario.set_up(api, MONTH)
    scenario.ingest(api, MONTH)
    scenario.correct(api, MONTH)
    pipeline(tenant)

    cheaper = [
        {**c, "tiers": [{"up_to": None, "unit_amount": "1"}]} if c["key"] == "tokens" else c
        for c in scenario.HYBRID_CHARGES
    ]
    assert api.post("/v1/plans/pro/versions", {"charges": cheaper}).status_code == 201
    assert api.post("/v1/plans/pro/versions/2/publish").status_code == 200
    globex = api.get("/v1/subscriptions?customer_id=globex").json()["results"][0]
    ended = api.post(f"/v1/subscriptions/{globex['id']}/cancel", {})
    assert ended.json()["end_date"] == "2026-12-01"
    migrated = api.post("/v1/plans/pro/versions/2/migrate", {"at": "next_period"})
    assert migrated.status_code == 200, migrated.content
    pipeline(tenant)
    by_customer = {s["metadata"]["customer_id"]: s for s in fake_stripe.of_kind("subscription")}
    assert by_customer["globex"]["cancel_at"] == int(datetime(2026, 12, 1, tzinfo=UTC).timestamp())
    assert by_customer["acme"]["cancel_at"] == by_customer["globex"]["cancel_at"]

    with time_machine.travel(datetime(2026, 12, 1, 0, 10, tzinfo=UTC), tick=True):
        fake_stripe.set_now(datetime(2026, 12, 1, 0, 5, tzinfo=UTC))
        fake_stripe.deliver()
        handle_events(tenant)
        settle(tenant)
        fake_stripe.finalize_drafts()
        fake_stripe.deliver()
        handle_events(tenant)
    with time_machine.travel(datetime(2026, 12, 1, 2, tzinfo=UTC), tick=True):
        for customer in Customer.objects.of(tenant):
            invoice_finalize(tenant=tenant, customer=customer, period=Period.month(2026, 11))
        run = reconcile(tenant=tenant, month=MONTH.start.date())
    assert run.differences == 0

    subs = fake_stripe.of_kind("subscription")
    assert sorted(
        (s["metadata"]["customer_id"], s["metadata"]["version"], s["status"]) for s in subs
    ) == [
        ("acme", "1", "canceled"),
        ("acme", "2", "active"),
        ("globex", "1", "canceled"),
        ("initech", "1", "active"),
    ]
    customers = {c["id"]: c["metadata"]["customer_id"] for c in fake_stripe.of_kind("customer")}
    totals = {customers[i["customer"]]: i["total"] for i in fake_stripe.of_kind("invoice")}
    assert totals == {c: int(t * 100) for c, t in scenario.TOTALS.items()}
    items = sorted(
        (customers[i["customer"]], i["metadata"]["marginal_charge_key"], i["amount"])
        for i in fake_stripe.of_kind("invoiceitem")
    )
    # The ended subscriptions bill no fee in advance: Marginal's November fee is an item.
    assert items == [
        ("acme", "base", 10000),
        ("globex", "base", 10000),
        ("initech", "floor", 3996),
        ("initech", "value_share", 4519),
    ]

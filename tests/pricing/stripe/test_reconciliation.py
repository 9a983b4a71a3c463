"""Reconciliation: differences with their causes, alerts raised once, resolved when gone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from economics.alerts.models import Alert
from economics.alerts.services import stripe_differences_raise
from economics.pipeline import changes_process
from metering.models import Tenant
from pricing.stripe.models import StripeDifference, StripeEvent
from pricing.stripe.reconciliation import reconcile
from pricing.stripe.webhooks import event_handle
from tests.pricing.factories import HYBRID_CHARGES, published_plan, subscribe
from tests.pricing.stripe.conftest import settle
from tests.stripe_fake import FakeStripe

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def billed(api: APIClient, stripe_tenant: Tenant, fake_stripe: FakeStripe) -> Tenant:
    with time_machine.travel(NOW, tick=True):
        published_plan(api, "pro", HYBRID_CHARGES)
        api.post("/v1/customers", {"external_id": "acme"})
        subscribe(api, "acme", "pro", "2026-11-01")
        events = [
            {
                "event_id": f"e{i}",
                "customer_id": "acme",
                "request_class": "chat",
                "timestamp": f"2026-11-{10 + i:02d}T08:30:00Z",
                "input_tokens": 4_000_000,
            }
            for i in range(5)
        ]
        assert api.post("/v1/events", {"events": events}).json()["accepted"] == 5
        changes_process(tenant=stripe_tenant)
        settle(stripe_tenant)
    return stripe_tenant


def test_a_mirrored_month_reconciles_with_no_difference(
    api: APIClient, billed: Tenant, fake_stripe: FakeStripe
) -> None:
    with time_machine.travel(NOW, tick=True):
        run = reconcile(tenant=billed, month=NOW.date().replace(day=1))
        body = api.get("/v1/integrations/stripe/reconciliation?month=2026-11").json()
    assert (run.differences, run.complete) == (0, True)
    assert body["differences"] == [] and body["complete"] is True and body["month"] == "2026-11"


def test_a_difference_is_listed_with_its_cause_alerted_once_and_resolved_when_gone(
    api: APIClient, billed: Tenant, fake_stripe: FakeStripe
) -> None:
    with time_machine.travel(NOW, tick=True):
        assert api.post("/v1/events/e2/void").status_code == 200
        changes_process(tenant=billed)  # marked, not mirrored yet
        reconcile(tenant=billed, month=NOW.date().replace(day=1))
        (row,) = api.get("/v1/integrations/stripe/reconciliation?month=2026-11").json()[
            "differences"
        ]
        assert {
            k: row[k]
            for k in ("kind", "customer_id", "subject", "marginal_value", "stripe_value", "cause")
        } == {
            "kind": "meter_usage",
            "customer_id": "acme",
            "subject": "total_tokens",
            "marginal_value": "16000000.000000",
            "stripe_value": "20000000.000000",
            "cause": "Usage changed and is not mirrored yet.",
        }
        (alert,) = stripe_differences_raise()
        assert stripe_differences_raise() == []  # raised once
        assert (alert.kind, alert.customer.external_id) == (Alert.Kind.STRIPE_DIFFERENCE, "acme")
        assert alert.message == (
            "Stripe meter usage differs (2026-11): acme: Usage changed and is not mirrored yet."
        )
        settle(billed)
        reconcile(tenant=billed, month=NOW.date().replace(day=1))
        assert (
            api.get("/v1/integrations/stripe/reconciliation?month=2026-11").json()["differences"]
            == []
        )
    assert StripeDifference.objects.of(billed).get().resolved_at is not None


def test_a_bad_month_is_a_400(api: APIClient) -> None:
    response = api.get("/v1/integrations/stripe/reconciliation?month=2026-13")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "month"


def test_a_meter_error_report_becomes_an_alert(
    api: APIClient, billed: Tenant, fake_stripe: FakeStripe, anon: APIClient
) -> None:
    with time_machine.travel(NOW, tick=True):
        fake_stripe._meter_error(fake_stripe.meter_events[0])
        delivery = fake_stripe.outgoing.pop()
        payload = json.dumps(delivery.event).encode()
        response = anon.generic(
            "POST",
            f"/v1/integrations/stripe/webhooks/{billed.pk}",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=fake_stripe.sign(payload),
        )
        assert response.status_code == 200
        event = StripeEvent.objects.of(billed).get()
        assert event_handle(tenant=billed, event_pk=event.pk) == "handled"
        (alert,) = stripe_differences_raise()
    assert alert.kind == Alert.Kind.STRIPE_METER_ERROR
    assert alert.customer is not None and alert.customer.external_id == "acme"
    assert alert.message == (
        "Stripe reported a meter error (2026-11): acme: There was an error processing "
        "meter events. (1 events)"
    )

"""The customer preview beside Stripe: errors, and a customer Stripe does not know yet."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from rest_framework.test import APIClient

from metering.models import Tenant
from tests.pricing.factories import HYBRID_CHARGES, customer, published_plan, subscribe
from tests.stripe_fake import FakeStripe


def test_a_tenant_without_stripe_is_a_409(api: APIClient, tenant: Tenant) -> None:
    customer(tenant, "acme")
    response = api.get("/v1/integrations/stripe/customers/acme/preview")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This tenant has no Stripe connection; PUT /v1/integrations/stripe first."
    )


def test_an_unknown_customer_is_a_404_and_a_bad_period_a_400(
    api: APIClient, stripe_tenant: Tenant
) -> None:
    assert api.get("/v1/integrations/stripe/customers/nobody/preview").status_code == 404
    customer(stripe_tenant, "acme")
    bad = api.get("/v1/integrations/stripe/customers/acme/preview?period=2026-1")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "period", "message": "Use YYYY-MM, e.g. 2026-03."}]


def test_a_customer_not_mirrored_yet_shows_everything_as_items(
    api: APIClient, stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=True):
        published_plan(api, "pro", HYBRID_CHARGES)
        customer(stripe_tenant, "acme")
        subscribe(api, "acme", "pro", "2026-11-01")
        body = api.get("/v1/integrations/stripe/customers/acme/preview").json()
    assert {
        k: body[k]
        for k in ("source", "marginal_total", "stripe_total", "items_total", "difference")
    } == {
        "source": "upcoming",
        "marginal_total": "100.00",
        "stripe_total": "0.00",
        "items_total": "100.00",
        "difference": "0.00",
    }
    assert [(i["charge_key"], i["description"], i["amount"]) for i in body["items"]] == [
        ("base", "Pro base fee", "100.00")
    ]

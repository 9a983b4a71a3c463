"""Webhooks in: verified on the raw body, stored once, refused when badly signed or stale."""

from __future__ import annotations

import json
import time

from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.stripe.models import StripeEvent
from tests.pricing.stripe.conftest import WEBHOOK_SECRET
from tests.stripe_fake import FakeStripe

EVENT = {
    "id": "evt_test_1",
    "object": "event",
    "type": "customer.updated",
    "created": 1796000000,
    "data": {"object": {"id": "cus_1", "object": "customer"}},
}


def post(client: APIClient, tenant: Tenant, payload: bytes, signature: str):  # type: ignore[no-untyped-def]
    return client.generic(
        "POST",
        f"/v1/integrations/stripe/webhooks/{tenant.pk}",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


def test_a_signed_event_is_stored_once(
    stripe_tenant: Tenant, fake_stripe: FakeStripe, anon: APIClient
) -> None:
    payload = json.dumps(EVENT).encode()
    first = post(anon, stripe_tenant, payload, fake_stripe.sign(payload))
    assert first.status_code == 200
    assert first.json() == {"received": True, "duplicate": False, "event_id": "evt_test_1"}
    again = post(anon, stripe_tenant, payload, fake_stripe.sign(payload))
    assert again.json() == {"received": True, "duplicate": True, "event_id": "evt_test_1"}
    stored = StripeEvent.objects.of(stripe_tenant).get()
    assert (stored.event_type, stored.object_id, stored.status) == (
        "customer.updated",
        "cus_1",
        "received",
    )


def test_a_bad_or_stale_signature_is_a_400_and_stores_nothing(
    stripe_tenant: Tenant, fake_stripe: FakeStripe, anon: APIClient
) -> None:
    payload = json.dumps(EVENT).encode()
    cases = [
        fake_stripe.sign(payload, secret="whsec_wrong"),
        fake_stripe.sign(payload, at=int(time.time()) - 301),
        fake_stripe.sign(payload + b" "),  # signed another body
        "t=1,v1=deadbeef",
        "",
    ]
    for signature in cases:
        response = post(anon, stripe_tenant, payload, signature)
        assert response.status_code == 400, signature
        assert response.json()["detail"] == (
            "The Stripe-Signature does not verify for this endpoint; nothing was stored."
        )
    assert not StripeEvent.objects.of(stripe_tenant).exists()


def test_a_tenant_without_stripe_or_an_unknown_one_refuses_every_delivery(
    tenant: Tenant, other_tenant: Tenant, fake_stripe: FakeStripe, anon: APIClient
) -> None:
    payload = json.dumps(EVENT).encode()
    signature = fake_stripe.sign(payload, secret=WEBHOOK_SECRET)
    assert post(anon, other_tenant, payload, signature).status_code == 400
    response = anon.generic(
        "POST",
        "/v1/integrations/stripe/webhooks/not-a-tenant",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.cross_tenant(reason="test").exists()


def test_a_valid_signature_over_a_body_without_an_id_is_a_400(
    stripe_tenant: Tenant, fake_stripe: FakeStripe, anon: APIClient
) -> None:
    payload = b'{"object": "event"}'
    response = post(anon, stripe_tenant, payload, fake_stripe.sign(payload))
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "id", "message": "A Stripe event has an id."}]

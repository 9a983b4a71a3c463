"""The connection endpoints: keys stored encrypted, shown masked, never returned."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.stripe.models import StripeConnection, StripeOutbox
from pricing.stripe.secrets import decrypt
from tests.pricing.factories import HYBRID_CHARGES, published_plan
from tests.pricing.stripe.conftest import SECRET_KEY, WEBHOOK_SECRET
from tests.stripe_fake import FakeStripe

BODY = {"mode": "test", "secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET}


def expected(tenant: Tenant, **fields: Any) -> dict[str, Any]:
    return {
        "connected": True,
        "mode": "test",
        "secret_key": "sk_test_…abcd",
        "webhook_secret": "whsec_…wxyz",
        "webhook_url": f"/v1/integrations/stripe/webhooks/{tenant.pk}",
        "outbox_pending": 0,
        "outbox_dead": 0,
        **fields,
    }


def test_a_tenant_without_stripe_reads_as_not_connected(api: APIClient, tenant: Tenant) -> None:
    response = api.get("/v1/integrations/stripe")
    assert response.status_code == 200
    assert response.json() == {
        "connected": False,
        "mode": None,
        "secret_key": None,
        "webhook_secret": None,
        "webhook_url": f"/v1/integrations/stripe/webhooks/{tenant.pk}",
        "connected_at": None,
        "outbox_pending": 0,
        "outbox_dead": 0,
    }


def test_connecting_stores_the_keys_encrypted_and_shows_them_masked(
    api: APIClient, tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    response = api.put("/v1/integrations/stripe", BODY)
    assert response.status_code == 201
    body = response.json()
    assert body.pop("connected_at")
    assert body == expected(tenant)
    assert SECRET_KEY not in response.content.decode()
    row = StripeConnection.objects.of(tenant).get()
    assert SECRET_KEY not in row.secret_key_encrypted
    assert decrypt(row.secret_key_encrypted) == SECRET_KEY
    assert decrypt(row.webhook_secret_encrypted) == WEBHOOK_SECRET
    again = api.put("/v1/integrations/stripe", {**BODY, "secret_key": "sk_test_other0000009999"})
    assert again.status_code == 200
    assert again.json()["secret_key"] == "sk_test_…9999"
    assert StripeConnection.objects.of(tenant).count() == 1


def test_connecting_queues_what_exists_already(
    api: APIClient, tenant: Tenant, fake_stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.put("/v1/integrations/stripe", BODY).status_code == 201
    rows = StripeOutbox.objects.of(tenant).values_list("operation", "status")
    assert list(rows) == [("plan_version.sync", "done")]  # drained after the commit
    assert len(fake_stripe.of_kind("price")) == 2


def test_bad_keys_are_a_400_naming_each_field_and_nothing_is_stored(
    api: APIClient, tenant: Tenant
) -> None:
    response = api.put(
        "/v1/integrations/stripe",
        {"mode": "live", "secret_key": "sk_test_x", "webhook_secret": "nope"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "secret_key", "message": "A live key starts with sk_live_ or rk_live_."},
        {"field": "webhook_secret", "message": "A webhook signing secret starts with whsec_."},
    ]
    missing = api.put("/v1/integrations/stripe", {"mode": "test"})
    assert missing.status_code == 400
    assert [e["field"] for e in missing.json()["errors"]] == ["secret_key", "webhook_secret"]
    assert not StripeConnection.objects.of(tenant).exists()


def test_disconnecting_forgets_the_keys_and_drops_what_waits(
    api: APIClient, tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    assert api.put("/v1/integrations/stripe", BODY).status_code == 201
    assert api.delete("/v1/integrations/stripe").status_code == 204
    assert not StripeConnection.objects.of(tenant).exists()
    assert api.delete("/v1/integrations/stripe").status_code == 204  # idempotent
    assert api.get("/v1/integrations/stripe").json()["connected"] is False


def test_a_write_key_cannot_set_the_keys(
    tenant: Tenant, client_for: Any, fake_stripe: FakeStripe
) -> None:
    writer = client_for(tenant, ["write", "read"])
    assert writer.put("/v1/integrations/stripe", BODY).status_code == 403
    assert writer.get("/v1/integrations/stripe").status_code == 200


def test_another_tenant_never_sees_the_connection(
    api: APIClient, other_api: APIClient, tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    api.put("/v1/integrations/stripe", BODY)
    assert other_api.get("/v1/integrations/stripe").json()["connected"] is False
    assert other_api.delete("/v1/integrations/stripe").status_code == 204
    assert StripeConnection.objects.of(tenant).exists()

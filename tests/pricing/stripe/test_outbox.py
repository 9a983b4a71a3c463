"""The outbox: retries with backoff, dead letters and their retry, lookups after 24 h."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from metering.models import Customer, Tenant
from pricing.stripe.drain import backoff, outbox_drain
from pricing.stripe.models import OutboxStatus, StripeObject, StripeOutbox
from pricing.stripe.outbox import customer_changed
from tests.pricing.stripe.conftest import settle
from tests.stripe_fake import FakeStripe


def acme(tenant: Tenant) -> Customer:
    return Customer.objects.of(tenant).create(tenant=tenant, external_id="acme", name="Acme")


def test_a_customer_change_reaches_stripe_once(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    customer = acme(stripe_tenant)
    customer_changed(tenant=stripe_tenant, customer=customer)
    customer_changed(tenant=stripe_tenant, customer=customer)  # the same change: one row
    assert StripeOutbox.objects.of(stripe_tenant).count() == 1
    settle(stripe_tenant)
    (created,) = fake_stripe.of_kind("customer")
    assert (created["name"], created["metadata"]) == (
        "Acme",
        {
            "tenant_id": str(stripe_tenant.pk),
            "customer_id": "acme",
            "marginal_customer_pk": str(customer.pk),
        },
    )
    customer.name = "Acme Corp"
    customer.save()
    customer_changed(tenant=stripe_tenant, customer=customer)
    settle(stripe_tenant)
    assert [c["name"] for c in fake_stripe.of_kind("customer")] == ["Acme Corp"]


def test_a_tenant_without_stripe_writes_no_outbox_row(tenant: Tenant) -> None:
    assert customer_changed(tenant=tenant, customer=acme(tenant)) is None
    assert not StripeOutbox.objects.of(tenant).exists()


def test_transient_failures_back_off_then_the_row_dies_with_its_last_error(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    customer_changed(tenant=stripe_tenant, customer=acme(stripe_tenant))
    fake_stripe.faults.rate = 1.0
    fake_stripe.faults.kinds = ("500",)
    with override_settings(STRIPE_OUTBOX_MAX_ATTEMPTS=3):
        for _ in range(3):
            outbox_drain(tenant=stripe_tenant)
    row = StripeOutbox.objects.of(stripe_tenant).get()
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 3)
    assert row.last_error == "APIError: An unexpected error occurred (injected)."
    assert row.key_generation == 1  # three 5xx in a row: the next attempt looks first
    assert fake_stripe.of_kind("customer") == []


def test_a_request_stripe_refuses_is_dead_at_once(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    row = StripeOutbox.objects.create(
        tenant=stripe_tenant,
        operation="invoice.items",
        subject="in_missing",
        idempotency_key="invoice_items:in_missing",
        next_attempt_at=timezone.now(),
    )
    outbox_drain(tenant=stripe_tenant)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 1)
    assert row.last_error == "InvalidRequestError: No such invoice: 'in_missing'"


def test_backoff_grows_with_full_jitter_and_respects_retry_after() -> None:
    with override_settings(STRIPE_OUTBOX_BACKOFF_BASE=2, STRIPE_OUTBOX_BACKOFF_MAX=60):
        delays = [backoff(5) for _ in range(200)]
        assert 0 <= min(delays) and max(delays) <= 32 and max(delays) > 16
        assert all(d <= 60 for d in (backoff(30) for _ in range(50)))
        assert backoff(1, retry_after=7) >= 7


def test_dead_letters_are_listed_and_retried(
    api: APIClient, stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    customer_changed(tenant=stripe_tenant, customer=acme(stripe_tenant))
    fake_stripe.faults.rate = 1.0
    fake_stripe.faults.kinds = ("429",)
    with override_settings(STRIPE_OUTBOX_MAX_ATTEMPTS=1):
        outbox_drain(tenant=stripe_tenant)
    row = StripeOutbox.objects.of(stripe_tenant).get()
    listed = api.get("/v1/integrations/stripe/outbox?status=dead").json()["results"]
    assert [(r["id"], r["operation"], r["status"], r["attempts"]) for r in listed] == [
        (row.pk, "customer.sync", "dead", 1)
    ]
    assert listed[0]["last_error"] == "RateLimitError: Too many requests (injected)."
    assert api.get("/v1/integrations/stripe/outbox?status=pending").json()["results"] == []
    bad = api.get("/v1/integrations/stripe/outbox?status=lost")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"field": "status", "message": "Must be one of pending, done, dead."}
    ]

    fake_stripe.faults.rate = 0
    retried = api.post(f"/v1/integrations/stripe/outbox/{row.pk}/retry")
    assert retried.status_code == 200
    assert (retried.json()["status"], retried.json()["attempts"]) == ("pending", 0)
    settle(stripe_tenant)
    row.refresh_from_db()
    assert row.status == OutboxStatus.DONE
    assert len(fake_stripe.of_kind("customer")) == 1


def test_another_tenants_outbox_row_is_a_404(
    other_api: APIClient, stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    customer_changed(tenant=stripe_tenant, customer=acme(stripe_tenant))
    row = StripeOutbox.objects.of(stripe_tenant).get()
    assert other_api.post(f"/v1/integrations/stripe/outbox/{row.pk}/retry").status_code == 404
    assert other_api.get("/v1/integrations/stripe/outbox").json()["results"] == []


def test_a_retry_older_than_a_day_finds_the_object_instead_of_creating_it(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    customer = acme(stripe_tenant)
    customer_changed(tenant=stripe_tenant, customer=customer)
    # The first attempt created the customer but its answer was lost, a day ago.
    fake_stripe.fail_next("lost", "500")
    with override_settings(STRIPE_OUTBOX_BACKOFF_BASE=60, STRIPE_OUTBOX_BACKOFF_MAX=60):
        outbox_drain(tenant=stripe_tenant)
    assert len(fake_stripe.of_kind("customer")) == 1
    fake_stripe.idempotency.clear()  # Stripe pruned the key
    StripeOutbox.objects.of(stripe_tenant).update(
        created_at=timezone.now() - timedelta(hours=25), next_attempt_at=timezone.now()
    )
    settle(stripe_tenant)
    assert len(fake_stripe.of_kind("customer")) == 1
    mapping = StripeObject.objects.of(stripe_tenant).get(kind="customer")
    assert mapping.stripe_id == fake_stripe.of_kind("customer")[0]["id"]
    paths = [entry.path for entry in fake_stripe.log]
    assert "/v1/customers/search" in paths


def test_an_idempotency_error_makes_the_next_attempt_look_first(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    customer = acme(stripe_tenant)
    customer_changed(tenant=stripe_tenant, customer=customer)
    fake_stripe.fail_next("lost")
    with override_settings(STRIPE_OUTBOX_BACKOFF_BASE=60, STRIPE_OUTBOX_BACKOFF_MAX=60):
        outbox_drain(tenant=stripe_tenant)  # created; the answer lost
    StripeOutbox.objects.of(stripe_tenant).update(next_attempt_at=timezone.now())
    customer.name = "Renamed before the retry"
    customer.save()
    settle(stripe_tenant)  # same key, other name: idempotency_error, then a lookup
    (only,) = fake_stripe.of_kind("customer")
    assert only["name"] == "Renamed before the retry"
    row = StripeOutbox.objects.of(stripe_tenant).get()
    assert (row.status, row.key_generation) == (OutboxStatus.DONE, 1)


def test_the_beat_mirrors_customers_changed_since_they_were_mirrored(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    from pricing.stripe.tasks import customers_sync_all

    customer = acme(stripe_tenant)
    customer_changed(tenant=stripe_tenant, customer=customer)
    settle(stripe_tenant)
    assert customers_sync_all() == 0  # nothing changed since
    customer.name = "Acme Industries"
    customer.save()
    assert customers_sync_all() == 1
    settle(stripe_tenant)
    assert [c["name"] for c in fake_stripe.of_kind("customer")] == ["Acme Industries"]

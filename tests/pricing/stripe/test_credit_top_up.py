"""An auto top-up of a tenant connected to Stripe is charged as a pending invoice item."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from metering.audit import Actor
from metering.models import Customer, Tenant
from pricing.credits.models import AutoTopUp
from pricing.credits.services import (
    authorization_close,
    authorize,
    auto_top_up_set,
    credit_grant_create,
)
from pricing.stripe.models import OutboxStatus, StripeOutbox
from tests.pricing.stripe.conftest import settle
from tests.stripe_fake import FakeStripe

D = Decimal
ACTOR = Actor.system("tests")
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def test_an_auto_top_up_reaches_stripe_once_as_an_invoice_item(
    stripe_tenant: Tenant, fake_stripe: FakeStripe
) -> None:
    tenant = stripe_tenant
    acme = Customer.objects.of(tenant).create(tenant=tenant, external_id="acme", name="Acme")
    credit_grant_create(
        tenant=tenant,
        customer=acme,
        kind="paid",
        credits=D(10),
        currency="EUR",
        effective_at=datetime(2026, 3, 1, tzinfo=UTC),
        actor=ACTOR,
    )
    auto_top_up_set(
        tenant=tenant, customer=acme, actor=ACTOR, currency="EUR", below=D(5), credits=D("20.5")
    )
    decision = authorize(tenant=tenant, customer=acme, request_class="chat", spend=D(6), now=NOW)
    assert decision.authorization is not None
    authorization_close(tenant=tenant, authorization=decision.authorization, spend=D(6), now=NOW)
    (top_up,) = AutoTopUp.objects.of(tenant)
    (row,) = StripeOutbox.objects.of(tenant).filter(operation="credit_top_up.charge")
    assert (row.subject, row.idempotency_key, row.payload) == (
        str(top_up.pk),
        f"credit_top_up:{top_up.pk}",
        {
            "customer_pk": acme.pk,
            "amount": "20.5000000000",
            "currency": "EUR",
            "description": "Prepaid credits: auto top-up 1 of 2026-03",
        },
    )
    settle(tenant)
    row.refresh_from_db()
    assert row.status == OutboxStatus.DONE
    (customer,) = fake_stripe.of_kind("customer")
    (item,) = fake_stripe.of_kind("invoiceitem")
    assert row.stripe_id == item["id"]
    assert (item["customer"], item["amount"], item["currency"], item["invoice"]) == (
        customer["id"],
        2050,
        "eur",
        None,  # pending: the customer's next invoice bills it
    )
    assert item["description"] == "Prepaid credits: auto top-up 1 of 2026-03"
    assert item["metadata"]["marginal_key"] == f"credit_top_up:{top_up.pk}"
    # Draining again sends nothing more.
    settle(tenant)
    assert len(fake_stripe.of_kind("invoiceitem")) == 1


def test_a_tenant_without_stripe_tops_up_without_an_outbox_row(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    credit_grant_create(
        tenant=tenant, customer=acme, kind="paid", credits=D(1), currency="USD", actor=ACTOR
    )
    auto_top_up_set(
        tenant=tenant, customer=acme, actor=ACTOR, currency="USD", below=D(5), credits=D(20)
    )
    assert AutoTopUp.objects.of(tenant).count() == 1
    assert not StripeOutbox.objects.of(tenant).exists()

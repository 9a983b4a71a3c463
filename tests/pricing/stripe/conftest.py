"""Fixtures of the Stripe tests: the fake Stripe server, and a tenant connected to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from metering.models import Tenant
from pricing.stripe.services import connection_put
from tests.stripe_fake import FakeStripe

SECRET_KEY = "sk_test_51FakeMarginalSecretKey0000000000000000abcd"
WEBHOOK_SECRET = "whsec_FakeMarginalWebhookSecret0000000000wxyz"


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    fake = FakeStripe().start()
    fake.webhook_secret = WEBHOOK_SECRET
    with override_settings(
        STRIPE_API_BASE=fake.url,
        STRIPE_HTTP_TIMEOUT=1.0,
        STRIPE_MAX_NETWORK_RETRIES=0,
        STRIPE_OUTBOX_BACKOFF_BASE=0.0,
        STRIPE_OUTBOX_BACKOFF_MAX=0.0,
    ):
        yield fake
    fake.stop()


@pytest.fixture
def stripe_tenant(tenant: Tenant, fake_stripe: FakeStripe) -> Tenant:
    connection_put(tenant=tenant, mode="test", secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET)
    return tenant


def settle(tenant: Tenant, rounds: int = 400) -> None:
    """Run the usage sync and the outbox drain (in-process) until nothing waits.

    A row waiting for its retry (a 429's Retry-After) is waited for, as the beat would; one
    waiting for a later date (a subscription that starts next month) is not.
    """
    import time
    from datetime import timedelta

    from django.utils import timezone

    from pricing.stripe.drain import outbox_drain
    from pricing.stripe.models import OutboxStatus, StripeOutbox, StripeUsageMark
    from pricing.stripe.usage import usage_sync

    for _ in range(rounds):
        usage_sync(tenant=tenant)
        outbox_drain(tenant=tenant)
        waiting = StripeOutbox.objects.of(tenant).filter(
            status=OutboxStatus.PENDING, next_attempt_at__lt=timezone.now() + timedelta(seconds=30)
        )
        if not waiting.exists() and not StripeUsageMark.objects.of(tenant).exists():
            return
        time.sleep(0.1)
    raise AssertionError("the outbox did not settle")

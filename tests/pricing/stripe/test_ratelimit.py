"""The per-tenant token bucket in Redis: one second's burst, then the configured rate."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from metering.models import Tenant
from pricing.stripe.ratelimit import RateLimited, _client, token_take


@pytest.mark.worker
def test_a_tenant_gets_its_rate_and_no_more(tenant: Tenant, other_tenant: Tenant) -> None:
    from django.conf import settings

    for t in (tenant, other_tenant):
        _client(settings.REDIS_URL).delete(f"marginal:stripe:bucket:{t.pk}")
    with override_settings(STRIPE_RATE_TEST=10):
        started = time.monotonic()
        waits = [token_take(tenant=tenant, mode="test") for _ in range(20)]
        elapsed = time.monotonic() - started
        assert waits[:10] == [0.0] * 10  # the burst
        assert 0.9 <= elapsed < 2.0  # ten more at ten a second
        assert token_take(tenant=other_tenant, mode="test") == 0.0  # a bucket per tenant
        for _ in range(10):
            token_take(tenant=tenant, mode="test")
        with pytest.raises(RateLimited):
            for _ in range(30):
                token_take(tenant=tenant, mode="test", max_wait=0.05)

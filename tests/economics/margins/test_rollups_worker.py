"""With a real Celery worker: an ingested event reaches the rollups through the broker."""

from __future__ import annotations

import subprocess
import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from economics.margins.models import DirtyBucket, RollupDay
from metering.models import Tenant
from tests.economics import factories
from tests.test_celery_worker import live_worker  # noqa: F401  (the fixture)


@pytest.mark.worker
def test_an_event_is_rolled_up_by_the_worker(
    live_worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    tenant = Tenant.objects.create(name="Rolled up by the worker")
    acme = factories.customer(tenant, "acme")

    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 10, 9, tzinfo=UTC),
        request_class="classify",
        cost="0.0004",
        count=3,
    )

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert live_worker.poll() is None, "the worker exited"
        day = RollupDay.objects.filter(tenant=tenant).first()
        if day is not None and not DirtyBucket.objects.filter(tenant=tenant).exists():
            break
        time.sleep(0.1)
    day = RollupDay.objects.get(tenant=tenant)
    assert (day.request_class, day.requests, day.cost_total) == ("classify", 3, Decimal("0.0012"))

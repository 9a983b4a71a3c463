"""Invoice finalisation through a real Celery worker process (CI: PostgreSQL + Redis)."""

from __future__ import annotations

import subprocess
import time
from datetime import date
from decimal import Decimal

import pytest

from metering.audit import Actor
from metering.models import Customer
from metering.services import tenant_create
from pricing.models import Invoice
from pricing.services import plan_create, plan_version_publish, subscription_create
from pricing.tasks import finalize_invoice
from tests.test_celery_worker import live_worker  # noqa: F401  (fixture)


@pytest.mark.worker
def test_a_worker_finalises_an_invoice_once(live_worker: subprocess.Popen[bytes]) -> None:  # noqa: F811
    tenant, _ = tenant_create(name="Invoiced by the worker", actor=Actor.system("tests"))
    customer = Customer.objects.create(tenant=tenant, external_id="acme")
    version = plan_create(
        tenant=tenant,
        code="base",
        name="Base",
        currency="USD",
        charges=[{"type": "flat_fee", "description": "Base", "amount": "30"}],
    )
    version = plan_version_publish(tenant=tenant, version=version, actor=Actor.system("tests"))
    subscription_create(
        tenant=tenant,
        customer=customer,
        plan_version=version,
        start_date=date(2026, 3, 11),
        actor=Actor.system("tests"),
    )
    results = [finalize_invoice.delay(str(tenant.id), customer.pk, "2026-03-01") for _ in "ab"]
    deadline = time.monotonic() + 60
    while not all(r.ready() for r in results) and time.monotonic() < deadline:
        assert live_worker.poll() is None, "the worker exited"
        time.sleep(0.1)
    invoice = Invoice.objects.get(tenant=tenant)
    assert [r.get(timeout=1, disable_sync_subtasks=False) for r in results] == [str(invoice.id)] * 2
    # 30 x 21 / 31 days = 20.322... -> 20.32
    assert (invoice.period_start, invoice.total) == (date(2026, 3, 1), Decimal("20.32"))

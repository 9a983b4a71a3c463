"""The billing month end to end: PostgreSQL, Redis, a real Celery worker, the fake Stripe.

The API is called as a tenant would; webhooks reach a live server; every task (costing,
usage mirroring, the outbox, webhook handling) runs in a separate `celery worker` process.
A fifth of Stripe's answers fail (500s, stored 500s, 429s, timeouts, lost responses) and
webhooks come duplicated, reordered, stale and badly signed. Stripe still ends up billing
Marginal's cents, with no second customer, meter event or invoice item, and no secret ever
appears in a response, a log line or the database.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from config.celery_app import app as celery_app
from config.queueing import task_send
from economics.tasks import pipeline_sweep
from metering.models import Customer, EventChange, Tenant
from pricing.rating import Period
from pricing.services import invoice_finalize
from pricing.stripe import tasks as stripe_tasks
from pricing.stripe.models import OutboxStatus, StripeEvent, StripeOutbox, StripeUsageMark
from pricing.stripe.reconciliation import reconcile
from tests.pricing.stripe import scenario
from tests.pricing.stripe.conftest import SECRET_KEY, WEBHOOK_SECRET
from tests.stripe_fake import FakeStripe

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.worker


class RecordingClient(APIClient):
    """An API client that keeps every response body, to look for secrets in them."""

    bodies: list[bytes]

    def request(self, **kwargs: Any) -> Any:  # type: ignore[override]
        response = super().request(**kwargs)
        self.bodies.append(response.content)
        return response


@pytest.fixture
def world(transactional_db: None, live_server: Any, tmp_path: Path) -> Iterator[dict[str, Any]]:
    fake = FakeStripe(seed=7).start()
    fake.webhook_secret = WEBHOOK_SECRET
    key = Fernet.generate_key().decode()
    log_path = tmp_path / "worker.log"
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        STRIPE_API_BASE=fake.url,
        STRIPE_ENCRYPTION_KEY=key,
        STRIPE_HTTP_TIMEOUT="1",
        STRIPE_MAX_NETWORK_RETRIES="1",
        STRIPE_OUTBOX_BACKOFF_BASE="0.2",
        STRIPE_OUTBOX_BACKOFF_MAX="1",
        STRIPE_OUTBOX_MAX_ATTEMPTS="30",
        LOG_LEVEL="DEBUG",
    )
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-Q",
                ",".join(queue.name for queue in settings.CELERY_TASK_QUEUES),
                "--loglevel",
                "DEBUG",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with override_settings(
            STRIPE_API_BASE=fake.url, STRIPE_ENCRYPTION_KEY=key, STRIPE_HTTP_TIMEOUT=2.0
        ):
            yield {"fake": fake, "worker": worker, "log": log_path, "url": live_server.url}
    finally:
        celery_app.conf.task_always_eager = previous
        worker.terminate()
        worker.wait(timeout=30)
        fake.stop()


def quiet(tenant: Tenant, worker: subprocess.Popen[bytes], timeout: float = 300) -> None:
    """Wait until the worker has done everything waiting; kick the sweeps as the beat would."""
    deadline = time.monotonic() + timeout
    last_kick = 0.0
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker exited"
        soon = timezone.now() + timedelta(seconds=30)
        busy = (
            StripeOutbox.objects.of(tenant)
            .filter(status=OutboxStatus.PENDING, next_attempt_at__lt=soon)
            .exists()
            or StripeUsageMark.objects.of(tenant).exists()
            or EventChange.objects.of(tenant).exists()
            or StripeEvent.objects.of(tenant).filter(status=StripeEvent.Status.RECEIVED).exists()
        )
        if not busy:
            return
        if time.monotonic() - last_kick > 5:
            last_kick = time.monotonic()
            pipeline_sweep()
            stripe_tasks.outbox_drain_all()
            stripe_tasks.usage_sync_all()
            received = StripeEvent.objects.of(tenant).filter(status=StripeEvent.Status.RECEIVED)
            for pk in received.values_list("pk", flat=True):
                task_send(stripe_tasks.event_handle, str(tenant.pk), pk)
        time.sleep(0.5)
    raise AssertionError("the worker did not finish in time")


def test_a_month_through_a_real_worker_bills_marginals_cents_despite_faults(
    world: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake: FakeStripe = world["fake"]
    worker = world["worker"]
    api = RecordingClient()
    api.bodies = []
    from metering.audit import Actor
    from metering.services import tenant_create

    tenant, issued = tenant_create(name="End to end AI", actor=Actor.system("tests"))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.raw_key}")
    tenant.event_max_age_days = 60
    tenant.save(update_fields=["event_max_age_days"])
    fake.webhook_url = f"{world['url']}/v1/integrations/stripe/webhooks/{tenant.pk}"
    now = datetime.now(UTC)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month = scenario.Month(start, max(now - timedelta(minutes=2), start + timedelta(minutes=1)))

    body = {"mode": "test", "secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET}
    assert api.put("/v1/integrations/stripe", body).status_code == 201
    fake.faults.rate = 0.2
    fake.faults.timeout_seconds = 1.2
    scenario.set_up(api, month)
    scenario.ingest(api, month)
    quiet(tenant, worker)
    scenario.correct(api, month)
    quiet(tenant, worker)
    fake.deliver(chaos=True)
    quiet(tenant, worker)

    previews = {}
    for customer in scenario.CUSTOMERS:
        for _ in range(30):
            response = api.get(f"/v1/integrations/stripe/customers/{customer}/preview")
            if response.status_code == 200:
                break
        previews[customer] = response.json()
    for customer, total in scenario.TOTALS.items():
        preview = previews[customer]
        assert (
            preview["marginal_total"],
            preview["stripe_expected_total"],
            preview["difference"],
        ) == (str(total), str(total), "0.00"), (customer, preview)
    assert {c["charge_key"]: c["stripe"] for c in previews["acme"]["charges"]} == {
        "base": "100.00",
        "tokens": "142.00",
    }

    # The month closes in Stripe: its invoices are drafted, Marginal adds its items.
    next_month = Period.month(start.year, start.month).end
    fake.set_now(
        datetime.combine(next_month, datetime.min.time(), tzinfo=UTC) + timedelta(minutes=5)
    )
    for _ in range(6):
        fake.deliver(chaos=True)
        quiet(tenant, worker)
    fake.finalize_drafts()
    for _ in range(6):
        fake.deliver(chaos=True)
        quiet(tenant, worker)
    fake.faults.rate = 0

    customers = {c["id"]: c["metadata"]["customer_id"] for c in fake.of_kind("customer")}
    assert sorted(customers.values()) == ["acme", "globex", "initech"]
    assert len(fake.of_kind("subscription")) == 3
    totals = {customers[i["customer"]]: (i["status"], i["total"]) for i in fake.of_kind("invoice")}
    assert totals == {c: ("open", int(t * 100)) for c, t in scenario.TOTALS.items()}
    assert sorted(
        (i["metadata"]["marginal_charge_key"], i["amount"]) for i in fake.of_kind("invoiceitem")
    ) == [("floor", 3996), ("value_share", 4519)]
    acme_id = next(k for k, v in customers.items() if v == "acme")
    assert fake.usage("mgl_total_tokens", acme_id, 0, 2**40) == Decimal(61_000_000)
    identifiers = [e.identifier for e in fake.meter_events]
    assert len(identifiers) == len(set(identifiers))
    assert {entry.fault for entry in fake.log} >= {"500", "500_saved", "429", "timeout", "lost"}
    assert {status for _, how, status in fake.deliveries if how in ("bad", "stale")} == {400}
    assert not StripeOutbox.objects.of(tenant).filter(status=OutboxStatus.DEAD).exists()

    for customer in Customer.objects.of(tenant):
        invoice_finalize(
            tenant=tenant, customer=customer, period=Period.month(start.year, start.month)
        )
    assert reconcile(tenant=tenant, month=start.date()).differences == 0
    assert (
        api.get(f"/v1/integrations/stripe/reconciliation?month={start:%Y-%m}").json()["differences"]
        == []
    )

    # No secret in clear: not in a response, a log line (here or in the worker), the database.
    secrets = [SECRET_KEY.encode(), WEBHOOK_SECRET.encode()]
    worker_log = world["log"].read_bytes()
    assert b"stripe.outbox_drain" in worker_log  # the log is the worker's, and it is verbose
    logged = "\n".join(r.getMessage() for r in caplog.records).encode()
    with connection.cursor() as cursor:
        dumps = []
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names of this database
            dumps.append(repr(cursor.fetchall()).encode())
    database = b"\n".join(dumps)
    assert SECRET_KEY[-12:].encode() not in database
    for secret in secrets:
        assert not any(secret in body for body in api.bodies)
        assert secret not in worker_log
        assert secret not in logged
        assert secret not in database

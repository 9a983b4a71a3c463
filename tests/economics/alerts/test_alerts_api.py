"""Cost SLOs and alerts: a breach is stored once and delivered once, signed, to a real HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from economics.alerts import signing as formulas
from economics.alerts.models import Alert, WebhookDelivery
from economics.alerts.services import anomaly_evaluate
from economics.alerts.tasks import webhooks_deliver_due
from tests.economics import factories

pytestmark = pytest.mark.django_db(transaction=True)

NOON = datetime(2026, 11, 10, 12, tzinfo=UTC)


class Receiver:
    """A local webhook receiver: records every POST, answers with the queued status codes."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/marginal"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    # A receiver on this machine: allowed the way development settings allow it.
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def register(api, receiver) -> str:
    created = api.post("/v1/webhook-endpoints", {"url": receiver.url})
    assert created.status_code == 201
    return created.json()["secret"]


def test_an_slo_breach_gives_exactly_one_alert_and_one_signed_delivery(api, tenant, receiver):
    secret = register(api, receiver)
    slo = api.post(
        "/v1/cost-slos", {"request_class": "doc-summarise", "max_cost_per_request": "0.01"}
    )
    assert slo.status_code == 201
    acme = factories.customer(tenant, "acme")

    with time_machine.travel(NOON, tick=False):
        factories.event(tenant, acme, at=NOON, request_class="doc-summarise", cost="0.015")
        # The breach persists as more events arrive: still one alert, one delivery.
        factories.event(tenant, acme, at=NOON, request_class="doc-summarise", cost="0.016")
        factories.event(tenant, acme, at=NOON, request_class="classify", cost="0.0004")

    alerts = api.get("/v1/alerts").json()["results"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert {k: alert[k] for k in ("kind", "request_class", "observed", "threshold")} == {
        "kind": "cost_per_request",
        "request_class": "doc-summarise",
        "observed": "0.015",  # the first breach as measured: one event at $0.015
        "threshold": "0.01",
    }
    assert alert["message"] == (
        "doc-summarise: cost per request 0.015 USD on 2026-11-10 is above the SLO of 0.01 USD."
    )
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert formulas.verify_webhook_signature(
        secret=secret,
        header=headers["Marginal-Signature"],
        body=body,
        now=int(NOON.timestamp()),
    )
    payload = json.loads(body)
    assert payload["type"] == "alert.created"
    assert payload["alert"]["id"] == alert["id"]
    assert headers["Marginal-Delivery"] == payload["delivery_id"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_a_failed_delivery_is_retried_with_backoff_and_never_sent_twice(
    api, tenant, receiver, monkeypatch
):
    factories.install_fake_revenue(monkeypatch)
    secret = register(api, receiver)
    api.post("/v1/cost-slos", {"request_class": "chat", "min_margin_pct": "50"})
    receiver.statuses = [500]
    acme = factories.customer(tenant, "acme")

    with time_machine.travel(NOON, tick=False):
        # Inference margin (0.03 - 0.02) / 0.03 = 33.33% is below the 50% floor.
        factories.event(tenant, acme, at=NOON, request_class="chat", cost="0.02", revenue="0.03")
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (
            "pending",
            1,
            "HTTP 500",
        )
        assert delivery.next_attempt_at == NOON + timedelta(seconds=10)
        assert webhooks_deliver_due() == 0  # not due yet

    with time_machine.travel(NOON + timedelta(seconds=11), tick=False):
        assert webhooks_deliver_due() == 1
        assert webhooks_deliver_due() == 0  # delivered: nothing left to send

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert len(receiver.requests) == 2
    first, second = receiver.requests
    assert first[1] == second[1]  # the same body, the same delivery id
    assert formulas.verify_webhook_signature(
        secret=secret,
        header=second[0]["Marginal-Signature"],
        body=second[1],
        now=int(NOON.timestamp()) + 11,
    )
    alert = Alert.objects.get()
    assert (alert.kind, alert.observed, alert.threshold) == ("margin", Decimal("33.3333"), 50)


def test_alerts_can_be_acknowledged_and_filtered(api, tenant):
    api.post("/v1/cost-slos", {"request_class": "chat", "max_cost_per_request": "0.001"})
    acme = factories.customer(tenant, "acme")
    with time_machine.travel(NOON, tick=False):
        factories.event(tenant, acme, at=NOON, request_class="chat", cost="0.02")
        alert_id = api.get("/v1/alerts").json()["results"][0]["id"]

        acked = api.post(f"/v1/alerts/{alert_id}/acknowledge")

    assert acked.status_code == 200
    assert acked.json()["acknowledged_at"] == "2026-11-10T12:00:00Z"
    assert api.get("/v1/alerts?acknowledged=false").json()["results"] == []
    assert len(api.get("/v1/alerts?acknowledged=true").json()["results"]) == 1
    assert api.get(f"/v1/alerts/{alert_id}").json()["id"] == alert_id


def test_a_second_slo_for_a_class_is_a_409_and_an_empty_slo_a_400(api):
    assert (
        api.post("/v1/cost-slos", {"request_class": "chat", "min_margin_pct": "50"}).status_code
        == 201
    )

    again = api.post("/v1/cost-slos", {"request_class": "chat", "min_margin_pct": "40"})
    empty = api.post("/v1/cost-slos", {"request_class": "classify"})

    assert again.status_code == 409
    assert empty.status_code == 400
    assert empty.json()["errors"] == [
        {
            "field": "max_cost_per_request",
            "message": "Give max_cost_per_request, min_margin_pct or both.",
        }
    ]
    assert len(api.get("/v1/cost-slos").json()["results"]) == 1


def test_a_spend_spike_of_a_class_raises_one_anomaly_alert(tenant):
    acme = factories.customer(tenant, "acme")
    for day in range(1, 15):
        factories.event(
            tenant,
            acme,
            at=datetime(2026, 11, day, 9, tzinfo=UTC),
            request_class="chat",
            cost=str(Decimal("10") + Decimal(day % 3)),
        )
    factories.event(
        tenant, acme, at=datetime(2026, 11, 15, 9, tzinfo=UTC), request_class="chat", cost="40"
    )

    raised = anomaly_evaluate(tenant=tenant, day=datetime(2026, 11, 15, tzinfo=UTC).date())
    again = anomaly_evaluate(tenant=tenant, day=datetime(2026, 11, 15, tzinfo=UTC).date())

    assert sorted(a.kind for a in raised) == ["class_spend_anomaly", "customer_spend_anomaly"]
    assert again == []
    assert Alert.objects.count() == 2

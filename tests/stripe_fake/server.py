"""A stateful fake of Stripe's HTTP API, for tests: real sockets, Stripe's own object shapes.

Started by the tests on a loopback port (`FakeStripe().start()`); stripe-python is pointed at
it with `StripeClient(base_addresses=...)` (the STRIPE_API_BASE setting). It keeps customers,
products, prices (per-unit, graduated and volume tiers, transform_quantity), Billing Meters
and meter events (identifier dedupe, 35-day / 5-minute timestamps, cancellation within 24 h,
event summaries), subscriptions with several items, invoices (a billing cycle when its clock
passes a period's end, previews, finalisation, payment) and invoice items. Objects start from
Stripe's fixtures (tests/data/stripe/fixtures3.json).

Idempotency follows Stripe's v1 rules: a POST with a key already used replays the stored
status and body (500s included); the same key with other parameters is an
`idempotency_error`. Faults can be injected into any share of calls: a 500 before the work,
a 500 after it (stored, so replayed), a 429 with Retry-After, a timeout, and a response lost
after the write (the connection closes). Webhooks are signed like Stripe's and delivered to
one URL, optionally duplicated, reordered, stale or badly signed.

Tiered amounts are rounded to the minor unit per tier, half up.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import random
import re
import threading
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.stripe_fake.forms import decode

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "stripe" / "fixtures3.json"
DAY = 86_400
FAULT_KINDS = ("500", "500_saved", "429", "timeout", "lost")


class StripeFailure(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        kind: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.kind = status, message, code, kind

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.kind, "message": self.message}
        if self.code:
            error["code"] = self.code
        return {"error": error}


@dataclass
class MeterEvent:
    event_name: str
    identifier: str
    customer: str
    value: Decimal
    timestamp: int
    created: float
    cancelled: bool = False


@dataclass
class Delivery:
    event: dict[str, Any]
    tries: int = 0


@dataclass
class Log:
    method: str
    path: str
    key: str | None
    status: int
    fault: str | None


@dataclass
class Faults:
    rate: float = 0.0
    kinds: tuple[str, ...] = FAULT_KINDS
    timeout_seconds: float = 1.5


def _month_end(ts: int) -> int:
    d = datetime.fromtimestamp(ts, tz=UTC)
    nxt = datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=UTC)
    return int(nxt.timestamp())


def _cents(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class FakeStripe:
    """The fake: state, faults and webhooks; `start()` serves it on 127.0.0.1."""

    def __init__(self, *, seed: int = 1) -> None:
        self.fixtures = json.loads(FIXTURES.read_text())["resources"]
        self.lock = threading.RLock()
        self.rng = random.Random(seed)
        self.faults = Faults()
        self.forced: list[str] = []  # faults for the next calls, in order (fail_next)
        self.objects: dict[str, dict[str, Any]] = {}
        self.meter_events: list[MeterEvent] = []
        self.idempotency: dict[
            tuple[str, str], tuple[str, str, str, int, dict[str, Any], float]
        ] = {}
        self.frozen: float | None = None
        self.ids = itertools.count(1)
        self.log: list[Log] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.outgoing: list[Delivery] = []
        self.deliveries: list[tuple[str, str, int]] = []  # (event id, how, status)
        self.v2_events: dict[str, dict[str, Any]] = {}
        # How a delivery is posted: to webhook_url over HTTP, or through a test client.
        self.transport: Callable[[bytes, str], int] | None = None
        self.server: ThreadingHTTPServer | None = None
        self.url = ""

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeStripe:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._serve(self, "GET")

            def do_POST(self) -> None:
                fake._serve(self, "POST")

            def do_DELETE(self) -> None:
                fake._serve(self, "DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def fail_next(self, *kinds: str) -> None:
        """Make the next API calls fail with these faults, one each, in order."""
        with self.lock:
            self.forced.extend(kinds)

    def now(self) -> int:
        return int(self.frozen if self.frozen is not None else time.time())

    def set_now(self, when: datetime) -> None:
        """Move the fake's clock (like a Stripe test clock): cycles the subscriptions due."""
        with self.lock:
            self.frozen = when.timestamp()
            self._cycle_due()

    def _id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self.ids):06d}"

    def _fixture(self, resource: str, /, **fields: Any) -> dict[str, Any]:
        obj = copy.deepcopy(self.fixtures[resource])
        obj.update(livemode=False, **fields)
        return obj

    # ------------------------------------------------------------------ HTTP

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        if raw and (handler.headers.get("Content-Type") or "").startswith("application/json"):
            params = json.loads(raw)
        else:
            params = decode(raw if method == "POST" else split.query)
        auth = handler.headers.get("Authorization") or ""
        key = handler.headers.get("Idempotency-Key") if method == "POST" else None
        if not auth.startswith("Bearer sk_") and not auth.startswith("Bearer rk_"):
            return self._reply(
                handler,
                401,
                StripeFailure(
                    401, "Invalid API Key provided.", kind="invalid_request_error"
                ).body(),
            )
        fault = None
        with self.lock:
            forced = self.forced.pop(0) if self.forced and split.path.startswith("/v1/") else None
        if forced is not None:
            fault = forced
        elif self.faults.rate and self.rng.random() < self.faults.rate:
            kinds = (
                self.faults.kinds
                if method == "POST"
                else tuple(k for k in self.faults.kinds if k in ("500", "429", "timeout"))
            )
            fault = self.rng.choice(kinds) if kinds else None
        if fault == "500":
            self._record(method, split.path, key, 500, fault)
            return self._reply(
                handler,
                500,
                StripeFailure(
                    500, "An unexpected error occurred (injected).", kind="api_error"
                ).body(),
            )
        if fault == "429":
            self._record(method, split.path, key, 429, fault)
            body = StripeFailure(
                429,
                "Too many requests (injected).",
                code="rate_limit",
                kind="invalid_request_error",
            ).body()
            return self._reply(handler, 429, body, {"Retry-After": "1"})
        if fault == "timeout":
            time.sleep(self.faults.timeout_seconds)
        try:
            status, body = self._execute(method, split.path, params, auth, key)
        except Exception as exc:  # noqa: BLE001 - a bug of the fake answers 500, visibly
            traceback.print_exc()
            status, body = (
                500,
                StripeFailure(500, f"Fake Stripe bug: {exc!r}", kind="api_error").body(),
            )
        if fault == "500_saved" and key:
            status, body = (
                500,
                StripeFailure(
                    500, "An unexpected error occurred (injected, stored).", kind="api_error"
                ).body(),
            )
            with self.lock:
                stored = self.idempotency.get((auth, key))
                if stored is not None:
                    self.idempotency[(auth, key)] = (*stored[:3], status, body, stored[5])
        self._record(method, split.path, key, status, fault)
        if fault == "lost":
            handler.close_connection = True
            try:
                handler.wfile.flush()
                handler.connection.shutdown(2)
            except OSError:
                pass
            return None
        return self._reply(handler, status, body)

    def _record(
        self, method: str, path: str, key: str | None, status: int, fault: str | None
    ) -> None:
        with self.lock:
            self.log.append(Log(method, path, key, status, fault))

    def _reply(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> None:
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.send_header("Request-Id", f"req_fake{next(self.ids)}")
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass

    def _execute(
        self, method: str, path: str, params: dict[str, Any], auth: str, key: str | None
    ) -> tuple[int, dict[str, Any]]:
        with self.lock:
            fingerprint = json.dumps(params, sort_keys=True)
            if key:
                stored = self.idempotency.get((auth, key))
                if stored is not None and self.now() - stored[5] < DAY:
                    if (stored[0], stored[1], stored[2]) != (method, path, fingerprint):
                        failure = StripeFailure(
                            400,
                            f"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.",
                            kind="idempotency_error",
                        )
                        return 400, failure.body()
                    return stored[3], copy.deepcopy(stored[4])
            try:
                status, body = 200, self._route(method, path, params)
            except StripeFailure as failure:
                status, body = failure.status, failure.body()
            # Stripe saves the result once the endpoint began executing, errors included.
            if key and not (status == 400 and body["error"].get("type") == "idempotency_error"):
                self.idempotency[(auth, key)] = (
                    method,
                    path,
                    fingerprint,
                    status,
                    copy.deepcopy(body),
                    self.now(),
                )
            return status, body

    # ------------------------------------------------------------------ routing

    def _route(self, method: str, path: str, p: dict[str, Any]) -> dict[str, Any]:
        routes: list[tuple[str, str, Callable[..., dict[str, Any]]]] = [
            ("POST", r"/v1/customers", self.customer_create),
            ("GET", r"/v1/customers/search", self.customer_search),
            ("GET", r"/v1/customers/(?P<id>[^/]+)", self.customer_get),
            ("POST", r"/v1/customers/(?P<id>[^/]+)", self.customer_update),
            ("POST", r"/v1/products", self.product_create),
            ("GET", r"/v1/products/(?P<id>[^/]+)", self.product_get),
            ("POST", r"/v1/prices", self.price_create),
            ("GET", r"/v1/prices", self.price_list),
            ("POST", r"/v1/billing/meters", self.meter_create),
            ("GET", r"/v1/billing/meters", self.meter_list),
            ("GET", r"/v1/billing/meters/(?P<id>[^/]+)/event_summaries", self.meter_summaries),
            ("POST", r"/v1/billing/meter_events", self.meter_event_create),
            ("POST", r"/v1/billing/meter_event_adjustments", self.meter_event_adjust),
            ("POST", r"/v1/subscriptions", self.subscription_create),
            ("GET", r"/v1/subscriptions", self.subscription_list),
            ("GET", r"/v1/subscriptions/(?P<id>[^/]+)", self.subscription_get),
            ("POST", r"/v1/subscriptions/(?P<id>[^/]+)", self.subscription_update),
            ("DELETE", r"/v1/subscriptions/(?P<id>[^/]+)", self.subscription_cancel),
            ("POST", r"/v1/invoices/create_preview", self.invoice_preview),
            ("GET", r"/v1/invoices", self.invoice_list),
            ("GET", r"/v1/invoices/(?P<id>[^/]+)/lines", self.invoice_lines),
            ("GET", r"/v1/invoices/(?P<id>[^/]+)", self.invoice_get),
            ("POST", r"/v1/invoices/(?P<id>[^/]+)/finalize", self.invoice_finalize),
            ("POST", r"/v1/invoices/(?P<id>[^/]+)/pay", self.invoice_pay),
            ("POST", r"/v1/invoiceitems", self.invoice_item_create),
            ("GET", r"/v1/invoiceitems", self.invoice_item_list),
            ("GET", r"/v2/core/events/(?P<id>[^/]+)", self.v2_event_get),
        ]
        for verb, pattern, action in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return action(p, **match.groupdict())
        raise StripeFailure(404, f"Unrecognized request URL ({method}: {path}).")

    def _get(self, object_id: str, kind: str) -> dict[str, Any]:
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != kind:
            raise StripeFailure(404, f"No such {kind}: '{object_id}'", code="resource_missing")
        return obj

    def _list(self, items: list[dict[str, Any]], url: str) -> dict[str, Any]:
        return {"object": "list", "data": copy.deepcopy(items), "has_more": False, "url": url}

    # ------------------------------------------------------------------ customers, products, prices

    def customer_create(self, p: dict[str, Any]) -> dict[str, Any]:
        obj = self._fixture(
            "customer",
            id=self._id("cus"),
            created=self.now(),
            name=p.get("name"),
            email=p.get("email"),
            metadata=p.get("metadata") or {},
            discount=None,
        )
        self.objects[obj["id"]] = obj
        return copy.deepcopy(obj)

    def customer_get(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        return copy.deepcopy(self._get(id, "customer"))

    def customer_update(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        obj = self._get(id, "customer")
        if "name" in p:
            obj["name"] = p["name"]
        obj["metadata"].update(p.get("metadata") or {})
        return copy.deepcopy(obj)

    def customer_search(self, p: dict[str, Any]) -> dict[str, Any]:
        wanted = dict(re.findall(r"metadata\['([^']+)'\]:'([^']*)'", p.get("query", "")))
        found = [
            o
            for o in self.objects.values()
            if o["object"] == "customer"
            and all(o["metadata"].get(k) == v for k, v in wanted.items())
        ]
        return {
            "object": "search_result",
            "data": copy.deepcopy(found),
            "has_more": False,
            "next_page": None,
            "url": "/v1/customers/search",
        }

    def product_create(self, p: dict[str, Any]) -> dict[str, Any]:
        product_id = p.get("id") or self._id("prod")
        if product_id in self.objects:
            raise StripeFailure(
                400,
                f"Product already exists with ID '{product_id}'.",
                code="resource_already_exists",
            )
        obj = self._fixture(
            "product",
            id=product_id,
            name=p["name"],
            created=self.now(),
            updated=self.now(),
            metadata=p.get("metadata") or {},
            default_price=None,
            description=None,
            package_dimensions=None,
        )
        self.objects[product_id] = obj
        return copy.deepcopy(obj)

    def product_get(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        return copy.deepcopy(self._get(id, "product"))

    def price_create(self, p: dict[str, Any]) -> dict[str, Any]:
        self._get(p["product"], "product")
        lookup = p.get("lookup_key")
        if lookup and any(
            o["object"] == "price" and o.get("lookup_key") == lookup for o in self.objects.values()
        ):
            raise StripeFailure(
                400, f"A price with lookup_key '{lookup}' already exists.", code="lookup_key_exists"
            )
        recurring = p.get("recurring") or {}
        if recurring.get("usage_type") == "metered":
            meter = recurring.get("meter")
            if not meter:
                raise StripeFailure(400, "Metered prices must be backed by a meter.")
            self._get(meter, "billing.meter")
        tiers = None
        if p.get("billing_scheme") == "tiered":
            if p.get("tiers_mode") not in ("graduated", "volume"):
                raise StripeFailure(400, "tiers_mode must be graduated or volume.")
            tiers = []
            for t in p["tiers"]:
                unit = Decimal(t.get("unit_amount_decimal") or t.get("unit_amount") or "0")
                flat = Decimal(t.get("flat_amount_decimal") or t.get("flat_amount") or "0")
                tiers.append(
                    {
                        "up_to": None if t["up_to"] == "inf" else int(t["up_to"]),
                        "unit_amount": int(unit) if unit == unit.to_integral_value() else None,
                        "unit_amount_decimal": format(unit, "f"),
                        "flat_amount": int(flat) if flat == flat.to_integral_value() else None,
                        "flat_amount_decimal": format(flat, "f"),
                    }
                )
            if tiers[-1]["up_to"] is not None:
                raise StripeFailure(400, "The last tier must have up_to=inf.")
            if tiers and p.get("transform_quantity"):
                raise StripeFailure(400, "transform_quantity cannot be combined with tiers.")
        unit = p.get("unit_amount_decimal")
        transform = p.get("transform_quantity")
        obj = self._fixture(
            "price",
            id=self._id("price"),
            product=p["product"],
            currency=p["currency"],
            created=self.now(),
            lookup_key=lookup,
            metadata=p.get("metadata") or {},
            nickname=p.get("nickname"),
            billing_scheme=p.get("billing_scheme", "per_unit"),
            tiers_mode=p.get("tiers_mode"),
            tiers=tiers,
            unit_amount=(
                int(Decimal(unit))
                if unit and Decimal(unit) == Decimal(unit).to_integral_value()
                else None
            ),
            unit_amount_decimal=unit,
            transform_quantity=(
                {"divide_by": int(transform["divide_by"]), "round": transform["round"]}
                if transform
                else None
            ),
            recurring={
                "interval": recurring.get("interval", "month"),
                "interval_count": int(recurring.get("interval_count", 1)),
                "meter": recurring.get("meter"),
                "usage_type": recurring.get("usage_type", "licensed"),
                "trial_period_days": None,
            },
        )
        self.objects[obj["id"]] = obj
        return copy.deepcopy(obj)

    def price_list(self, p: dict[str, Any]) -> dict[str, Any]:
        keys = p.get("lookup_keys") or []
        found = [
            o
            for o in self.objects.values()
            if o["object"] == "price" and (not keys or o.get("lookup_key") in keys)
        ]
        return self._list(found, "/v1/prices")

    # ------------------------------------------------------------------ meters

    def meter_create(self, p: dict[str, Any]) -> dict[str, Any]:
        name = p["event_name"]
        if any(
            o["object"] == "billing.meter" and o["event_name"] == name
            for o in self.objects.values()
        ):
            raise StripeFailure(
                400,
                f"A meter with event_name '{name}' already exists.",
                code="resource_already_exists",
            )
        obj = self._fixture(
            "billing.meter",
            id=self._id("mtr"),
            created=self.now(),
            updated=self.now(),
            display_name=p["display_name"],
            event_name=name,
            default_aggregation={"formula": p["default_aggregation"]["formula"]},
            customer_mapping={
                "type": "by_id",
                "event_payload_key": p["customer_mapping"]["event_payload_key"],
            },
            value_settings={"event_payload_key": p["value_settings"]["event_payload_key"]},
        )
        self.objects[obj["id"]] = obj
        return copy.deepcopy(obj)

    def meter_list(self, p: dict[str, Any]) -> dict[str, Any]:
        return self._list(
            [o for o in self.objects.values() if o["object"] == "billing.meter"],
            "/v1/billing/meters",
        )

    def _meter_by_name(self, name: str) -> dict[str, Any] | None:
        return next(
            (
                o
                for o in self.objects.values()
                if o["object"] == "billing.meter" and o["event_name"] == name
            ),
            None,
        )

    def meter_event_create(self, p: dict[str, Any]) -> dict[str, Any]:
        identifier = p.get("identifier") or self._id("mev")
        if any(e.identifier == identifier for e in self.meter_events):
            raise StripeFailure(
                400,
                f"An event with identifier '{identifier}' already exists.",
                code="duplicate_meter_event",
            )
        now = self.now()
        timestamp = int(p.get("timestamp") or now)
        if timestamp > now + 300:
            raise StripeFailure(
                400, "Timestamp is more than 5 minutes in the future.", code="timestamp_in_future"
            )
        if timestamp < now - 35 * DAY:
            raise StripeFailure(
                400, "Timestamp is more than 35 days in the past.", code="timestamp_too_far_in_past"
            )
        payload = p.get("payload") or {}
        value = Decimal(payload.get("value", "0"))
        if value < 0:
            raise StripeFailure(400, "The value must be a non-negative number.")
        event = MeterEvent(
            p["event_name"],
            identifier,
            payload.get("stripe_customer_id", ""),
            value,
            timestamp,
            now,
        )
        self.meter_events.append(event)
        if self._meter_by_name(event.event_name) is None or event.customer not in self.objects:
            self._meter_error(event)
        return {
            "object": "billing.meter_event",
            "created": now,
            "event_name": event.event_name,
            "identifier": identifier,
            "livemode": False,
            "payload": payload,
            "timestamp": timestamp,
        }

    def _meter_error(self, event: MeterEvent) -> None:
        meter = self._meter_by_name(event.event_name)
        kind = (
            "v1.billing.meter.no_meter_found"
            if meter is None
            else "v1.billing.meter.error_report_triggered"
        )
        event_id = self._id("evt")
        full = {
            "id": event_id,
            "object": "v2.core.event",
            "type": kind,
            "created": datetime.fromtimestamp(self.now(), tz=UTC)
            .isoformat()
            .replace("+00:00", "Z"),
            "livemode": False,
            "related_object": {
                "id": meter["id"] if meter else event.event_name,
                "type": "billing.meter",
                "url": "",
            },
            "data": {
                "developer_message_summary": "There was an error processing meter events.",
                "reason": {
                    "error_count": 1,
                    "error_types": [
                        {
                            "code": "meter_event_no_customer_defined" if meter else "no_meter",
                            "error_count": 1,
                            "sample_errors": [
                                {
                                    "error_message": "No customer for the payload's stripe_customer_id.",
                                    "request": {
                                        "identifier": event.identifier,
                                        "payload": {"stripe_customer_id": event.customer},
                                    },
                                }
                            ],
                        }
                    ],
                },
            },
        }
        self.v2_events[event_id] = full
        thin = {k: v for k, v in full.items() if k != "data"}
        self.outgoing.append(Delivery(thin))

    def v2_event_get(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        if id not in self.v2_events:
            raise StripeFailure(404, f"No such event: '{id}'", code="resource_missing")
        return copy.deepcopy(self.v2_events[id])

    def meter_event_adjust(self, p: dict[str, Any]) -> dict[str, Any]:
        identifier = (p.get("cancel") or {}).get("identifier")
        event = next(
            (
                e
                for e in self.meter_events
                if e.identifier == identifier and e.event_name == p.get("event_name")
            ),
            None,
        )
        if event is None:
            raise StripeFailure(
                400, f"No meter event with identifier '{identifier}'.", code="resource_missing"
            )
        if self.now() - event.created > DAY:
            raise StripeFailure(
                400,
                "Meter events can be cancelled only within 24 hours.",
                code="meter_event_adjustment_window_closed",
            )
        event.cancelled = True
        return {
            "object": "billing.meter_event_adjustment",
            "cancel": {"identifier": identifier},
            "event_name": event.event_name,
            "livemode": False,
            "status": "pending",
            "type": "cancel",
        }

    def usage(self, event_name: str, customer: str, start: int, end: int) -> Decimal:
        """The live (not cancelled) usage of a meter for a customer in [start, end)."""
        return sum(
            (
                e.value
                for e in self.meter_events
                if e.event_name == event_name
                and e.customer == customer
                and not e.cancelled
                and start <= e.timestamp < end
            ),
            Decimal(0),
        )

    def meter_summaries(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        meter = self._get(id, "billing.meter")
        start, end = int(p["start_time"]), int(p["end_time"])
        total = self.usage(meter["event_name"], p["customer"], start, end)
        summary = self._fixture(
            "billing.meter_event_summary",
            id=self._id("mtrusg"),
            meter=id,
            aggregated_value=_num(total),
            start_time=start,
            end_time=end,
        )
        return self._list([summary], f"/v1/billing/meters/{id}/event_summaries")

    # ------------------------------------------------------------------ subscriptions

    def subscription_create(self, p: dict[str, Any]) -> dict[str, Any]:
        customer = self._get(p["customer"], "customer")
        now = self.now()
        start = int(p.get("backdate_start_date") or now)
        anchor = int(p.get("billing_cycle_anchor") or _month_end(start))
        if anchor <= now:
            raise StripeFailure(400, "billing_cycle_anchor must be in the future.")
        sub_id = self._id("sub")
        items = [self._item(sub_id, i, start, anchor) for i in p.get("items") or []]
        currencies = {it["price"]["currency"] for it in items}
        if len(currencies) > 1:
            raise StripeFailure(400, "All prices of a subscription must share one currency.")
        cancel_at = p.get("cancel_at")
        obj = self._fixture(
            "subscription",
            id=sub_id,
            customer=customer["id"],
            created=now,
            start_date=start,
            billing_cycle_anchor=anchor,
            status="active",
            metadata=p.get("metadata") or {},
            cancel_at=int(cancel_at) if cancel_at not in (None, "") else None,
            canceled_at=None,
            ended_at=None,
            currency=currencies.pop() if currencies else "usd",
            discounts=[],
            test_clock=None,
            items={
                "object": "list",
                "data": items,
                "has_more": False,
                "url": f"/v1/subscription_items?subscription={sub_id}",
            },
        )
        obj["_period"] = [start, anchor]
        self.objects[sub_id] = obj
        return self._public(obj)

    def _item(self, sub_id: str, spec: dict[str, Any], start: int, end: int) -> dict[str, Any]:
        price = self._get(spec["price"], "price")
        item = self._fixture(
            "subscription_item",
            id=self._id("si"),
            created=self.now(),
            subscription=sub_id,
            price=copy.deepcopy(price),
            metadata={},
            discounts=[],
            tax_rates=[],
            current_period_start=start,
            current_period_end=end,
        )
        item.pop("plan", None)
        if price["recurring"]["usage_type"] == "licensed":
            item["quantity"] = int(spec.get("quantity", 1))
        else:
            item.pop("quantity", None)
        return item

    def _public(self, obj: dict[str, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}

    def subscription_get(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        return self._public(self._get(id, "subscription"))

    def subscription_list(self, p: dict[str, Any]) -> dict[str, Any]:
        found = [
            self._public(o)
            for o in self.objects.values()
            if o["object"] == "subscription"
            and o["customer"] == p.get("customer", o["customer"])
            and (p.get("status") == "all" or o["status"] != "canceled")
        ]
        return self._list(found, "/v1/subscriptions")

    def subscription_update(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        sub = self._get(id, "subscription")
        if sub["status"] == "canceled":
            raise StripeFailure(
                400, "A canceled subscription can only update its cancellation details."
            )
        start, end = sub["_period"]
        for spec in p.get("items") or []:
            if spec.get("deleted") in ("true", True):
                sub["items"]["data"] = [i for i in sub["items"]["data"] if i["id"] != spec["id"]]
            elif "price" in spec:
                sub["items"]["data"].append(self._item(id, spec, start, end))
        if "cancel_at" in p:
            sub["cancel_at"] = int(p["cancel_at"]) if p["cancel_at"] not in ("", None) else None
        if "metadata" in p:
            sub["metadata"].update(p["metadata"])
        self._event("customer.subscription.updated", self._public(sub))
        self._cycle_due()
        return self._public(sub)

    def subscription_cancel(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        sub = self._get(id, "subscription")
        if sub["status"] != "canceled":
            self._end(sub, self.now(), invoice=p.get("invoice_now") in ("true", True))
        return self._public(sub)

    def _end(self, sub: dict[str, Any], at: int, invoice: bool) -> None:
        start, _ = sub["_period"]
        if invoice:
            self._invoice(sub, start, at, licensed_next=None)
        sub.update(status="canceled", canceled_at=at, ended_at=at)
        self._event("customer.subscription.deleted", self._public(sub))

    def _cycle_due(self) -> None:
        now = self.now()
        for sub in [o for o in self.objects.values() if o["object"] == "subscription"]:
            while sub["status"] == "active":
                start, end = sub["_period"]
                cancel_at = sub.get("cancel_at")
                if cancel_at is not None and cancel_at <= min(now, end):
                    self._end(sub, cancel_at, invoice=True)
                    break
                if end > now:
                    break
                nxt = _month_end(end)
                ends_then = cancel_at is not None and cancel_at <= end
                self._invoice(sub, start, end, licensed_next=None if ends_then else (end, nxt))
                sub["_period"] = [end, nxt]
                for item in sub["items"]["data"]:
                    item["current_period_start"], item["current_period_end"] = end, nxt

    # ------------------------------------------------------------------ invoices

    def _amount(self, price: dict[str, Any], quantity: Decimal) -> int:
        if price["billing_scheme"] == "tiered":
            tiers = price["tiers"]
            if quantity <= 0:
                return 0
            if price["tiers_mode"] == "volume":
                tier = next(t for t in tiers if t["up_to"] is None or quantity <= t["up_to"])
                return _cents(quantity * Decimal(tier["unit_amount_decimal"])) + _cents(
                    Decimal(tier["flat_amount_decimal"])
                )
            total, lower = 0, Decimal(0)
            for tier in tiers:
                if quantity <= lower:
                    break
                upper = None if tier["up_to"] is None else Decimal(tier["up_to"])
                in_tier = (quantity if upper is None or quantity < upper else upper) - lower
                total += _cents(in_tier * Decimal(tier["unit_amount_decimal"])) + _cents(
                    Decimal(tier["flat_amount_decimal"])
                )
                lower = upper if upper is not None else lower
            return total
        transform = price.get("transform_quantity")
        if transform:
            rounding = ROUND_CEILING if transform["round"] == "up" else ROUND_FLOOR
            quantity = (quantity / Decimal(transform["divide_by"])).to_integral_value(
                rounding=rounding
            )
        return _cents(quantity * Decimal(price["unit_amount_decimal"]))

    def _line(
        self,
        invoice_id: str,
        amount: int,
        currency: str,
        description: str,
        period: tuple[int, int],
        quantity: Any,
        parent: dict[str, Any],
        price: dict[str, Any] | None,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        line = self._fixture(
            "line_item",
            id=self._id("il"),
            invoice=invoice_id,
            amount=amount,
            currency=currency,
            description=description,
            period={"start": period[0], "end": period[1]},
            quantity=quantity,
            metadata=metadata or {},
            parent=parent,
            subtotal=amount,
            discount_amounts=[],
            discounts=[],
            pricing={
                "type": "price_details",
                "price_details": {"price": price["id"], "product": price["product"]}
                if price
                else None,
                "unit_amount_decimal": price.get("unit_amount_decimal") if price else None,
            },
        )
        line.pop("subscription", None)
        return line

    def _lines(
        self,
        sub: dict[str, Any],
        invoice_id: str,
        start: int,
        end: int,
        licensed_next: tuple[int, int] | None,
    ) -> list[dict[str, Any]]:
        lines = []
        for item in sub["items"]["data"]:
            price = self.objects[item["price"]["id"]]
            parent = {
                "type": "subscription_item_details",
                "subscription_item_details": {
                    "subscription": sub["id"],
                    "subscription_item": item["id"],
                    "proration": False,
                    "invoice_item": None,
                },
            }
            if price["recurring"]["usage_type"] == "metered":
                meter = self.objects[price["recurring"]["meter"]]
                quantity = self.usage(meter["event_name"], sub["customer"], start, end)
                lines.append(
                    self._line(
                        invoice_id,
                        self._amount(price, quantity),
                        price["currency"],
                        price.get("nickname") or "Usage",
                        (start, end),
                        _num(quantity),
                        parent,
                        price,
                    )
                )
            elif licensed_next is not None:
                quantity = Decimal(item.get("quantity", 1))
                lines.append(
                    self._line(
                        invoice_id,
                        self._amount(price, quantity),
                        price["currency"],
                        price.get("nickname") or "Fee",
                        licensed_next,
                        int(quantity),
                        parent,
                        price,
                    )
                )
        return lines

    def _invoice(
        self, sub: dict[str, Any], start: int, end: int, licensed_next: tuple[int, int] | None
    ) -> dict[str, Any]:
        invoice_id = self._id("in")
        invoice = self._fixture(
            "invoice",
            id=invoice_id,
            customer=sub["customer"],
            currency=sub["currency"],
            created=self.now(),
            period_start=start,
            period_end=end,
            status="draft",
            billing_reason="subscription_cycle",
            auto_advance=True,
            metadata={},
            discounts=[],
            parent={
                "type": "subscription_details",
                "subscription_details": {"subscription": sub["id"], "metadata": sub["metadata"]},
            },
            amount_paid=0,
            attempted=False,
            attempt_count=0,
            last_finalization_error=None,
            from_invoice=None,
            latest_revision=None,
            hosted_invoice_url=None,
            invoice_pdf=None,
        )
        invoice["lines"] = {
            "object": "list",
            "data": self._lines(sub, invoice_id, start, end, licensed_next),
            "has_more": False,
            "url": f"/v1/invoices/{invoice_id}/lines",
        }
        for item in self.objects.values():
            if (
                item["object"] == "invoiceitem"
                and item["customer"] == sub["customer"]
                and item["invoice"] is None
            ):
                item["invoice"] = invoice_id
                invoice["lines"]["data"].append(self._item_line(item))
        self._totals(invoice)
        self.objects[invoice_id] = invoice
        self._event("invoice.created", invoice)
        return invoice

    def _item_line(self, item: dict[str, Any]) -> dict[str, Any]:
        parent = {
            "type": "invoice_item_details",
            "invoice_item_details": {
                "invoice_item": item["id"],
                "proration": False,
                "subscription": None,
            },
        }
        return self._line(
            item["invoice"],
            item["amount"],
            item["currency"],
            item["description"],
            (item["period"]["start"], item["period"]["end"]),
            1,
            parent,
            None,
            item["metadata"],
        )

    def _totals(self, invoice: dict[str, Any]) -> None:
        total = sum(line["amount"] for line in invoice["lines"]["data"])
        paid = invoice.get("amount_paid") or 0
        invoice.update(
            subtotal=total,
            total=total,
            amount_due=total,
            amount_remaining=total - paid,
            subtotal_excluding_tax=total,
            total_excluding_tax=total,
        )

    def invoice_preview(self, p: dict[str, Any]) -> dict[str, Any]:
        sub = self._get(p["subscription"], "subscription")
        if sub["customer"] != p["customer"]:
            raise StripeFailure(400, "The subscription belongs to another customer.")
        start, end = sub["_period"]
        cancel_at = sub.get("cancel_at")
        continues = sub["status"] == "active" and (cancel_at is None or cancel_at > end)
        invoice = self._fixture(
            "invoice",
            id=f"upcoming_{sub['id']}",
            customer=sub["customer"],
            currency=sub["currency"],
            created=self.now(),
            period_start=start,
            period_end=end,
            status="draft",
            billing_reason="upcoming",
            metadata={},
            discounts=[],
            amount_paid=0,
            from_invoice=None,
            parent={
                "type": "subscription_details",
                "subscription_details": {"subscription": sub["id"], "metadata": sub["metadata"]},
            },
            last_finalization_error=None,
            latest_revision=None,
        )
        invoice.pop("id")
        lines = self._lines(
            sub, "upcoming", start, end, (end, _month_end(end)) if continues else None
        )
        for item in self.objects.values():
            if (
                item["object"] == "invoiceitem"
                and item["customer"] == sub["customer"]
                and item["invoice"] is None
            ):
                lines.append(self._item_line(item))
        invoice["lines"] = {
            "object": "list",
            "data": lines,
            "has_more": False,
            "url": "/v1/invoices/upcoming/lines",
        }
        self._totals(invoice)
        return invoice

    def invoice_get(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        return copy.deepcopy(self._get(id, "invoice"))

    def invoice_list(self, p: dict[str, Any]) -> dict[str, Any]:
        found = [
            o
            for o in self.objects.values()
            if o["object"] == "invoice" and o["customer"] == p.get("customer", o["customer"])
        ]
        return self._list(found, "/v1/invoices")

    def invoice_lines(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        return self._list(self._get(id, "invoice")["lines"]["data"], f"/v1/invoices/{id}/lines")

    def invoice_finalize(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        invoice = self._get(id, "invoice")
        if invoice["status"] != "draft":
            raise StripeFailure(
                400, f"Invoice {id} is already finalized.", code="invoice_not_editable"
            )
        invoice["status"] = "open"
        self._totals(invoice)
        self._event("invoice.finalized", invoice)
        return copy.deepcopy(invoice)

    def invoice_pay(self, p: dict[str, Any], id: str) -> dict[str, Any]:
        invoice = self._get(id, "invoice")
        if invoice["status"] != "open":
            raise StripeFailure(400, f"Invoice {id} is not open.", code="invoice_not_open")
        invoice.update(
            status="paid",
            amount_paid=invoice["total"],
            amount_remaining=0,
            attempted=True,
            attempt_count=1,
        )
        self._event("invoice.paid", invoice)
        return copy.deepcopy(invoice)

    def invoice_item_create(self, p: dict[str, Any]) -> dict[str, Any]:
        customer = self._get(p["customer"], "customer")
        invoice = None
        if p.get("invoice"):
            invoice = self._get(p["invoice"], "invoice")
            if invoice["status"] != "draft":
                raise StripeFailure(
                    400,
                    "Invoice items can only be added to a draft invoice.",
                    code="invoice_not_editable",
                )
        now = self.now()
        item = self._fixture(
            "invoiceitem",
            id=self._id("ii"),
            customer=customer["id"],
            amount=int(p["amount"]),
            currency=p["currency"],
            description=p.get("description"),
            invoice=p.get("invoice"),
            metadata=p.get("metadata") or {},
            date=now,
            period={"start": now, "end": now},
            quantity=1,
            quantity_decimal="1",
            net_amount=int(p["amount"]),
            parent=None,
            proration=False,
            pricing={"type": "price_details", "unit_amount_decimal": str(p["amount"])},
        )
        self.objects[item["id"]] = item
        if invoice is not None:
            invoice["lines"]["data"].append(self._item_line(item))
            self._totals(invoice)
        return copy.deepcopy(item)

    def invoice_item_list(self, p: dict[str, Any]) -> dict[str, Any]:
        found = [
            o
            for o in self.objects.values()
            if o["object"] == "invoiceitem"
            and o["customer"] == p.get("customer", o["customer"])
            and (not p.get("invoice") or o["invoice"] == p["invoice"])
        ]
        return self._list(found, "/v1/invoiceitems")

    # ------------------------------------------------------------------ webhooks

    def _event(self, kind: str, obj: dict[str, Any]) -> None:
        event = self._fixture(
            "event",
            id=self._id("evt"),
            type=kind,
            created=self.now(),
            api_version="2026-10-28.endive",
            data={"object": copy.deepcopy(obj)},
            pending_webhooks=1,
            request={"id": None, "idempotency_key": None},
        )
        self.outgoing.append(Delivery(event))

    def sign(self, payload: bytes, at: int | None = None, secret: str | None = None) -> str:
        at = int(time.time()) if at is None else at
        key = (secret or self.webhook_secret or "").encode()
        digest = hmac.new(key, f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
        return f"t={at},v1={digest}"

    def _post(self, payload: bytes, signature: str) -> int:
        if self.transport is not None:
            return self.transport(payload, signature)
        assert self.webhook_url is not None
        request = urllib.request.Request(
            self.webhook_url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": signature,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def deliver(self, *, chaos: bool = False) -> int:
        """Deliver waiting events (real time signatures); with chaos, also bad, stale, twice,
        shuffled. Return how many were accepted; refused ones wait for the next call."""
        with self.lock:
            batch, self.outgoing = self.outgoing, []
        if chaos:
            self.rng.shuffle(batch)
        accepted = 0
        for delivery in batch:
            payload = json.dumps(delivery.event).encode()
            event_id = delivery.event["id"]
            if chaos and self.rng.random() < 0.3:
                self.deliveries.append(
                    (event_id, "bad", self._post(payload, self.sign(payload, secret="whsec_wrong")))
                )
            if chaos and self.rng.random() < 0.3:
                self.deliveries.append(
                    (
                        event_id,
                        "stale",
                        self._post(payload, self.sign(payload, at=int(time.time()) - 400)),
                    )
                )
            status = self._post(payload, self.sign(payload))
            self.deliveries.append((event_id, "good", status))
            delivery.tries += 1
            if 200 <= status < 300:
                accepted += 1
                if chaos and self.rng.random() < 0.3:
                    self.deliveries.append(
                        (event_id, "duplicate", self._post(payload, self.sign(payload)))
                    )
            else:
                with self.lock:
                    self.outgoing.append(delivery)
        return accepted

    # ------------------------------------------------------------------ test helpers

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(o) for o in self.objects.values() if o["object"] == kind]

    def finalize_drafts(self) -> None:
        """Finalise every draft invoice (Stripe does so about an hour after drafting)."""
        with self.lock:
            for invoice in [
                o
                for o in self.objects.values()
                if o["object"] == "invoice" and o["status"] == "draft"
            ]:
                self.invoice_finalize({}, invoice["id"])

"""Webhooks cannot be aimed inward: https only, public addresses only, at registration and delivery.

The resolver is replaced by a table (`dns`), so no name is ever looked up; refused URLs never
reach a connection (`no_connections`). The deliveries that are sent go to a receiver on this
machine, allowed the way development settings allow one.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import urllib3
from rest_framework.test import APIClient

from economics.alerts import addresses, webhooks
from economics.alerts.addresses import refused_kind
from economics.alerts.models import Alert, WebhookDelivery, WebhookEndpoint
from economics.alerts.services import alert_raise
from economics.alerts.webhooks import webhook_attempt, webhook_endpoint_create
from metering.audit import Actor
from metering.models import Tenant
from tests.data import TLS_CERT, TLS_KEY

PUBLIC_V4 = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
ONLY_PUBLIC = "webhooks are delivered to public addresses only."

# (address, the class it is refused as): every class, in IPv4 and IPv6 where both exist.
REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("fec0::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("0.0.0.0", "unspecified"),  # noqa: S104
    ("::", "unspecified"),
    ("100.64.0.1", "non-public"),
    # IPv6 forms that carry an IPv4 address are judged by it.
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:a00:1::1", "private"),  # 6to4 of 10.0.0.1
    ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
]


class FakeDns:
    """The resolver, as a table of names to addresses; records every name asked."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in self.answers[host]
        ]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns()
    monkeypatch.setattr(addresses, "getaddrinfo", fake)
    return fake


class NoConnection:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("a refused webhook URL reached a connection")


@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urllib3, "HTTPConnectionPool", NoConnection)
    monkeypatch.setattr(urllib3, "HTTPSConnectionPool", NoConnection)


def url_of(address: str, path: str = "/hook") -> str:
    return f"https://[{address}]{path}" if ":" in address else f"https://{address}{path}"


def refused(api: APIClient, url: str) -> str:
    """Register `url`, expect the 400 on `url` with nothing stored; return its message."""
    response = api.post("/v1/webhook-endpoints", {"url": url}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["url"]
    assert WebhookEndpoint.objects.count() == 0
    message: str = body["errors"][0]["message"]
    return message


# ----------------------------------------------------------------------------- the classes


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_each_non_public_address_class_is_named(address: str, kind: str) -> None:
    assert refused_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", [PUBLIC_V4, PUBLIC_V6, "8.8.8.8", "2002:5db8:d70e::1"])
def test_public_addresses_are_not_refused(address: str) -> None:
    assert refused_kind(ipaddress.ip_address(address)) is None


# ----------------------------------------------------------------------------- registration


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_a_url_naming_a_non_public_address_is_refused_at_registration(
    api: APIClient, dns: FakeDns, no_connections: None, address: str, kind: str
) -> None:
    assert refused(api, url_of(address)) == f"{address} is a {kind} address; {ONLY_PUBLIC}"
    assert dns.asked == []  # an address is not looked up


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_a_host_resolving_to_a_non_public_address_is_refused_at_registration(
    api: APIClient, dns: FakeDns, no_connections: None, address: str, kind: str
) -> None:
    dns.answers["hooks.example.com"] = [address]
    shown = ipaddress.ip_address(address)
    assert refused(api, "https://hooks.example.com/alerts") == (
        f"hooks.example.com resolves to {shown}, a {kind} address; {ONLY_PUBLIC}"
    )


def test_one_non_public_answer_among_public_ones_is_enough_to_refuse(
    api: APIClient, dns: FakeDns, no_connections: None
) -> None:
    dns.answers["hooks.example.com"] = [PUBLIC_V4, PUBLIC_V6, "169.254.169.254"]
    assert refused(api, "https://hooks.example.com/alerts") == (
        f"hooks.example.com resolves to 169.254.169.254, a link-local address; {ONLY_PUBLIC}"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/alerts", "Use an https:// URL."),
        ("ftp://hooks.example.com/alerts", "Use an https:// URL."),
        ("ftps://hooks.example.com/alerts", "Use an https:// URL."),
        (
            "https://user:secret@hooks.example.com/alerts",
            "A URL with a user name or password is refused; deliveries are signed instead.",
        ),
        ("https://nowhere.example.com/alerts", "The host nowhere.example.com does not resolve."),
    ],
)
def test_other_schemes_credentials_and_unknown_hosts_are_refused(
    api: APIClient, dns: FakeDns, no_connections: None, url: str, message: str
) -> None:
    dns.answers["hooks.example.com"] = [PUBLIC_V4]
    assert refused(api, url) == message


def test_an_https_url_of_a_public_host_is_registered(
    api: APIClient, dns: FakeDns, no_connections: None
) -> None:
    dns.answers["hooks.example.com"] = [PUBLIC_V4, PUBLIC_V6]
    url = "https://hooks.example.com:8443/alerts?source=marginal"

    response = api.post("/v1/webhook-endpoints", {"url": url}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["url"] == url
    assert list(WebhookEndpoint.objects.values_list("url", flat=True)) == [url]
    assert dns.asked == ["hooks.example.com"]


def test_a_development_setting_allows_http_but_not_a_private_address(
    api: APIClient, dns: FakeDns, no_connections: None, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_HTTP = True
    dns.answers["hooks.example.com"] = [PUBLIC_V4]
    assert refused(api, "http://127.0.0.1:8080/hook") == (
        f"127.0.0.1 is a loopback address; {ONLY_PUBLIC}"
    )
    created = api.post("/v1/webhook-endpoints", {"url": "http://hooks.example.com/a"})
    assert created.status_code == 201
    assert refused_after(api, "ftp://hooks.example.com/a") == "Use an https:// URL."


def refused_after(api: APIClient, url: str) -> str:
    response = api.post("/v1/webhook-endpoints", {"url": url}, format="json")
    assert response.status_code == 400
    message: str = response.json()["errors"][0]["message"]
    return message


def test_a_development_setting_names_the_non_public_networks_it_allows(
    api: APIClient, dns: FakeDns, no_connections: None, settings: Any
) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    assert api.post("/v1/webhook-endpoints", {"url": "https://127.0.0.1/hook"}).status_code == 201
    assert refused_after(api, "https://10.0.0.1/hook") == (
        f"10.0.0.1 is a private address; {ONLY_PUBLIC}"
    )


def test_production_settings_allow_neither_http_nor_a_non_public_network() -> None:
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.WEBHOOK_ALLOW_HTTP, settings.WEBHOOK_ALLOWED_NETWORKS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            "PATH": "",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "production-test",
            "WEBHOOK_ALLOW_HTTP": "1",
            "WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8,10.0.0.0/8",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "False []\n"), result.stderr


# ----------------------------------------------------------------------------- delivery


class Receiver:
    """A webhook receiver on 127.0.0.1 (HTTPS with `tls`): records requests and server names."""

    def __init__(self, *, status: int = 200, tls: bool = False) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.server_names: list[str | None] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.path, dict(self.headers), body))
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(TLS_CERT, TLS_KEY)
            context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local(settings: Any) -> None:
    """Allow the receiver's address, as development settings do (never production)."""
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def receiver(local: None) -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


class NameWatch:
    """socket.getaddrinfo, recording every host name it is asked (addresses pass through)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.names: list[str] = []

    def __call__(self, host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str):
            try:
                ipaddress.ip_address(host)
            except ValueError:
                self.names.append(host)
        return self.real(host, *args, **kwargs)


def pending_delivery(tenant: Tenant) -> WebhookDelivery:
    at = datetime(2026, 11, 10, tzinfo=UTC)
    alert = alert_raise(
        tenant=tenant,
        kind=Alert.Kind.MARGIN,
        dedup_key="margin:chat:2026-11-10",
        window_start=at,
        window_end=at + timedelta(days=1),
        observed=Decimal("12.5"),
        threshold=Decimal("50"),
        message="chat: inference margin 12.5% on 2026-11-10 is below the SLO of 50%.",
        request_class="chat",
    )
    assert alert is not None
    return WebhookDelivery.objects.get(alert=alert)


def test_a_delivery_connects_to_the_address_it_checked_with_the_urls_host_name(
    tenant: Tenant, dns: FakeDns, settings: Any, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.WEBHOOK_ALLOW_HTTP = True
    dns.answers["hooks.example.test"] = ["127.0.0.1"]
    webhook_endpoint_create(
        tenant=tenant,
        url=f"http://hooks.example.test:{receiver.port}/alerts?v=1",
        actor=Actor.system("tests"),
    )
    delivery = pending_delivery(tenant)
    dns.asked.clear()
    watch = NameWatch(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", watch)

    assert webhook_attempt(delivery_id=delivery.id) == "delivered"

    assert dns.asked == ["hooks.example.test"]  # resolved once, by the check
    assert watch.names == []  # the connection never looked the name up again
    ((path, headers, body),) = receiver.requests
    assert path == "/alerts?v=1"
    assert headers["Host"] == f"hooks.example.test:{receiver.port}"
    assert json.loads(body)["delivery_id"] == str(delivery.id)


def test_an_https_delivery_sends_the_name_for_sni_and_checks_the_certificate_against_it(
    tenant: Tenant, dns: FakeDns, local: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Receiver(tls=True)
    monkeypatch.setattr(webhooks.certifi, "where", lambda: str(TLS_CERT))
    dns.answers["hooks.example.test"] = ["127.0.0.1"]
    dns.answers["other.example.test"] = ["127.0.0.1"]
    try:
        webhook_endpoint_create(
            tenant=tenant,
            url=f"https://hooks.example.test:{server.port}/a",
            actor=Actor.system("tests"),
        )
        delivery = pending_delivery(tenant)
        assert webhook_attempt(delivery_id=delivery.id) == "delivered"
        assert server.server_names == ["hooks.example.test"]
        assert server.requests[0][1]["Host"] == f"hooks.example.test:{server.port}"

        # The same address under a name the certificate does not carry: nothing is sent.
        WebhookEndpoint.objects.update(url=f"https://other.example.test:{server.port}/a")
        WebhookDelivery.objects.update(status="pending", next_attempt_at=datetime.now(UTC))
        assert webhook_attempt(delivery_id=delivery.id) == "pending"
    finally:
        server.close()
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        2,
        None,
        "hostname 'other.example.test' doesn't match 'hooks.example.test'",
    )
    assert len(server.requests) == 1


def test_dns_is_checked_again_at_delivery_and_a_changed_answer_is_not_called(
    tenant: Tenant, dns: FakeDns, no_connections: None
) -> None:
    dns.answers["hooks.example.com"] = [PUBLIC_V4]
    webhook_endpoint_create(
        tenant=tenant, url="https://hooks.example.com/alerts", actor=Actor.system("tests")
    )
    delivery = pending_delivery(tenant)
    dns.answers["hooks.example.com"] = ["127.0.0.1"]  # rebound after registration
    now = datetime.now(UTC)

    assert webhook_attempt(delivery_id=delivery.id, now=now) == "pending"

    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        1,
        None,
        f"Not sent: hooks.example.com resolves to 127.0.0.1, a loopback address; {ONLY_PUBLIC}",
    )
    assert delivery.next_attempt_at == now + timedelta(seconds=10)


def test_a_url_registered_under_development_settings_is_not_called_without_them(
    tenant: Tenant, dns: FakeDns, settings: Any, no_connections: None
) -> None:
    settings.WEBHOOK_ALLOW_HTTP = True
    dns.answers["hooks.example.com"] = [PUBLIC_V4]
    webhook_endpoint_create(
        tenant=tenant, url="http://hooks.example.com/alerts", actor=Actor.system("tests")
    )
    delivery = pending_delivery(tenant)
    settings.WEBHOOK_ALLOW_HTTP = False

    assert webhook_attempt(delivery_id=delivery.id) == "pending"

    delivery.refresh_from_db()
    assert delivery.last_error == "Not sent: Use an https:// URL."


def test_a_redirect_is_not_followed(
    tenant: Tenant, dns: FakeDns, settings: Any, local: None
) -> None:
    settings.WEBHOOK_ALLOW_HTTP = True
    server = Receiver(status=302)
    try:
        webhook_endpoint_create(
            tenant=tenant, url=f"http://127.0.0.1:{server.port}/a", actor=Actor.system("tests")
        )
        delivery = pending_delivery(tenant)
        assert webhook_attempt(delivery_id=delivery.id) == "pending"
    finally:
        server.close()
    delivery.refresh_from_db()
    assert (delivery.last_status_code, delivery.last_error) == (
        302,
        "HTTP 302 (redirects are not followed)",
    )
    assert [path for path, _, _ in server.requests] == ["/a"]

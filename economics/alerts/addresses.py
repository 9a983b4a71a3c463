"""Where a webhook may be delivered: an https URL whose host resolves to public addresses only.

A tenant chooses the URL, and Marginal's workers make the request, so a URL aimed at the
workers' own network (loopback, a private range, the cloud metadata service at
169.254.169.254, ...) would let a tenant read or poke at it. The URL is checked when it is
registered and again at every delivery: the host is resolved once, every address it
resolves to must be public, and the delivery connects to the address that was checked (never
resolving the name a second time), so a DNS answer that changes in between cannot redirect it.

Development settings may allow plain http (`WEBHOOK_ALLOW_HTTP`) and named non-public networks
(`WEBHOOK_ALLOWED_NETWORKS`, e.g. 127.0.0.0/8 for a local receiver); production allows neither.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from socket import getaddrinfo
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_PORTS = {"http": 80, "https": 443}
# The well-known NAT64 prefix: the last 32 bits are an IPv4 address (RFC 6052).
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressRefused(Exception):
    """A webhook URL that must not be called; the message says why, for the tenant to read."""


@dataclass(frozen=True)
class WebhookTarget:
    """A checked webhook URL: where to connect (`address`) and what to call it (`host`)."""

    scheme: str
    host: str  # as in the URL: the Host header, TLS server name and certificate name
    port: int
    path: str  # path and query string
    address: IPAddress  # the checked address the delivery connects to

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def host_is_address(self) -> bool:
        return _literal(self.host) is not None


def refused_kind(address: IPAddress) -> str | None:
    """Return the class of a non-public address ("loopback", "private", ...), None if public."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv6 form that carries an IPv4 address is judged by the IPv4 address.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return refused_kind(embedded)
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved:
        return "reserved"
    if address.is_private or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local):
        return "private"
    if not address.is_global:
        return "non-public"  # e.g. 100.64.0.0/10, shared by carrier-grade NAT
    return None


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(network)
        for network in getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", [])
    ]


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Return the addresses `host` resolves to, in the resolver's order (an address: itself)."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        answers = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"The host {host} does not resolve.") from exc
    found: list[IPAddress] = []
    for _family, _type, _proto, _canonname, sockaddr in answers:
        # An IPv6 link-local answer may carry a zone ("fe80::1%eth0").
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    if not found:
        raise AddressRefused(f"The host {host} does not resolve.")
    return found


def webhook_target(url: str) -> WebhookTarget:
    """Check a webhook URL and resolve its host once; raise AddressRefused saying why not."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    allow_http = bool(getattr(settings, "WEBHOOK_ALLOW_HTTP", False))
    if scheme != "https" and not (scheme == "http" and allow_http):
        raise AddressRefused("Use an https:// URL.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(
            "A URL with a user name or password is refused; deliveries are signed instead."
        )
    host = parts.hostname
    if not host:
        raise AddressRefused("The URL has no host.")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise AddressRefused("The URL's port is not a number from 1 to 65535.") from exc
    addresses = resolve(host, port)
    allowed = _allowed_networks()
    for address in addresses:
        kind = refused_kind(address)
        if kind is not None and not any(address in network for network in allowed):
            where = f"{host} is" if _literal(host) == address else f"{host} resolves to {address},"
            raise AddressRefused(
                f"{where} a {kind} address; webhooks are delivered to public addresses only."
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return WebhookTarget(scheme=scheme, host=host, port=port, path=path, address=addresses[0])

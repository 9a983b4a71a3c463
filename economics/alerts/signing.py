"""Signing of outgoing webhooks: HMAC-SHA256 over the timestamp and the body."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Marginal-Signature"


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of f"{timestamp}.{body}" under the endpoint's secret."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhook_signature_header(*, secret: str, timestamp: int, body: bytes) -> str:
    """The Marginal-Signature header value: t=<unix seconds>,v1=<hex hmac>."""
    return f"t={timestamp},v1={webhook_signature(secret=secret, timestamp=timestamp, body=body)}"


def verify_webhook_signature(
    *, secret: str, header: str, body: bytes, now: int, tolerance_seconds: int = 300
) -> bool:
    """Check a Marginal-Signature header in constant time, rejecting stale timestamps."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance_seconds:
        return False
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, parts.get("v1", ""))

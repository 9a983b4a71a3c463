"""The shape of rate-limit settings, shared by the limiter (config.api.ratelimit) and the models.

Rates are requests per second: {bucket: {holder: rate}}, a bucket being a kind of operation
(`ingest`, `read`, `write`) and a holder an API key or its whole tenant. No HTTP here, so
services and models may import it.
"""

from __future__ import annotations

from typing import Any

BUCKETS = ("ingest", "read", "write")
HOLDERS = ("key", "tenant")
MAX_RATE = 1_000_000  # requests per second: anything above is a typing error


def rate_limits_errors(value: Any) -> list[tuple[str, str]]:
    """Return what is wrong with a rate-limits object ({bucket: {holder: rate}}), as (path, message)."""
    if not isinstance(value, dict):
        return [("", 'Must be an object such as {"ingest": {"key": 500, "tenant": 1000}}.')]
    errors: list[tuple[str, str]] = []
    for bucket, holders in value.items():
        if bucket not in BUCKETS:
            errors.append((str(bucket), f"Unknown bucket; use {', '.join(BUCKETS)}."))
            continue
        if not isinstance(holders, dict):
            errors.append((bucket, 'Must be an object such as {"key": 50, "tenant": 100}.'))
            continue
        for holder, rate in holders.items():
            path = f"{bucket}.{holder}"
            if holder not in HOLDERS:
                errors.append((path, f"Unknown holder; use {' or '.join(HOLDERS)}."))
            elif isinstance(rate, bool) or not isinstance(rate, (int, float)):
                errors.append((path, "Must be a number of requests per second."))
            elif not 0 < rate <= MAX_RATE:
                errors.append((path, f"Must be above 0 and at most {MAX_RATE}."))
    return errors

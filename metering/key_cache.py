"""A few seconds of memory, per process, of the API keys that authenticated.

The hot path (a single event per request) then skips the key lookup in the database. A
revocation still takes effect on the very next request: every revoke increments one
revocation counter in Redis, every request reads it (one `GET`), and a remembered key counts
only while the counter is the value it was remembered at. So any revocation makes every
process forget every key, which is cheap because revocations are rare.

Without Redis (the embedded mode), or when Redis does not answer, nothing is remembered and
every request reads its key from the database, as before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

import redis
from django.conf import settings

from metering.models import ApiKey

MAX_KEYS = 10_000
REVOCATIONS = "marginal:api-keys:revocations"


@dataclass(frozen=True)
class _Remembered:
    api_key: ApiKey
    revocations: int
    at: float  # time.monotonic()


_remembered: dict[str, _Remembered] = {}


@cache
def _client(url: str) -> redis.Redis:
    # Short timeouts: a slow Redis costs a request a database lookup, not a stall.
    return redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)


def revocations_read() -> int | None:
    """The revocation counter, or None when there is no Redis or no memory of keys."""
    if not settings.REDIS_URL or settings.API_KEY_CACHE_SECONDS <= 0:
        return None
    try:
        value = _client(settings.REDIS_URL).get(REVOCATIONS)
    except redis.RedisError:
        return None
    return int(value or 0)  # type: ignore[arg-type]


def key_recall(key_hash: str, revocations: int | None) -> ApiKey | None:
    """The key remembered for `key_hash`, if no revocation happened since and it is recent."""
    if revocations is None:
        return None
    entry = _remembered.get(key_hash)
    if entry is None or entry.revocations != revocations:
        return None
    if time.monotonic() - entry.at >= settings.API_KEY_CACHE_SECONDS:
        del _remembered[key_hash]
        return None
    return entry.api_key


def key_remember(key_hash: str, api_key: ApiKey, revocations: int | None) -> None:
    """Remember a live key read from the database when the counter was `revocations`."""
    if revocations is None:
        return
    if len(_remembered) >= MAX_KEYS:
        _remembered.clear()
    _remembered[key_hash] = _Remembered(api_key, revocations, time.monotonic())


def revocations_bump() -> None:
    """Make every process forget the keys it remembers. Raises redis.RedisError."""
    _remembered.clear()
    if settings.REDIS_URL:
        _client(settings.REDIS_URL).incr(REVOCATIONS)

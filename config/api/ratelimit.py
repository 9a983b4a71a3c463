"""Rate limits: token buckets per API key and per tenant, and a throttle on failed authentication.

Every authenticated operation takes one token from two buckets of its kind (`ingest` for
posting usage, `read` for GET, `write` for every other change): the key's own and its
tenant's, atomically, so one busy key cannot starve its teammates and many keys cannot
exceed the tenant's share. A bucket holds `burst` tokens (RATELIMIT_BURST_SECONDS of its
rate) and refills at `rate` per second. Rates come from RATELIMIT_RATES, overridden per
tenant by `Tenant.rate_limits` (same shape, validated by config.rate_limits).

With REDIS_URL the buckets live in Redis (one Lua script per request, on Redis' clock), shared
by every process; without it, in the process. Limits protect the service, they do not
guard data: when Redis is unreachable the limiter lets requests through (after a short
socket timeout, then without asking Redis again for RATELIMIT_REDIS_RETRY seconds).

Clients learn where they stand from RateLimit-Limit / -Remaining / -Reset on every limited
answer, and Retry-After on a 429. A client address whose requests carried
RATELIMIT_AUTH_FAILURES unknown or malformed keys within RATELIMIT_AUTH_WINDOW seconds gets a
429 for any keyed request until the window ends; other addresses are not affected. A bad key
is counted after it failed (RateLimitMiddleware turns the 401 past the limit into a 429); a
valid one learns of its address' block in the same Redis call that takes its tokens, so a
request costs one round trip.

This module imports no app: the caller's key and tenant are read from `request.auth`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from config.rate_limits import rate_limits_errors

logger = logging.getLogger(__name__)

RATELIMIT_ATTRIBUTE = "marginal_ratelimit"  # the Decision, on the Django request


@dataclass(frozen=True)
class Limit:
    rate: float  # tokens (requests) per second
    burst: int  # tokens a full bucket holds


@dataclass(frozen=True)
class Decision:
    """The verdict on one request, from the bucket closest to refusing it."""

    allowed: bool
    limit: int  # RateLimit-Limit: the bucket's size
    remaining: int  # RateLimit-Remaining: whole tokens left
    reset: int  # RateLimit-Reset: seconds until the bucket is full again
    retry_after: int  # seconds until a token is back (0 when allowed)

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


# ---------------------------------------------------------------------- configuration


def limits_for(bucket: str, overrides: Mapping[str, Any] | None) -> tuple[Limit, Limit]:
    """Return the (key, tenant) limits of a bucket: the settings, then the tenant's overrides."""
    rates = dict(settings.RATELIMIT_RATES[bucket])
    if overrides and not rate_limits_errors(overrides):
        rates.update(overrides.get(bucket, {}))
    burst_seconds = float(settings.RATELIMIT_BURST_SECONDS)
    key_rate, tenant_rate = float(rates["key"]), float(rates["tenant"])
    return Limit(key_rate, _burst(key_rate, burst_seconds)), Limit(
        tenant_rate, _burst(tenant_rate, burst_seconds)
    )


def _burst(rate: float, seconds: float) -> int:
    # Rounded first: 0.4 requests/s over 30 s is 12 tokens, not ceil(12.000000000000002).
    return max(1, math.ceil(round(rate * seconds, 6)))


def bucket_of(view: Any, method: str) -> str | None:
    """The bucket an operation draws from: its scope's, `write` for write and admin ones."""
    scope_for = getattr(view, "scope_for", None)
    scope = scope_for(method) if scope_for else getattr(view, "required_scope", None)
    if scope is None:
        return None  # a public operation (health probes, signed webhooks)
    return scope if scope in ("ingest", "read") else "write"


def decide(levels: list[float], limits: tuple[Limit, ...], allowed: bool) -> Decision:
    """Turn the buckets' levels after the request into the verdict the client sees.

    Let through, the headers describe the bucket with the fewest tokens left; refused, the
    one that makes the client wait longest.
    """
    waits = [
        max(0.0, (1 - level) / limit.rate) for level, limit in zip(levels, limits, strict=True)
    ]
    if allowed:
        chosen = min(range(len(levels)), key=lambda i: levels[i])
    else:
        chosen = max(range(len(levels)), key=lambda i: waits[i])
    level, limit = levels[chosen], limits[chosen]
    return Decision(
        allowed=allowed,
        limit=limit.burst,
        remaining=max(0, math.floor(level)),
        reset=max(0, math.ceil((limit.burst - level) / limit.rate)),
        retry_after=0 if allowed else max(1, math.ceil(waits[chosen])),
    )


# ---------------------------------------------------------------------- storage

# KEYS: the key's bucket, the tenant's bucket, the client address's count of failed
# authentications; ARGV: rate and burst of each bucket, then the failures that block.
# An address past its failures gets {-1, seconds left}, and no token is taken. Otherwise one
# token is taken from each bucket, or none when one of them is empty: {allowed, levels...}.
_TAKE = """
local failures = tonumber(redis.call('GET', KEYS[3]) or '0')
if failures >= tonumber(ARGV[5]) then
  return {-1, redis.call('TTL', KEYS[3])}
end
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local levels = {}
local allowed = 1
for i = 1, 2 do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = tonumber(state[1]) or burst
  local ts = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
  if tokens < 1 then allowed = 0 end
  levels[i] = tokens
end
local out = {allowed}
for i = 1, 2 do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  if allowed == 1 then levels[i] = levels[i] - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(levels[i]), 'ts', tostring(now))
  redis.call('EXPIRE', KEYS[i], math.ceil(burst / rate) + 1)
  out[i + 1] = tostring(levels[i])
end
return out
"""

# KEYS[1]: an address's count of failed authentications; ARGV[1]: the window in seconds.
# Counts one failure; returns {failures in the window, seconds left in it}.
_FAIL = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
"""


@dataclass(frozen=True)
class Taken:
    """What a store answers for one request: blocked, or the buckets' levels after it."""

    blocked_for: int  # seconds the client address stays blocked; 0: not blocked
    allowed: bool = False
    levels: tuple[float, ...] = ()


class _Unavailable(Exception):
    """The shared store did not answer in time: let the request through."""


class RedisStore:
    """Buckets and failure counters in Redis: one round trip per request, short timeouts."""

    def __init__(self, url: str, timeout: float, retry_after_failure: float) -> None:
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry_on_timeout=False
        )
        self.take_script = self.client.register_script(_TAKE)
        self.fail_script = self.client.register_script(_FAIL)
        self.retry_after_failure = retry_after_failure
        self.down_until = 0.0

    def _call(self, operation: Callable[[], Any]) -> Any:
        # After a failure Redis is left alone for a while: a frozen Redis costs each process
        # one timeout per pause, not one per request.
        if time.monotonic() < self.down_until:
            raise _Unavailable
        try:
            return operation()
        except (redis.RedisError, OSError) as exc:
            self.down_until = time.monotonic() + self.retry_after_failure
            logger.warning(
                "rate limits off for %ss: Redis failed: %s", self.retry_after_failure, exc
            )
            raise _Unavailable from exc

    def take(
        self, buckets: list[str], limits: tuple[Limit, Limit], counter: str, max_failures: int
    ) -> Taken:
        args = [*(value for limit in limits for value in (limit.rate, limit.burst)), max_failures]
        result = self._call(lambda: self.take_script(keys=[*buckets, counter], args=args))
        if int(result[0]) == -1:
            return Taken(blocked_for=max(1, int(result[1])))
        return Taken(0, bool(int(result[0])), tuple(float(level) for level in result[1:]))

    def fail(self, counter: str, window: int) -> tuple[int, int]:
        count, ttl = self._call(lambda: self.fail_script(keys=[counter], args=[window]))
        return int(count), max(1, int(ttl))


class MemoryStore:
    """Buckets and failure counters of one process (the embedded default, without Redis)."""

    MAX_ENTRIES = 100_000  # past this, full buckets and closed windows are forgotten

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.buckets: dict[str, tuple[float, float, float]] = {}  # key: tokens, at, full at
        self.counters: dict[str, tuple[int, float]] = {}  # key: failures, window end

    def take(
        self, buckets: list[str], limits: tuple[Limit, Limit], counter: str, max_failures: int
    ) -> Taken:
        now = time.monotonic()
        with self.lock:
            self._prune(now)
            failures, end = self.counters.get(counter, (0, now))
            if end > now and failures >= max_failures:
                return Taken(blocked_for=max(1, math.ceil(end - now)))
            levels = []
            for key, limit in zip(buckets, limits, strict=True):
                tokens, at, _ = self.buckets.get(key, (limit.burst, now, now))
                levels.append(min(limit.burst, tokens + (now - at) * limit.rate))
            allowed = all(level >= 1 for level in levels)
            if allowed:
                levels = [level - 1 for level in levels]
            for key, limit, level in zip(buckets, limits, levels, strict=True):
                self.buckets[key] = (level, now, now + (limit.burst - level) / limit.rate)
        return Taken(0, allowed, tuple(levels))

    def fail(self, counter: str, window: int) -> tuple[int, int]:
        now = time.monotonic()
        with self.lock:
            self._prune(now)
            count, end = self.counters.get(counter, (0, now))
            if end <= now:
                count, end = 0, now + window
            self.counters[counter] = (count + 1, end)
        return count + 1, max(1, math.ceil(end - now))

    def _prune(self, now: float) -> None:
        if len(self.buckets) > self.MAX_ENTRIES:
            self.buckets = {k: v for k, v in self.buckets.items() if v[2] > now}
        if len(self.counters) > self.MAX_ENTRIES:
            self.counters = {k: v for k, v in self.counters.items() if v[1] > now}


_stores: dict[tuple[str, float, float], RedisStore | MemoryStore] = {}
_stores_lock = threading.Lock()


def store() -> RedisStore | MemoryStore:
    """The store the settings name: Redis at RATELIMIT_REDIS_URL, else this process."""
    config = (
        settings.RATELIMIT_REDIS_URL,
        float(settings.RATELIMIT_REDIS_TIMEOUT),
        float(settings.RATELIMIT_REDIS_RETRY),
    )
    with _stores_lock:
        if config not in _stores:
            url, timeout, retry = config
            _stores[config] = RedisStore(url, timeout, retry) if url else MemoryStore()
        return _stores[config]


def _key(*parts: object) -> str:
    return ":".join([settings.RATELIMIT_KEY_PREFIX.rstrip(":"), *map(str, parts)])


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For as REST_FRAMEWORK's NUM_PROXIES says."""
    return str(BaseThrottle().get_ident(request))  # type: ignore[arg-type]


def _failures_key(request: HttpRequest) -> str:
    return _key("authfail", client_address(request))


# ---------------------------------------------------------------------- the API's answers


class RateLimited(exceptions.Throttled):
    """429 with Retry-After (the RateLimit-* headers, when a bucket refused, are added after)."""

    def __init__(self, detail: str, wait: int) -> None:
        # APIException's own constructor: Throttled's would append a second sentence.
        exceptions.APIException.__init__(self, detail)
        self.wait = wait


def blocked_detail(seconds: int) -> str:
    return f"Too many requests with unknown API keys from this address; retry after {seconds} s."


class ApiRateThrottle(BaseThrottle):
    """Draw every authenticated request from its key's and its tenant's buckets.

    One call to the store per request, which also refuses a valid key sent from an address
    that is blocked for sending bad ones (so that guessing gains nothing).
    """

    def allow_request(self, request: Request, view: Any) -> bool:
        if not settings.RATELIMIT_ENABLED:
            return True
        api_key: Any = request.auth  # metering's ApiKey (this module imports no app)
        bucket = bucket_of(view, request.method or "GET")
        if api_key is None or bucket is None:
            return True
        tenant = getattr(api_key, "tenant", None)
        limits = limits_for(bucket, getattr(tenant, "rate_limits", None))
        buckets = [_key("key", api_key.pk, bucket), _key("tenant", api_key.tenant_id, bucket)]
        try:
            taken = store().take(
                buckets,
                limits,
                _failures_key(request._request),  # noqa: SLF001
                int(settings.RATELIMIT_AUTH_FAILURES),
            )
        except _Unavailable:
            return True
        if taken.blocked_for:
            raise RateLimited(blocked_detail(taken.blocked_for), taken.blocked_for)
        decision = decide(list(taken.levels), limits, taken.allowed)
        # Read by RateLimitMiddleware, which sees the Django request only.
        setattr(request._request, RATELIMIT_ATTRIBUTE, decision)  # noqa: SLF001
        if not decision.allowed:
            detail = f"Too many {bucket} requests; retry after {decision.retry_after} s."
            raise RateLimited(detail, decision.retry_after)
        return True


class RateLimitMiddleware:
    """RateLimit-* headers on every limited answer; 429 to addresses that keep sending bad keys.

    A request with an Authorization header answered 401 counts one failure of its address;
    past RATELIMIT_AUTH_FAILURES in the window, the answer is a 429 instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.RATELIMIT_ENABLED:
            return response
        if response.status_code == 401 and "HTTP_AUTHORIZATION" in request.META:
            return self._count_failure(request, response)
        decision: Decision | None = getattr(request, RATELIMIT_ATTRIBUTE, None)
        if decision is not None:
            for name, value in decision.headers().items():
                response[name] = value
        return response

    def _count_failure(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Imported here: config.api.errors imports rest_framework.views, which loads this
        # module's throttle through DRF's settings.
        from config.api.errors import json_problem

        try:
            failures, seconds_left = store().fail(
                _failures_key(request), int(settings.RATELIMIT_AUTH_WINDOW)
            )
        except _Unavailable:
            return response
        if failures <= int(settings.RATELIMIT_AUTH_FAILURES):
            return response
        refused = json_problem(request, 429, blocked_detail(seconds_left))
        refused["Retry-After"] = str(seconds_left)
        return refused

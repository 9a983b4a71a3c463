"""A per-tenant token bucket in Redis, so every worker together stays under Stripe's limits.

Stripe allows 25 requests per second in a sandbox and 100 live; the bucket refills at
STRIPE_RATE_TEST / STRIPE_RATE_LIVE tokens per second (below those) with a burst of one
second's worth. Redis' own clock is used, so workers on several machines share one bucket.
Without Redis (the in-process mode) there is one process, and the SDK's own retries on 429
are enough.
"""

from __future__ import annotations

import time
from functools import cache

import redis
from django.conf import settings

from metering.models import Tenant

# Returns the seconds to wait (as a string); 0 means a token was taken.
_TAKE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], 60)
return tostring(wait)
"""


class RateLimited(Exception):
    """No token came within the longest wait: try the row again later."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"Rate limit: no Stripe request token within {wait:.1f} s.")
        self.wait = wait


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def rate_for(mode: str) -> float:
    """Return the requests per second allowed to one tenant in this mode."""
    return float(settings.STRIPE_RATE_LIVE if mode == "live" else settings.STRIPE_RATE_TEST)


def token_take(*, tenant: Tenant, mode: str, max_wait: float = 5.0) -> float:
    """Take one request token of the tenant's bucket, waiting up to `max_wait`; return the wait."""
    url = settings.REDIS_URL
    if not url:
        return 0.0
    rate = rate_for(mode)
    script = _client(url).register_script(_TAKE)
    waited = 0.0
    while True:
        try:
            wait = float(script(keys=[f"marginal:stripe:bucket:{tenant.pk}"], args=[rate, rate]))
        except redis.RedisError:
            return waited  # no shared bucket without Redis: the SDK's 429 retries remain
        if wait <= 0:
            return waited
        if waited + wait > max_wait:
            raise RateLimited(max_wait)
        time.sleep(wait)
        waited += wait

"""Token buckets per key and per tenant (429 with Retry-After and RateLimit-*), failed-auth throttling."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
import redis
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from config.api import ratelimit
from config.rate_limits import rate_limits_errors
from metering.models import Tenant

# A tenth of a request per second, so the few milliseconds a test takes never change a
# whole-second figure: a bucket of 3 (30 s of burst) refills one token every 10 s.
SLOW = 0.1


@pytest.fixture
def limits(settings: Any) -> Iterator[Any]:
    """Limits on, in this process, at SLOW rates with a 30-second burst (3 tokens)."""
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_REDIS_URL = ""
    settings.RATELIMIT_BURST_SECONDS = 30
    settings.RATELIMIT_RATES = {
        "ingest": {"key": 2 * SLOW, "tenant": 4 * SLOW},
        "read": {"key": SLOW, "tenant": 2 * SLOW},
        "write": {"key": SLOW, "tenant": 2 * SLOW},
    }
    settings.RATELIMIT_AUTH_FAILURES = 3
    settings.RATELIMIT_AUTH_WINDOW = 60
    ratelimit._stores.clear()  # noqa: SLF001
    yield settings
    ratelimit._stores.clear()  # noqa: SLF001


def headers(response: Any) -> dict[str, str | None]:
    names = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After")
    return {name: response.headers.get(name) for name in names}


def test_every_answer_says_how_many_requests_are_left(limits: Any, api: APIClient) -> None:
    seen = []
    for _ in range(3):
        response = api.get("/v1/customers")
        assert response.status_code == 200
        seen.append(headers(response))
    assert seen == [
        {"RateLimit-Limit": "3", "RateLimit-Remaining": "2", "RateLimit-Reset": "10",
         "Retry-After": None},
        {"RateLimit-Limit": "3", "RateLimit-Remaining": "1", "RateLimit-Reset": "20",
         "Retry-After": None},
        {"RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Reset": "30",
         "Retry-After": None},
    ]  # fmt: skip


def test_an_empty_bucket_is_a_429_problem_with_retry_after(limits: Any, api: APIClient) -> None:
    for _ in range(3):
        assert api.get("/v1/customers").status_code == 200
    response = api.get("/v1/customers")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/rate-limited",
        "title": "Too many requests",
        "status": 429,
        "detail": "Too many read requests; retry after 10 s.",
    }
    assert headers(response) == {
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "30",
        "Retry-After": "10",
    }


def test_kinds_of_operation_have_buckets_of_their_own(limits: Any, api: APIClient) -> None:
    for _ in range(3):
        api.get("/v1/customers")
    assert api.get("/v1/customers").status_code == 429
    response = api.post("/v1/customers", {"external_id": "c-1"}, format="json")
    assert response.status_code == 201
    assert headers(response)["RateLimit-Remaining"] == "2"
    event = {"event_id": "e-1", "customer_id": "c-1", "request_class": "chat"}
    response = api.post("/v1/events", event, format="json")
    assert response.status_code == 201
    assert (headers(response)["RateLimit-Limit"], headers(response)["RateLimit-Remaining"]) == (
        "6",
        "5",
    )


def test_a_key_that_spent_its_bucket_does_not_hold_up_its_teammates(
    limits: Any,
    tenant: Tenant,
    client_for: Callable[..., APIClient],
    api: APIClient,
    teammate_api: APIClient,
    other_api: APIClient,
) -> None:
    for _ in range(3):
        assert api.get("/v1/customers").status_code == 200
    assert api.get("/v1/customers").status_code == 429
    # The tenant's bucket (6) still has 3 tokens: the teammate's key gets them...
    assert [teammate_api.get("/v1/customers").status_code for _ in range(3)] == [200] * 3
    # ...and then the tenant's bucket is empty for every key: it binds, with its own figures.
    response = client_for(tenant, ["read"]).get("/v1/customers")
    assert response.status_code == 429
    assert headers(response) == {
        "RateLimit-Limit": "6",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "30",
        "Retry-After": "5",
    }
    # Another tenant is untouched.
    assert other_api.get("/v1/customers").status_code == 200


def test_a_tenant_can_be_given_its_own_limits(
    limits: Any, tenant: Tenant, api: APIClient, other_api: APIClient
) -> None:
    tenant.rate_limits = {"read": {"key": 0.4, "tenant": 0.8}}  # buckets of 12 and 24
    tenant.save()
    statuses = [api.get("/v1/customers").status_code for _ in range(13)]
    assert statuses == [200] * 12 + [429]
    assert [other_api.get("/v1/customers").status_code for _ in range(4)] == [200] * 3 + [429]


def test_public_operations_are_not_limited(limits: Any, anon: APIClient) -> None:
    for _ in range(10):
        response = anon.get("/healthz")
        assert response.status_code == 200
        assert headers(response)["RateLimit-Limit"] is None


def test_limits_off_add_no_headers(limits: Any, api: APIClient) -> None:
    limits.RATELIMIT_ENABLED = False
    for _ in range(5):
        response = api.get("/v1/customers")
        assert response.status_code == 200
        assert headers(response)["RateLimit-Limit"] is None


# ---------------------------------------------------------------- failed authentication


def bad_key_client(address: str) -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION="Bearer mgl_nope_guessing")
    return client


def test_an_address_sending_bad_keys_is_refused_for_the_window(
    limits: Any, client_for: Callable[..., APIClient], tenant: Tenant
) -> None:
    guesser = bad_key_client("203.0.113.7")
    assert [guesser.get("/v1/customers").status_code for _ in range(3)] == [401] * 3
    response = guesser.get("/v1/customers")
    assert response.status_code == 429
    assert response.json() == {
        "type": "/problems/rate-limited",
        "title": "Too many requests",
        "status": 429,
        "detail": "Too many requests with unknown API keys from this address; retry after 60 s.",
    }
    assert response["Retry-After"] == "60"
    # A valid key from that address waits too (guessing must not go on); from another, not.
    valid = client_for(tenant)
    valid.defaults["REMOTE_ADDR"] = "203.0.113.7"
    assert valid.get("/v1/customers").status_code == 429
    valid.defaults["REMOTE_ADDR"] = "198.51.100.2"
    assert valid.get("/v1/customers").status_code == 200
    # Another address with bad keys has its own count.
    assert bad_key_client("198.51.100.9").get("/v1/customers").status_code == 401


def test_requests_without_a_key_or_with_a_valid_one_do_not_count(
    limits: Any, api: APIClient, anon: APIClient
) -> None:
    for _ in range(5):
        assert anon.get("/v1/customers").status_code == 401
    limits.RATELIMIT_RATES = {**limits.RATELIMIT_RATES, "read": {"key": 100, "tenant": 100}}
    for _ in range(5):
        assert api.get("/v1/customers").status_code == 200
    assert bad_key_client("127.0.0.1").get("/v1/customers").status_code == 401


# ---------------------------------------------------------------- Redis down: fail open


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_limits_let_requests_through_when_redis_is_down(limits: Any, api: APIClient) -> None:
    limits.RATELIMIT_REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    started = time.monotonic()
    for _ in range(10):
        response = api.get("/v1/customers")
        assert response.status_code == 200
        assert headers(response)["RateLimit-Limit"] is None
    guesser = bad_key_client("203.0.113.7")
    assert [guesser.get("/v1/customers").status_code for _ in range(5)] == [401] * 5
    assert time.monotonic() - started < 5


def test_a_redis_that_never_answers_costs_one_short_timeout(limits: Any, api: APIClient) -> None:
    with socket.socket() as frozen:  # accepts connections, never answers
        frozen.bind(("127.0.0.1", 0))
        frozen.listen(16)
        limits.RATELIMIT_REDIS_URL = f"redis://127.0.0.1:{frozen.getsockname()[1]}/0"
        limits.RATELIMIT_REDIS_TIMEOUT = 0.2
        started = time.monotonic()
        first = api.get("/v1/customers")
        first_took = time.monotonic() - started
        for _ in range(10):
            assert api.get("/v1/customers").status_code == 200
        rest_took = time.monotonic() - started - first_took
    assert first.status_code == 200
    assert 0.2 <= first_took < 1.5
    assert rest_took < 1.0  # Redis is not asked again for RATELIMIT_REDIS_RETRY seconds


# ---------------------------------------------------------------- the shared Redis buckets


@pytest.fixture
def redis_limits(limits: Any) -> Iterator[Any]:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis (REDIS_URL)")
    limits.RATELIMIT_REDIS_URL = url
    limits.RATELIMIT_KEY_PREFIX = f"test-{os.getpid()}-{time.monotonic_ns()}:ratelimit"
    yield limits
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{limits.RATELIMIT_KEY_PREFIX}:*"):
        client.delete(key)


@pytest.mark.redis
def test_redis_buckets_answer_like_the_in_process_ones(
    redis_limits: Any, api: APIClient, teammate_api: APIClient
) -> None:
    seen = [headers(api.get("/v1/customers")) for _ in range(4)]
    assert [h["RateLimit-Remaining"] for h in seen] == ["2", "1", "0", "0"]
    assert seen[3] == {
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "30",
        "Retry-After": "10",
    }
    assert [teammate_api.get("/v1/customers").status_code for _ in range(4)] == [200] * 3 + [429]
    guesser = bad_key_client("203.0.113.7")
    assert [guesser.get("/v1/customers").status_code for _ in range(4)] == [401] * 3 + [429]
    assert guesser.get("/v1/customers")["Retry-After"] in {"59", "60"}


# ---------------------------------------------------------------- the operator's overrides


def test_the_operator_sets_a_tenants_limits_with_a_command_and_it_is_audited(
    tenant: Tenant, api: APIClient
) -> None:
    out = StringIO()
    limits = '{"ingest": {"key": 2000, "tenant": 5000}, "read": {"tenant": 300}}'
    call_command("set_rate_limits", str(tenant.id), limits, stdout=out)
    tenant.refresh_from_db()
    assert tenant.rate_limits == {"ingest": {"key": 2000, "tenant": 5000}, "read": {"tenant": 300}}
    entry = api.get("/v1/audit-log", {"action": "tenant.rate_limits"}).json()["results"][0]
    assert (entry["actor"], entry["object_type"], entry["object_id"]) == (
        {"type": "system", "id": "", "label": "manage.py set_rate_limits"},
        "tenant",
        str(tenant.id),
    )
    assert (entry["before"], entry["after"]) == (
        {"rate_limits": {}},
        {"rate_limits": {"ingest": {"key": 2000, "tenant": 5000}, "read": {"tenant": 300}}},
    )
    call_command("set_rate_limits", str(tenant.id), "{}", stdout=out)
    tenant.refresh_from_db()
    assert tenant.rate_limits == {}


def test_limits_the_limiter_cannot_read_are_refused_with_their_paths(tenant: Tenant) -> None:
    bad = '{"ingest": {"key": 0, "team": 5}, "reads": {}, "write": {"tenant": "10"}}'
    with pytest.raises(CommandError) as refused:
        call_command("set_rate_limits", str(tenant.id), bad, stdout=StringIO())
    assert str(refused.value) == (
        "ingest.key: Must be above 0 and at most 1000000.; "
        "ingest.team: Unknown holder; use key or tenant.; "
        "reads: Unknown bucket; use ingest, read, write.; "
        "write.tenant: Must be a number of requests per second."
    )
    tenant.refresh_from_db()
    assert tenant.rate_limits == {}
    assert rate_limits_errors([1]) == [
        ("", 'Must be an object such as {"ingest": {"key": 500, "tenant": 1000}}.')
    ]

"""Authenticated keys are remembered a few seconds per process, and forgotten at any revocation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
import redis
from django.test import override_settings
from rest_framework.test import APIClient

from metering import key_cache
from metering.models import ApiKey, Tenant
from metering.services import api_key_authenticate


@pytest.fixture(autouse=True)
def forget_keys(settings: Any) -> Any:
    settings.API_KEY_CACHE_SECONDS = 5.0
    key_cache._remembered.clear()
    yield
    key_cache._remembered.clear()


@pytest.mark.redis
def test_a_remembered_key_costs_no_database_query(
    tenant: Tenant, client_for: Callable[..., APIClient], django_assert_num_queries: Any
) -> None:
    raw = client_for(tenant, ["read"]).raw_key
    first = api_key_authenticate(raw_key=raw)
    assert first is not None
    with django_assert_num_queries(0):
        again = api_key_authenticate(raw_key=raw)
    assert again is first
    assert again.tenant == tenant


@pytest.mark.redis
def test_a_revocation_by_the_api_refuses_a_remembered_key_on_the_next_request(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    victim = client_for(tenant, ["read"])
    assert victim.get("/v1/customers").status_code == 200
    assert victim.get("/v1/customers").status_code == 200  # served from memory
    assert api.post(f"/v1/api-keys/{victim.api_key.id}/revoke").status_code == 200
    assert victim.get("/v1/customers").status_code == 401


@pytest.mark.redis
def test_a_revocation_in_another_process_refuses_a_remembered_key(
    tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    client = client_for(tenant, ["read"])
    assert api_key_authenticate(raw_key=client.raw_key) is not None
    # Another process revokes: the row changes and the counter moves; this process's
    # memory is untouched.
    ApiKey.objects.filter(pk=client.api_key.pk).update(revoked_at="2026-11-23T15:00:00Z")
    redis.Redis.from_url(key_cache.settings.REDIS_URL).incr(key_cache.REVOCATIONS)
    assert key_cache._remembered
    assert api_key_authenticate(raw_key=client.raw_key) is None


def test_without_redis_every_request_reads_its_key_from_the_database(
    tenant: Tenant, client_for: Callable[..., APIClient], django_assert_num_queries: Any
) -> None:
    raw = client_for(tenant, ["read"]).raw_key
    with override_settings(REDIS_URL=""):
        assert api_key_authenticate(raw_key=raw) is not None
        with django_assert_num_queries(1):
            assert api_key_authenticate(raw_key=raw) is not None
    assert key_cache._remembered == {}


def test_a_revocation_that_cannot_reach_redis_is_a_503_and_revokes_nothing(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    victim = client_for(tenant, ["read"])
    with mock.patch.object(
        key_cache, "revocations_bump", side_effect=redis.ConnectionError("down")
    ):
        response = api.post(f"/v1/api-keys/{victim.api_key.id}/revoke")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    victim.api_key.refresh_from_db()
    assert victim.api_key.revoked_at is None
    assert victim.get("/v1/customers").status_code == 200

"""/metrics on the live gunicorn: the figures of its two worker processes, summed."""

from __future__ import annotations

import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.live.stack import LiveStack

pytestmark = pytest.mark.worker


def healthz_count(stack: LiveStack) -> float:
    with urllib.request.urlopen(f"{stack.base_url}/metrics", timeout=10) as response:
        text = response.read().decode()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "marginal_http_request_duration_seconds_count"
                and sample.labels.get("operation") == "healthz"
            ):
                return sample.value
    return 0.0


def test_a_scrape_sums_the_requests_every_gunicorn_worker_answered(
    live_stack: LiveStack,
) -> None:
    before = healthz_count(live_stack)
    for _ in range(20):
        # A connection per request: gunicorn's two sync workers share them.
        with urllib.request.urlopen(f"{live_stack.base_url}/healthz", timeout=10) as response:
            assert response.status == 200
    assert healthz_count(live_stack) - before == 20

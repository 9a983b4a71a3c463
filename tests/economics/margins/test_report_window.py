"""The request-class report's default window, and what it says when that window is empty."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from rest_framework.test import APIClient

NOW = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # half an hour into a month


def test_the_default_window_is_the_last_30_days_and_an_empty_one_says_so(api: APIClient) -> None:
    with time_machine.travel(NOW, tick=False):
        body = api.get("/v1/economics/request-classes").json()
    assert (body["from"], body["to"]) == ("2026-11-01T00:30:00Z", "2026-12-01T00:30:00Z")
    assert body["classes"] == []
    assert body["statement"] == (
        "No usage from 2026-11-01T00:30:00Z to 2026-12-01T00:30:00Z: pass from and to."
    )

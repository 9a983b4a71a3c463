"""The batching ingest helper (clients/python/marginal_batching) against a scripted transport.

No server here: httpx's MockTransport plays the API, answer by answer. The live test with the
server killed and restarted mid-stream is tests/live/test_batching_live.py.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

CLIENT_DIR = Path(__file__).resolve().parent.parent.parent / "clients" / "python"


@pytest.fixture(autouse=True)
def client_on_path() -> Iterator[None]:
    sys.path.insert(0, str(CLIENT_DIR))
    try:
        yield
    finally:
        sys.path.remove(str(CLIENT_DIR))


def event(n: int) -> dict[str, Any]:
    return {"event_id": f"e-{n}", "customer_id": "cus_1", "request_class": "chat"}


def accepted(events: list[dict[str, Any]]) -> httpx.Response:
    body = {
        "accepted": len(events),
        "duplicate": 0,
        "conflict": 0,
        "rejected": 0,
        "customers_created": 0,
        "created_customer_ids": [],
        "results": [],
    }
    return httpx.Response(200, json=body)


class Api:
    """A scripted API: each request is answered by the next script entry (then 200s)."""

    def __init__(self, script: list[Callable[[list[dict[str, Any]]], httpx.Response]]) -> None:
        self.script = list(script)
        self.batches: list[list[str]] = []
        self.lock = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        events = json.loads(request.content)["events"]
        with self.lock:
            self.batches.append([e["event_id"] for e in events])
            step = self.script.pop(0) if self.script else accepted
        return step(events)

    def client(self) -> Any:
        from marginal_client import AuthenticatedClient

        return AuthenticatedClient(
            base_url="http://marginal.test",
            token="mgl_test",
            httpx_args={"transport": httpx.MockTransport(self.handle)},
        )


def refuse(events: list[dict[str, Any]]) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def test_a_batch_leaves_when_full_and_the_rest_on_close() -> None:
    from marginal_batching import EventBatcher

    api = Api([])
    batcher = EventBatcher(api.client(), max_batch=3, max_interval=60)
    for n in range(7):
        batcher.add(event(n))
    assert batcher.close() == 0
    assert api.batches == [["e-0", "e-1", "e-2"], ["e-3", "e-4", "e-5"], ["e-6"]]
    assert (batcher.stats.batches, batcher.stats.accepted, batcher.stats.retries) == (3, 7, 0)


def test_a_partial_batch_leaves_after_the_interval() -> None:
    from marginal_batching import EventBatcher

    api = Api([])
    with EventBatcher(api.client(), max_batch=100, max_interval=0.2) as batcher:
        batcher.add(event(1))
        deadline = time.monotonic() + 5
        while not api.batches and time.monotonic() < deadline:
            time.sleep(0.02)
        assert api.batches == [["e-1"]]


def test_503_and_429_are_retried_with_the_same_events_after_retry_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import marginal_batching

    slept: list[float] = []
    monkeypatch.setattr(marginal_batching.time, "sleep", slept.append)
    api = Api(
        [
            lambda events: httpx.Response(503, headers={"Retry-After": "7"}, json={}),
            lambda events: httpx.Response(429, headers={"Retry-After": "3"}, json={}),
            refuse,
        ]
    )
    batcher = marginal_batching.EventBatcher(api.client(), max_batch=2, retry_initial=0.25)
    batcher.add(event(1))
    batcher.add(event(2))
    assert batcher.close() == 0
    assert api.batches == [["e-1", "e-2"]] * 4
    assert slept == [7.0, 3.0, 1.0]  # Retry-After twice, then the doubled backoff
    assert (batcher.stats.accepted, batcher.stats.retries) == (2, 3)


def test_a_refused_batch_is_dropped_and_reported_not_retried() -> None:
    from marginal_batching import BatchError, EventBatcher

    errors: list[BatchError] = []
    api = Api([lambda events: httpx.Response(401, json={"status": 401})])
    batcher = EventBatcher(api.client(), max_batch=1, on_error=errors.append)
    batcher.add(event(1))
    batcher.add(event(2))
    assert batcher.close() == 0
    assert api.batches == [["e-1"], ["e-2"]]
    assert [(e.status, [x["event_id"] for x in e.events]) for e in errors] == [(401, ["e-1"])]
    assert (batcher.stats.dropped, batcher.stats.accepted) == (1, 1)


def test_a_full_buffer_blocks_the_producer_and_times_out() -> None:
    from marginal_batching import BufferFull, EventBatcher

    release = threading.Event()

    def stuck(events: list[dict[str, Any]]) -> httpx.Response:
        release.wait(10)
        return accepted(events)

    api = Api([stuck])
    batcher = EventBatcher(api.client(), max_batch=2, max_buffer=4, max_interval=0.01)
    for n in range(4):
        batcher.add(event(n))
    started = time.monotonic()
    with pytest.raises(BufferFull):
        batcher.add(event(4), timeout=0.3)
    assert time.monotonic() - started >= 0.3
    release.set()
    batcher.add(event(4), timeout=5)  # room again once the stuck batch is answered
    assert batcher.close() == 0
    assert batcher.stats.accepted == 5


def test_close_gives_up_after_its_timeout_and_counts_what_was_not_sent() -> None:
    from marginal_batching import EventBatcher

    api = Api([refuse] * 1000)
    batcher = EventBatcher(
        api.client(), max_batch=2, max_interval=60, retry_initial=0.05, close_timeout=0.5
    )
    for n in range(3):
        batcher.add(event(n))
    started = time.monotonic()
    assert batcher.close() == 3
    assert time.monotonic() - started < 5

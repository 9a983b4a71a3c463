"""The batching helper against a live server that is killed (-9) and restarted mid-stream.

Every event must be counted once: none lost while the server was down (the helper kept and
retried them), none doubled by a batch the server stored just before dying (the retry repeats
its event ids, which come back as duplicates).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.live.stack import LiveStack

pytestmark = pytest.mark.worker
EVENTS = 6_000
KILL_AT = 2_000
DOWN_SECONDS = 3.0


def get(stack: LiveStack, key: str, path: str) -> Any:
    request = urllib.request.Request(
        stack.base_url + path, headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_every_event_is_counted_once_across_a_server_kill_and_restart(
    live_stack: LiveStack, client_path: None
) -> None:
    from marginal_batching import EventBatcher
    from marginal_client import AuthenticatedClient

    key = live_stack.create_tenant("Batching e2e")
    client = AuthenticatedClient(base_url=live_stack.base_url, token=key, timeout=10.0)
    batcher = EventBatcher(
        client,
        max_batch=250,
        max_interval=0.2,
        max_buffer=1_500,
        retry_initial=0.2,
        retry_max=1.0,
        close_timeout=120,
    )
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    restarted = threading.Event()

    def kill_and_restart() -> None:
        live_stack.kill_server()
        time.sleep(DOWN_SECONDS)
        live_stack.start_server()
        restarted.set()

    blocked_at = None
    for n in range(EVENTS):
        if n == KILL_AT:
            threading.Thread(target=kill_and_restart, daemon=True).start()
        started = time.monotonic()
        batcher.add(
            {
                "event_id": f"b-{n:05d}",
                "customer_id": f"cus_{n % 7}",
                "request_class": "batched",
                "model": "gpt-4o",
                "timestamp": now.isoformat(),
                "input_tokens": 100 + n % 13,
                "output_tokens": 10,
            },
            timeout=120,
        )
        if blocked_at is None and time.monotonic() - started > 0.5:
            blocked_at = n  # back-pressure: the buffer was full while the server was down
    assert batcher.close() == 0
    assert restarted.wait(60)

    stats = batcher.stats
    assert stats.retries > 0, "the kill never made the helper retry"
    assert blocked_at is not None, "the producer never felt back-pressure"
    assert (stats.rejected, stats.conflict, stats.dropped) == (0, 0, 0)
    # A batch stored just before the kill is answered on its retry as duplicates.
    assert stats.accepted + stats.duplicate == EVENTS

    window = (
        f"from={(now - timedelta(hours=1)).isoformat()}&to={(now + timedelta(hours=1)).isoformat()}"
    )
    usage = get(live_stack, key, f"/v1/usage?{window}&group_by=request_class".replace("+", "%2B"))
    assert [(row["events"], row["input_tokens"]) for row in usage["results"]] == [
        (EVENTS, sum(100 + n % 13 for n in range(EVENTS)))
    ]

"""Batching ingest for Marginal: buffer usage events, send them in batches, never lose one.

Written by hand beside the generated `marginal_client` package (which `make client` replaces
whole); it sends through the generated `events_ingest` operation.

    from marginal_client import AuthenticatedClient
    from marginal_batching import EventBatcher

    client = AuthenticatedClient(base_url="https://marginal.example.com", token=INGEST_KEY)
    with EventBatcher(client, max_batch=1000, max_interval=1.0) as batcher:
        batcher.add({"event_id": "req_1", "customer_id": "cus_42", "request_class": "chat",
                     "model": "gpt-4o", "input_tokens": 1200, "output_tokens": 300})

- A batch leaves when it holds `max_batch` events or its oldest event has waited
  `max_interval` seconds, whichever comes first; one background thread sends them in order.
- Connection errors, timeouts, 429 and 502/503/504 are retried with the *same* events (so the
  same event ids): the server stores each event id once, so a batch that was stored before
  the answer was lost comes back as `duplicate`, never twice. Retry-After is honoured;
  otherwise the delay doubles from `retry_initial` up to `retry_max`.
- Memory is bounded: at most `max_buffer` events wait. `add` then blocks (back-pressure) until
  there is room, or raises `BufferFull` after its `timeout`.
- `close()` (also on leaving the `with` block, and at interpreter exit) sends what is buffered,
  retrying for at most `close_timeout` seconds, and returns how many events it could not send.
- Other answers (400 for a malformed batch, 401, 403, 413) are not retried: the batch is
  dropped and reported to `on_error`. Rejected or conflicting events inside an accepted batch
  are reported to `on_rejected` with the server's field errors.
"""

from __future__ import annotations

import atexit
import collections
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from marginal_client import AuthenticatedClient
from marginal_client.api.events import events_ingest
from marginal_client.models import EventIngestOutput, UsageEventBatchInputRequest

__all__ = ["BatchError", "BatcherStats", "BufferFull", "EventBatcher"]

log = logging.getLogger("marginal_batching")
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class BufferFull(Exception):
    """`add` waited `timeout` seconds and the buffer stayed full."""


class BatchError(Exception):
    """A batch the server refused for good (a non-retryable status); its events are dropped."""

    def __init__(self, status: int, body: bytes, events: list[dict[str, Any]]) -> None:
        super().__init__(f"batch of {len(events)} events refused with {status}: {body[:500]!r}")
        self.status = status
        self.body = body
        self.events = events


@dataclass
class BatcherStats:
    """What the batcher has done so far (counts of events unless named otherwise)."""

    batches: int = 0
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: int = 0
    dropped: int = 0
    retries: int = 0  # attempts that failed and were made again


class EventBatcher:
    """Buffer usage events and send them to `POST /v1/events` in retried batches."""

    def __init__(
        self,
        client: AuthenticatedClient,
        *,
        max_batch: int = 1000,
        max_interval: float = 1.0,
        max_buffer: int = 10_000,
        retry_initial: float = 0.5,
        retry_max: float = 30.0,
        close_timeout: float = 60.0,
        on_rejected: Callable[[dict[str, Any]], None] | None = None,
        on_error: Callable[[BatchError], None] | None = None,
    ) -> None:
        if not 1 <= max_batch <= 10_000:
            raise ValueError("max_batch must be between 1 and 10,000 (the API's batch limit)")
        if max_buffer < max_batch:
            raise ValueError("max_buffer must hold at least one batch")
        self.client = client
        self.max_batch = max_batch
        self.max_interval = max_interval
        self.max_buffer = max_buffer
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.close_timeout = close_timeout
        self.on_rejected = on_rejected
        self.on_error = on_error
        self.stats = BatcherStats()
        self._buffer: collections.deque[tuple[float, dict[str, Any]]] = collections.deque()
        self._in_flight = 0  # events taken from the buffer and not yet answered
        self._lock = threading.Condition()
        self._closing = False
        self._flush_requested = False
        self._deadline: float | None = None  # when closing: stop retrying after this
        self._thread = threading.Thread(target=self._run, name="marginal-batcher", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    # ----------------------------------------------------------------------- producer side

    def add(self, event: Mapping[str, Any], *, timeout: float | None = None) -> None:
        """Queue one event; block while the buffer is full (at most `timeout` seconds)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            if self._closing:
                raise RuntimeError("the batcher is closed")
            while len(self._buffer) + self._in_flight >= self.max_buffer:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise BufferFull(f"{self.max_buffer} events are waiting to be sent")
                self._lock.wait(remaining)
            self._buffer.append((time.monotonic(), dict(event)))
            # Wake the sender for a first event (its interval starts) or a full batch.
            if len(self._buffer) == 1 or len(self._buffer) >= self.max_batch:
                self._lock.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Send everything buffered now; wait until it is answered. False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            self._flush_requested = True
            self._lock.notify_all()
            while self._buffer or self._in_flight:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._lock.wait(remaining)
        return True

    def close(self) -> int:
        """Send what is buffered (retrying up to `close_timeout`), stop; return events unsent."""
        with self._lock:
            if not self._closing:
                self._closing = True
                self._deadline = time.monotonic() + self.close_timeout
                self._lock.notify_all()
        self._thread.join(self.close_timeout + 5)
        atexit.unregister(self.close)
        with self._lock:
            unsent = len(self._buffer) + self._in_flight
        if unsent:
            log.error("marginal_batching: %d events could not be sent before closing", unsent)
        return unsent

    def __enter__(self) -> EventBatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------- sender side

    def _next_batch(self) -> list[dict[str, Any]] | None:
        """Wait for a batch to be due; None when closing with nothing left."""
        with self._lock:
            while True:
                if self._buffer:
                    oldest = self._buffer[0][0]
                    due = oldest + self.max_interval
                    if (
                        len(self._buffer) >= self.max_batch
                        or self._closing
                        or self._flush_requested
                        or time.monotonic() >= due
                    ):
                        count = min(self.max_batch, len(self._buffer))
                        batch = [self._buffer.popleft()[1] for _ in range(count)]
                        self._in_flight = count
                        if not self._buffer:
                            self._flush_requested = False
                        return batch
                    self._lock.wait(max(0.0, due - time.monotonic()))
                elif self._closing:
                    return None
                else:
                    self._flush_requested = False
                    self._lock.wait()

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            delivered = self._send(batch)
            with self._lock:
                self._in_flight = 0
                if not delivered:
                    # Out of time while closing: keep the events counted as unsent.
                    for event in reversed(batch):
                        self._buffer.appendleft((time.monotonic(), event))
                    self._lock.notify_all()
                    return
                self._lock.notify_all()

    def _send(self, batch: list[dict[str, Any]]) -> bool:
        """Post one batch until it is answered; False only when closing ran out of time."""
        # The request is the generated operation's own; the answer is read here, so that a
        # proxy's HTML 503 or a cut-off body is retried rather than failing the parser.
        request = events_ingest._get_kwargs(
            body=UsageEventBatchInputRequest.from_dict({"events": batch})
        )
        delay = self.retry_initial
        while True:
            wait = delay
            try:
                response = self.client.get_httpx_client().request(**request)
            except httpx.TransportError as exc:  # refused, reset, timed out: retry
                log.warning("marginal_batching: %s; retrying the batch", exc)
            else:
                status = response.status_code
                if status == 200:
                    try:
                        result = EventIngestOutput.from_dict(response.json())
                    except (ValueError, KeyError, TypeError) as exc:
                        log.warning("marginal_batching: unreadable answer (%s); retrying", exc)
                    else:
                        self._record(result)
                        return True
                elif status in RETRY_STATUSES:
                    wait = _retry_after(response.headers.get("Retry-After"), delay)
                else:
                    self._drop(BatchError(status, response.content, batch))
                    return True
            with self._lock:
                self.stats.retries += 1
                if self._deadline is not None and time.monotonic() + wait > self._deadline:
                    return False
            time.sleep(wait)
            delay = min(delay * 2, self.retry_max)

    def _record(self, result: EventIngestOutput) -> None:
        with self._lock:
            self.stats.batches += 1
            self.stats.accepted += result.accepted
            self.stats.duplicate += result.duplicate
            self.stats.conflict += result.conflict
            self.stats.rejected += result.rejected
        if self.on_rejected is not None:
            for verdict in result.results:
                if verdict.status.value in ("rejected", "conflict"):
                    self.on_rejected(verdict.to_dict())

    def _drop(self, error: BatchError) -> None:
        log.error("marginal_batching: %s", error)
        with self._lock:
            self.stats.dropped += len(error.events)
        if self.on_error is not None:
            self.on_error(error)


def _retry_after(header: str | None, fallback: float) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds form), else `fallback`."""
    if header is not None and header.strip().isdigit():
        return float(header.strip())
    return fallback

"""The multi-host test's events, the clients that post them, and the totals expected of them.

Every event is a pure function of (tenant, number), so the totals a single host must reach are
computed here in Python, from the events alone, with Decimal arithmetic of their own (token
counts times the tenant's price per million); nothing is read back from Marginal to build them.

Clients post every batch to both web hosts at once (the same event ids twice: one of the two
accepts each event, the other answers `duplicate`), repeat the head of the previous batch in
each batch, give up on some first attempts after a few milliseconds (a client timeout: the
server may well have stored the batch) and retry them, and retry on a dropped connection, a
refused one, a 5xx or a 429, on the other host once the first is gone.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tests.multihost.hosts import WEB_PORT, AppHost

MODEL = "multihost-model"
INPUT_PER_1M, OUTPUT_PER_1M = Decimal("10"), Decimal("50")  # USD, the tenants' own price
PRICE = {
    "provider": "multihost",
    "model": MODEL,
    "valid_from": "2020-01-01T00:00:00Z",
    "input_per_1m": str(INPUT_PER_1M),
    "output_per_1m": str(OUTPUT_PER_1M),
}
CUSTOMERS = 40
CLASSES = 4
HOURS = 12  # timestamps spread over this many hours before the run started
BATCH = 100  # new events per batch
REPEATED = 10  # events of the previous batch sent again at the head of each batch
TIMEOUT_EVERY = 4  # every 4th batch: the first attempt on one host gives up early
SHORT_TIMEOUT = 0.005  # seconds: that first attempt's client timeout
TIMEOUT = 20.0  # seconds: every other attempt's
MAX_ATTEMPTS = 40


@dataclass(frozen=True)
class Event:
    tenant: int
    number: int
    at: datetime

    @property
    def event_id(self) -> str:
        return f"mh-{self.tenant}-{self.number}"

    @property
    def customer(self) -> str:
        return f"cus_{self.number % CUSTOMERS}"

    @property
    def request_class(self) -> str:
        return f"class-{self.number % CLASSES}"

    @property
    def timestamp(self) -> datetime:
        return self.at - timedelta(hours=self.number % HOURS, minutes=1 + self.number % 50)

    @property
    def input_tokens(self) -> int:
        return 100 + (self.number * 7 + self.tenant) % 900

    @property
    def output_tokens(self) -> int:
        return 10 + (self.number * 13) % 300

    @property
    def cost(self) -> Decimal:
        """USD: exact (at most 7 decimals), as a single host must cost it."""
        million = Decimal(1_000_000)
        return (
            Decimal(self.input_tokens) * INPUT_PER_1M / million
            + Decimal(self.output_tokens) * OUTPUT_PER_1M / million
        )

    def body(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "customer_id": self.customer,
            "request_class": self.request_class,
            "model": MODEL,
            "timestamp": self.timestamp.isoformat(),
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
        }


def events(tenant: int, count: int, at: datetime) -> list[Event]:
    return [Event(tenant, n, at) for n in range(count)]


# (customer, request class, hour) -> events, input tokens, output tokens, cost
Key = tuple[str, str, datetime]


@dataclass
class Figures:
    events: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: Decimal = Decimal(0)

    def add(self, events: int, input_tokens: int, output_tokens: int, cost: Decimal) -> None:
        self.events += events
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens
        self.cost += cost

    def as_tuple(self) -> tuple[int, int, int, Decimal]:
        return (self.events, self.input_tokens, self.output_tokens, self.cost.normalize())


def expected(evs: list[Event]) -> dict[Key, Figures]:
    """What a single host's rollups hold for these events, per customer, class and hour."""
    found: dict[Key, Figures] = {}
    for e in evs:
        hour = e.timestamp.replace(minute=0, second=0, microsecond=0)
        found.setdefault((e.customer, e.request_class, hour), Figures()).add(
            1, e.input_tokens, e.output_tokens, e.cost
        )
    return found


def grouped(rows: dict[Key, Figures], *parts: int) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Sum the rows by the key's parts at `parts` (0 customer, 1 class, 2 hour)."""
    out: dict[tuple[Any, ...], Figures] = {}
    for key, figures in rows.items():
        out.setdefault(tuple(key[i] for i in parts), Figures()).add(*figures.as_tuple())
    return {key: figures.as_tuple() for key, figures in out.items()}


# ----------------------------------------------------------------------- the clients


@dataclass
class Tally:
    """What the clients saw, over every attempt (thread-safe)."""

    answers: Counter[str] = field(default_factory=Counter)  # "200", "timeout", "refused"...
    verdicts: Counter[str] = field(default_factory=Counter)  # accepted, duplicate, conflict...
    posts: int = 0  # batches x hosts
    retries: int = 0
    failovers: int = 0  # attempts sent to the other host because the first was gone
    errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        with self._lock:
            setattr(self, what, getattr(self, what) + 1)

    def error(self, what: str) -> None:
        with self._lock:
            self.errors.append(what[:500])

    def answer(self, what: str, body: Any = None) -> None:
        with self._lock:
            self.answers[what] += 1
            if isinstance(body, dict):
                for verdict in ("accepted", "duplicate", "conflict", "rejected"):
                    self.verdicts[verdict] += int(body.get(verdict, 0))


class Clients:
    """Post every batch of every tenant to both web hosts; retry until each is answered."""

    def __init__(self, hosts: list[AppHost], keys: list[str], evs: list[list[Event]]) -> None:
        self.hosts = hosts
        self.keys = keys
        self.evs = evs
        self.tally = Tally()
        self.done = 0
        self.total = 0
        self._lock = threading.Lock()

    def jobs(self) -> Iterator[tuple[int, int, int]]:
        """(tenant, batch, host index): each batch to each host, one right after the other."""
        batches = max(len(e) for e in self.evs) // BATCH
        for batch in range(batches):
            for tenant in range(len(self.evs)):
                for host in range(len(self.hosts)):
                    yield tenant, batch, host

    def batch(self, tenant: int, batch: int) -> list[dict[str, Any]]:
        first = batch * BATCH
        start = max(0, first - REPEATED)
        return [e.body() for e in self.evs[tenant][start : first + BATCH]]

    def _call(
        self,
        host: AppHost,
        key: str,
        body: bytes | None,
        timeout: float,
        *,
        method: str = "POST",
        path: str = "/v1/events",
    ) -> tuple[str, Any]:
        """(status or what went wrong, (payload, Retry-After) when answered)."""
        connection = http.client.HTTPConnection(host.host.address, WEB_PORT, timeout=timeout)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            response = connection.getresponse()
            raw = response.read()
            payload = json.loads(raw) if raw.startswith(b"{") else raw[:300]
            return str(response.status), (payload, response.getheader("Retry-After"))
        except TimeoutError:
            return "timeout", None
        except ConnectionRefusedError:
            return "refused", None
        except (OSError, http.client.HTTPException) as error:
            return f"connection {type(error).__name__}", None
        finally:
            connection.close()

    def run_job(self, tenant: int, batch: int, host_index: int) -> None:
        events_ = self.batch(tenant, batch)
        body = json.dumps({"events": events_}).encode()
        host = self.hosts[host_index]
        timeout = SHORT_TIMEOUT if batch % TIMEOUT_EVERY == 0 and host_index == 0 else TIMEOUT
        for _attempt in range(MAX_ATTEMPTS):
            if not host.alive:  # the load balancer sends the request to a host still up
                host = next(h for h in self.hosts if h.alive)
                self.tally.count("failovers")
            status, answer = self._call(host, self.keys[tenant], body, timeout)
            payload, retry_after = answer if answer else (None, None)
            self.tally.answer(status, payload)
            if status in ("200", "201"):
                assert isinstance(payload, dict), payload
                if payload["accepted"] + payload["duplicate"] != len(events_):
                    self.tally.error(f"{host.name}: {payload}")
                break
            if status.startswith("4") and status != "429":
                self.tally.error(f"{host.name}: {status} {payload}")
                break
            timeout = TIMEOUT
            self.tally.count("retries")
            time.sleep(min(float(retry_after or 0.2), 1.0))
        else:
            self.tally.error(f"tenant {tenant} batch {batch}: no answer")
        with self._lock:
            self.done += 1

    def post_json(self, host: AppHost, key: str, path: str, body: Any) -> tuple[str, Any]:
        """One POST outside the ingest (set-up): its status and payload."""
        status, answer = self._call(host, key, json.dumps(body).encode(), TIMEOUT, path=path)
        return status, answer[0] if answer else None

    def get_json(self, host: AppHost, key: str, path: str) -> Any:
        """A read that must succeed."""
        status, answer = self._call(host, key, None, TIMEOUT, method="GET", path=path)
        assert status == "200", (path, status, answer)
        return answer[0]

    def start(self, threads: int = 3) -> ThreadPoolExecutor:
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="multihost-client")
        jobs = list(self.jobs())
        self.total = len(jobs)
        self.tally.posts = len(jobs)
        for job in jobs:
            pool.submit(self.run_job, *job)
        return pool

    @property
    def progress(self) -> float:
        with self._lock:
            return self.done / self.total if self.total else 0.0


def now() -> datetime:
    return datetime.now(UTC)

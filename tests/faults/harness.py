"""What every scenario shares: a client that times its answers, ingest load, and the final count.

Every event of the suite costs exactly one cent (500 input tokens at $10 per 1M plus 100
output tokens at $50 per 1M, a price of the tenant's own), so a report's cost, rounded to
the cent, says how many events it costed: a figure short is a lost cost, a figure over is a
cost counted twice.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from tests.faults.services import FaultStack

# A request unanswered after this long hangs (the services fail a request within ~3 s).
HANG_AFTER = 10.0
# How long a scenario waits for the pipeline to drain once its fault is over.
DRAIN_TIMEOUT = 150.0
EVENT_COST = Decimal("0.01")  # USD, every event of the suite
INPUT_TOKENS, OUTPUT_TOKENS = 500, 100
PRICE = {
    "provider": "faults",
    "model": "fault-model",
    "valid_from": "2020-01-01T00:00:00Z",
    "input_per_1m": "10",
    "output_per_1m": "50",
}


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer within HANG_AFTER (or the connection failed)
    seconds: float
    retry_after: str | None
    body: Any


class Answers:
    """Answers counted by status, thread-safe: `503`, `500` (any other 5xx), `hang`..."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.by_status: Counter[str] = Counter()
        self.slowest = 0.0
        self.errors: list[str] = []

    def record(self, method: str, path: str, answer: Answer) -> None:
        with self._lock:
            self.slowest = max(self.slowest, answer.seconds)
            if answer.status == 0 or answer.seconds > HANG_AFTER:
                self.by_status["hang"] += 1
                self.errors.append(f"{method} {path}: no answer in {answer.seconds:.1f} s")
            elif answer.status == 503 and answer.retry_after is None and path != "/readyz":
                self.by_status["500"] += 1
                self.errors.append(f"{method} {path}: 503 without Retry-After")
            elif answer.status >= 500 and answer.status != 503:
                self.by_status["500"] += 1
                self.errors.append(f"{method} {path}: {answer.status} {answer.body}"[:500])
            else:
                self.by_status[str(answer.status)] += 1

    @property
    def count_503(self) -> int:
        return self.by_status["503"]

    @property
    def count_500(self) -> int:
        return self.by_status["500"]

    @property
    def hangs(self) -> int:
        return self.by_status["hang"]


class Api:
    """One tenant's key against the stack's gunicorn; every answer is timed and counted."""

    def __init__(self, stack: FaultStack, key: str, answers: Answers) -> None:
        parts = urlsplit(stack.base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.key = key
        self.answers = answers

    def call(self, method: str, path: str, body: Any = None, *, count: bool = True) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=HANG_AFTER)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            answer = Answer(
                status=response.status,
                seconds=time.monotonic() - started,
                retry_after=response.getheader("Retry-After"),
                body=json.loads(raw) if raw.startswith((b"{", b"[")) else raw[:300],
            )
        except (OSError, http.client.HTTPException):
            answer = Answer(
                status=0, seconds=time.monotonic() - started, retry_after=None, body=None
            )
        finally:
            connection.close()
        if count:
            self.answers.record(method, path, answer)
        return answer

    def get(self, path: str) -> Any:
        """A read that must succeed (used once the faults are over)."""
        answer = self.call("GET", path, count=False)
        assert answer.status == 200, (path, answer)
        return answer.body


class Probe:
    """Read the readiness probe and a report every `every` seconds while a fault lasts."""

    def __init__(self, api: Api, every: float = 0.5) -> None:
        self.api = api
        self.every = every
        self.readyz: Counter[int] = Counter()
        self.readyz_slowest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Probe:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            answer = self.api.call("GET", "/readyz")
            self.readyz[answer.status] += 1
            self.readyz_slowest = max(self.readyz_slowest, answer.seconds)
            self.api.call("GET", f"/v1/usage?{report_window()}")
            self._stop.wait(self.every)

    def stop(self) -> str:
        """Stop; describe what /readyz answered."""
        self._stop.set()
        self._thread.join(HANG_AFTER * 3)
        statuses = ", ".join(
            f"{n} x {status or 'none'}" for status, n in sorted(self.readyz.items())
        )
        return f"/readyz answered {statuses}, the slowest in {self.readyz_slowest:.1f} s"


def event(event_id: str, *, customer: int, hours_ago: int, now: datetime) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "customer_id": f"cus_{customer}",
        "request_class": f"class-{customer % 3}",
        "model": PRICE["model"],
        "timestamp": (now - timedelta(hours=hours_ago, minutes=1)).isoformat(),
        "input_tokens": INPUT_TOKENS,
        "output_tokens": OUTPUT_TOKENS,
    }


@dataclass
class Ingest:
    """Post batches of new events until stopped; a batch that failed is posted again.

    Clients retry on 503 (after at most a second of its Retry-After), on a hang and on a
    dropped connection, with the same event ids: an event is acknowledged once the server
    answered it `accepted` or `duplicate`.
    """

    api: Api
    prefix: str
    batch: int = 100
    customers: int = 50
    spread_hours: int = 1  # timestamps over this many hours before now
    pause: float = 0.05  # between batches
    threads: int = 2
    limit: int | None = None  # stop after this many events
    sent: int = 0
    acknowledged: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[threading.Thread] = field(default_factory=list)
    _next: int = 0

    def start(self) -> Ingest:
        self.now = datetime.now(UTC)
        for _ in range(self.threads):
            thread = threading.Thread(target=self._run, daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def _take(self) -> list[dict[str, Any]] | None:
        with self._lock:
            if self.limit is not None and self._next >= self.limit:
                return None
            size = self.batch if self.limit is None else min(self.batch, self.limit - self._next)
            first, self._next = self._next, self._next + size
            self.sent += size
        return [
            event(
                f"{self.prefix}-{n}",
                customer=n % self.customers,
                hours_ago=n % self.spread_hours,
                now=self.now,
            )
            for n in range(first, first + size)
        ]

    def _run(self) -> None:
        while not self._stop.is_set():
            events = self._take()
            if events is None:
                return
            while True:
                answer = self.api.call("POST", "/v1/events", {"events": events})
                if answer.status in (200, 201):
                    body = answer.body
                    with self._lock:
                        self.acknowledged += body["accepted"] + body["duplicate"]
                    break
                if 400 <= answer.status < 500:
                    break  # refused: never acknowledged, so the scenario fails on its count
                # A 503, a hang or a dropped connection: the same batch again, shortly.
                time.sleep(min(float(answer.retry_after or 1), 1.0))
            time.sleep(self.pause)

    def stop(self, timeout: float = 60) -> None:
        self._stop.set()
        self.join(timeout)

    def join(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        for thread in self._workers:
            thread.join(max(0.0, deadline - time.monotonic()))
        assert not any(t.is_alive() for t in self._workers), "ingest clients did not finish"


# ----------------------------------------------------------------------- the final count

# Every place an event is counted: (source, SQL giving events and cost for tenant %s).
DATABASE_SOURCES = {
    "events": "SELECT count(*), coalesce(sum(cost_total), 0) FROM metering_usageevent"
    " WHERE tenant_id = %s AND voided_at IS NULL",
    "rollup hours": "SELECT coalesce(sum(events), 0), coalesce(sum(cost_total), 0)"
    " FROM economics_rolluphour WHERE tenant_id = %s",
    "rollup days": "SELECT coalesce(sum(events), 0), coalesce(sum(cost_total), 0)"
    " FROM economics_rollupday WHERE tenant_id = %s",
    "class hours": "SELECT coalesce(sum(events), 0), coalesce(sum(cost_total), 0)"
    " FROM economics_classhour WHERE tenant_id = %s",
    "class days": "SELECT coalesce(sum(events), 0), coalesce(sum(cost_total), 0)"
    " FROM economics_classday WHERE tenant_id = %s",
    "customer totals": "SELECT coalesce(sum(requests), 0), coalesce(sum(cost_total), 0)"
    " FROM economics_customerclasstotal WHERE tenant_id = %s",
}
WAITING = (
    "SELECT (SELECT count(*) FROM metering_usageevent WHERE tenant_id = %(t)s"
    "        AND cost_status <> 'priced'),"
    " (SELECT count(*) FROM metering_eventchange WHERE tenant_id = %(t)s),"
    " (SELECT count(*) FROM economics_dirtybucket WHERE tenant_id = %(t)s)"
)


@dataclass(frozen=True)
class Tally:
    """Where one tenant's events are counted, once the pipeline drained (or gave up)."""

    expected: int
    counted: dict[str, tuple[int, Decimal]]  # source -> (events, cost)
    not_priced: int  # events still pending or unpriced
    notes: int
    marks: int

    def _costed(self, cost: Decimal) -> int:
        return int(cost / EVENT_COST)

    @property
    def lost(self) -> int:
        """Events missing from a report, or whose cost is missing, at the worst source."""
        short = [self.not_priced]
        for events, cost in self.counted.values():
            short += [self.expected - events, self.expected - self._costed(cost)]
        return max(0, *short)

    @property
    def doubled(self) -> int:
        """Events (or costs) counted more than once, at the worst source."""
        over = [0]
        for events, cost in self.counted.values():
            over += [events - self.expected, self._costed(cost) - self.expected]
        return max(over)

    @property
    def exact(self) -> bool:
        whole = self.expected * EVENT_COST
        return not (self.not_priced or self.notes or self.marks) and all(
            counted == (self.expected, whole) for counted in self.counted.values()
        )

    def describe(self) -> str:
        rows = [
            f"{name}: {events} events, ${cost}" for name, (events, cost) in self.counted.items()
        ]
        return (
            f"expected {self.expected} events, ${self.expected * EVENT_COST}; "
            f"not priced {self.not_priced}, notes {self.notes}, marks {self.marks}; "
            + "; ".join(rows)
        )


def report_window() -> str:
    today = datetime.now(UTC).date()
    return f"from={today - timedelta(days=3)}&to={today + timedelta(days=2)}"


def tally(stack: FaultStack, api: Api, tenant_id: str, expected: int) -> Tally:
    """Count the tenant's events in the database, every rollup, /v1/usage and the report."""
    counted: dict[str, tuple[int, Decimal]] = {}
    with stack.postgres.connect() as db:
        for name, sql in DATABASE_SOURCES.items():
            row = db.execute(sql, [tenant_id]).fetchone()
            assert row is not None
            counted[name] = (int(row[0]), Decimal(row[1]))
        waiting = db.execute(WAITING, {"t": tenant_id}).fetchone()
        assert waiting is not None
    window = report_window()
    usage = api.get(f"/v1/usage?{window}")["results"]
    # /v1/usage carries no cost: only its count is compared.
    counted["/v1/usage"] = (usage[0]["events"] if usage else 0, counted["events"][1])
    blended = api.get(f"/v1/economics/request-classes?{window}")["blended"]
    counted["/v1/economics/request-classes"] = (blended["requests"], Decimal(blended["cost"]))
    return Tally(
        expected=expected,
        counted=counted,
        not_priced=int(waiting[0]),
        notes=int(waiting[1]),
        marks=int(waiting[2]),
    )


def drained(
    stack: FaultStack, api: Api, tenant_id: str, expected: int, timeout: float = DRAIN_TIMEOUT
) -> Tally:
    """Wait (bounded) until the tenant's events are costed and counted everywhere; the tally."""
    deadline = time.monotonic() + timeout
    while True:
        found = tally(stack, api, tenant_id, expected)
        if found.exact or time.monotonic() > deadline:
            return found
        time.sleep(1)


# ----------------------------------------------------------------------- the table


@dataclass
class Row:
    scenario: str
    sent: int
    accepted: int
    answers_503: int
    answers_500: int
    hangs: int
    lost: int
    doubled: int
    seconds: float
    notes: list[str] = field(default_factory=list)


RESULTS: list[Row] = []
COLUMNS = (
    "scenario",
    "events sent",
    "accepted",
    "503s",
    "500s",
    "hangs",
    "lost",
    "doubled",
    "seconds",
)


def table(rows: list[Row]) -> list[str]:
    """The results as an aligned text table."""
    cells = [COLUMNS] + [
        (
            r.scenario,
            f"{r.sent:,}",
            f"{r.accepted:,}",
            str(r.answers_503),
            str(r.answers_500),
            str(r.hangs),
            str(r.lost),
            str(r.doubled),
            f"{r.seconds:.0f}",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


@dataclass
class Scenario:
    """One scenario's bookkeeping: its answers, its clock, its row in the table."""

    name: str
    answers: Answers = field(default_factory=Answers)
    started: float = field(default_factory=time.monotonic)
    notes: list[str] = field(default_factory=list)

    def finish(self, *, sent: int, accepted: int, tallies: list[Tally]) -> Row:
        """Record the row (printed even when an assertion then fails) and return it."""
        row = Row(
            scenario=self.name,
            sent=sent,
            accepted=accepted,
            answers_503=self.answers.count_503,
            answers_500=self.answers.count_500,
            hangs=self.answers.hangs,
            lost=sum(t.lost for t in tallies),
            doubled=sum(t.doubled for t in tallies),
            seconds=time.monotonic() - self.started,
            notes=self.notes,
        )
        RESULTS.append(row)
        return row

    def assert_clean(self, row: Row, tallies: list[Tally]) -> None:
        problems = [t.describe() for t in tallies if not t.exact]
        assert not problems, "not exactly once:\n" + "\n".join(problems)
        assert row.answers_500 == 0 and row.hangs == 0, self.answers.errors[:20]
        assert row.accepted == row.sent, (row.sent, row.accepted)


def tenant_ready(stack: FaultStack, name: str, answers: Answers) -> tuple[Api, str]:
    """A new tenant with the suite's price; its client and its id."""
    key = stack.create_tenant(name)
    api = Api(stack, key, answers)
    created = api.call("POST", "/v1/costs/model-prices", PRICE, count=False)
    assert created.status == 201, created
    with stack.postgres.connect() as db:
        row = db.execute("SELECT id FROM metering_tenant WHERE name = %s", [name]).fetchone()
    assert row is not None
    return api, str(row[0])


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.05) -> Any:
    """Poll `condition` until it returns something true (returned); fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")

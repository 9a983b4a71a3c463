"""Ingest throughput: the raw PostgreSQL floor against the product, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal_bench \
    REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/ingest.py

Use a scratch database (created when missing; the run leaves its tenants' rows there) and a
Redis database of its own (the tasks the ingest queues are purged at the end).

(a) floor: the synthetic events written with raw psycopg, batch 1,000, one transaction per
    batch, into a plain table with the event columns and a unique (tenant_id, event_id):
    binary COPY into a session staging table then ``INSERT ... SELECT ... ON CONFLICT DO
    NOTHING`` (one connection, and two connections side by side), and ``INSERT ... SELECT
    FROM unnest(arrays) ON CONFLICT DO NOTHING``. The fastest is the floor. Rows are built
    before the clock starts: the floor does no parsing or validation.
(b) product: the same events as JSON batches of 1,000 POSTed to gunicorn (started here on
    127.0.0.1, 2 sync workers, production settings) with API-key auth, validation, dedup
    and customer resolution; 20% of each batch repeats earlier events.
(c) single-event POSTs at a steady 200 requests/s: p50 and p99 latency, measured from each
    request's scheduled start (so queueing counts).

Each round uses a fresh tenant and a fresh floor table; medians over the rounds are printed.

--large-tenant: one tenant first holds --preload keys (1,000,000; COPYed into the key table,
    and as many rows for it into the floor's table), then --rounds runs of (a) and (b) on that
    same tenant, the ratio printed per run; no ANALYZE is run (autovacuum may be off).
--single: only single events, open loop: --rounds at --single-rate for --single-seconds,
    then the rates of --search-rates (each --search-seconds) until p99 reaches 50 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
import psycopg

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BATCH = 1_000
CLASSES = ["chat", "classify", "doc-summarise", "search-rank", "agent-step"]
MODELS = [
    ("gpt-4o", "openai"),
    ("claude-sonnet-4", "anthropic"),
    ("llama-3-70b", "self"),
]


@dataclass
class Workload:
    """Batches of raw event dicts; ``dup_ratio`` of each batch repeats earlier events."""

    batches: list[list[dict[str, Any]]]
    unique: int


def make_workload(*, events: int, batch: int, dup_ratio: float, seed: int) -> Workload:
    """Build the synthetic event stream shared by the floor and the product."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    sent: list[dict[str, Any]] = []
    batches: list[list[dict[str, Any]]] = []
    run = uuid.uuid4().hex[:8]
    serial = 0
    for _ in range(events // batch):
        rows = []
        dups = int(batch * dup_ratio) if sent else 0
        for _ in range(batch - dups):
            serial += 1
            model, provider = rng.choice(MODELS)
            event = {
                "event_id": f"{run}-{serial:09d}",
                "customer_id": f"cust-{rng.randrange(200):04d}",
                "timestamp": (now - timedelta(seconds=rng.randrange(600))).isoformat(),
                "request_class": rng.choice(CLASSES),
                "model": model,
                "provider": provider,
                "input_tokens": rng.randrange(50, 4000),
                "cached_input_tokens": rng.randrange(0, 1000),
                "output_tokens": rng.randrange(10, 1500),
                "reasoning_tokens": rng.randrange(0, 200),
                "gpu_seconds": str(Decimal(rng.randrange(0, 2000)) / 1000),
                "retrieval_calls": rng.randrange(0, 4),
                "external_cost": str(Decimal(rng.randrange(0, 500)) / 100000),
                "outcome": rng.choice(["success", "failure", None]),
                "latency_ms": rng.randrange(40, 9000),
                "trace_id": f"trace-{rng.randrange(10**6)}",
                "properties": {"tier": rng.choice(["free", "pro"]), "region": "eu"},
            }
            rows.append(event)
        repeats = rng.sample(sent, dups)
        sent.extend(rows)
        rows.extend(repeats)
        rng.shuffle(rows)
        batches.append(rows)
    return Workload(batches=batches, unique=serial)


# --- (a) the floor -------------------------------------------------------------------

FLOOR_COLUMNS = [
    ("tenant_id", "uuid"),
    ("customer_id", "bigint"),
    ("event_id", "varchar(128)"),
    ("timestamp", "timestamptz"),
    ("request_class", "varchar(64)"),
    ("model", "varchar(200)"),
    ("provider", "varchar(64)"),
    ("input_tokens", "bigint"),
    ("cached_input_tokens", "bigint"),
    ("cache_write_tokens", "bigint"),
    ("output_tokens", "bigint"),
    ("reasoning_tokens", "bigint"),
    ("requests", "integer"),
    ("gpu_seconds", "numeric(18,6)"),
    ("gpu_type", "varchar(64)"),
    ("retrieval_calls", "integer"),
    ("external_cost", "numeric(20,10)"),
    ("outcome", "varchar(16)"),
    ("outcome_value", "numeric(20,6)"),
    ("latency_ms", "integer"),
    ("trace_id", "varchar(128)"),
    ("properties", "jsonb"),
    ("payload_hash", "varchar(64)"),
    ("received_at", "timestamptz"),
    ("amends_event_id", "varchar(128)"),
    ("cost_status", "varchar(16)"),
    ("cost_detail", "jsonb"),
]
NAMES = ", ".join(f'"{name}"' for name, _ in FLOOR_COLUMNS)


def floor_rows(workload: Workload, tenant_id: uuid.UUID) -> list[list[tuple[Any, ...]]]:
    """Turn the workload into ready-made tuples: the floor does no validation."""
    customers: dict[str, int] = {}
    out = []
    now = datetime.now(UTC)
    for batch in workload.batches:
        rows = []
        for e in batch:
            customer = customers.setdefault(e["customer_id"], len(customers) + 1)
            rows.append(
                (
                    tenant_id,
                    customer,
                    e["event_id"],
                    datetime.fromisoformat(e["timestamp"]),
                    e["request_class"],
                    e["model"],
                    e["provider"],
                    e["input_tokens"],
                    e["cached_input_tokens"],
                    0,
                    e["output_tokens"],
                    e["reasoning_tokens"],
                    1,
                    Decimal(e["gpu_seconds"]),
                    "",
                    e["retrieval_calls"],
                    Decimal(e["external_cost"]),
                    e["outcome"],
                    None,
                    e["latency_ms"],
                    e["trace_id"],
                    psycopg.types.json.Jsonb(e["properties"]),
                    "0" * 64,
                    now,
                    "",
                    "pending",
                    psycopg.types.json.Jsonb({}),
                )
            )
        out.append(rows)
    return out


def floor_setup(conn: psycopg.Connection[Any]) -> None:
    columns = ", ".join(f'"{name}" {kind}' for name, kind in FLOOR_COLUMNS)
    conn.execute("DROP TABLE IF EXISTS bench_floor_event")
    conn.execute(
        f"CREATE TABLE bench_floor_event (id bigint GENERATED BY DEFAULT AS IDENTITY"
        f" PRIMARY KEY, {columns}, UNIQUE (tenant_id, event_id))"
    )
    conn.execute(
        'CREATE INDEX bench_floor_event_tenant_ts ON bench_floor_event (tenant_id, "timestamp")'
    )
    conn.commit()


def floor_copy(
    conn: psycopg.Connection[Any], batches: list[list[tuple[Any, ...]]], *, fresh: bool = True
) -> float:
    """COPY each batch into a session staging table, then insert-or-ignore it."""
    if fresh:
        floor_setup(conn)
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_floor_stage"
        " (LIKE bench_floor_event EXCLUDING ALL) ON COMMIT DELETE ROWS"
    )
    conn.execute("ALTER TABLE bench_floor_stage DROP COLUMN IF EXISTS id")
    conn.commit()
    types = [kind.split("(")[0] for _, kind in FLOOR_COLUMNS]
    insert = (
        f"INSERT INTO bench_floor_event ({NAMES}) SELECT {NAMES} FROM bench_floor_stage"
        # Key order: concurrent batches sharing keys then never deadlock.
        " ORDER BY event_id ON CONFLICT (tenant_id, event_id) DO NOTHING"
    )
    started = time.perf_counter()
    with conn.cursor() as cur:
        for rows in batches:
            with cur.copy(f"COPY bench_floor_stage ({NAMES}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
            cur.execute(insert)
            conn.commit()
    return time.perf_counter() - started


def floor_unnest(conn: psycopg.Connection[Any], batches: list[list[tuple[Any, ...]]]) -> float:
    """One statement per batch: insert-or-ignore from parallel arrays."""
    floor_setup(conn)
    arrays = ", ".join(f"%s::{kind.split('(')[0]}[]" for _, kind in FLOOR_COLUMNS)
    insert = (
        f"INSERT INTO bench_floor_event ({NAMES}) SELECT * FROM unnest({arrays})"
        " ON CONFLICT (tenant_id, event_id) DO NOTHING"
    )
    started = time.perf_counter()
    with conn.cursor() as cur:
        for rows in batches:
            cur.execute(insert, [list(column) for column in zip(*rows, strict=True)])
            conn.commit()
    return time.perf_counter() - started


def count_floor(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) FROM bench_floor_event").fetchone()
    assert row is not None
    return int(row[0])


def floor_copy_parallel(
    conn: psycopg.Connection[Any],
    batches: list[list[tuple[Any, ...]]],
    url: str,
    *,
    fresh: bool = True,
) -> float:
    """The staged COPY method on two connections at once, each taking every other batch."""
    if fresh:
        floor_setup(conn)
    conns = [psycopg.connect(url) for _ in range(2)]
    try:
        for other in conns:
            other.execute(
                "CREATE TEMP TABLE IF NOT EXISTS bench_floor_stage"
                " (LIKE bench_floor_event EXCLUDING ALL) ON COMMIT DELETE ROWS"
            )
            other.execute("ALTER TABLE bench_floor_stage DROP COLUMN IF EXISTS id")
            other.commit()
        types = [kind.split("(")[0] for _, kind in FLOOR_COLUMNS]
        insert = (
            f"INSERT INTO bench_floor_event ({NAMES}) SELECT {NAMES} FROM bench_floor_stage"
            " ORDER BY event_id ON CONFLICT (tenant_id, event_id) DO NOTHING"
        )

        def work(index: int) -> None:
            worker = conns[index]
            with worker.cursor() as cur:
                for rows in batches[index::2]:
                    sql = f"COPY bench_floor_stage ({NAMES}) FROM STDIN (FORMAT BINARY)"
                    with cur.copy(sql) as copy:
                        copy.set_types(types)
                        for row in rows:
                            copy.write_row(row)
                    cur.execute(insert)
                    worker.commit()

        started = time.perf_counter()
        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started
    finally:
        for other in conns:
            other.close()


# --- (b) the product ----------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the benchmark's scratch database when it does not exist yet."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info.get("dbname")
    with psycopg.connect(
        psycopg.conninfo.make_conninfo(url, dbname="postgres"), autocommit=True
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn serving the product on 127.0.0.1 with production settings."""

    def __init__(self, env: dict[str, str], workers: int, threads: int = 1) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = self.request("GET", "/healthz", b"", {})
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def request(
        self,
        method: str,
        path: str,
        body: bytes,
        headers: dict[str, str],
        timeout: float = 120.0,
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def new_tenant_key(env: dict[str, str], name: str) -> tuple[str, str]:
    """Create a tenant and an ingest key through the product's own services."""
    code = (
        "import django, sys; django.setup();"
        "from metering.audit import Actor; bench = Actor.system('bench');"
        "from metering.services import tenant_create, api_key_create;"
        f"t, _ = tenant_create(name={name!r}, actor=bench);"
        "k = api_key_create(tenant=t, name='bench', scopes=['ingest'], actor=bench);"
        "print(t.pk); print(k.raw_key)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return out[-2], out[-1]


def product_batches(
    server: Server, key: str, bodies: list[bytes], clients: int
) -> tuple[float, dict[str, int]]:
    """POST every batch body with `clients` concurrent connections; return seconds, verdicts."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    totals = {"accepted": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    lock = threading.Lock()

    def send(body: bytes) -> None:
        status, payload = server.request("POST", "/v1/events", body, headers)
        if status != 200:
            raise RuntimeError(f"ingest answered {status}: {payload[:300]!r}")
        verdicts = msgspec.json.decode(payload)
        with lock:
            for name in totals:
                totals[name] += verdicts[name]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(send, bodies))
    return time.perf_counter() - started, totals


def single_event_latency(
    server: Server, key: str, *, rate: int, seconds: float, timeout: float = 120.0
) -> tuple[float, float, int]:
    """Open-loop single-event POSTs at `rate`/s; (p50 ms, p99 ms, errors).

    Each request has a scheduled send time (start + i / rate) and its latency runs from
    then, not from when a free thread got to send it: a slow server cannot hide its
    queue by slowing the sender (no coordinated omission). A timeout or a status other
    than 201 is an error, counted at its full latency; so is a request still unsent
    `timeout` seconds after its time (the run then ends about on schedule).
    """
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    count = int(rate * seconds)
    run = uuid.uuid4().hex[:8]
    bodies = [
        msgspec.json.encode(
            {
                "event_id": f"single-{run}-{i}",
                "customer_id": f"cust-{i % 50}",
                "request_class": "chat",
                "model": "gpt-4o",
                "input_tokens": 1000 + i,
                "output_tokens": 200,
                "latency_ms": 700,
            }
        )
        for i in range(count)
    ]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def send(index: int) -> None:
        nonlocal errors
        due = start + index / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        elif -pause > timeout:
            # Its client would have given up before a thread was free to send it.
            with lock:
                latencies.append(-pause * 1000)
                errors += 1
            return
        try:
            status, _ = server.request(
                "POST", "/v1/events", bodies[index], headers, timeout=timeout
            )
        except OSError:
            status = 0
        elapsed = (time.perf_counter() - due) * 1000
        with lock:
            latencies.append(elapsed)
            if status != 201:
                errors += 1

    # Enough threads that none is late to its send while the server keeps up.
    with ThreadPoolExecutor(max(32, rate // 4)) as pool:
        list(pool.map(send, range(count)))
    latencies.sort()
    p50 = latencies[max(0, int(0.50 * len(latencies)) - 1)]
    p99 = latencies[max(0, int(0.99 * len(latencies)) - 1)]
    return p50, p99, errors


def single_event_capacity(
    server: Server, key: str, *, clients: int, seconds: float
) -> tuple[float, float, float]:
    """Closed-loop single-event POSTs from `clients` connections: (req/s, p50 ms, p99 ms)."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    run = uuid.uuid4().hex[:8]
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def loop(client: int) -> None:
        serial = 0
        while time.perf_counter() < stop:
            serial += 1
            body = msgspec.json.encode(
                {
                    "event_id": f"cap-{run}-{client}-{serial}",
                    "customer_id": f"cust-{serial % 50}",
                    "request_class": "chat",
                    "input_tokens": 1000,
                    "output_tokens": 200,
                }
            )
            started = time.perf_counter()
            status, _ = server.request("POST", "/v1/events", body, headers)
            elapsed = (time.perf_counter() - started) * 1000
            if status != 201:
                raise RuntimeError(f"single POST answered {status}")
            with lock:
                latencies.append(elapsed)

    began = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rate = len(latencies) / (time.perf_counter() - began)
    latencies.sort()
    return (
        rate,
        latencies[max(0, int(0.50 * len(latencies)) - 1)],
        latencies[max(0, int(0.99 * len(latencies)) - 1)],
    )


def preload_keys(
    conn: psycopg.Connection[Any], *, table: str, columns: str, line: str, count: int
) -> float:
    """COPY `count` synthetic rows (`line` formatted with i) into `table`; seconds taken."""
    started = time.perf_counter()
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for start in range(0, count, 20_000):
            copy.write("".join(line.format(i=i) for i in range(start, min(count, start + 20_000))))
    conn.commit()
    return time.perf_counter() - started


def fresh_floor_rows(
    args: argparse.Namespace, tenant_id: str, seed: int
) -> tuple[list[list[tuple[Any, ...]]], int]:
    """The floor's rows for one run, with new event ids (the floor table keeps earlier rows)."""
    workload = make_workload(events=args.events, batch=BATCH, dup_ratio=args.dup_ratio, seed=seed)
    return floor_rows(workload, uuid.UUID(tenant_id)), sum(len(b) for b in workload.batches)


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def large_tenant(args: argparse.Namespace, env: dict[str, str], pg_url: str) -> int:
    """One tenant holding `--preload` keys, then `--rounds` runs of floor and product on it."""
    server = Server(env, args.workers, args.threads)
    try:
        tenant_id, key = new_tenant_key(env, f"bench-large-{uuid.uuid4().hex[:6]}")
        with psycopg.connect(pg_url) as conn:
            now = datetime.now(UTC).isoformat()
            seconds = preload_keys(
                conn,
                table="metering_eventkey",
                columns='tenant_id, event_id, payload_hash, "timestamp"',
                line=f"{tenant_id}\tpre-{{i:09d}}\t{'0' * 64}\t{now}\n",
                count=args.preload,
            )
            print(f"preloaded {args.preload:,} keys for the tenant in {seconds:.1f} s", flush=True)
            floor_setup(conn)
            seconds = preload_keys(
                conn,
                table="bench_floor_event",
                columns="tenant_id, event_id, customer_id",
                line=f"{tenant_id}\tpre-{{i:09d}}\t1\n",
                count=args.preload,
            )
            print(f"preloaded {args.preload:,} floor rows in {seconds:.1f} s", flush=True)
            # Warm every worker (imports, connections, the staging table) before the clock.
            warm = make_workload(events=4_000, batch=100, dup_ratio=args.dup_ratio, seed=99)
            product_batches(
                server, key, [msgspec.json.encode({"events": b}) for b in warm.batches], 4
            )
            runs: list[dict[str, float]] = []
            for run in range(args.rounds):
                figures: dict[str, float] = {}
                load_before = load_average()

                rows, sent = fresh_floor_rows(args, tenant_id, run)
                figures["floor_copy"] = sent / floor_copy(conn, rows, fresh=False)
                rows, sent = fresh_floor_rows(args, tenant_id, run)
                figures["floor_copy_2conn"] = sent / floor_copy_parallel(
                    conn, rows, pg_url, fresh=False
                )
                workload = make_workload(
                    events=args.events, batch=BATCH, dup_ratio=args.dup_ratio, seed=run
                )
                sent = sum(len(b) for b in workload.batches)
                bodies = [msgspec.json.encode({"events": batch}) for batch in workload.batches]
                seconds, totals = product_batches(server, key, bodies, args.clients)
                assert totals["accepted"] == workload.unique, totals
                assert totals["duplicate"] == sent - workload.unique, totals
                assert totals["conflict"] == totals["rejected"] == 0, totals
                figures["product"] = sent / seconds
                floor = max(figures["floor_copy"], figures["floor_copy_2conn"])
                figures["ratio"] = figures["product"] / floor
                runs.append(figures)
                row = conn.execute(
                    "SELECT count(*) FROM metering_eventkey WHERE tenant_id = %s", [tenant_id]
                ).fetchone()
                assert row is not None
                print(
                    f"run {run + 1}: floor_copy {figures['floor_copy']:,.0f}/s,"
                    f" floor_copy_2conn {figures['floor_copy_2conn']:,.0f}/s,"
                    f" product {figures['product']:,.0f}/s, product/floor {figures['ratio']:.2f}"
                    f" (tenant now holds {row[0]:,} keys; load {load_before} ->"
                    f" {load_average()})",
                    flush=True,
                )
    finally:
        server.stop()
        purge_tasks(env)
    print()
    for name in ("floor_copy", "floor_copy_2conn", "product", "ratio"):
        values = [figures[name] for figures in runs]
        print(f"median {name:<17} {statistics.median(values):>9,.2f}")
    print("product / floor per run: " + ", ".join(f"{f['ratio']:.2f}" for f in runs))
    return 0


def single_open_loop(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Open-loop single events: `--rounds` x `--single-rate` for `--single-seconds`, then a
    search for the highest rate with p99 under 50 ms."""
    server = Server(env, args.workers, args.threads)
    rounds: list[tuple[float, float, int]] = []
    search: list[tuple[int, float, float, int]] = []
    try:
        _, key = new_tenant_key(env, f"bench-single-{uuid.uuid4().hex[:6]}")
        single_event_latency(server, key, rate=50, seconds=3, timeout=10)  # warm the workers
        for round_ in range(args.rounds):
            load_before = load_average()
            figures = single_event_latency(
                server, key, rate=args.single_rate, seconds=args.single_seconds, timeout=10
            )
            rounds.append(figures)
            print(
                f"round {round_ + 1}: {args.single_rate} req/s for {args.single_seconds:.0f} s:"
                f" p50 {figures[0]:.1f} ms, p99 {figures[1]:.1f} ms, {figures[2]} errors"
                f" (load {load_before} -> {load_average()})",
                flush=True,
            )
        for rate in args.search_rates:
            load_before = load_average()
            p50, p99, errors = single_event_latency(
                server, key, rate=rate, seconds=args.search_seconds, timeout=10
            )
            search.append((rate, p50, p99, errors))
            print(
                f"search {rate} req/s for {args.search_seconds:.0f} s: p50 {p50:.1f} ms,"
                f" p99 {p99:.1f} ms, {errors} errors (load {load_before} -> {load_average()})",
                flush=True,
            )
            if p99 >= 50 or errors:
                break
    finally:
        server.stop()
        purge_tasks(env)
    print()
    print(
        f"median of {len(rounds)} rounds at {args.single_rate} req/s:"
        f" p50 {statistics.median(r[0] for r in rounds):.1f} ms,"
        f" p99 {statistics.median(r[1] for r in rounds):.1f} ms,"
        f" errors {sum(r[2] for r in rounds)}"
    )
    good = [rate for rate, _, p99, errors in search if p99 < 50 and not errors]
    print(f"highest rate tried with p99 < 50 ms: {max(good) if good else 'none'} req/s")
    return 0


def purge_tasks(env: dict[str, str]) -> None:
    """No worker ran: drop the costing and rollup tasks the ingest queued."""
    if env.get("REDIS_URL"):
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "config", "purge", "-f"],
            cwd=ROOT,
            env=env,
            check=False,
            capture_output=True,
        )


def stage_split(workload: Workload) -> dict[str, float]:
    """Microseconds per posted event of each stage of ingest, in this process (no HTTP)."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from metering import changes, event_store
    from metering.audit import Actor
    from metering.event_fast import parse_events
    from metering.services import tenant_create

    tenant, _ = tenant_create(
        name=f"bench-split-{uuid.uuid4().hex[:6]}", actor=Actor.system("bench")
    )
    spent = dict.fromkeys(
        ["parse and validate", "claim and store", "new customers", "change note", "commit"],
        0.0,
    )
    clock = time.perf_counter
    for batch in workload.batches:
        body = msgspec.json.encode({"events": batch})
        started = clock()
        results, _ = parse_events(body, now=timezone.now())
        first: dict[str, Any] = {}
        for result in results:
            assert result.event is not None, result.errors
            first.setdefault(result.event.event_id, result.event)
        candidates = list(first.values())
        spent["parse and validate"] += clock() - started
        with transaction.atomic():
            started = clock()
            received = timezone.now()
            claim = event_store.events_claim(tenant=tenant, events=candidates, received_at=received)
            new = [e for e in candidates if e.event_id in claim.claimed]
            spent["claim and store"] += clock() - started
            started = clock()
            waiting = [e for e in new if e.event_id not in claim.stored]
            pks, _ = event_store.customers_resolve(
                tenant=tenant, external_ids={e.customer_id for e in waiting}
            )
            event_store.events_insert(
                tenant=tenant,
                events=waiting,
                customer_pks=pks,
                received_at=received,
                claimed=claim.claimed,
            )
            spent["new customers"] += clock() - started
            started = clock()
            # The note only: its listener queues one task after the commit (broker time).
            changes.EventChange.objects.create(
                tenant=tenant, event_pks=changes.id_runs(claim.claimed[e.event_id] for e in new)
            )
            spent["change note"] += clock() - started
            started = clock()
        spent["commit"] += clock() - started
    sent = sum(len(b) for b in workload.batches)
    return {name: seconds / sent * 1e6 for name, seconds in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description="Ingest floor vs product, in one run.")
    parser.add_argument("--events", type=int, default=100_000, help="events per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dup-ratio", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=3, help="concurrent batch posters")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (1: sync worker)"
    )
    parser.add_argument("--single-rate", type=int, default=200, help="single POSTs per second")
    parser.add_argument("--single-seconds", type=float, default=10.0)
    parser.add_argument(
        "--split", action="store_true", help="only print where ingest time goes, in-process"
    )
    parser.add_argument(
        "--large-tenant",
        action="store_true",
        help="one tenant pre-loaded with --preload keys; --rounds runs of floor and product on it",
    )
    parser.add_argument("--preload", type=int, default=1_000_000, help="keys pre-loaded")
    parser.add_argument(
        "--single",
        action="store_true",
        help="only single events, open loop: --rounds at --single-rate, then a rate search",
    )
    parser.add_argument(
        "--search-rates", type=int, nargs="*", default=[100, 200, 300, 400, 500, 600, 800]
    )
    parser.add_argument("--search-seconds", type=float, default=20.0)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    pg_url = url.replace("postgres://", "postgresql://", 1)
    ensure_database(pg_url)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("RATELIMIT_ENABLED", "0")  # capacity is measured, not the per-key limits
    if not env.get("REDIS_URL"):
        print("note: no REDIS_URL, so after-ingest tasks run inside the request", file=sys.stderr)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if args.large_tenant:
        return large_tenant(args, env, pg_url)
    if args.single:
        return single_open_loop(args, env)
    if args.split:
        os.environ.update(env)
        sys.path.insert(0, ROOT)
        workload = make_workload(events=args.events, batch=BATCH, dup_ratio=args.dup_ratio, seed=9)
        split = stage_split(workload)
        for name, micros in split.items():
            print(f"{name:<20} {micros:6.1f} us/event")
        print(f"{'total':<20} {sum(split.values()):6.1f} us/event (one process, no HTTP)")
        return 0

    results: dict[str, list[float]] = {
        "floor_copy": [],
        "floor_copy_2conn": [],
        "floor_unnest": [],
        "product": [],
    }
    server = Server(env, args.workers, args.threads)
    try:
        with psycopg.connect(pg_url) as conn:
            for round_ in range(args.rounds):
                workload = make_workload(
                    events=args.events, batch=BATCH, dup_ratio=args.dup_ratio, seed=round_
                )
                sent = sum(len(b) for b in workload.batches)
                rows = floor_rows(workload, uuid.uuid4())
                floors: list[tuple[str, Any, tuple[Any, ...]]] = [
                    ("floor_copy", floor_copy, (conn, rows)),
                    ("floor_copy_2conn", floor_copy_parallel, (conn, rows, pg_url)),
                    ("floor_unnest", floor_unnest, (conn, rows)),
                ]
                for name, method, method_args in floors:
                    seconds = method(*method_args)
                    stored = count_floor(conn)
                    assert stored == workload.unique, (name, stored, workload.unique)
                    results[name].append(sent / seconds)
                conn.execute("DROP TABLE IF EXISTS bench_floor_event")
                conn.commit()

                _, key = new_tenant_key(env, f"bench-{uuid.uuid4().hex[:6]}")
                bodies = [msgspec.json.encode({"events": batch}) for batch in workload.batches]
                seconds, totals = product_batches(server, key, bodies, args.clients)
                assert totals["accepted"] == workload.unique, totals
                assert totals["duplicate"] == sent - workload.unique, totals
                assert totals["conflict"] == totals["rejected"] == 0, totals
                results["product"].append(sent / seconds)
                print(
                    f"round {round_ + 1}: "
                    + ", ".join(f"{name} {values[-1]:,.0f}/s" for name, values in results.items())
                    + f" ({sent} events, {sent - workload.unique} duplicates)",
                    flush=True,
                )
            _, key = new_tenant_key(env, "bench-single")
            p50, p99, errors = single_event_latency(
                server, key, rate=args.single_rate, seconds=args.single_seconds
            )
            capacity = single_event_capacity(
                server, key, clients=args.workers, seconds=args.single_seconds
            )
    finally:
        server.stop()
        purge_tasks(env)

    medians = {name: statistics.median(values) for name, values in results.items()}
    floor_name = max((n for n in medians if n.startswith("floor")), key=medians.__getitem__)
    floor = medians[floor_name]
    print()
    for name, value in medians.items():
        print(f"median {name:<17} {value:>9,.0f} events/s")
    print(f"floor = {floor_name}: {floor:,.0f} events/s")
    print(f"product / floor = {medians['product'] / floor:.2f} (target >= 0.50)")
    print(
        f"single-event POST at {args.single_rate}/s for {args.single_seconds:.0f}s:"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms, {errors} errors"
    )
    print(
        f"single-event POST, closed loop, {args.workers} clients: {capacity[0]:.0f} req/s,"
        f" p50 {capacity[1]:.1f} ms, p99 {capacity[2]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

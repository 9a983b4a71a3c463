"""Ingest throughput: the raw PostgreSQL floor against the product, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal python bench/ingest.py

(a) floor: the same synthetic events written with raw psycopg, batch 1,000, one
    transaction per batch: binary COPY into a session staging table, then
    ``INSERT ... SELECT ... ON CONFLICT (tenant_id, event_id) DO NOTHING`` into a
    table with the same columns; also ``INSERT ... SELECT FROM unnest(arrays)``.
    The faster of the two is the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

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
                "timestamp": (now - timedelta(seconds=rng.randrange(86_400))).isoformat(),
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
    ("model", "varchar(128)"),
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
    ("outcome_value", "numeric(20,10)"),
    ("latency_ms", "integer"),
    ("trace_id", "varchar(128)"),
    ("properties", "jsonb"),
    ("payload_hash", "varchar(64)"),
    ("received_at", "timestamptz"),
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


def floor_copy(conn: psycopg.Connection[Any], batches: list[list[tuple[Any, ...]]]) -> float:
    """COPY each batch into a session staging table, then insert-or-ignore it."""
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
        " ON CONFLICT (tenant_id, event_id) DO NOTHING"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dup-ratio", type=float, default=0.2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    workload = make_workload(events=args.events, batch=BATCH, dup_ratio=args.dup_ratio, seed=7)
    sent = sum(len(b) for b in workload.batches)
    print(f"{sent} events in batches of {BATCH}, {workload.unique} unique")
    rows = floor_rows(workload, uuid.uuid4())
    results: dict[str, list[float]] = {"floor_copy": [], "floor_unnest": []}
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        for round_ in range(args.rounds):
            for name, method in (
                ("floor_copy", floor_copy),
                ("floor_unnest", floor_unnest),
            ):
                seconds = method(conn, rows)
                stored = count_floor(conn)
                assert stored == workload.unique, (stored, workload.unique)
                results[name].append(sent / seconds)
                print(f"round {round_ + 1} {name}: {sent / seconds:,.0f} events/s")
        conn.execute("DROP TABLE IF EXISTS bench_floor_event")
        conn.commit()
    medians = {name: statistics.median(values) for name, values in results.items()}
    floor = max(medians.values())
    for name, value in medians.items():
        print(f"median {name}: {value:,.0f} events/s")
    print(f"floor: {floor:,.0f} events/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

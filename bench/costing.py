"""Costing throughput on PostgreSQL: events costed per second, end to end and pure math alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal python bench/costing.py

Stores N pending events for a fresh tenant (not timed), then times `events_cost` over
them in batches of 1,000 (what one step of `economics.changes_process` costs after ingest):
load the price book, read the events, resolve prices, compute, bulk-update the cost
columns. Each run resets the events to pending first. Side by side, in the same run:
the pure calculation (`costing.compute_cost` over the same usages, no database), and
the same end-to-end costing after the tenant imported the whole LiteLLM map (3,480
more price entries to match against). Rollups are not run here (their own benchmark
covers them). Prints medians; removes its tenant.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from economics.costs import costing  # noqa: E402
from economics.costs.selectors import PriceBook  # noqa: E402
from economics.costs.services.event_costs import (  # noqa: E402
    COSTING_BATCH,
    events_cost,
    usage_of,
)
from economics.costs.services.prices import (  # noqa: E402
    gpu_rate_create,
    model_price_create,
    model_prices_import_litellm,
    price_catalog_load,
    service_rate_create,
)
from metering.audit import Actor  # noqa: E402
from metering.models import Customer, Tenant, UsageEvent  # noqa: E402

LITELLM_MAP = ROOT / "tests" / "data" / "litellm" / "model_prices_and_context_window.json"
MODELS = [
    ("gpt-4o-2024-08-06", "openai"),  # catalog, through its dated snapshot
    ("gpt-4.1-nano", "openai"),
    ("claude-sonnet-4-5-20250929", "anthropic"),
    ("gemini-2.5-pro", "gemini"),
    ("llama-3-70b", ""),  # the tenant's own price
]
CLASSES = ["chat", "classify", "doc-summarise", "search-rank", "agent-step"]


def store_events(tenant: Tenant, count: int, seed: int, prefix: str = "bench") -> list[int]:
    rng = random.Random(seed)
    customers = [
        Customer.objects.get_or_create(tenant=tenant, external_id=f"cust-{i:04d}")[0]
        for i in range(50)
    ]
    now = datetime.now(UTC).replace(microsecond=0)
    rows = []
    for serial in range(count):
        model, provider = rng.choice(MODELS)
        if rng.random() < 0.01:
            model, provider = "unknown-model", ""  # 1% unpriced
        at = now - timedelta(seconds=rng.randrange(86_400 * 20))
        rows.append(
            UsageEvent(
                tenant=tenant,
                customer=rng.choice(customers),
                event_id=f"{prefix}-{serial:09d}",
                timestamp=at,
                received_at=at,
                request_class=rng.choice(CLASSES),
                model=model,
                provider=provider,
                input_tokens=rng.randrange(50, 4000),
                cached_input_tokens=rng.randrange(0, 1000),
                output_tokens=rng.randrange(10, 1500),
                reasoning_tokens=rng.randrange(0, 200),
                gpu_seconds=Decimal(rng.randrange(0, 2000)) / 1000,
                gpu_type=rng.choice(["a10g", "h100", ""]),
                retrieval_calls=rng.randrange(0, 4),
                external_cost=Decimal(rng.randrange(0, 500)) / 100000,
                properties={"tier": rng.choice(["free", "pro"])},
                payload_hash=f"{serial:064d}",
            )
        )
    UsageEvent.objects.bulk_create(rows, batch_size=5000)
    return list(
        UsageEvent.objects.filter(tenant=tenant, event_id__startswith=f"{prefix}-")
        .order_by("id")
        .values_list("id", flat=True)
    )


def set_prices(tenant: Tenant) -> None:
    price_catalog_load()
    start = datetime(2020, 1, 1, tzinfo=UTC)
    model_price_create(
        tenant=tenant,
        model="llama-3-70b",
        valid_from=start,
        input_per_1m=Decimal("0.05"),
        output_per_1m=Decimal("0.10"),
        actor=Actor.system("bench"),
    )
    gpu_rate_create(
        tenant=tenant,
        gpu_type="",
        valid_from=start,
        usd_per_gpu_hour=Decimal("1.10"),
        actor=Actor.system("bench"),
    )
    gpu_rate_create(
        tenant=tenant,
        gpu_type="h100",
        valid_from=start,
        usd_per_gpu_hour=Decimal("2.99"),
        actor=Actor.system("bench"),
    )
    service_rate_create(
        tenant=tenant,
        service="retrieval",
        valid_from=start,
        usd_per_call=Decimal("0.0004"),
        actor=Actor.system("bench"),
    )


def reset(tenant: Tenant) -> None:
    UsageEvent.objects.filter(tenant=tenant).update(
        cost_status="pending",
        cost_tokens=None,
        cost_gpu=None,
        cost_services=None,
        cost_external=None,
        cost_total=None,
        cost_detail={},
    )


def time_end_to_end(tenant: Tenant, pks: list[int]) -> tuple[float, list[float]]:
    """Cost every event in task-sized batches; return seconds and per-batch seconds."""
    reset(tenant)
    batch_times = []
    started = time.perf_counter()
    for i in range(0, len(pks), COSTING_BATCH):
        t0 = time.perf_counter()
        events_cost(tenant=tenant, event_pks=pks[i : i + COSTING_BATCH], only_pending=True)
        batch_times.append(time.perf_counter() - t0)
    return time.perf_counter() - started, batch_times


def time_pure(tenant: Tenant, pks: list[int]) -> float:
    """Resolve and compute the same events in memory (no reads or writes timed)."""
    events = list(UsageEvent.objects.filter(tenant=tenant, pk__in=pks))
    book = PriceBook.load(tenant=tenant)
    started = time.perf_counter()
    for event in events:
        usage = usage_of(event)
        price, _ = book.model_price(
            model=event.model, provider=event.provider, moment=event.timestamp
        )
        gpu = book.gpu_rate(gpu_type=event.gpu_type, moment=event.timestamp)
        services = book.service_rates(services=usage.service_calls, moment=event.timestamp)
        costing.compute_cost(usage, model_price=price, gpu_rate=gpu, service_rates=services)
    return time.perf_counter() - started


def measure_queueing(tenant: Tenant, pks: list[int], rounds: int = 50) -> float:
    """Median seconds the change listener spends queueing the processing of a batch's note."""
    from economics.tasks import on_events_changed

    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        on_events_changed(tenant.id)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def measure_latency(
    tenant: Tenant, batches: int, size: int, seed: int, *, dedicated: bool
) -> list[float]:
    """Seconds from a committed, announced batch to every event of it costed by a worker.

    One worker consuming every queue; with `dedicated`, a second one for the costing queue.
    """
    from metering.changes import event_changes_note

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local")
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"]
    command += ["--loglevel", os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING")]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    workers = [subprocess.Popen(command, cwd=ROOT, env=env)]
    if dedicated:
        workers.append(subprocess.Popen([*command, "-Q", "costing"], cwd=ROOT, env=env))
    try:
        # Warm up: the first task waits for the worker to start.
        warm = store_events(tenant, size, seed, prefix=f"warm{int(dedicated)}")
        event_changes_note(tenant=tenant, event_pks=warm)
        wait_costed(tenant, warm, timeout=120)
        latencies = []
        for i in range(batches):
            pks = store_events(tenant, size, seed + i, prefix=f"lat{int(dedicated)}-{i}")
            started = time.perf_counter()
            event_changes_note(tenant=tenant, event_pks=pks)  # autocommit: fires now
            wait_costed(tenant, pks, timeout=60)
            latencies.append(time.perf_counter() - started)
            time.sleep(0.2)
        return latencies
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def wait_costed(tenant: Tenant, pks: list[int], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if not UsageEvent.objects.filter(tenant=tenant, pk__in=pks, cost_status="pending").exists():
            return
        time.sleep(0.01)
    raise SystemExit("events still pending: is the worker running?")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--latency-batches",
        type=int,
        default=0,
        help="Also time N announced batches of 100 events until a real worker costed them "
        "(needs REDIS_URL).",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    if args.latency_batches and not os.environ.get("REDIS_URL"):
        print("--latency-batches needs REDIS_URL (a broker and a worker).", file=sys.stderr)
        return 2
    latency_tenant = None
    if args.latency_batches:
        latency_tenant = Tenant.objects.create(name="costing latency bench")
        set_prices(latency_tenant)
    tenant = Tenant.objects.create(name="costing bench")
    try:
        set_prices(tenant)
        pks = store_events(tenant, args.events, args.seed)
        n = len(pks)
        results: dict[str, list[float]] = {"pure": [], "end_to_end": [], "with_litellm": []}
        batch_p99: dict[str, list[float]] = {"end_to_end": [], "with_litellm": []}
        for _ in range(args.runs):
            results["pure"].append(n / time_pure(tenant, pks))
            seconds, batches = time_end_to_end(tenant, pks)
            results["end_to_end"].append(n / seconds)
            batch_p99["end_to_end"].append(statistics.quantiles(batches, n=100)[98])
        data = json.loads(LITELLM_MAP.read_text(encoding="utf-8"))
        imported = model_prices_import_litellm(
            tenant=tenant,
            data=data,
            valid_from=datetime(2020, 1, 1, tzinfo=UTC),
            actor=Actor.system("bench"),
        )
        for _ in range(args.runs):
            seconds, batches = time_end_to_end(tenant, pks)
            results["with_litellm"].append(n / seconds)
            batch_p99["with_litellm"].append(statistics.quantiles(batches, n=100)[98])
        unpriced = UsageEvent.objects.filter(tenant=tenant, cost_status="unpriced").count()
        priced = UsageEvent.objects.filter(tenant=tenant, cost_status="priced").count()
        median = {k: statistics.median(v) for k, v in results.items()}
        print(f"events: {n} ({priced} priced, {unpriced} unpriced), runs: {args.runs}")
        print(f"pure calculation (resolve + compute, no I/O): {median['pure']:,.0f} events/s")
        print(
            f"end to end (load book, read, cost, bulk update), batch {COSTING_BATCH}: "
            f"{median['end_to_end']:,.0f} events/s; "
            f"p99 of a {COSTING_BATCH}-event batch {statistics.median(batch_p99['end_to_end']) * 1000:.0f} ms"
        )
        print(
            f"end to end with the LiteLLM map imported ({imported.created} more entries): "
            f"{median['with_litellm']:,.0f} events/s; "
            f"p99 batch {statistics.median(batch_p99['with_litellm']) * 1000:.0f} ms"
        )
        print(f"end to end / pure: {median['end_to_end'] / median['pure']:.2f}")
        if latency_tenant is not None:
            queueing = measure_queueing(latency_tenant, pks)
            print(
                f"ingest listener queueing costing of {COSTING_BATCH} events: {queueing * 1000:.2f} ms"
            )
            for dedicated in (False, True):
                latencies = measure_latency(
                    latency_tenant, args.latency_batches, 100, args.seed, dedicated=dedicated
                )
                q = statistics.quantiles(latencies, n=100)
                workers = "+ a costing worker" if dedicated else "one worker"
                print(
                    f"announced -> costed, batches of 100 ({len(latencies)}), {workers}: "
                    f"median {statistics.median(latencies) * 1000:.0f} ms, "
                    f"p99 {q[98] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
                )
    finally:
        for owner in (tenant, latency_tenant):
            if owner is not None:
                UsageEvent.objects.filter(tenant=owner).delete()
                owner.delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Economics: rollup throughput, and latency of the margin reads served from the rollups.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal_bench_economics \\
        .venv/bin/python bench/economics.py --events 1000000

1. Resets the database named in DATABASE_URL (it must be PostgreSQL and its name must
   contain "bench"), migrates it, and writes N costed usage events for one tenant
   straight into the events table with one INSERT ... SELECT FROM generate_series
   (ingest and costing have their own benchmarks): one calendar month, C customers,
   five request classes, three models; every customer on a hybrid plan (base fee +
   per-request charges) unless --no-revenue, so the refresh also rates each
   customer-month and attributes its revenue to the events.
2. Rollup: marks every customer-hour of the month and runs the same refresh the
   Celery task runs, from empty rollups; reports events/s over mark + refresh. Then
   a late event and a second refresh (incremental cost of a small change), and the
   month turning: the current month of every subscription rated without an event.
3. Starts gunicorn (2 workers) on the database and times R sequential requests of
   each read endpoint after a warm-up: p50 / p99 / max in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

CLASSES = ["chat", "classify", "doc-summarise", "search-rank", "agent-step"]
# USD per request by class, so the month has a losing class beside earning ones.
CLASS_COST = ["0.004", "0.0004", "0.015", "0.001", "0.02"]
MODELS = ["gpt-4o", "claude-sonnet-4", "llama-3-70b"]
MONTH_START = datetime(2026, 10, 1, tzinfo=UTC)
MONTH_SECONDS = 31 * 86_400


def reset_database() -> None:
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"] or "bench" not in db["NAME"]:
        sys.exit("DATABASE_URL must name a PostgreSQL database whose name contains 'bench'.")
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def seed(events: int, customers: int, *, revenue: bool = True) -> tuple[Any, int]:
    from django.db import connection

    from metering.audit import Actor
    from metering.models import Customer, UsageEvent
    from metering.services import tenant_create

    tenant, _ = tenant_create(name="Bench AI", actor=Actor.system("bench"))
    Customer.objects.bulk_create(
        Customer(tenant=tenant, external_id=f"cust-{i:05d}", name=f"Customer {i}")
        for i in range(customers)
    )
    first_pk = Customer.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True)[0]
    table = UsageEvent._meta.db_table
    classes = "ARRAY[" + ",".join(f"'{c}'" for c in CLASSES) + "]"
    costs = "ARRAY[" + ",".join(f"{c}::numeric" for c in CLASS_COST) + "]"
    models = "ARRAY[" + ",".join(f"'{m}'" for m in MODELS) + "]"
    # Deterministic spread: customer, class and model from the serial; time uniform over the month.
    expressions = {
        "tenant_id": "%(tenant)s::uuid",
        "customer_id": f"{first_pk} + (g::bigint * 7919) %% {customers}",
        "event_id": "'e-' || g",
        "timestamp": f"%(start)s::timestamptz + (g::float8 * {MONTH_SECONDS} / %(n)s) * interval '1 second'",
        "received_at": "now()",
        "request_class": f"({classes})[1 + (g * 31) %% 5]",
        "model": f"({models})[1 + g %% 3]",
        "provider": "'bench'",
        "input_tokens": "200 + g %% 800",
        "cached_input_tokens": "0",
        "cache_write_tokens": "0",
        "output_tokens": "50 + g %% 300",
        "reasoning_tokens": "0",
        "requests": "1",
        "gpu_seconds": "0",
        "gpu_type": "''",
        "retrieval_calls": "0",
        "external_cost": "0",
        "outcome": "NULL",
        "outcome_value": "NULL",
        "latency_ms": "NULL",
        "trace_id": "''",
        "properties": "'{}'::jsonb",
        "payload_hash": "md5(g::text)",
        "voided_at": "NULL",
        "cost_status": "'priced'",
        "cost_tokens": f"({costs})[1 + (g * 31) %% 5]",
        "cost_gpu": "0",
        "cost_services": "0",
        "cost_external": "0",
        "cost_total": f"({costs})[1 + (g * 31) %% 5]",
        "cost_detail": "'{}'::jsonb",
    }
    columns, values = [], []
    for field in UsageEvent._meta.concrete_fields:
        if field.primary_key:
            continue
        name = field.column
        if name in expressions:
            values.append(expressions[name])
        elif field.null:
            values.append("NULL")
        elif field.has_default():
            default = field.get_default()
            values.append(f"'{default}'" if isinstance(default, str) else repr(default))
        else:
            sys.exit(f"bench does not know how to fill {table}.{name}")
        columns.append(name)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1, %(n)s) AS g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"tenant": str(tenant.id), "start": MONTH_START, "n": events})
        cursor.execute(f"ANALYZE {table}")
    if revenue:
        subscribe_all(tenant)
    return tenant, first_pk


def subscribe_all(tenant: Any) -> None:
    """Every customer on one hybrid plan, so the rollup attributes real revenue to each event."""
    from metering.audit import Actor
    from metering.models import Customer
    from pricing.models import Subscription
    from pricing.services import plan_create, plan_version_publish

    per_request = [
        {
            "type": "usage",
            "key": f"c{i}",
            "description": name,
            "metric": "requests",
            "request_class": name,
            "price_model": "per_unit",
            "unit_amount": price,
        }
        for i, (name, price) in enumerate(
            zip(CLASSES, ["0.006", "0.003", "0.009", "0.0008", "0.015"], strict=True)
        )
    ]
    charges = [{"type": "flat_fee", "key": "base", "description": "Base", "amount": "29"}]
    version = plan_create(
        tenant=tenant, code="bench", name="Bench", currency="USD", charges=charges + per_request
    )
    version = plan_version_publish(tenant=tenant, version=version, actor=Actor.system("bench"))
    Subscription.objects.bulk_create(
        Subscription(
            tenant=tenant, customer=customer, plan_version=version, start_date=MONTH_START.date()
        )
        for customer in Customer.objects.filter(tenant=tenant)
    )


def bench_rollup(tenant: Any, events: int) -> dict[str, float]:
    from django.db import connection, transaction

    from economics.dates import next_month
    from economics.margins.models import RollupDay, RollupHour
    from economics.margins.rollups import rollup_mark_range, rollup_refresh
    from metering.changes import event_changes_note
    from metering.models import UsageEvent

    started = time.perf_counter()
    marks = rollup_mark_range(tenant=tenant, start=MONTH_START, end=next_month(MONTH_START))
    marked = time.perf_counter()
    result = rollup_refresh(tenant=tenant)
    done = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out = {
        "marks": marks,
        "mark_s": marked - started,
        "refresh_s": done - marked,
        "events_per_s": events / (done - started),
        "hour_rows": RollupHour.objects.count(),
        "day_rows": RollupDay.objects.count(),
        "consumed": result.marks,
    }
    # One late event: the incremental path (note -> cost and mark -> refresh), timed end to end.
    sample = UsageEvent.objects.filter(tenant=tenant).order_by("pk").first()
    assert sample is not None
    started = time.perf_counter()
    with transaction.atomic():
        late = UsageEvent.objects.create(
            tenant=tenant,
            customer_id=sample.customer_id,
            event_id="late-1",
            timestamp=MONTH_START.replace(day=3, hour=4),
            received_at=datetime.now(UTC),
            request_class="chat",
            model="gpt-4o",
            payload_hash="late",
            cost_status="priced",
            cost_total=Decimal("0.004"),
        )
        event_changes_note(tenant=tenant, event_pks=[late.pk])
    out["late_event_s"] = time.perf_counter() - started
    # The month turning: every subscription's new month is rated though no event is in it
    # (the state is wound back one month and the current month's revenue forgotten).
    from economics import pipeline
    from economics.dates import month_start
    from economics.margins.models import RevenueMonth, RevenueSync

    current = month_start(datetime.now(UTC).date())
    previous = month_start(current - timedelta(days=1))
    RevenueSync.objects.filter(tenant=tenant).update(month=previous)
    RevenueMonth.objects.filter(tenant=tenant, month=current).delete()
    started = time.perf_counter()
    turned = pipeline.rollups_process(tenant=tenant)  # what the beat queues: base included
    out["month_turn_s"] = time.perf_counter() - started
    out["month_turn_rows"] = RevenueMonth.objects.filter(tenant=tenant, month=current).count()
    out["month_turn_marks"] = turned.marks
    return out


def _requests_in(tenant: Any, hour: datetime, request_class: str) -> int:
    """Requests of one class in one hour, as the request-classes report gives them."""
    from economics.margins.reports import request_class_report

    report = request_class_report(tenant=tenant, start=hour, end=hour + timedelta(hours=1))
    rows = [r for r in report.margins.classes if r.request_class == request_class]
    return rows[0].requests if rows else 0


def bench_late_events(tenant: Any, samples: int, month_events: int) -> dict[str, float]:
    """Late events, one at a time, each timed from its commit to the corrected report.

    On the last seeded database: five customers' October is first filled up to
    `month_events` events (the size of a customer-month at 10,000,000 events and 5,000
    customers: 2,000), so each late event re-rates a month as large as at that scale;
    then `samples` late events (after 3 untimed ones) go round those customers, each
    into another hour and class of October. The clock runs from before the event is
    stored and noted (the change listener runs the pipeline in-process, as the eager
    test settings do) until the request-classes report of its hour has counted it.
    """
    from django.db import transaction

    from economics import pipeline
    from economics.dates import next_month
    from economics.margins.rollups import rollup_mark_range
    from metering.changes import event_changes_note
    from metering.models import UsageEvent

    customers = list(
        UsageEvent.objects.filter(tenant=tenant)
        .order_by("customer_id")
        .values_list("customer_id", flat=True)
        .distinct()[:5]
    )
    filled = []
    for customer_id in customers:
        have = UsageEvent.objects.filter(
            tenant=tenant, customer_id=customer_id, timestamp__gte=MONTH_START
        ).count()
        for i in range(max(0, month_events - have)):
            filled.append(
                UsageEvent(
                    tenant=tenant,
                    customer_id=customer_id,
                    event_id=f"fill-{customer_id}-{i}",
                    timestamp=MONTH_START + timedelta(seconds=(i * 7919) % MONTH_SECONDS),
                    received_at=datetime.now(UTC),
                    request_class=CLASSES[i % 5],
                    model=MODELS[i % 3],
                    payload_hash=f"fill-{i}",
                    cost_status="priced",
                    cost_tokens=Decimal(CLASS_COST[i % 5]),
                    cost_total=Decimal(CLASS_COST[i % 5]),
                )
            )
    UsageEvent.objects.bulk_create(filled, batch_size=2_000)
    rollup_mark_range(
        tenant=tenant,
        start=MONTH_START,
        end=next_month(MONTH_START),
        customer_ids=customers,
    )
    pipeline.rollups_process(tenant=tenant)
    pipeline.rollups_process(tenant=tenant)  # the churn base stored with its sums
    tag = uuid.uuid4().hex[:8]
    timings = []
    for i in range(samples + 3):
        customer_id = customers[i % len(customers)]
        hour = MONTH_START + timedelta(hours=(i * 37) % (31 * 24))
        request_class = CLASSES[(i * 3) % 5]

        counted = _requests_in(tenant, hour, request_class)
        started = time.perf_counter()
        with transaction.atomic():
            late = UsageEvent.objects.create(
                tenant=tenant,
                customer_id=customer_id,
                event_id=f"late-{tag}-{i}",
                timestamp=hour + timedelta(minutes=17),
                received_at=datetime.now(UTC),
                request_class=request_class,
                model=MODELS[i % 3],
                payload_hash="late",
                cost_status="priced",
                cost_tokens=Decimal("0.004"),
                cost_total=Decimal("0.004"),
            )
            event_changes_note(tenant=tenant, event_pks=[late.pk])
        if _requests_in(tenant, hour, request_class) != counted + 1:
            sys.exit(f"late event {i}: the report did not count it")
        if i >= 3:
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, round(0.99 * len(timings)) - 1)],
        "max": timings[-1],
        "n": len(timings),
    }


def bench_worker_latency(tenant: Any, samples: int) -> dict[str, float]:
    """Ingest one event at a time with a real Celery worker; time until its bucket shows it.

    The path is the production one: ingest (with its change note) -> the pipeline's
    costing-and-marking task -> the rollup task (which also re-rates the customer-month),
    all through Redis.
    """
    import random

    from django.db.models import Sum

    from config.celery_app import app
    from economics.margins.models import RollupHour
    from metering.event_services import events_ingest
    from metering.models import Customer

    if not os.environ.get("REDIS_URL"):
        sys.exit("--worker-latency needs REDIS_URL (a Redis database of your own).")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local")
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
    )
    app.conf.task_always_eager = False
    rng = random.Random(5)
    run = uuid.uuid4().hex[:8]  # fresh event ids on every run: a repeat would be a duplicate
    customers = list(Customer.objects.filter(tenant=tenant).values_list("external_id", "pk"))
    timings = []
    try:
        time.sleep(5)  # let the worker connect
        for n in range(samples):
            external_id, pk = rng.choice(customers)
            # Late by 25 to 33 days: inside the seeded month when run in the month after it,
            # so each refresh re-rates a customer-month of ~2,000 events.
            at = datetime.now(UTC).replace(microsecond=0) - timedelta(
                hours=rng.randrange(25 * 24, 33 * 24)
            )
            hour = at.replace(minute=0, second=0)
            before = (
                RollupHour.objects.filter(
                    tenant=tenant, customer_id=pk, bucket_start=hour
                ).aggregate(n=Sum("events"))["n"]
                or 0
            )
            body = {
                "event_id": f"live-{run}-{n}",
                "customer_id": external_id,
                "timestamp": at.isoformat(),
                "request_class": "chat",
                "model": "gpt-4o",
                "provider": "openai",
                "input_tokens": 500,
                "output_tokens": 100,
            }
            started = time.perf_counter()
            events_ingest(tenant=tenant, body=json.dumps(body).encode())
            while True:
                shown = (
                    RollupHour.objects.filter(
                        tenant=tenant, customer_id=pk, bucket_start=hour, unpriced_events=0
                    ).aggregate(n=Sum("events"))["n"]
                    or 0
                )
                if shown > before:
                    break
                if time.perf_counter() - started > 60:
                    sys.exit("an event did not reach the rollups within 60 s")
                time.sleep(0.02)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p99": timings[max(0, int(len(timings) * 0.99) - 1)],
        "max": timings[-1],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_reads(tenant: Any, requests_per_endpoint: int) -> dict[str, dict[str, float]]:
    import requests

    from metering.audit import Actor
    from metering.services import api_key_create

    key = api_key_create(
        tenant=tenant, name="bench", scopes=["read"], actor=Actor.system("bench")
    ).raw_key
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.production")
    env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    env.setdefault("RATELIMIT_ENABLED", "0")  # capacity is measured, not the per-key limits
    server = subprocess.Popen(  # noqa: S603
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    try:
        for _ in range(100):
            try:
                if session.get(f"{base}/healthz", timeout=5).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        month = "from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z"
        endpoints = {
            "request-classes (month)": f"/v1/economics/request-classes?{month}",
            "request-classes by model (month)": f"/v1/economics/request-classes?{month}&group_by=model",
            "request-classes (ragged 36 h)": (
                "/v1/economics/request-classes?from=2026-10-10T06:00:00Z&to=2026-10-11T18:00:00Z"
            ),
            "customers (page of 50)": "/v1/economics/customers",
            "customers/{id}": "/v1/economics/customers/cust-00042",
        }
        results = {}
        for name, path in endpoints.items():
            for _ in range(10):
                assert session.get(base + path, timeout=30).status_code == 200
            timings = []
            for _ in range(requests_per_endpoint):
                started = time.perf_counter()
                response = session.get(base + path, timeout=30)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
            timings.sort()
            results[name] = {
                "p50": statistics.median(timings),
                "p99": timings[max(0, int(len(timings) * 0.99) - 1)],
                "max": timings[-1],
            }
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint")
    parser.add_argument(
        "--worker-latency",
        type=int,
        default=0,
        metavar="N",
        help="on the last seeded database, with a real worker: ingest N events one by one",
    )
    parser.add_argument(
        "--reads-only", action="store_true", help="time the reads of the last seeded database"
    )
    parser.add_argument(
        "--no-revenue",
        action="store_true",
        help="no subscriptions: roll up usage and cost only (no rating per customer-month)",
    )
    parser.add_argument(
        "--late-events",
        type=int,
        default=0,
        metavar="N",
        help="on the last seeded database: N late events, commit to corrected report",
    )
    parser.add_argument(
        "--month-events",
        type=int,
        default=2_000,
        help="with --late-events: events in each late event's customer-month",
    )
    args = parser.parse_args()

    if args.late_events:
        import django

        django.setup()
        from metering.models import Tenant

        tenant = Tenant.objects.get(name="Bench AI")
        t = bench_late_events(tenant, args.late_events, args.month_events)
        print(
            f"late event -> corrected report, in-process ({t['n']} events, "
            f"{args.month_events:,}-event customer-months): "
            f"p50 {t['p50']:.0f} ms  p99 {t['p99']:.0f} ms  max {t['max']:.0f} ms"
        )
        return

    if args.worker_latency:
        import django

        django.setup()
        from metering.models import Tenant

        tenant = Tenant.objects.get(name="Bench AI")
        t = bench_worker_latency(tenant, args.worker_latency)
        print(
            f"event -> rollup with a worker ({args.worker_latency} events, one at a time): "
            f"p50 {t['p50']:.0f} ms  p99 {t['p99']:.0f} ms  max {t['max']:.0f} ms"
        )
        return
    if args.reads_only:
        import django

        django.setup()
        from metering.models import Tenant

        tenant = Tenant.objects.get(name="Bench AI")
        for name, t in bench_reads(tenant, args.requests).items():
            print(
                f"GET {name:36s} p50 {t['p50']:6.1f} ms  p99 {t['p99']:6.1f} ms  max {t['max']:6.1f} ms"
            )
        return
    reset_database()
    started = time.perf_counter()
    tenant, _ = seed(args.events, args.customers, revenue=not args.no_revenue)
    plan = "no subscriptions" if args.no_revenue else "every customer on a hybrid plan"
    print(
        f"{plan}; seeded {args.events:,} events, {args.customers} customers in {time.perf_counter() - started:.1f} s"
    )
    rollup = bench_rollup(tenant, args.events)
    print(
        f"rollup: {rollup['marks']:,} customer-hours marked in {rollup['mark_s']:.1f} s, "
        f"refreshed in {rollup['refresh_s']:.1f} s -> {rollup['events_per_s']:,.0f} events/s; "
        f"{rollup['hour_rows']:,} hour rows, {rollup['day_rows']:,} day rows"
    )
    print(
        f"late event: stored, marked and its buckets refreshed in {rollup['late_event_s'] * 1000:.0f} ms"
    )
    print(
        f"month turn: {rollup['month_turn_rows']:,} customer-months without events rated "
        f"({rollup['month_turn_marks']:,} marks) in {rollup['month_turn_s']:.1f} s"
    )
    for name, t in bench_reads(tenant, args.requests).items():
        print(
            f"GET {name:36s} p50 {t['p50']:6.1f} ms  p99 {t['p99']:6.1f} ms  max {t['max']:6.1f} ms"
        )


if __name__ == "__main__":
    main()

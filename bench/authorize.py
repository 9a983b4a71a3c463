"""Request-time authorisation latency: POST /v1/authorize open loop at a steady rate.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal_bench \
    REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/authorize.py

gunicorn (started here on 127.0.0.1; 2 sync workers by default, ``--threads N`` makes them
gthread workers; production settings) answers authorisations for 50 customers, each with a
credit grant, a monthly spend cap and a margin floor (so every request locks an account and
two budgets, and writes a hold). Requests are sent open loop at ``--rate`` per second for
``--seconds``; latency is counted from each request's scheduled start, so queueing counts.
Prints p50, p99 and max in ms, and the CPU the server's processes (gunicorn workers and
PostgreSQL backends) spent per authorisation: counted per process, so other work on the
machine changes it little while it changes the latency a lot.

``--usage`` authorises from the expected usage instead of the amounts: every customer is
on a hybrid plan (a fee, 10M tokens included, graduated after) with ``--month-events``
events this month (20M tokens in all, so requests are past the allowance), and each request sends a model and a token estimate, so the server
prices it with the cost book and rates the month with and without it (the month's usage
is read again every ``AUTHORIZE_USAGE_SECONDS`` per process and customer).
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import msgspec
import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ingest import ROOT, Server, ensure_database  # noqa: E402

CUSTOMERS = 50


PLAN = [
    {"type": "flat_fee", "key": "base", "description": "Base", "amount": "100"},
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "included": "10",
        "price_model": "graduated",
        "tiers": [{"up_to": "40", "unit_amount": "30"}, {"up_to": None, "unit_amount": "20"}],
    },
]
USAGE = {"model": "bench-m1", "input_tokens": 1500, "output_tokens": 500}


def setup(env: dict[str, str], usage: bool = False, month_events: int = 0) -> str:
    """Create a tenant, an ingest key and customers with credits and budgets; return the key.

    With `usage`: a model price, a hybrid plan every customer is on from this month's start,
    and `month_events` events of each customer this month.
    """
    code = f"""
import django, sys, hashlib; django.setup()
from datetime import timedelta
from django.utils import timezone
from decimal import Decimal
from metering.audit import Actor
from metering.services import tenant_create, api_key_create, customer_create
from pricing.credits.services import budget_create, credit_grant_create
bench = Actor.system('bench')
t, _ = tenant_create(name='bench-authorize', actor=bench)
k = api_key_create(tenant=t, name='bench', scopes=['ingest'], actor=bench)
for i in range({CUSTOMERS}):
    c = customer_create(tenant=t, external_id=f'cust-{{i}}')
    credit_grant_create(tenant=t, customer=c, kind='paid', credits=Decimal(1000000),
                        currency='USD', actor=bench)
    budget_create(tenant=t, customer=c, measure='spend', limit=Decimal(1000000), actor=bench)
    budget_create(tenant=t, customer=c, measure='margin', floor_percent=Decimal(10),
                  request_class='chat', actor=bench)
if {usage!r}:
    from economics.costs.services.prices import model_price_create
    from metering.models import Customer, UsageEvent
    from pricing.services import plan_create, plan_version_publish, subscription_create
    now = timezone.now()
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    model_price_create(tenant=t, actor=bench, provider='bench', model='bench-m1',
                       valid_from=month - timedelta(days=400), input_per_1m=Decimal(3),
                       cached_input_per_1m=Decimal('0.3'), output_per_1m=Decimal(15))
    v = plan_create(tenant=t, code='bench-hybrid', name='Bench hybrid', currency='USD',
                    charges={PLAN!r})
    v = plan_version_publish(tenant=t, version=v, actor=bench)
    span = max((now - month).total_seconds() - 1, 1)
    for c in Customer.objects.of(t):
        subscription_create(tenant=t, customer=c, plan_version=v, start_date=month.date(),
                            actor=bench)
        rows = []
        for j in range({month_events}):
            at = month + timedelta(seconds=span * j / max({month_events}, 1))
            rows.append(UsageEvent(tenant=t, customer=c, event_id=f'{{c.pk}}-{{j}}',
                                   timestamp=at, received_at=at, request_class='chat',
                                   model='bench-m1', input_tokens=15_000_000 // {month_events},
                                   output_tokens=5_000_000 // {month_events},
                                   payload_hash=hashlib.sha256(str(j).encode()).hexdigest()))
        UsageEvent.objects.bulk_create(rows, batch_size=2000)
print(k.raw_key)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.split()[-1]


def open_loop(
    server: Server, key: str, *, rate: int, seconds: float, usage: bool = False
) -> list[float]:
    """POST authorisations at `rate`/s; return each one's latency in ms (from its due time)."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    count = int(rate * seconds)
    amounts = (
        {"expected_usage": USAGE}
        if usage
        else {"expected_spend": "0.012", "expected_cost": "0.004"}
    )
    bodies = [
        msgspec.json.encode(
            {
                "customer_id": f"cust-{i % CUSTOMERS}",
                "request_class": "chat",
                **amounts,
                "hold_seconds": 60,
            }
        )
        for i in range(count)
    ]
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def send(index: int) -> None:
        due = start + index / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        status, payload = server.request("POST", "/v1/authorize", bodies[index], headers)
        elapsed = (time.perf_counter() - due) * 1000
        ok = status == 200 and msgspec.json.decode(payload)["allowed"]
        with lock:
            latencies.append(elapsed)
            if not ok:
                errors.append(status)

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(send, range(count)))
    if errors:
        print(f"{len(errors)} requests failed or were denied: {errors[:5]}", file=sys.stderr)
    return sorted(latencies)


def in_process(env: dict[str, str], count: int) -> str:
    """Time `authorize()` itself, one call after another on one connection (no HTTP)."""
    code = f"""
import django, time; django.setup()
from decimal import Decimal
from metering.models import Customer, Tenant
from pricing.credits.services import authorize
t = Tenant.objects.filter(name='bench-authorize').order_by('-created_at').first()
customers = list(Customer.objects.of(t).order_by('pk'))
out = []
for i in range({count}):
    c = customers[i % len(customers)]
    s = time.perf_counter()
    d = authorize(tenant=t, customer=c, request_class='chat', spend=Decimal('0.012'),
                  cost=Decimal('0.004'), hold_seconds=60)
    out.append((time.perf_counter() - s) * 1000)
    assert d.allowed
out.sort()
print(f"{{out[len(out) // 2 - 1]:.2f}} {{out[int(len(out) * 0.99) - 1]:.2f}}")
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    p50, p99 = out.stdout.split()[-2:]
    return f"authorize() in process, {count} calls one after another: p50 {p50} ms, p99 {p99} ms"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def server_cpu(server: Server, url: str) -> dict[tuple[str, int], float]:
    """CPU seconds used so far by each gunicorn worker and each of this database's backends.

    Counted per process, so a loaded machine slows them but adds little to them: the CPU an
    authorisation costs, where the latency depends on what else runs.
    """
    with psycopg.connect(url, autocommit=True) as conn:
        backends = [
            row[0]
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
    workers = _children(server.process.pid)
    return {("gunicorn", pid): _cpu_seconds(pid) for pid in workers} | {
        ("postgres", pid): _cpu_seconds(pid) for pid in backends
    }


def cpu_spent(
    before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]
) -> tuple[float, float]:
    """CPU seconds (gunicorn, PostgreSQL) between two readings.

    A connection opened in between counts whole; one closed in between is missed after the
    first reading (the run then undercounts: connections live 60 s, DB_CONN_MAX_AGE).
    """
    spent = {"gunicorn": 0.0, "postgres": 0.0}
    for (kind, pid), seconds in after.items():
        spent[kind] += seconds - before.get((kind, pid), 0.0)
    return spent["gunicorn"], spent["postgres"]


def main() -> int:
    parser = argparse.ArgumentParser(description="POST /v1/authorize latency, open loop.")
    parser.add_argument("--rate", type=int, default=200, help="authorisations per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker (more than 1: gunicorn's gthread worker)",
    )
    parser.add_argument(
        "--usage",
        action="store_true",
        help="authorise from the expected usage (model and tokens), not the amounts",
    )
    parser.add_argument(
        "--month-events",
        type=int,
        default=2000,
        help="with --usage: each customer's events this month",
    )
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
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    key = setup(env, args.usage, args.month_events)
    if not args.usage:
        print(in_process(env, 1000), flush=True)
    server = Server(env, args.workers, args.threads)
    try:
        # warm-up: connections, caches
        open_loop(server, key, rate=args.rate, seconds=2, usage=args.usage)
        before = server_cpu(server, pg_url)
        latencies = open_loop(server, key, rate=args.rate, seconds=args.seconds, usage=args.usage)
        after = server_cpu(server, pg_url)
    finally:
        server.stop()
    p50 = latencies[max(0, int(0.50 * len(latencies)) - 1)]
    p99 = latencies[max(0, int(0.99 * len(latencies)) - 1)]
    print(
        f"authorize{' from usage' if args.usage else ''} at {args.rate}/s for {args.seconds:.0f} s ({len(latencies)} requests,"
        f" {args.workers} workers x {args.threads} threads):"
        f" p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms"
    )
    workers, database = cpu_spent(before, after)
    per = 1000 / len(latencies)
    print(
        f"server CPU per authorisation: {workers * per:.2f} ms gunicorn"
        f" + {database * per:.2f} ms PostgreSQL; load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

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


def setup(env: dict[str, str]) -> str:
    """Create a tenant, an ingest key and customers with credits and budgets; return the key."""
    code = f"""
import django, sys; django.setup()
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
print(k.raw_key)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.split()[-1]


def open_loop(server: Server, key: str, *, rate: int, seconds: float) -> list[float]:
    """POST authorisations at `rate`/s; return each one's latency in ms (from its due time)."""
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    count = int(rate * seconds)
    bodies = [
        msgspec.json.encode(
            {
                "customer_id": f"cust-{i % CUSTOMERS}",
                "request_class": "chat",
                "expected_spend": "0.012",
                "expected_cost": "0.004",
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
    key = setup(env)
    print(in_process(env, 1000), flush=True)
    server = Server(env, args.workers, args.threads)
    try:
        open_loop(server, key, rate=args.rate, seconds=2)  # warm-up: connections, caches
        before = server_cpu(server, pg_url)
        latencies = open_loop(server, key, rate=args.rate, seconds=args.seconds)
        after = server_cpu(server, pg_url)
    finally:
        server.stop()
    p50 = latencies[max(0, int(0.50 * len(latencies)) - 1)]
    p99 = latencies[max(0, int(0.99 * len(latencies)) - 1)]
    print(
        f"authorize at {args.rate}/s for {args.seconds:.0f} s ({len(latencies)} requests,"
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

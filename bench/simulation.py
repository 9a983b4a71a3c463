"""Plan simulation: 10,000 customers x 12 months x 3 candidate plans on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal REDIS_URL=redis://127.0.0.1:6379/1 \
        python bench/simulation.py --no-old

With ``--mode both`` (the default when REDIS_URL is set) each round runs the job both ways,
side by side: **forked** (this process reads the inputs and forks ``--workers`` rating
processes, as SIMULATION_RUN_MODE=forked does in a worker) and **tasks** (the job queued to
a ``celery worker --concurrency --worker-processes`` this script starts on the simulations
queue, split into ``--chunks`` chunk tasks that each read and rate their customers, the last
one merging; timed from the request until the row says succeeded). It asserts that both
store the same results and customer rows, byte for byte.

Seeds (once, reused by later runs) a tenant with three published baseline plans
(per-token; a starter fee plus per-request; hybrid: base fee, included tokens, graduated
overage), 10,000 customers spread over them from January 2025 (one in twenty moves to
another plan on 15 July, so two months are split by day), three draft candidates
(graduated tokens; hybrid; outcome-based: a share of outcome value with a minimum), and
usage events through 2025 written with COPY: each customer uses one to three request
classes (half one, three in ten two, two in ten three), a few events per class and
month, every event costed.

Then, ``--rounds`` times, measures the whole job as the API or ``manage.py simulate_plan``
runs it (``simulation_create`` then ``simulation_run``: one grouped usage query, the
day-split query for the plan changers, rating every customer-month under the baseline
and the three candidates, per-class attribution, storing the results), and the two
halves separately: reading the inputs, and rating them. With ``--old`` (the default) each
round first runs the job the way it ran before the totals-only path: every metric read,
every customer-month rated with ``pricing.rating.rate_segments`` in the job's own process,
so both are measured side by side under the same load.
Prints each round and the medians, as wall time and as CPU time of this process and the
workers it forked (the development machine is shared: CPU time shows the work when other
jobs compete for it). PostgreSQL's own CPU is in neither.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# The bench's own broker queues: a shared Redis database is left alone.
os.environ.setdefault("CELERY_KEY_PREFIX", f"bench-simulation-{os.getpid()}:")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from config.celery_app import app as celery_app  # noqa: E402
from economics.simulations import engine as simulation_module  # noqa: E402
from economics.simulations import selectors as simulation_selectors  # noqa: E402
from economics.simulations.engine import ZERO, Candidate, simulate  # noqa: E402
from economics.simulations.models import Simulation  # noqa: E402
from economics.simulations.runner import simulation_run  # noqa: E402
from economics.simulations.selectors import simulation_inputs  # noqa: E402
from economics.simulations.services import simulation_create  # noqa: E402
from metering.audit import Actor  # noqa: E402
from metering.models import Customer, Tenant, UsageEvent  # noqa: E402
from pricing import services  # noqa: E402
from pricing.charge_specs import charges_from_data  # noqa: E402
from pricing.models import Subscription  # noqa: E402
from pricing.rating import RatePlan, Segment, rate_segments  # noqa: E402
from pricing.rating.totals import Totals  # noqa: E402

TENANT_NAME = "bench-simulation"
YEAR = 2025
TODAY = date(2026, 1, 15)
CLASSES = {  # request class -> model
    "chat": "gpt-4o",
    "classify": "gpt-4o-mini",
    "doc-summarise": "claude-sonnet-4",
    "search-rank": "llama-3-70b",
}


def tokens_charge(key: str, metric: str, per_million: str) -> dict[str, Any]:
    return {
        "type": "usage",
        "key": key,
        "description": key.title(),
        "metric": metric,
        "unit_size": "1000000",
        "price_model": "per_unit",
        "unit_amount": per_million,
    }


BASELINES: dict[str, list[dict[str, Any]]] = {
    "per-token": [
        tokens_charge("input", "input_tokens", "6"),
        tokens_charge("output", "output_tokens", "30"),
    ],
    "starter": [
        {"type": "flat_fee", "key": "base", "description": "Starter", "amount": "29"},
        {
            "type": "usage",
            "key": "requests",
            "description": "Requests",
            "metric": "requests",
            "price_model": "per_unit",
            "unit_amount": "0.02",
        },
    ],
    "pro": [
        {"type": "flat_fee", "key": "base", "description": "Pro", "amount": "99"},
        {
            "type": "usage",
            "key": "tokens",
            "description": "Tokens",
            "metric": "total_tokens",
            "unit_size": "1000000",
            "included": "0.05",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "0.2", "unit_amount": "6"},
                {"up_to": None, "unit_amount": "4"},
            ],
        },
    ],
}
CANDIDATES: dict[str, list[dict[str, Any]]] = {
    "graduated": [
        {
            "type": "usage",
            "key": "tokens",
            "description": "Tokens",
            "metric": "total_tokens",
            "unit_size": "1000000",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "0.05", "unit_amount": "12"},
                {"up_to": "0.5", "unit_amount": "8"},
                {"up_to": None, "unit_amount": "5"},
            ],
        }
    ],
    "hybrid": [
        {"type": "flat_fee", "key": "base", "description": "Platform", "amount": "49"},
        {
            "type": "usage",
            "key": "tokens",
            "description": "Tokens",
            "metric": "total_tokens",
            "unit_size": "1000000",
            "included": "0.1",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "1", "unit_amount": "5"},
                {"up_to": None, "unit_amount": "3"},
            ],
        },
    ],
    "outcome": [
        {
            "type": "usage",
            "key": "share",
            "description": "Value share",
            "metric": "outcome_value",
            "price_model": "percentage",
            "percent": "5",
        },
        {"type": "minimum", "key": "min", "description": "Minimum", "amount": "19"},
    ],
}


def seed(customers: int, events_per_class: int, seed_value: int) -> Tenant:
    """Create the bench tenant and its data unless one with the same shape exists."""
    tenant = Tenant.objects.filter(name=TENANT_NAME).first()
    if tenant is not None:
        if Customer.objects.filter(tenant=tenant).count() == customers:
            return tenant
        print("bench data differs from the arguments: re-seeding", file=sys.stderr)
        Simulation.objects.filter(tenant=tenant).delete()
        UsageEvent.objects.filter(tenant=tenant).delete()
        Subscription.objects.filter(tenant=tenant).delete()
        Customer.objects.filter(tenant=tenant).delete()
        tenant.delete()
    rng = random.Random(seed_value)
    started = time.perf_counter()
    with transaction.atomic():
        tenant = Tenant.objects.create(name=TENANT_NAME)
        versions = []
        for code, charges in BASELINES.items():
            version = services.plan_create(
                tenant=tenant, code=code, name=code.title(), currency="USD", charges=charges
            )
            versions.append(
                services.plan_version_publish(
                    tenant=tenant, version=version, actor=Actor.system("bench")
                )
            )
        for code, charges in CANDIDATES.items():
            services.plan_create(
                tenant=tenant, code=code, name=code.title(), currency="USD", charges=charges
            )
        Customer.objects.bulk_create(
            Customer(tenant=tenant, external_id=f"cus-{i:05d}") for i in range(customers)
        )
        ids = list(
            Customer.objects.filter(tenant=tenant).order_by("id").values_list("id", flat=True)
        )
        subs = []
        for i, cid in enumerate(ids):
            version = versions[i % len(versions)]
            if i % 20 == 19:  # moves to the next plan on 15 July
                change = date(YEAR, 7, 15)
                subs.append(
                    Subscription(
                        tenant=tenant,
                        customer_id=cid,
                        plan_version=version,
                        start_date=date(YEAR, 1, 1),
                        end_date=change,
                    )
                )
                version = versions[(i + 1) % len(versions)]
                subs.append(
                    Subscription(
                        tenant=tenant, customer_id=cid, plan_version=version, start_date=change
                    )
                )
            else:
                subs.append(
                    Subscription(
                        tenant=tenant,
                        customer_id=cid,
                        plan_version=version,
                        start_date=date(YEAR, 1, 1),
                    )
                )
        Subscription.objects.bulk_create(subs)
    count = copy_events(tenant, ids, events_per_class, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE metering_usageevent")
    print(
        f"seeded {customers:,} customers, {count:,} events in {time.perf_counter() - started:.1f} s"
    )
    return tenant


def copy_events(
    tenant: Tenant, customer_ids: list[int], events_per_class: int, rng: random.Random
) -> int:
    """Write a year of costed events with COPY (ingest is benchmarked elsewhere)."""
    columns = [str(f.column) for f in UsageEvent._meta.concrete_fields if f.column != "id"]
    defaults = {
        f.column: f.get_default() for f in UsageEvent._meta.concrete_fields if f.column != "id"
    }
    names = list(CLASSES)
    serial = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY metering_usageevent ({', '.join(columns)}) FROM STDIN"  # noqa: S608
        ) as copy:
            for cid in customer_ids:
                used = rng.sample(names, rng.choices([1, 2, 3], [5, 3, 2])[0])
                for month in range(1, 13):
                    start = datetime(YEAR, month, 1, tzinfo=UTC)
                    end = datetime(YEAR + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
                    seconds = int((end - start).total_seconds())
                    for request_class in used:
                        for _ in range(rng.randrange(1, 2 * events_per_class)):
                            serial += 1
                            ts = start + timedelta(seconds=rng.randrange(seconds))
                            outcome = rng.choice(["success", "failure", None])
                            inp, out = rng.randrange(2_000, 200_000), rng.randrange(500, 40_000)
                            cost = (Decimal(inp) * 3 + Decimal(out) * 15) / 1_000_000
                            row = dict(defaults)
                            row.update(
                                tenant_id=tenant.id,
                                customer_id=cid,
                                event_id=f"sim-{serial:09d}",
                                timestamp=ts,
                                received_at=ts,
                                request_class=request_class,
                                model=CLASSES[request_class],
                                input_tokens=inp,
                                output_tokens=out,
                                outcome=outcome,
                                outcome_value=Decimal(rng.randrange(0, 50_000)) / 100
                                if outcome == "success"
                                else None,
                                payload_hash=f"{serial:064d}",
                                cost_status="priced",
                                cost_tokens=cost,
                                cost_gpu=Decimal(0),
                                cost_services=Decimal(0),
                                cost_external=Decimal(0),
                                cost_total=cost,
                            )
                            copy.write_row(
                                [
                                    Jsonb(row[c]) if isinstance(row[c], dict) else row[c]
                                    for c in columns
                                ]
                            )
    return serial


def _cpu() -> float:
    """Return the CPU seconds of this process and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _old_totals(period: Any, segments: Any, *, attribute: bool = False) -> Totals:
    """Rate a customer-month as the job did before: the whole engine, lines and all."""
    engine = [Segment(tp.plan, start, end, rows) for tp, start, end, rows in segments]
    if not attribute:
        return rate_segments(period, engine).invoice.total, None, ZERO
    result = rate_segments(period, engine, attribute=True, by_event=False)
    attribution = result.attribution
    assert attribution is not None
    return result.invoice.total, attribution.by_request_class, attribution.unattributed


def _old_totals_each(period: Any, plans: Any, stretches: Any, *, attribute: bool) -> list[Totals]:
    return [
        _old_totals(period, [(tp, *stretch) for stretch in stretches], attribute=attribute)
        for tp in plans
    ]


@contextlib.contextmanager
def old_path() -> Any:
    """Run the job as before: all metrics read, the engine's rate_segments, one process."""
    saved = (
        simulation_module.rate_totals,
        simulation_module.rate_totals_each,
        simulation_selectors.metrics_needed,
        settings.SIMULATION_WORKERS,
    )
    simulation_module.rate_totals = _old_totals  # type: ignore[assignment]
    simulation_module.rate_totals_each = _old_totals_each  # type: ignore[assignment]
    simulation_selectors.metrics_needed = lambda plans: simulation_selectors._METRICS  # type: ignore[assignment]
    settings.SIMULATION_WORKERS = 1
    try:
        yield
    finally:
        (
            simulation_module.rate_totals,  # type: ignore[assignment]
            simulation_module.rate_totals_each,  # type: ignore[assignment]
            simulation_selectors.metrics_needed,  # type: ignore[assignment]
            settings.SIMULATION_WORKERS,
        ) = saved


def run_job(tenant: Tenant, candidates: list[dict[str, Any]]) -> tuple[Simulation, float, float]:
    """Create and run one simulation in this process (forked rating workers); time it."""
    Simulation.objects.filter(tenant=tenant).delete()
    c0, t0 = _cpu(), time.perf_counter()
    simulation = simulation_create(
        tenant=tenant,
        candidates=candidates,
        start_month=f"{YEAR}-01",
        end_month=f"{YEAR + 1}-01",
        enqueue=False,
        today=TODAY,
    )
    simulation = simulation_run(simulation_id=simulation.pk, chunked=False)
    job, job_cpu = time.perf_counter() - t0, _cpu() - c0
    assert simulation.status == "succeeded", simulation.error
    return simulation, job, job_cpu


def start_worker(processes: int, chunks: int) -> subprocess.Popen[bytes]:
    """Start `celery worker` on the simulations queue with `processes` pool processes."""
    env = dict(os.environ, SIMULATION_RUN_MODE="tasks", SIMULATION_CHUNKS=str(chunks))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "simulations"]
        + ["--pool", "prefork", "--concurrency", str(processes), "--loglevel", "WARNING"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not celery_app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the Celery worker did not start")
    return worker


def _tree_cpu(pid: int) -> float:
    """Return the CPU seconds of a process and its live children (the worker's pool)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run_tasks_job(
    tenant: Tenant, candidates: list[dict[str, Any]], worker: subprocess.Popen[bytes]
) -> tuple[Simulation, float, float]:
    """Queue one simulation to the worker (chunk tasks); time it until its row says done."""
    Simulation.objects.filter(tenant=tenant).delete()
    c0 = _tree_cpu(worker.pid)
    t0 = time.perf_counter()
    simulation = simulation_create(
        tenant=tenant,
        candidates=candidates,
        start_month=f"{YEAR}-01",
        end_month=f"{YEAR + 1}-01",
        today=TODAY,
    )  # sent to the simulations queue as its transaction commits
    pending = Simulation.objects.filter(pk=simulation.pk, status__in=["queued", "running"])
    while pending.exists():
        if time.perf_counter() - t0 > 600:
            raise SystemExit("the chunked simulation did not finish in 600 s")
        time.sleep(0.02)
    job = time.perf_counter() - t0
    simulation = Simulation.objects.get(pk=simulation.pk)
    assert simulation.status == "succeeded", simulation.error
    return simulation, job, _tree_cpu(worker.pid) - c0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument(
        "--events", type=int, default=3, help="mean events per customer, class and month"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--workers", type=int, default=settings.SIMULATION_WORKERS, help="forked rating processes"
    )
    parser.add_argument(
        "--old",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the job the way it ran before, in each round",
    )
    parser.add_argument(
        "--mode",
        choices=["forked", "tasks", "both"],
        default="both" if settings.REDIS_URL else "forked",
        help="forked rating processes in this process, chunk tasks on a Celery worker, or both",
    )
    parser.add_argument(
        "--chunks", type=int, default=settings.SIMULATION_CHUNKS, help="chunk tasks per job"
    )
    parser.add_argument(
        "--worker-processes", type=int, default=2, help="pool processes of the Celery worker"
    )
    parser.add_argument(
        "--halves",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the forked job's read and rating apart, in each round",
    )
    args = parser.parse_args()
    settings.SIMULATION_WORKERS = args.workers
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    if args.mode != "forked" and not settings.REDIS_URL:
        print("Set REDIS_URL for --mode tasks or both (a Celery broker).", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    tenant = seed(args.customers, args.events, args.seed)
    events = UsageEvent.objects.filter(tenant=tenant).count()
    candidates = [{"plan_id": code, "version": 1} for code in CANDIDATES]

    worker = start_worker(args.worker_processes, args.chunks) if args.mode != "forked" else None
    try:
        return measure(args, tenant, events, candidates, worker)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)


def measure(
    args: argparse.Namespace,
    tenant: Tenant,
    events: int,
    candidates: list[dict[str, Any]],
    worker: subprocess.Popen[bytes] | None,
) -> int:
    figures: dict[str, list[float]] = {
        "tasks_job": [],
        "tasks_cpu": [],
        "load": [],
        "old_job": [],
        "old_job_cpu": [],
        "job": [],
        "read": [],
        "rate": [],
        "job_cpu": [],
        "read_cpu": [],
        "rate_cpu": [],
    }
    for round_ in range(args.rounds):
        if args.old:
            with old_path():
                old, old_job, old_job_cpu = run_job(tenant, candidates)
            figures["old_job"].append(old_job)
            figures["old_job_cpu"].append(old_job_cpu)
            old_results, old_rows = old.results, old.customer_rows
        figures["load"].append(os.getloadavg()[0])
        if worker is not None:
            chunked, tasks_job, tasks_cpu = run_tasks_job(tenant, candidates, worker)
            figures["tasks_job"].append(tasks_job)
            figures["tasks_cpu"].append(tasks_cpu)
            print(
                f"round {round_ + 1}: tasks job {tasks_job:.2f} s (CPU of the worker's "
                f"processes {tasks_cpu:.2f} s; {args.chunks} chunk tasks, "
                f"{args.worker_processes} worker processes; load average "
                f"{os.getloadavg()[0]:.1f})"
            )
            if args.mode == "tasks":
                totals = (chunked.results or {})["totals"]
                continue
        simulation, job, job_cpu = run_job(tenant, candidates)
        simulation = Simulation.objects.get(pk=simulation.pk)
        if worker is not None:
            assert simulation.results == chunked.results, "chunked results differ"
            assert simulation.customer_rows == chunked.customer_rows, "chunked rows differ"
        if args.old:
            assert simulation.results == old_results, "results differ from the old path"
            assert simulation.customer_rows == old_rows, "customer rows differ from the old path"
            print(f"round {round_ + 1}: old path job {old_job:.2f} s (CPU {old_job_cpu:.2f} s)")

        figures["job"].append(job)
        figures["job_cpu"].append(job_cpu)
        totals = (simulation.results or {})["totals"]
        print(f"round {round_ + 1}: forked job {job:.2f} s (CPU {job_cpu:.2f} s)")
        if args.halves:
            halves(args, tenant, simulation, figures, round_)
    med = {k: statistics.median(v) for k, v in figures.items() if v}
    months = totals["customer_months"]
    ratings = months * (1 + len(candidates))
    print(f"{totals['customers']:,} customers, {months:,} customer-months, {events:,} events")
    for plan in totals["plans"]:
        print(f"  {plan['name']}: revenue {plan['revenue']} USD, margin {plan['margin_pct']}%")
    print(
        f"load average at each round's start: "
        f"{', '.join(f'{x:.1f}' for x in figures['load'])}; now {os.getloadavg()[0]:.1f}"
    )
    if figures["tasks_job"]:
        print(
            f"median tasks job end to end: {med['tasks_job']:.2f} s "
            f"(rounds {', '.join(f'{x:.2f}' for x in figures['tasks_job'])}; CPU of the "
            f"worker's processes {med['tasks_cpu']:.2f} s; {args.chunks} chunk tasks on "
            f"{args.worker_processes} worker processes)"
        )
    if args.mode == "tasks":
        return 0
    print(f"forked path: rating workers {args.workers}")
    if args.old:
        print(
            f"median old path job: {med['old_job']:.2f} s (CPU {med['old_job_cpu']:.2f} s); "
            f"ratio old / new: wall {med['old_job'] / med['job']:.1f}x, "
            f"CPU {med['old_job_cpu'] / med['job_cpu']:.1f}x"
        )
    print(
        f"median forked job end to end: {med['job']:.2f} s (rounds "
        f"{', '.join(f'{x:.2f}' for x in figures['job'])}; CPU incl. workers "
        f"{med['job_cpu']:.2f} s)"
    )
    if not args.halves:
        return 0
    print(f"median read (grouped queries): {med['read']:.2f} s (CPU {med['read_cpu']:.2f} s)")
    print(
        f"median rating ({ratings:,} customer-month ratings): {med['rate']:.2f} s "
        f"(CPU {med['rate_cpu']:.2f} s, {med['rate_cpu'] / ratings * 1e6:.1f} us each)"
    )
    return 0


def halves(
    args: argparse.Namespace,
    tenant: Tenant,
    simulation: Simulation,
    figures: dict[str, list[float]],
    round_: int,
) -> None:
    """Measure the forked job's two halves apart: reading the inputs, and rating them."""
    c0, t0 = _cpu(), time.perf_counter()
    inputs = simulation_inputs(tenant=tenant, params=simulation.params)
    read, read_cpu = time.perf_counter() - t0, _cpu() - c0
    plans = [
        Candidate(c["key"], c["name"], RatePlan("USD", charges_from_data(c["charges"])))
        for c in simulation.params["candidates"]
    ]
    c0, t0 = _cpu(), time.perf_counter()
    simulate(
        inputs.months,
        plans,
        currency="USD",
        month_labels=inputs.month_labels,
        customer_count=inputs.customer_count,
        workers=args.workers,
    )
    rate, rate_cpu = time.perf_counter() - t0, _cpu() - c0

    for name, value in (
        ("read", read),
        ("rate", rate),
        ("read_cpu", read_cpu),
        ("rate_cpu", rate_cpu),
    ):
        figures[name].append(value)
    print(
        f"round {round_ + 1}: read {read:.2f} s "
        f"(CPU {read_cpu:.2f} s, {len(inputs.months):,} customer-months); "
        f"rate {rate:.2f} s (CPU {rate_cpu:.2f} s)"
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""Two hosts of gunicorn and Celery workers on one database host; one of them dies mid-run.

Clients post every batch to both web hosts at once, repeat events across batches and retry
after client timeouts; once the ingest is under way and the second host's worker has costed
and rolled up some of it, every process of that host is killed (-9) and its network link
removed. Then every event must be in the database once, costed once and counted once in
every rollup, the totals must equal those computed in Python from the events (what a single
host must reach), and both hosts' workers must have done pipeline work.

Before the ingest, while both hosts run, one plan simulation and one what-if are posted: the
chunk tasks of each must run on both hosts' simulations workers, and their results must
equal, digit for digit, those of the same jobs run in a single process.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tests.multihost import report
from tests.multihost import simulation as simulated
from tests.multihost.hosts import AppHost, MultiHostStack
from tests.multihost.traffic import (
    PRICE,
    Clients,
    Event,
    Figures,
    Key,
    events,
    expected,
    grouped,
    now,
)

pytestmark = pytest.mark.multihost

TENANTS = 2
EVENTS_PER_TENANT = 2_500
KILLED = "b"
KILL_AFTER = 0.5  # of the posts answered
DRAIN_TIMEOUT = 90.0
TIME_BOUND = 180.0  # seconds, the whole test with its hosts' start and tear-down

# Per (customer, class, hour): events, input tokens, output tokens, cost.
EVENTS_SQL = """
    SELECT c.external_id, e.request_class, date_trunc('hour', e."timestamp"),
           count(*), sum(e.input_tokens), sum(e.output_tokens), sum(e.cost_total)
      FROM metering_usageevent e JOIN metering_customer c ON c.id = e.customer_id
     WHERE e.tenant_id = %s AND e.voided_at IS NULL AND e.cost_status = 'priced'
     GROUP BY 1, 2, 3
"""
ROLLUP_HOURS_SQL = """
    SELECT c.external_id, r.request_class, r.bucket_start,
           sum(r.events), sum(r.input_tokens), sum(r.output_tokens), sum(r.cost_total)
      FROM economics_rolluphour r JOIN metering_customer c ON c.id = r.customer_id
     WHERE r.tenant_id = %s GROUP BY 1, 2, 3
"""
# Days may straddle midnight: compared per customer and class.
ROLLUP_DAYS_SQL = """
    SELECT c.external_id, r.request_class,
           sum(r.events), sum(r.input_tokens), sum(r.output_tokens), sum(r.cost_total)
      FROM economics_rollupday r JOIN metering_customer c ON c.id = r.customer_id
     WHERE r.tenant_id = %s GROUP BY 1, 2
"""
CLASS_HOURS_SQL = """
    SELECT request_class, bucket_start, sum(events), sum(cost_total)
      FROM economics_classhour WHERE tenant_id = %s GROUP BY 1, 2
"""
CLASS_DAYS_SQL = """
    SELECT request_class, sum(events), sum(cost_total)
      FROM economics_classday WHERE tenant_id = %s GROUP BY 1
"""
CUSTOMER_TOTALS_SQL = """
    SELECT c.external_id, t.request_class, sum(t.requests), sum(t.cost_total)
      FROM economics_customerclasstotal t JOIN metering_customer c ON c.id = t.customer_id
     WHERE t.tenant_id = %s GROUP BY 1, 2
"""
ONCE_SQL = """
    SELECT (SELECT count(*) FROM metering_eventkey WHERE tenant_id = %(t)s),
           (SELECT count(*) FROM metering_usageevent WHERE tenant_id = %(t)s),
           (SELECT count(DISTINCT event_id) FROM metering_usageevent WHERE tenant_id = %(t)s),
           (SELECT count(*) FROM metering_usageevent WHERE tenant_id = %(t)s
                AND cost_status <> 'priced'),
           (SELECT count(*) FROM metering_eventchange WHERE tenant_id = %(t)s),
           (SELECT count(*) FROM economics_dirtybucket WHERE tenant_id = %(t)s)
"""


def _norm(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.normalize() if isinstance(v, Decimal) else int(v) for v in row)


def found_in_database(stack: MultiHostStack, tenant_id: str) -> dict[str, dict[Any, Any]]:
    """Every place the tenant's events are counted, at the grain each one keeps."""
    found: dict[str, dict[Any, Any]] = {}
    with stack.connect() as db:
        for name, sql, width in (
            ("events", EVENTS_SQL, 3),
            ("rollup hours", ROLLUP_HOURS_SQL, 3),
            ("rollup days", ROLLUP_DAYS_SQL, 2),
            ("class hours", CLASS_HOURS_SQL, 2),
            ("class days", CLASS_DAYS_SQL, 1),
            ("customer totals", CUSTOMER_TOTALS_SQL, 2),
        ):
            rows = db.execute(sql, [tenant_id]).fetchall()
            found[name] = {tuple(r[:width]): _norm(tuple(r[width:])) for r in rows}
    return found


def single_host_totals(evs: list[Event]) -> dict[str, dict[Any, Any]]:
    """The same places, as one host costing each event once must fill them."""
    rows: dict[Key, Figures] = expected(evs)

    def without_tokens(table: dict[Any, tuple[Any, ...]]) -> dict[Any, tuple[Any, ...]]:
        return {key: (value[0], value[3]) for key, value in table.items()}

    return {
        "events": grouped(rows, 0, 1, 2),
        "rollup hours": grouped(rows, 0, 1, 2),
        "rollup days": grouped(rows, 0, 1),
        "class hours": without_tokens(grouped(rows, 1, 2)),
        "class days": without_tokens(grouped(rows, 1)),
        "customer totals": without_tokens(grouped(rows, 0, 1)),
    }


def differences(want: dict[str, dict[Any, Any]], got: dict[str, dict[Any, Any]]) -> list[str]:
    out = []
    for source, rows in want.items():
        have = got.get(source, {})
        for key in sorted(set(rows) | set(have), key=str):
            if rows.get(key) != have.get(key):
                out.append(f"{source} {key}: expected {rows.get(key)}, found {have.get(key)}")
    return out


def database_totals(stack: MultiHostStack, tenant_id: str) -> dict[str, tuple[int, Decimal]]:
    """The tenant's events and their cost, summed in the database."""
    with stack.connect() as db:
        row = db.execute(
            "SELECT count(*), coalesce(sum(cost_total), 0) FROM metering_usageevent"
            " WHERE tenant_id = %s",
            [tenant_id],
        ).fetchone()
    assert row is not None
    return {"events": (int(row[0]), Decimal(row[1]).normalize())}


def once_counts(stack: MultiHostStack, tenant_id: str) -> tuple[int, ...]:
    with stack.connect() as db:
        row = db.execute(ONCE_SQL, {"t": tenant_id}).fetchone()
    assert row is not None
    return tuple(int(v) for v in row)


JOB_TIMEOUT = 60.0


@dataclass(frozen=True)
class Job:
    """A kind of job split into chunk tasks: where it is posted, its tables and its tasks."""

    name: str
    path: str
    id_field: str
    table: str
    chunk_table: str
    chunk_column: str
    outputs: str  # the JSON columns compared with the single-process run's
    task: str
    chunk_task: str


JOBS = (
    Job(
        "simulation",
        "/v1/simulations",
        "simulation_id",
        "economics_simulation",
        "economics_simulationchunk",
        "simulation_id",
        "results::text, customer_rows::text",
        "economics.tasks.simulation_run",
        "economics.simulation_chunk",
    ),
    Job(
        "what-if",
        "/v1/what-ifs",
        "what_if_id",
        "economics_whatif",
        "economics_whatifchunk",
        "what_if_id",
        "results::text, NULL::text",
        "economics.tasks.what_if_run",
        "economics.what_if_chunk",
    ),
)


def job_row(stack: MultiHostStack, job: Job, job_id: str) -> tuple[Any, ...]:
    """Status, attempts and the job's JSON outputs; every number exactly as stored."""
    sql = f"SELECT status, attempts, {job.outputs} FROM {job.table} WHERE id = %s"  # noqa: S608
    with stack.connect() as db:
        row = db.execute(sql, [job_id]).fetchone()
    assert row is not None
    exact = [json.loads(text, parse_float=Decimal) if text else None for text in row[2:]]
    return (row[0], row[1], *exact)


def chunk_rows(stack: MultiHostStack, job: Job, job_id: str) -> list[tuple[Any, ...]]:
    """(index, customers, attempts, sums emptied, finished) of each chunk of the job."""
    sql = (
        "SELECT index, customers, attempts, sums IS NULL, finished_at IS NOT NULL"  # noqa: S608
        f" FROM {job.chunk_table} WHERE {job.chunk_column} = %s ORDER BY index"
    )
    with stack.connect() as db:
        return [tuple(r) for r in db.execute(sql, [job_id]).fetchall()]


def jobs_on_both_hosts(
    stack: MultiHostStack, clients: Clients, hosts: list[AppHost]
) -> tuple[float, dict[str, dict[str, Any]]]:
    """Seed a tenant and run its simulation and what-if in one process; then post each to the
    hosts, one after the other, and wait for it. Seconds of the seeding, and what each found."""
    started = time.monotonic()
    out = stack.manage(
        "shell",
        "-c",
        "from tests.multihost.simulation import seed_and_run_here; seed_and_run_here()",
    )
    seeded = json.loads(out.strip().splitlines()[-1])
    seed_seconds = time.monotonic() - started
    found: dict[str, dict[str, Any]] = {}
    for job, body in zip(JOBS, (simulated.request_body(), simulated.WHAT_IF), strict=True):
        posted = time.monotonic()
        status, answer = clients.post_json(hosts[0], seeded["key"], job.path, body)
        assert status == "202", answer
        job_id = str(answer[job.id_field])

        def finished(job: Job = job, job_id: str = job_id) -> Any:
            now = clients.get_json(hosts[0], seeded["key"], f"{job.path}/{job_id}")
            return now if now["status"] in ("succeeded", "failed") else None

        done = wait_for(finished, JOB_TIMEOUT, f"the {job.name} to finish")
        run_seconds = time.monotonic() - posted
        # A chunk's worker logs it once the task returned, just after it stored (and merged).
        wait_for(
            lambda job=job: (
                sum(h.simulation_runs()[job.chunk_task] for h in hosts) >= simulated.CHUNKS
            ),
            10,
            f"every chunk task of the {job.name} in the logs",
        )
        found[job.name] = {
            "status": done["status"],
            "error": done.get("error"),
            "chunked": job_row(stack, job, job_id),
            "single": job_row(stack, job, seeded[job.name]),
            "chunks": chunk_rows(stack, job, job_id),
            "runs": {h.name: h.simulation_runs() for h in hosts},
            "seconds": run_seconds,
        }
    return seed_seconds, found


def wait_for(condition: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def test_two_hosts_one_killed_cost_and_roll_up_every_event_exactly_once(
    multihost_stack: MultiHostStack,
) -> None:
    stack = multihost_stack
    started = time.monotonic()
    hosts: list[AppHost] = [stack.apps["a"], stack.apps["b"]]
    killed_host = stack.apps[KILLED]
    tenants = [stack.create_tenant(f"Multihost {n}") for n in range(TENANTS)]
    clients_for_setup = Clients(hosts, [key for key, _ in tenants], [[] for _ in tenants])
    for key, _ in tenants:
        status, answer = clients_for_setup.post_json(hosts[0], key, "/v1/costs/model-prices", PRICE)
        assert status == "201", answer
    wait_for(lambda: all(h.worker_ready() for h in hosts), 60, "every worker to be ready")
    # One plan simulation while both hosts run, before the ingest: its chunk tasks go to the
    # `simulations` queue, which both hosts' simulations workers consume.
    seed_seconds, chunked_jobs = jobs_on_both_hosts(stack, clients_for_setup, hosts)

    at = now()
    evs = [events(n, EVENTS_PER_TENANT, at) for n in range(TENANTS)]
    clients = Clients(hosts, [key for key, _ in tenants], evs)
    pool = clients.start()
    ingest_started = time.monotonic()

    # Kill the host once the ingest is under way and its worker has costed (some events: a
    # costing task may find its notes taken by the other host's) and rolled up.
    def killed_host_busy() -> bool:
        runs = killed_host.task_runs()
        return (
            clients.progress >= KILL_AFTER
            and runs["economics.changes_process"] > 0
            and killed_host.events_costed() > 0
            and runs["economics.rollups_refresh"] > 0
        )

    wait_for(killed_host_busy, 90, f"host {KILLED} to cost and roll up some of the ingest")
    progress_at_kill = clients.progress
    runs_before_kill = killed_host.task_runs()
    processes_killed = stack.kill_host(KILLED)
    in_flight = killed_host.in_flight()
    pool.shutdown(wait=True)
    ingest_seconds = time.monotonic() - ingest_started

    # Drain: wait (bounded) for every source to equal the single-host totals.
    want = [single_host_totals(e) for e in evs]
    drain_started = time.monotonic()
    while True:
        got = [found_in_database(stack, tenant_id) for _, tenant_id in tenants]
        problems = [p for w, g in zip(want, got, strict=True) for p in differences(w, g)]
        if not problems or time.monotonic() - drain_started > DRAIN_TIMEOUT:
            break
        time.sleep(1)
    drain_seconds = time.monotonic() - drain_started
    once = [once_counts(stack, tenant_id) for _, tenant_id in tenants]
    found = [database_totals(stack, tenant_id) for _, tenant_id in tenants]
    blended = [
        clients.get_json(stack.apps["a"], key, "/v1/economics/request-classes?" + window(at))
        for key, _ in tenants
    ]

    runs = {h.name: h.task_runs() for h in hosts}
    costed = {h.name: h.events_costed() for h in hosts}
    unique = TENANTS * EVENTS_PER_TENANT
    sent = sum(
        len(clients.batch(t, b)) for t, b, _ in clients.jobs()
    )  # every event of every post, retries not counted
    tally = clients.tally
    report.FIGURES[:] = [
        f"hosts: db {stack.network.hosts['db'].address} (PostgreSQL, Redis); "
        + "; ".join(f"{h.name} {h.host.address} (gunicorn, workers)" for h in hosts)
        + f"; subnet {stack.network.subnet}",
        f"events: {unique:,} unique over {TENANTS} tenants; {sent:,} sent in "
        f"{tally.posts} posts (every batch to both hosts, {sent - unique:,} duplicates), "
        f"{tally.retries} retries ({tally.answers['timeout']} after a client timeout), "
        f"{tally.failovers} sent to the other host after the kill; answers "
        + ", ".join(f"{k} x {v}" for k, v in sorted(tally.answers.items())),
        "verdicts over every answer: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(tally.verdicts.items()))
        + f" ({unique - tally.verdicts['accepted']:,} accepted in answers lost to a timeout"
        + " or the kill: their retries were answered duplicate)",
        f"killed host {KILLED}: {processes_killed} processes (kill -9) and its link, at "
        f"{progress_at_kill:.0%} of the posts answered, after its worker ran "
        + ", ".join(f"{k} x {v}" for k, v in sorted(runs_before_kill.items()))
        + "; running when killed: "
        + (", ".join(f"{k} x {v}" for k, v in sorted(in_flight.items())) or "none"),
        "pipeline tasks finished per host: "
        + "; ".join(
            f"{name}: " + ", ".join(f"{k} x {v}" for k, v in sorted(r.items()))
            for name, r in runs.items()
        ),
        "events costed per host (the tasks' own counts): "
        + ", ".join(f"{name} {n:,}" for name, n in costed.items()),
        "exactly once per tenant (keys, events, distinct ids, not priced, notes, marks): "
        + "; ".join(str(o) for o in once),
        "totals: "
        + "; ".join(
            f"tenant {n}: {b['blended']['requests']:,} requests, ${b['blended']['cost']} in the "
            f"report, ${found[n]['events'][1]} costed in the database "
            f"(single host: {len(e):,}, ${sum((x.cost for x in e), Decimal(0))})"
            for n, (b, e) in enumerate(zip(blended, evs, strict=True))
        ),
        *(
            f"{job.name}: {simulated.CUSTOMERS} customers, 3 months, "
            f"{len(found['chunks'])} chunk tasks ({simulated.CHUNKS} asked); "
            "chunks per host: "
            + ", ".join(f"{name} {r[job.chunk_task]}" for name, r in found["runs"].items())
            + "; the job's task on "
            + ", ".join(name for name, r in found["runs"].items() if r[job.task])
            + f"; {found['status']}, "
            + ("equal to" if found["chunked"][2:] == found["single"][2:] else "NOT equal to")
            + f" the single-process run's; {found['seconds']:.1f} s on both hosts"
            for job, found in ((j, chunked_jobs[j.name]) for j in JOBS)
        ),
        f"seconds: ingest {ingest_seconds:.0f}, drain {drain_seconds:.0f}, "
        f"test {time.monotonic() - started:.0f} (seeding and single-process runs "
        f"{seed_seconds:.1f}), start of the hosts {stack.start_seconds:.0f} ("
        + ", ".join(f"{k} {v:.0f}" for k, v in stack.phases.items())
        + ")",
    ]

    assert not tally.errors, tally.errors[:10]
    assert tally.answers["timeout"] > 0 and tally.failovers > 0
    assert tally.verdicts["conflict"] == 0 and tally.verdicts["rejected"] == 0
    # An answer lost to a client timeout may have accepted events; none is accepted twice.
    assert tally.verdicts["accepted"] <= unique
    assert 0 < progress_at_kill < 1, "the host must die while the ingest still runs"
    assert not problems, "not equal to the single-host totals:\n" + "\n".join(problems[:30])
    for (_, _), o in zip(tenants, once, strict=True):
        assert o == (EVENTS_PER_TENANT, EVENTS_PER_TENANT, EVENTS_PER_TENANT, 0, 0, 0), once
    # The report, read through the surviving host: its money is in cents (half up).
    for report_, e in zip(blended, evs, strict=True):
        assert report_["unpriced_events"] == 0
        assert (report_["blended"]["requests"], Decimal(report_["blended"]["cost"])) == (
            len(e),
            cents(sum((x.cost for x in e), Decimal(0))),
        )
        per_class = {
            c["request_class"]: (c["requests"], Decimal(c["cost"])) for c in report_["classes"]
        }
        assert per_class == {
            name: (count, cents(cost))
            for (name,), (count, cost) in single_host_totals(e)["class days"].items()
        }
    # Both hosts' workers did pipeline work: costing and rollups ran on each.
    for name, r in runs.items():
        assert r["economics.changes_process"] + r["economics.pending_process"] > 0, (name, r)
        assert r["economics.rollups_refresh"] > 0, (name, r)
        assert costed[name] > 0, (name, costed)
    # Each costed event is counted by the task that costed it: never more than once overall
    # (fewer when a task committed on the killed host in the instant before its log line).
    assert sum(costed.values()) <= unique, costed
    # The simulation and the what-if posted while both hosts ran: their results are the
    # single-process runs', digit for digit, and their chunk tasks ran on both hosts'
    # simulations workers, once each.
    per_chunk = -(-simulated.CUSTOMERS // simulated.CHUNKS)
    for job in JOBS:
        found = chunked_jobs[job.name]
        assert (found["status"], found["error"]) == ("succeeded", ""), (job.name, found["error"])
        chunked, single = found["chunked"], found["single"]
        assert chunked[:2] == ("succeeded", 1) and single[:2] == ("succeeded", 1), job.name
        assert chunked[2] == single[2], f"{job.name}: results differ from the single process's"
        assert chunked[3] == single[3], f"{job.name}: customer rows differ"
        assert found["chunks"] == [
            (i, per_chunk, 1, True, True) for i in range(simulated.CHUNKS)
        ], (job.name, found["chunks"])
        runs = {name: r[job.chunk_task] for name, r in found["runs"].items()}
        assert sum(runs.values()) == simulated.CHUNKS, (job.name, runs)
        assert all(n > 0 for n in runs.values()), (job.name, runs)
    assert time.monotonic() - started + stack.start_seconds < TIME_BOUND


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def window(at: datetime) -> str:
    today = at.date()
    return f"from={today - timedelta(days=2)}&to={today + timedelta(days=2)}"

"""kill -9 the Celery worker in the middle of costing, then in the middle of a rollup refresh.

The killed worker's open transaction is rolled back by PostgreSQL and its task was never
acknowledged; the change notes and bucket marks it was consuming are still there, so the
restarted worker (sent the work again by the beat's sweep) does it once.
"""

from __future__ import annotations

import time

import pytest

from tests.faults.harness import Ingest, Scenario, drained, tenant_ready, wait_for
from tests.faults.services import FaultStack

pytestmark = pytest.mark.faults

EVENTS = 20_000
# The worker's sessions carry this application name (FaultStack.start_worker).
WORKER_IN_TRANSACTION = (
    "SELECT state FROM pg_stat_activity WHERE application_name = 'marginal-worker'"
    " AND xact_start IS NOT NULL"
)
COSTING_PROGRESS = (
    "SELECT count(*) FILTER (WHERE cost_status = 'priced'),"
    " count(*) FILTER (WHERE cost_status = 'pending')"
    " FROM metering_usageevent WHERE tenant_id = %s"
)
# economics.margins.rollups holds this advisory lock (class 4770001) while it refreshes.
REFRESHING = (
    "SELECT a.state FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.classid = 4770001 AND l.granted"
    " AND a.application_name = 'marginal-worker'"
)
MARKS = "SELECT count(*) FROM economics_dirtybucket WHERE tenant_id = %s"


def test_killing_the_worker_during_costing_and_during_a_rollup_loses_and_doubles_nothing(
    fault_stack: FaultStack,
) -> None:
    scenario = Scenario("kill -9 worker: costing, rollup")
    api, tenant_id = tenant_ready(fault_stack, "Worker kills", scenario.answers)
    # 100 customers over 24 hours: thousands of customer-hours, so a refresh takes a while.
    ingest = Ingest(
        api, "kill", batch=1_000, customers=100, spread_hours=24, pause=0, limit=EVENTS
    ).start()

    with fault_stack.postgres.connect() as db:

        def costing() -> str | None:
            priced, pending = db.execute(COSTING_PROGRESS, [tenant_id]).fetchone() or (0, 0)
            if not (priced and pending):
                return None
            session = db.execute(WORKER_IN_TRANSACTION).fetchone()
            return f"{priced} priced, {pending} pending, worker {session[0]}" if session else None

        state = wait_for(costing, 120, "the worker to be costing")
        fault_stack.kill_worker()
        scenario.notes.append(f"killed during costing ({state})")
        time.sleep(2)
        fault_stack.start_worker()
        ingest.join()

        def refreshing() -> str | None:
            session = db.execute(REFRESHING).fetchone()
            if session is None:
                return None
            marks = db.execute(MARKS, [tenant_id]).fetchone()
            return f"{marks[0] if marks else 0} marks waiting, worker {session[0]}"

        state = wait_for(refreshing, 120, "the worker to be refreshing rollups", every=0.02)
        fault_stack.kill_worker()
        scenario.notes.append(f"killed during a rollup refresh ({state})")
        time.sleep(2)
        fault_stack.start_worker()

    tally = drained(fault_stack, api, tenant_id, EVENTS)
    row = scenario.finish(sent=ingest.sent, accepted=ingest.acknowledged, tallies=[tally])
    scenario.assert_clean(row, [tally])

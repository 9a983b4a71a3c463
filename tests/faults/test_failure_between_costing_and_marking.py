"""A failure injected between costing an event and marking its rollup bucket.

A PostgreSQL trigger makes the first few inserts of bucket marks fail, which is exactly
the step after costing in the pipeline's transaction. Costing and marking commit together,
so each failure rolls the costs back with the marks: the events stay pending with their
change notes, and the next attempt (the sweep sends it) costs and marks them once. No
cost may be left that the reports never hear of.
"""

from __future__ import annotations

import pytest

from tests.faults.harness import Ingest, Scenario, drained, tenant_ready
from tests.faults.services import FaultStack

pytestmark = pytest.mark.faults

EVENTS = 2_000
FAILURES = 3
# A sequence is not transactional: nextval counts attempts even when they roll back.
INJECT = f"""
CREATE SEQUENCE faults_mark_attempts;
CREATE FUNCTION faults_fail_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF nextval('faults_mark_attempts') <= {FAILURES} THEN
        RAISE EXCEPTION 'fault injected between costing and marking';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER faults_fail_marks BEFORE INSERT ON economics_dirtybucket
    FOR EACH STATEMENT EXECUTE FUNCTION faults_fail_marks();
"""
REMOVE = """
DROP TRIGGER IF EXISTS faults_fail_marks ON economics_dirtybucket;
DROP FUNCTION IF EXISTS faults_fail_marks();
DROP SEQUENCE IF EXISTS faults_mark_attempts;
"""


def test_a_failure_between_costing_and_marking_strands_no_cost(fault_stack: FaultStack) -> None:
    scenario = Scenario("failure between costing and marking")
    api, tenant_id = tenant_ready(fault_stack, "Failing marks", scenario.answers)
    with fault_stack.postgres.connect() as db:
        db.execute(INJECT)
        try:
            ingest = Ingest(api, "mark", batch=100, pause=0, limit=EVENTS).start()
            ingest.join()
            tally = drained(fault_stack, api, tenant_id, EVENTS)
            attempts = db.execute("SELECT last_value FROM faults_mark_attempts").fetchone()
        finally:
            db.execute(REMOVE)
    assert attempts is not None
    scenario.notes.append(f"{FAILURES} mark inserts failed, {attempts[0]} attempted in all")
    row = scenario.finish(sent=ingest.sent, accepted=ingest.acknowledged, tallies=[tally])
    scenario.assert_clean(row, [tally])
    assert attempts[0] > FAILURES, "the injected failures never happened"

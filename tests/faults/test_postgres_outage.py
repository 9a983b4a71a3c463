"""PostgreSQL stopped for 15 s while clients ingest: 503 with Retry-After, never a 500.

Every request that needs the database while it is down (the key lookup is the first
query of most) is answered 503 with Retry-After within the connect timeout, and nothing
of it is stored; the client posts the same batch again and it is stored once. The worker's
and beat's tasks fail while it is down and their input (notes, marks) waits for the sweep.
"""

from __future__ import annotations

import time

import pytest

from tests.faults.harness import Ingest, Probe, Scenario, drained, tenant_ready
from tests.faults.services import FaultStack

pytestmark = pytest.mark.faults

OUTAGE_SECONDS = 15
BEFORE_AND_AFTER = 3


def test_ingest_through_postgresql_stopped_for_15_seconds_answers_503_and_loses_nothing(
    fault_stack: FaultStack,
) -> None:
    scenario = Scenario("PostgreSQL stopped 15 s")
    api, tenant_id = tenant_ready(fault_stack, "PostgreSQL outage", scenario.answers)
    ingest = Ingest(api, "pg", batch=50, pause=0.1).start()
    probe = Probe(api).start()
    time.sleep(BEFORE_AND_AFTER)
    fault_stack.postgres.stop()
    try:
        time.sleep(OUTAGE_SECONDS)
    finally:
        fault_stack.postgres.start()
    time.sleep(BEFORE_AND_AFTER)
    ingest.stop()
    scenario.notes.append(probe.stop())

    tally = drained(fault_stack, api, tenant_id, ingest.sent)
    row = scenario.finish(sent=ingest.sent, accepted=ingest.acknowledged, tallies=[tally])
    scenario.assert_clean(row, [tally])
    assert row.answers_503 > 0, "no request met the outage"

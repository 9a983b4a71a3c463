"""Redis (the broker) stopped for 30 s, then frozen (SIGSTOP) for 30 s, while clients ingest.

Storing an event needs only PostgreSQL: its change note is written with it, and the task
that would process the note is sent after the commit with a send bounded to about two
seconds. So ingest keeps answering (a little slower while Redis is frozen), no request
hangs, and once Redis is back the sweep sends what the failed sends left behind. A
stopped Redis (no persistence) also loses every task it held.

Request-time authorisation reads its balances and budgets from PostgreSQL, so it decides
exactly while Redis is out: twelve authorisations of 1 against 10 of credits, in the middle
of the outage, allow exactly ten and deny two, none allowed by default.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.faults.harness import Api, Ingest, Probe, Scenario, drained, tenant_ready
from tests.faults.services import FaultStack

pytestmark = pytest.mark.faults

OUTAGE_SECONDS = 30
BEFORE_AND_AFTER = 3  # seconds of ingest on either side of the outage


def ingest_through(
    stack: FaultStack, name: str, fault: Callable[[], None], repair: Callable[[], None]
) -> None:
    scenario = Scenario(name)
    api, tenant_id = tenant_ready(stack, name, scenario.answers)
    credits_ready(api)
    ingest = Ingest(api, "redis", batch=50, pause=0.1).start()
    probe = Probe(api).start()
    time.sleep(BEFORE_AND_AFTER)
    fault()
    try:
        time.sleep(OUTAGE_SECONDS / 2)
        verdicts = authorise_twelve(api)
        time.sleep(OUTAGE_SECONDS / 2)
    finally:
        repair()
    scenario.notes.append(f"authorisations during the outage: {verdicts}")
    assert verdicts == [(200, True)] * 10 + [(200, False)] * 2, verdicts
    time.sleep(BEFORE_AND_AFTER)
    ingest.stop()
    scenario.notes.append(probe.stop())

    tally = drained(stack, api, tenant_id, ingest.sent)
    row = scenario.finish(sent=ingest.sent, accepted=ingest.acknowledged, tallies=[tally])
    scenario.assert_clean(row, [tally])


def credits_ready(api: Api) -> None:
    """A customer with 10 USD of credits."""
    created = api.call("POST", "/v1/customers", {"external_id": "credit-1"}, count=False)
    assert created.status == 201, created
    granted = api.call(
        "POST",
        "/v1/customers/credit-1/credit-grants",
        {"kind": "paid", "credits": "10", "currency": "USD"},
        count=False,
    )
    assert granted.status == 201, granted


def authorise_twelve(api: Api) -> list[tuple[int, bool | None]]:
    """Twelve authorisations of 1 USD, one after another: (status, allowed) of each."""
    out = []
    for _ in range(12):
        answer = api.call(
            "POST",
            "/v1/authorize",
            {"customer_id": "credit-1", "request_class": "chat", "expected_spend": "1"},
        )
        body = answer.body if isinstance(answer.body, dict) else {}
        out.append((answer.status, body.get("allowed")))
    return out


def test_ingest_through_redis_stopped_for_30_seconds_loses_nothing_and_never_hangs(
    fault_stack: FaultStack,
) -> None:
    ingest_through(
        fault_stack, "Redis stopped 30 s", fault_stack.redis.stop, fault_stack.redis.start
    )


def test_ingest_through_redis_frozen_for_30_seconds_loses_nothing_and_never_hangs(
    fault_stack: FaultStack,
) -> None:
    ingest_through(
        fault_stack, "Redis frozen 30 s", fault_stack.redis.freeze, fault_stack.redis.thaw
    )

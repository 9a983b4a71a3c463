"""A broker outage leaves one tenant's events waiting; then another tenant brings 250,000.

While Redis is down, a quiet tenant posts events: they are stored pending with their
change notes, and their costing tasks are never sent. The quiet tenant also has events
pending without any note, received two hours ago (what the pending sweep exists for).
Then a busy tenant's 250,000 events arrive (inserted with COPY, already costed, with a
change note over their time range as a re-cost writes: the rollups must take them in),
all with newer ids than the quiet tenant's. Once Redis is back the sweep must find every
pending event of the quiet tenant however many newer events exist, and count the busy
tenant's once.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.faults.harness import (
    EVENT_COST,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    PRICE,
    Ingest,
    Scenario,
    drained,
    tenant_ready,
)
from tests.faults.services import FaultStack

pytestmark = pytest.mark.faults

QUIET_EVENTS = 2_000  # posted while Redis is down
NOTELESS_EVENTS = 1_000  # the quiet tenant's, pending without a note
BUSY_EVENTS = 250_000
BUSY_CUSTOMERS = 20
EVENT_COLUMNS = (
    "tenant_id, customer_id, event_id, timestamp, received_at, request_class, model,"
    " provider, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,"
    " reasoning_tokens, requests, gpu_seconds, gpu_type, retrieval_calls, external_cost,"
    " trace_id, properties, payload_hash, cost_status, cost_tokens, cost_gpu, cost_services,"
    " cost_external, cost_total, cost_detail, amends_event_id"
)


def copy_events(
    db: object,
    *,
    tenant_id: str,
    customer_ids: list[int],
    prefix: str,
    count: int,
    received_at: datetime,
    priced: bool,
) -> tuple[datetime, datetime]:
    """COPY `count` events (and their idempotency keys) in; return their time range."""
    now = datetime.now(UTC).replace(microsecond=0)
    timestamps = [now - timedelta(minutes=2 + n % (24 * 60)) for n in range(count)]
    status = "priced" if priced else "pending"
    cost = EVENT_COST if priced else None
    cost_parts = (cost, 0 if priced else None, 0 if priced else None, 0 if priced else None)
    with db.cursor() as cursor:  # type: ignore[attr-defined]
        with cursor.copy(f"COPY metering_usageevent ({EVENT_COLUMNS}) FROM STDIN") as copy:
            for n, timestamp in enumerate(timestamps):
                customer = customer_ids[n % len(customer_ids)]
                copy.write_row(
                    (tenant_id, customer, f"{prefix}-{n}", timestamp, received_at)
                    + (f"class-{customer % 3}", PRICE["model"], PRICE["provider"])
                    + (INPUT_TOKENS, 0, 0, OUTPUT_TOKENS, 0, 1, 0, "", 0, 0, "", "{}", "copied")
                    + (status, *cost_parts, cost, "{}", "")
                )
        with cursor.copy(
            "COPY metering_eventkey (tenant_id, event_id, payload_hash, timestamp) FROM STDIN"
        ) as copy:
            for n, timestamp in enumerate(timestamps):
                copy.write_row((tenant_id, f"{prefix}-{n}", "copied", timestamp))
    return min(timestamps), max(timestamps) + timedelta(seconds=1)


def test_after_an_outage_the_sweep_finds_every_pending_event_behind_250000_newer_ones(
    fault_stack: FaultStack,
) -> None:
    scenario = Scenario("outage, then 250,000 of another tenant")
    quiet, quiet_id = tenant_ready(fault_stack, "Quiet tenant", scenario.answers)
    busy, busy_id = tenant_ready(fault_stack, "Busy tenant", scenario.answers)
    for n in range(BUSY_CUSTOMERS):
        created = busy.call("POST", "/v1/customers", {"external_id": f"busy_{n}"}, count=False)
        assert created.status == 201, created

    fault_stack.redis.stop()
    try:
        ingest = Ingest(quiet, "quiet", batch=100, pause=0, limit=QUIET_EVENTS).start()
        ingest.join()
        with fault_stack.postgres.connect() as db:
            quiet_customers = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM metering_customer WHERE tenant_id = %s ORDER BY id", [quiet_id]
                )
            ]
            copy_events(
                db,
                tenant_id=quiet_id,
                customer_ids=quiet_customers,
                prefix="noteless",
                count=NOTELESS_EVENTS,
                received_at=datetime.now(UTC) - timedelta(hours=2),
                priced=False,
            )
            pending = quiet.get("/v1/costs/unpriced?status=pending&limit=1000")["results"]
            assert len(pending) == 1000, "GET /v1/costs/unpriced?status=pending lists them"
            started = time.monotonic()
            busy_customers = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM metering_customer WHERE tenant_id = %s ORDER BY id", [busy_id]
                )
            ]
            with db.transaction():
                start, end = copy_events(
                    db,
                    tenant_id=busy_id,
                    customer_ids=busy_customers,
                    prefix="busy",
                    count=BUSY_EVENTS,
                    received_at=datetime.now(UTC),
                    priced=True,
                )
                db.execute(
                    "INSERT INTO metering_eventchange"
                    " (tenant_id, event_pks, range_start, range_end, created_at)"
                    " VALUES (%s, '[]', %s, %s, now())",
                    [busy_id, start, end],
                )
            scenario.notes.append(
                f"{BUSY_EVENTS:,} events copied in {time.monotonic() - started:.0f} s"
            )
    finally:
        fault_stack.redis.start()

    quiet_tally = drained(fault_stack, quiet, quiet_id, QUIET_EVENTS + NOTELESS_EVENTS)
    busy_tally = drained(fault_stack, busy, busy_id, BUSY_EVENTS)
    tallies = [quiet_tally, busy_tally]
    row = scenario.finish(
        sent=QUIET_EVENTS + NOTELESS_EVENTS + BUSY_EVENTS,
        accepted=ingest.acknowledged + NOTELESS_EVENTS + BUSY_EVENTS,
        tallies=tallies,
    )
    scenario.assert_clean(row, tallies)

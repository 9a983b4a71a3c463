"""Monthly partitions of the usage event table on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest
from django.db import connection
from rest_framework.test import APIClient

from metering.models import Tenant, UsageEvent
from metering.partitions import add_months, event_partitions_ensure, is_partitioned, month_start


def test_month_arithmetic_crosses_years() -> None:
    assert month_start(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == datetime(
        2026, 12, 1, tzinfo=UTC
    )
    assert add_months(datetime(2026, 11, 1, tzinfo=UTC), 3) == datetime(2027, 2, 1, tzinfo=UTC)
    assert add_months(datetime(2026, 1, 1, tzinfo=UTC), -2) == datetime(2025, 11, 1, tzinfo=UTC)


def partition_of(event_id: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM metering_usageevent WHERE event_id = %s",
            [event_id],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_events_land_in_their_months_partition(api: APIClient) -> None:
    assert is_partitioned(connection)
    now = datetime.now(UTC).replace(microsecond=0)
    body = {"event_id": "p1", "customer_id": "c", "request_class": "chat"}
    api.post("/v1/events", msgspec.json.encode(body), content_type="application/json")
    assert partition_of("p1") == f"metering_usageevent_p{now.year:04d}{now.month:02d}"


@pytest.mark.postgres
def test_ensure_creates_a_missing_month_and_moves_its_rows_out_of_default(
    api: APIClient, tenant: Tenant
) -> None:
    tenant.event_max_age_days = 3650
    tenant.save()
    body = {
        "event_id": "old",
        "customer_id": "c",
        "request_class": "chat",
        "timestamp": "2024-06-15T12:00:00Z",
    }
    assert (
        api.post(
            "/v1/events", msgspec.json.encode(body), content_type="application/json"
        ).status_code
        == 201
    )
    assert partition_of("old") == "metering_usageevent_default"
    at = datetime(2024, 6, 15, tzinfo=UTC)
    created = event_partitions_ensure(connection, now=at, months_back=0, months_ahead=0)
    assert created == ["metering_usageevent_p202406"]
    assert partition_of("old") == "metering_usageevent_p202406"
    with connection.cursor() as cursor:  # analysed on creation: the planner knows its row
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'metering_usageevent_p202406'"
        )
        assert cursor.fetchone()[0] == 1
    assert event_partitions_ensure(connection, now=at, months_back=0, months_ahead=0) == []
    assert api.get("/v1/events/old").json()["timestamp"] == "2024-06-15T12:00:00Z"
    assert UsageEvent.objects.filter(tenant=tenant).count() == 1


def test_ensure_is_a_no_op_when_the_months_exist_or_on_sqlite(db: None) -> None:
    # On PostgreSQL the migration created the months around now; SQLite has no partitions.
    assert event_partitions_ensure(connection, now=datetime.now(UTC)) == []

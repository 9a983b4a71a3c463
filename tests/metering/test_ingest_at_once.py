"""A few events outside a transaction: claimed, stored and noted by one self-committing statement.

PostgreSQL only. The statement claims only the keys of events whose customer exists; events
of new customers, and keys another request committed meanwhile, go through the transactional
path in the same request. These tests run outside the test transaction, as requests do.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import msgspec
import psycopg
import pytest
from django.db import connection, connections

from metering import changes, event_services, event_store
from metering.event_services import events_ingest
from metering.models import Customer, EventChange, EventKey, Tenant, UsageEvent

STAMP = (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0).isoformat()
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def event(event_id: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": event_id,
        "customer_id": "cus_1",
        "timestamp": STAMP,
        "request_class": "chat",
        "input_tokens": 100,
        "output_tokens": 20,
    }
    body.update(fields)
    return body


def body(payload: Any) -> bytes:
    return msgspec.json.encode(payload)


@pytest.fixture
def heard() -> Iterator[list[Any]]:
    """Stand in for the one change listener; put the real one back afterwards."""
    told: list[Any] = []
    previous = changes._listener
    changes.change_listener_set(told.append)
    yield told
    changes.change_listener_set(previous)


@pytest.fixture
def tenant() -> Tenant:
    tenant = Tenant.objects.create(name="At once")
    Customer.objects.create(tenant=tenant, external_id="cus_1")
    return tenant


def committed(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows as another connection sees them: only what is committed."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
    ) as other:
        return other.execute(sql, params).fetchall()


def test_a_single_event_of_a_known_customer_is_stored_and_noted_by_one_statement(
    tenant: Tenant, heard: list[Any]
) -> None:
    transactional = mock.patch.object(
        event_services, "_store_in_transaction", side_effect=AssertionError("not at once")
    )
    with transactional:
        report = events_ingest(tenant=tenant, body=body(event("one")))
    assert (report.accepted, report.duplicate, report.conflict, report.rejected) == (1, 0, 0, 0)
    assert not connection.in_atomic_block
    stored = UsageEvent.objects.get(tenant=tenant, event_id="one")
    assert report.stored_pks == [stored.pk]
    assert (stored.customer.external_id, stored.input_tokens, stored.output_tokens) == (
        "cus_1",
        100,
        20,
    )
    assert stored.cost_status == "pending"
    # Committed when the statement returned: another connection sees the key, event and note.
    assert committed(
        "SELECT e.event_id, k.payload_hash = e.payload_hash FROM metering_usageevent e"
        " JOIN metering_eventkey k ON k.tenant_id = e.tenant_id AND k.event_id = e.event_id"
        " WHERE e.tenant_id = %s",
        [tenant.pk],
    ) == [("one", True)]
    assert committed(
        "SELECT event_pks FROM metering_eventchange WHERE tenant_id = %s", [tenant.pk]
    ) == [([[stored.pk, stored.pk]],)]
    assert heard == [tenant.pk]

    with transactional:
        again = events_ingest(tenant=tenant, body=body(event("one")))
        other = events_ingest(tenant=tenant, body=body(event("one", input_tokens=7)))
    assert (again.accepted, again.duplicate, again.conflict) == (0, 1, 0)
    assert (other.accepted, other.duplicate, other.conflict) == (0, 0, 1)
    assert UsageEvent.objects.filter(tenant=tenant).count() == EventChange.objects.count() == 1
    assert heard == [tenant.pk]  # nothing new, nothing told


def test_a_small_batch_stores_known_customers_at_once_and_new_ones_in_a_transaction(
    tenant: Tenant, heard: list[Any]
) -> None:
    events_ingest(tenant=tenant, body=body({"events": [event("old"), event("other")]}))
    heard.clear()
    EventChange.objects.all().delete()
    report = events_ingest(
        tenant=tenant,
        body=body(
            {
                "events": [
                    event("a"),
                    event("b", customer_id="cus_new"),
                    event("c"),
                    event("a"),  # repeated inside the batch: duplicate
                    event("old"),  # stored before: duplicate
                    event("other", output_tokens=1),  # stored with another payload: conflict
                    event("bad", input_tokens=-1),  # rejected
                ]
            }
        ),
    )
    assert (report.accepted, report.duplicate, report.conflict, report.rejected) == (3, 2, 1, 1)
    assert report.customers_created == ["cus_new"]
    pk = dict(
        UsageEvent.objects.filter(tenant=tenant, event_id__in=["a", "b", "c"]).values_list(
            "event_id", "pk"
        )
    )
    # Posted order: a and c by the statement (consecutive ids, one run), then b.
    assert report.stored_pks == [pk["a"], pk["b"], pk["c"]]
    assert pk["c"] == pk["a"] + 1
    notes = list(EventChange.objects.order_by("id").values_list("event_pks", flat=True))
    assert notes == [[[pk["a"], pk["c"]]], [[pk["b"], pk["b"]]]]
    assert heard == [tenant.pk, tenant.pk]
    assert Customer.objects.get(tenant=tenant, external_id="cus_new").pk == (
        UsageEvent.objects.get(pk=pk["b"]).customer_id
    )
    assert EventKey.objects.filter(tenant=tenant).count() == 5


def test_no_key_is_claimed_at_once_without_its_event(tenant: Tenant) -> None:
    # A new customer's event: the statement leaves its key alone, so no committed key lacks
    # its event even if the transactional path then fails.
    failing = mock.patch.object(
        event_services, "_store_in_transaction", side_effect=RuntimeError("the second step fails")
    )
    with failing, pytest.raises(RuntimeError):
        events_ingest(
            tenant=tenant, body=body({"events": [event("k1"), event("k2", customer_id="new")]})
        )
    assert committed(
        "SELECT event_id FROM metering_eventkey WHERE tenant_id = %s", [tenant.pk]
    ) == [("k1",)]
    assert list(UsageEvent.objects.filter(tenant=tenant).values_list("event_id", flat=True)) == [
        "k1"
    ]
    assert not Customer.objects.filter(tenant=tenant, external_id="new").exists()


def test_the_statement_refuses_to_run_inside_a_transaction(tenant: Tenant) -> None:
    from django.db import transaction

    with transaction.atomic(), pytest.raises(RuntimeError):
        event_store.events_store_at_once(tenant=tenant, events=[], received_at=tenant.created_at)


def test_many_requests_posting_one_event_at_once_store_it_once(
    tenant: Tenant, heard: list[Any]
) -> None:
    barrier = threading.Barrier(6)
    reports: list[Any] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            reports.append(events_ingest(tenant=tenant, body=body(event("race"))))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted((r.accepted, r.duplicate, r.conflict) for r in reports) == [(0, 1, 0)] * 5 + [
        (1, 0, 0)
    ]
    assert UsageEvent.objects.filter(tenant=tenant).count() == 1
    assert EventKey.objects.filter(tenant=tenant).count() == 1
    assert EventChange.objects.filter(tenant=tenant).count() == 1
    assert heard == [tenant.pk]

"""The churn base the rollup refresh keeps in a row, so the customers report stays flat."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economics.margins.models import CustomerBaseRow
from economics.tasks import pipeline_sweep as rollups_refresh_all
from tests.economics import factories

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fake_revenue(monkeypatch):
    factories.install_fake_revenue(monkeypatch)


def churn_of(api) -> dict[str, str]:
    results = api.get("/v1/economics/customers").json()["results"]
    return {c["customer_id"]: (c["status"], c["monthly_churn"]) for c in results}


def chat(tenant, customer, at, cost="40", revenue="100", request_class="chat"):
    factories.event(
        tenant, customer, at=at, request_class=request_class, cost=cost, revenue=revenue
    )


@time_machine.travel(NOW, tick=False)
def test_a_refresh_stores_the_churn_base_and_the_report_reads_it(api, tenant):
    acme = factories.customer(tenant, "acme")
    gone = factories.customer(tenant, "gone")
    chat(tenant, acme, datetime(2026, 9, 10, 9, tzinfo=UTC))
    chat(tenant, acme, datetime(2026, 11, 10, 9, tzinfo=UTC))
    chat(tenant, acme, datetime(2026, 11, 10, 9, tzinfo=UTC), "2", "1", "doc-summarise")
    chat(tenant, gone, datetime(2026, 9, 5, 9, tzinfo=UTC), "10", "10")  # silent since

    row = CustomerBaseRow.objects.get(tenant=tenant)

    # gone churned on 6 Oct (30 silent days) after 1 month; acme: Sep to Nov, 3 months.
    assert (row.churned, row.account_months) == (1, 4)
    assert row.negative_classes == ["doc-summarise"]
    assert row.cohort_realised_ltv == {"2026-11-01": "59.5000"}  # (119 + 0) / 2 customers
    assert (row.computed_at, row.valid_until) == (NOW, datetime(2026, 12, 1, tzinfo=UTC))
    assert (row.customers, row.subscriptions) == (2, 0)
    assert churn_of(api) == {"acme": ("active", "0.25"), "gone": ("churned", "0.25")}

    # The report takes the churn base from the row, not from a walk over every customer.
    CustomerBaseRow.objects.filter(tenant=tenant).update(churned=2)
    assert churn_of(api) == {"acme": ("active", "0.5"), "gone": ("churned", "0.5")}


def test_a_customer_going_quiet_churns_once_its_silence_is_long_enough(api, tenant):
    quiet = factories.customer(tenant, "quiet")
    busy = factories.customer(tenant, "busy")
    with time_machine.travel(datetime(2026, 11, 15, 12, tzinfo=UTC), tick=False):
        chat(tenant, quiet, datetime(2026, 10, 20, 9, tzinfo=UTC))
        chat(tenant, busy, datetime(2026, 11, 15, 9, tzinfo=UTC))
        row = CustomerBaseRow.objects.get(tenant=tenant)
        # quiet churns on 20 Nov (the 21 Oct midnight after its last day, plus 30 days).
        assert (row.churned, row.valid_until) == (0, datetime(2026, 11, 20, tzinfo=UTC))

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        # The stored base no longer holds: the report computes it live until the beat runs.
        assert churn_of(api) == {"busy": ("active", "0.5"), "quiet": ("churned", "0.5")}
        rollups_refresh_all()
        row = CustomerBaseRow.objects.get(tenant=tenant)
        assert (row.churned, row.account_months) == (1, 2)  # quiet Oct, busy Nov
        assert row.computed_at == datetime(2026, 11, 20, 12, tzinfo=UTC)
        assert row.valid_until == datetime(2026, 12, 1, tzinfo=UTC)
        assert churn_of(api) == {"busy": ("active", "0.5"), "quiet": ("churned", "0.5")}


def test_an_ended_subscription_churns_its_customer_in_the_stored_base(api, tenant, monkeypatch):
    from tests.pricing.factories import published_plan, subscribe

    monkeypatch.undo()  # real attribution: the customers are rated by their subscriptions
    published_plan(
        api, "base", [{"type": "flat_fee", "key": "base", "description": "Base", "amount": "20"}]
    )
    stays = factories.customer(tenant, "stays")
    leaves = factories.customer(tenant, "leaves")
    subscribe(api, "stays", "base", "2026-09-01")
    leaving = subscribe(api, "leaves", "base", "2026-09-01")
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=UTC), tick=False):
        for customer in (stays, leaves):
            chat(tenant, customer, datetime(2026, 9, 2, 9, tzinfo=UTC), "1", None)
        row = CustomerBaseRow.objects.get(tenant=tenant)
        assert (row.churned, row.account_months, row.subscriptions) == (0, 6, 2)

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        cancelled = api.post(
            f"/v1/subscriptions/{leaving['id']}/cancel", {"end_date": "2026-11-15"}
        )
        assert cancelled.status_code == 200, cancelled.json()
        # The subscriptions moved since the base was stored: the report computes it live.
        assert churn_of(api) == {"leaves": ("churned", "0.25"), "stays": ("active", "0.25")}
        rollups_refresh_all()
        row = CustomerBaseRow.objects.get(tenant=tenant)
        assert (row.churned, row.account_months) == (1, 4)  # leaves Sep, stays Sep-Nov
        assert churn_of(api) == {"leaves": ("churned", "0.25"), "stays": ("active", "0.25")}


@time_machine.travel(NOW, tick=False)
def test_the_customers_page_costs_the_same_queries_for_3_or_12_customers(api, tenant):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/v1/economics/customers").status_code == 200
        return len(captured)

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            chat(tenant, factories.customer(tenant, f"c{n:02}"), datetime(2026, 11, n, tzinfo=UTC))

    add(1, 4)
    queries()  # the key's first use is recorded once
    few = queries()
    add(4, 13)
    assert queries() == few == 9

"""The churn base the rollup refresh keeps in a row, so the customers report stays flat."""

from __future__ import annotations

from datetime import UTC, date, datetime

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

    # Closed months only (November is open): gone was lost in September (silent since 5 Sep,
    # churned on 6 Sep once 30 days had passed) after 1 month; acme: Sep and Oct, 2 months.
    assert (row.churned, row.account_months) == (1, 3)
    assert row.negative_classes == ["doc-summarise"]
    # Margin of closed months: acme 100 - 40 in September, gone 10 - 10: (60 + 0) / 2.
    assert row.cohort_realised_ltv == {"2026-11-01": "30.00"}
    assert (row.computed_at, row.valid_until) == (NOW, datetime(2026, 12, 1, tzinfo=UTC))
    assert (row.customers, row.subscriptions) == (2, 0)
    assert churn_of(api) == {"acme": ("active", "0.3333"), "gone": ("churned", "0.3333")}

    # The report takes the churn base from the row, not from a walk over every customer.
    CustomerBaseRow.objects.filter(tenant=tenant).update(churned=2)
    assert churn_of(api) == {"acme": ("active", "0.6667"), "gone": ("churned", "0.6667")}


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
        # quiet was lost in October, its only (closed) month; busy has no closed month yet.
        assert churn_of(api) == {"busy": ("active", "1"), "quiet": ("churned", "1")}
        rollups_refresh_all()
        row = CustomerBaseRow.objects.get(tenant=tenant)
        assert (row.churned, row.account_months) == (1, 1)
        assert row.computed_at == datetime(2026, 11, 20, 12, tzinfo=UTC)
        assert row.valid_until == datetime(2026, 12, 1, tzinfo=UTC)
        assert churn_of(api) == {"busy": ("active", "1"), "quiet": ("churned", "1")}

    with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=False):
        # November closed: busy's first month counts (quiet Oct, busy Nov).
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
        # Every subscribed month is rated, requests or not: Sep and Oct closed for both.
        assert (row.churned, row.account_months, row.subscriptions) == (0, 4, 2)

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        cancelled = api.post(
            f"/v1/subscriptions/{leaving['id']}/cancel", {"end_date": "2026-11-15"}
        )
        assert cancelled.status_code == 200, cancelled.json()
        # The subscriptions moved since the base was stored: the report computes it live.
        # leaves is lost in November, still open: the monthly rate waits for it to close.
        assert churn_of(api) == {"leaves": ("churned", "0"), "stays": ("active", "0")}
        rollups_refresh_all()
        row = CustomerBaseRow.objects.get(tenant=tenant)
        assert (row.churned, row.account_months) == (0, 4)
        assert churn_of(api) == {"leaves": ("churned", "0"), "stays": ("active", "0")}

    with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=False):
        rollups_refresh_all()
        row = CustomerBaseRow.objects.get(tenant=tenant)
        assert (row.churned, row.account_months) == (1, 6)  # Sep-Nov each
        assert churn_of(api) == {"leaves": ("churned", "0.1667"), "stays": ("active", "0.1667")}


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
    assert queries() == few == 11


# ------------------------------------------------------------------ the one churn rule


def life(**facts):
    from economics.margins.customer_base import lifecycle

    defaults = {
        "first_request": None,
        "last_request": None,
        "first_invoiced": None,
        "subscribed": False,
        "subscription_end": None,
        "as_of": NOW,
        "churn_after": 30,
    }
    return lifecycle(**(defaults | facts))


def test_a_paying_subscriber_is_active_from_its_first_invoice_whether_it_uses_or_not():
    paying = life(first_invoiced=date(2026, 8, 1), subscribed=True)

    assert (paying.status, paying.first_month, paying.last_month) == (
        "active",
        date(2026, 8, 1),
        date(2026, 11, 1),
    )
    assert paying.closed_months == 3  # Aug, Sep, Oct: November is open
    assert (paying.churned_on, paying.churn_month, paying.churns_at) == (None, None, None)


def test_an_ended_subscription_churns_on_its_end_date_and_counts_in_its_last_month():
    ended = life(
        first_request=date(2026, 9, 3),
        last_request=date(2026, 11, 18),  # usage after the end is not billed, nor a successor
        first_invoiced=date(2026, 9, 1),
        subscribed=True,
        subscription_end=datetime(2026, 11, 1, tzinfo=UTC),
    )
    ahead = life(
        first_invoiced=date(2026, 9, 1),
        subscribed=True,
        subscription_end=datetime(2026, 12, 15, tzinfo=UTC),
    )

    assert (ended.status, ended.churned_on, ended.churn_month) == (
        "churned",
        date(2026, 11, 1),
        date(2026, 10, 1),  # last paid day 31 October
    )
    assert ended.closed_months == 2
    assert (ahead.status, ahead.churns_at) == ("active", datetime(2026, 12, 15, tzinfo=UTC))


def test_a_usage_only_customer_churns_after_thirty_silent_days_from_the_day_after_its_last():
    silent = life(first_request=date(2026, 9, 3), last_request=date(2026, 10, 20))
    recent = life(first_request=date(2026, 9, 3), last_request=date(2026, 10, 21))

    assert (silent.status, silent.churned_on, silent.churn_month) == (
        "churned",
        date(2026, 10, 21),
        date(2026, 10, 1),
    )
    assert (silent.active_in(date(2026, 10, 1)), silent.active_in(date(2026, 11, 1))) == (
        True,
        False,
    )
    # Silent since 22 October: 30 whole days end at midnight on 21 November, after NOW.
    assert (recent.status, recent.churns_at) == ("active", datetime(2026, 11, 21, tzinfo=UTC))


def test_a_customer_never_invoiced_nor_used_was_never_active():
    never = life(subscribed=True)

    assert (never.status, never.closed_months, never.active_in(date(2026, 11, 1))) == (
        "never_active",
        0,
        False,
    )

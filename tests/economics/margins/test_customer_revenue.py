"""Customer revenue is what the customer is invoiced, and every report agrees on churn.

Real subscriptions and the real rating engine throughout (no fake attribution): a month
without a request still bills its fees, attributed plus unattributed revenue is the invoice
total of every customer-month, and summary, customers and cohorts count the same customers
lost in the same months.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from economics import pipeline
from economics.tasks import pipeline_sweep
from metering.audit import Actor
from metering.models import Customer, Tenant
from metering.services import tenant_create
from pricing.models import PlanVersion, Subscription
from pricing.services import (
    plan_create,
    plan_version_publish,
    subscription_cancel,
    subscription_change,
    subscription_create,
)
from tests.economics import factories
from tests.economics.reconcile import revenue_mismatches

pytestmark = pytest.mark.django_db(transaction=True)


TESTS = Actor.system("tests")


def per_request(price: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "usage",
        "key": "requests",
        "description": "Requests",
        "metric": "requests",
        "price_model": "per_unit",
        "unit_amount": price,
        **extra,
    }


PLANS: dict[str, list[dict[str, Any]]] = {
    "pro": [
        {"type": "flat_fee", "key": "base", "description": "Base fee", "amount": "49"},
        per_request("0.01"),
    ],
    "base": [{"type": "flat_fee", "key": "base", "description": "Base fee", "amount": "30"}],
    "usage": [per_request("1.00")],
    "minimum": [
        per_request("0.50"),
        {"type": "minimum", "key": "min", "description": "Minimum", "amount": "20"},
    ],
    "tiers": [
        {"type": "flat_fee", "key": "base", "description": "Base fee", "amount": "10"},
        {
            "type": "usage",
            "key": "requests",
            "description": "Requests",
            "metric": "requests",
            "included": "1",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "3", "unit_amount": "1.00"},
                {"up_to": None, "unit_amount": "0.35"},
            ],
        },
    ],
}


def plans(tenant: Tenant, *codes: str) -> dict[str, PlanVersion]:
    return {
        code: plan_version_publish(
            actor=TESTS,
            tenant=tenant,
            version=plan_create(
                tenant=tenant, code=code, name=code, currency="USD", charges=PLANS[code]
            ),
        )
        for code in codes
    }


def created_on(*customers: Customer, day: date) -> None:
    Customer.objects.filter(pk__in=[c.pk for c in customers]).update(
        created_at=datetime(day.year, day.month, day.day, tzinfo=UTC)
    )


def request(tenant: Tenant, customer: Customer, day: date, count: int = 1) -> None:
    factories.event(
        tenant,
        customer,
        at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
        request_class="chat",
        cost="0.002",
        count=count,
    )


# ------------------------------------------------------------------ a month of fees only


def test_a_month_without_requests_bills_its_base_fee_and_a_later_event_moves_no_average(
    api, tenant
):
    versions = plans(tenant, "pro")
    pro = factories.customer(tenant, "pro")
    created_on(pro, day=date(2026, 9, 1))
    subscription_create(
        actor=TESTS,
        tenant=tenant,
        customer=pro,
        plan_version=versions["pro"],
        start_date=date(2026, 9, 1),
    )
    with time_machine.travel(datetime(2026, 9, 10, 12, tzinfo=UTC), tick=False):
        request(tenant, pro, date(2026, 9, 10))  # September: 49 + 0.01; October: not a request

    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False):
        pipeline_sweep()  # the beat rates the months no event marked
        before = api.get("/v1/economics/customers/pro").json()
        october = api.get("/v1/economics/summary?month=2026-10").json()
        request(tenant, pro, date(2026, 11, 20))  # a request in the open month
        after = api.get("/v1/economics/customers/pro").json()

    figures = ("revenue", "tenure_months", "arpa", "gross_margin_pct", "ltv", "discounted_ltv")
    # 49.01 + 49.00 over two closed months: ARPA 49.005, to the cent 49.01; margin 98.008 of
    # it (one request cost 0.002); no churn: discounted LTV = 98.008 / 2 / 0.01 = 4900.40.
    assert [before[name] for name in figures] == ["98.01", 2, "49.01", "99.998", None, "4900.4"]
    assert [after[name] for name in figures] == [before[name] for name in figures]
    assert before["month_to_date"] == {
        "month": "2026-11",
        "revenue": "49",
        "variable_cost": "0",
        "requests": 0,
    }
    assert after["month_to_date"] == {
        "month": "2026-11",
        "revenue": "49.01",
        "variable_cost": "0",  # 0.002, to the cent
        "requests": 1,
    }
    assert (october["revenue"], october["recurring_revenue"], october["requests"]) == (
        "49",
        "49",
        0,
    )
    assert (october["active_customers"], october["churned_customers"]) == (1, 0)
    assert revenue_mismatches(tenant, datetime(2026, 11, 20, 12, tzinfo=UTC)) == []


def test_a_backdated_plan_change_rerates_months_already_reported(api, tenant):
    versions = plans(tenant, "pro", "base")
    pro = factories.customer(tenant, "pro")
    subscription = subscription_create(
        actor=TESTS,
        tenant=tenant,
        customer=pro,
        plan_version=versions["pro"],
        start_date=date(2026, 9, 1),
    )
    with time_machine.travel(datetime(2026, 10, 20, 12, tzinfo=UTC), tick=False):
        request(tenant, pro, date(2026, 9, 5), count=2)
        request(tenant, pro, date(2026, 10, 5))
        subscription_change(
            actor=TESTS,
            tenant=tenant,
            subscription=subscription,
            plan_version=versions["base"],
            effective_date=date(2026, 9, 16),
        )
        pipeline_sweep()

    # September: 15/30 of 49 + 2 x 0.01 on the 5th, then 15/30 of 30; October: 30.
    mismatches = revenue_mismatches(tenant, datetime(2026, 10, 20, 12, tzinfo=UTC))
    assert mismatches == []
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=UTC), tick=False):
        body = api.get("/v1/economics/customers/pro").json()
    assert (body["revenue"], body["tenure_months"]) == ("69.52", 2)  # 24.50 + 0.02 + 15 + 30


# ----------------------------------------------------------------- churn in two months

AS_OF = datetime(2026, 12, 5, 12, tzinfo=UTC)


def seed_churn_in_two_months(tenant: Tenant) -> None:
    """a pays on, idle; b ends 11 Oct; c (usage plan) goes silent after 20 Sep; d (no plan)
    after 5 Oct; e joins on 15 Oct."""
    versions = plans(tenant, "base", "usage")
    a, b, c, d, e = (factories.customer(tenant, name) for name in "abcde")
    created_on(a, b, c, d, day=date(2026, 9, 1))
    created_on(e, day=date(2026, 10, 15))
    start = date(2026, 9, 1)
    subscription_create(
        actor=TESTS, tenant=tenant, customer=a, plan_version=versions["base"], start_date=start
    )
    subscription_create(
        actor=TESTS,
        tenant=tenant,
        customer=b,
        plan_version=versions["base"],
        start_date=start,
        end_date=date(2026, 10, 11),
    )
    subscription_create(
        actor=TESTS, tenant=tenant, customer=c, plan_version=versions["usage"], start_date=start
    )
    subscription_create(
        actor=TESTS,
        tenant=tenant,
        customer=e,
        plan_version=versions["base"],
        start_date=date(2026, 10, 15),
    )
    with time_machine.travel(datetime(2026, 10, 16, tzinfo=UTC), tick=False):
        request(tenant, b, date(2026, 9, 2))
        request(tenant, c, date(2026, 9, 3))
        request(tenant, c, date(2026, 9, 20), count=2)
        request(tenant, d, date(2026, 10, 5))
    with time_machine.travel(AS_OF, tick=False):
        pipeline_sweep()


def test_summary_customers_and_cohorts_agree_on_who_churned_and_when(api, tenant):
    seed_churn_in_two_months(tenant)

    with time_machine.travel(AS_OF, tick=False):
        customers = api.get("/v1/economics/customers").json()["results"]
        months = {
            m: api.get(f"/v1/economics/summary?month={m}").json()
            for m in ("2026-09", "2026-10", "2026-11", "2026-12")
        }
        cohorts = api.get("/v1/economics/cohorts").json()

    assert [
        (c["customer_id"], c["status"], c["churned_on"], c["churn_month"], c["tenure_months"])
        for c in customers
    ] == [
        ("a", "active", None, None, 3),
        ("b", "churned", "2026-10-11", "2026-10", 2),
        ("c", "churned", "2026-09-21", "2026-09", 1),  # silent 30 days after 20 Sep
        ("d", "churned", "2026-10-06", "2026-10", 1),  # no plan: silent after 5 Oct
        ("e", "active", None, None, 2),
    ]
    assert {c["monthly_churn"] for c in customers} == {"0.3333"}  # 3 lost / 9 closed months
    summary = {
        month: (
            body["active_customers"],
            body["new_customers"],
            body["customers_at_start"],
            body["churned_customers"],
            body["logo_churn_pct"],
            body["net_revenue_retention_pct"],
            body["revenue"],
        )
        for month, body in months.items()
    }
    assert summary == {
        # a, b, c pay or use; c is lost. No month before: no retention to measure.
        "2026-09": (3, 3, 0, 1, "33.3333", None, "63"),  # 30 + 30 + 3 requests x 1.00
        # a and b started October (c was lost in September); b ends on the 11th, paying
        # 10/31 of 30 = 9.68: NRR (30 + 9.68) / (30 + 30). d, e join; b and d are lost.
        "2026-10": (4, 2, 2, 2, "50", "66.1333", "56.13"),  # 30 + 9.68 + 16.45 (e, 17 days)
        # a and e started November: (30 + 30) / (30 + 16.45).
        "2026-11": (2, 0, 2, 0, "0", "129.1712", "60"),
        "2026-12": (2, 0, 2, 0, None, None, "60"),  # open: month to date
    }
    assert (months["2026-12"]["closed"], months["2026-12"]["as_of"]) == (
        False,
        "2026-12-05T12:00:00Z",
    )
    assert cohorts["as_of"] == "2026-12-05T12:00:00Z"
    assert [
        (
            cohort["cohort"],
            cohort["customers"],
            cohort["active_customers"],
            cohort["churned_customers"],
            [(m["month"], m["active_customers"], m["churned_customers"]) for m in cohort["months"]],
        )
        for cohort in cohorts["cohorts"]
    ] == [
        (
            "2026-09",
            4,
            1,
            3,
            [("2026-09", 3, 1), ("2026-10", 3, 2), ("2026-11", 1, 0), ("2026-12", 1, 0)],
        ),
        ("2026-10", 1, 1, 0, [("2026-10", 1, 0), ("2026-11", 1, 0), ("2026-12", 1, 0)]),
    ]
    # The same customers, lost in the same months, in all three reports.
    lost_by_month = {
        month: sorted(c["customer_id"] for c in customers if c["churn_month"] == month)
        for month in months
    }
    for month, body in months.items():
        by_cohorts = sum(
            m["churned_customers"]
            for cohort in cohorts["cohorts"]
            for m in cohort["months"]
            if m["month"] == month
        )
        assert body["churned_customers"] == by_cohorts == len(lost_by_month[month])
    assert revenue_mismatches(tenant, AS_OF) == []


def test_the_cohorts_report_sums_what_each_cohort_was_invoiced(api, tenant):
    seed_churn_in_two_months(tenant)

    with time_machine.travel(AS_OF, tick=False):
        body = api.get("/v1/economics/cohorts").json()

    september, october = body["cohorts"]
    assert body["currency"] == "USD"
    assert [(m["month"], m["closed"], m["revenue"]) for m in september["months"]] == [
        ("2026-09", True, "63"),
        ("2026-10", True, "39.68"),
        ("2026-11", True, "30"),
        ("2026-12", False, "30"),
    ]
    # Gross margin of closed months per customer: a 90, b 39.68 - 0.002, c 3 - 0.006,
    # d 0 - 0.002 (unbilled): (132.68 - 0.01) / 4 = 33.1675, to the cent.
    assert (september["realised_ltv"], september["never_active"]) == ("33.17", 0)
    assert october["realised_ltv"] == "46.45"  # e: 16.45 + 30 in closed months
    assert [(m["month"], m["revenue"], m["active_customers"]) for m in october["months"]] == [
        ("2026-10", "16.45", 1),
        ("2026-11", "30", 1),
        ("2026-12", "30", 1),
    ]


# ------------------------------------------------------------- the property, at random

FIRST, LAST = date(2026, 8, 1), date(2026, 11, 19)
# The scenario runs in three steps, each at its own moment, the beat perhaps in between.
STEPS = [
    datetime(2026, 9, 15, 12, tzinfo=UTC),
    datetime(2026, 10, 20, 12, tzinfo=UTC),
    datetime(2026, 11, 20, 12, tzinfo=UTC),
]
_tenants = itertools.count(1)

days = st.integers(min_value=0, max_value=(LAST - FIRST).days).map(
    lambda n: FIRST + timedelta(days=n)
)
customer_stories = st.fixed_dictionaries(
    {
        "plan": st.sampled_from(sorted(PLANS)),
        "start": days,
        # A plan change some days after the start, and an end some days after that.
        "change": st.none() | st.tuples(st.integers(1, 70), st.sampled_from(sorted(PLANS))),
        "end": st.none() | st.integers(1, 80),
        "requests": st.lists(st.tuples(days, st.integers(1, 4)), max_size=5),
    }
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    stories=st.lists(customer_stories, min_size=1, max_size=3),
    beats=st.tuples(st.booleans(), st.booleans()),
)
def test_attributed_plus_unattributed_revenue_is_the_invoice_total_of_every_customer_month(
    stories: list[dict[str, Any]], beats: tuple[bool, bool]
) -> None:
    tenant, _ = tenant_create(actor=TESTS, name=f"Property {next(_tenants)}")
    versions = plans(tenant, *PLANS)
    customers = [factories.customer(tenant, f"c{i}") for i in range(len(stories))]
    for step, moment in enumerate(STEPS):
        with time_machine.travel(moment, tick=False):
            for customer, story in zip(customers, stories, strict=True):
                act_out(tenant, versions, customer, story, step, moment)
            if step < len(beats) and beats[step]:
                pipeline.rollups_process(tenant=tenant)  # the beat, for this tenant
    with time_machine.travel(STEPS[-1], tick=False):
        pipeline.rollups_process(tenant=tenant)  # what the beat queues

        assert revenue_mismatches(tenant, STEPS[-1]) == []


def act_out(
    tenant: Tenant,
    versions: dict[str, PlanVersion],
    customer: Customer,
    story: dict[str, Any],
    step: int,
    moment: datetime,
) -> None:
    """Step 0 subscribes; step 1 changes plan and ends (often backdated); requests as they fall."""
    start: date = story["start"]
    if step == 0:
        subscription_create(
            actor=TESTS,
            tenant=tenant,
            customer=customer,
            plan_version=versions[story["plan"]],
            start_date=start,
        )
    if step == 1:
        current = Subscription.objects.of(tenant).get(customer=customer)
        if story["change"] is not None:
            after, plan = story["change"]
            current = subscription_change(
                actor=TESTS,
                tenant=tenant,
                subscription=current,
                plan_version=versions[plan],
                effective_date=start + timedelta(days=after),
            )
        if story["end"] is not None:
            subscription_cancel(
                actor=TESTS,
                tenant=tenant,
                subscription=current,
                end_date=current.start_date + timedelta(days=story["end"]),
            )
    earlier = STEPS[step - 1].date() if step else date.min
    for day, count in story["requests"]:
        if earlier <= day < moment.date():
            request(tenant, customer, day, count)


def test_another_tenant_sees_no_cohort_of_ours(other_api, tenant):
    seed_churn_in_two_months(tenant)

    with time_machine.travel(AS_OF, tick=False):
        body = other_api.get("/v1/economics/cohorts").json()

    assert body == {"as_of": "2026-12-05T12:00:00Z", "currency": "USD", "cohorts": []}

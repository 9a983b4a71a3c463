"""Margin API end to end: request classes, customer LTV and payback, features, summary."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from economics.margins import reports
from economics.tasks import pipeline_sweep
from metering.models import Customer
from tests.economics import factories

pytestmark = pytest.mark.django_db(transaction=True)

NOVEMBER = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"


@pytest.fixture(autouse=True)
def fake_revenue(monkeypatch):
    factories.install_fake_revenue(monkeypatch)


def seed_design_example_1(tenant):
    """DESIGN.md example 1: A loses $0.006 per request, B earns $0.0056, B called 9x as often."""
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 10, 9, tzinfo=UTC)
    factories.event(
        tenant, acme, at=at, request_class="doc-summarise", cost="0.015", revenue="0.009", count=10
    )
    factories.event(
        tenant, acme, at=at, request_class="classify", cost="0.0004", revenue="0.006", count=90
    )


def test_design_example_1_blended_margin_is_positive_and_the_losing_class_is_flagged(api, tenant):
    seed_design_example_1(tenant)

    response = api.get(f"/v1/economics/request-classes?{NOVEMBER}")

    assert response.status_code == 200
    # Totals to the cent, per request to 8 places, ratios to 4 (trailing zeros dropped).
    assert response.json() == {
        "from": "2026-11-01T00:00:00Z",
        "to": "2026-12-01T00:00:00Z",
        "currency": "USD",
        "grouped_by": "request_class",
        "classes": [
            {
                "request_class": "classify",
                "model": None,
                "requests": 90,
                "unpriced_requests": 0,
                "share_of_requests": "0.9",
                "cost_per_request": "0.0004",
                "revenue_per_request": "0.006",
                "margin_per_request": "0.0056",
                "inference_margin_pct": "93.3333",
                "cost": "0.04",
                "revenue": "0.54",
                "margin": "0.5",
                "margin_negative": False,
            },
            {
                "request_class": "doc-summarise",
                "model": None,
                "requests": 10,
                "unpriced_requests": 0,
                "share_of_requests": "0.1",
                "cost_per_request": "0.015",
                "revenue_per_request": "0.009",
                "margin_per_request": "-0.006",
                "inference_margin_pct": "-66.6667",
                "cost": "0.15",
                "revenue": "0.09",
                "margin": "-0.06",
                "margin_negative": True,
            },
        ],
        "blended": {
            "request_class": "(blended)",
            "model": None,
            "requests": 100,
            "unpriced_requests": 0,
            "share_of_requests": "1",
            "cost_per_request": "0.00186",
            "revenue_per_request": "0.0063",
            "margin_per_request": "0.00444",
            "inference_margin_pct": "70.4762",
            "cost": "0.19",
            "revenue": "0.63",
            "margin": "0.44",
            "margin_negative": False,
        },
        "negative_classes": ["doc-summarise"],
        "blended_hides_loss": True,
        "statement": (
            "Blended margin is positive (0.44) while 1 request class loses money: "
            "doc-summarise (-0.006 per request)."
        ),
        "unpriced_events": 0,
    }


def test_the_ab_example_gives_the_same_exact_strings_on_sqlite_and_postgresql(api, tenant):
    """DESIGN.md example 1 at scale: 1,000 B requests at $0.0004, 100 A requests at $0.015.

    SQLite's own SUM adds doubles (0.400000000000007 here); both suites (SQLite and the
    PostgreSQL CI run) must print these very strings.
    """
    acme = factories.customer(tenant, "acme")
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 10, 9, tzinfo=UTC),
        request_class="classify",
        cost="0.0004",
        revenue="0.006",
        count=1000,
    )
    for day in (10, 11, 12, 13):
        factories.event(
            tenant,
            acme,
            at=datetime(2026, 11, day, 14, tzinfo=UTC),
            request_class="doc-summarise",
            cost="0.015",
            revenue="0.009",
            count=25,
        )

    body = api.get(f"/v1/economics/request-classes?{NOVEMBER}").json()
    ragged = api.get(
        "/v1/economics/request-classes?from=2026-11-10T09:00:00Z&to=2026-11-13T15:00:00Z"
    ).json()
    summary = api.get("/v1/economics/summary?month=2026-11").json()

    totals = {c["request_class"]: (c["cost"], c["revenue"], c["margin"]) for c in body["classes"]}
    assert totals == {"classify": ("0.4", "6", "5.6"), "doc-summarise": ("1.5", "0.9", "-0.6")}
    blended = body["blended"]
    assert (blended["cost"], blended["revenue"], blended["margin"]) == ("1.9", "6.9", "5")
    assert (blended["cost_per_request"], blended["inference_margin_pct"]) == (
        "0.00172727",
        "72.4638",
    )
    assert ragged["blended"]["cost"] == "1.9"
    assert summary["variable_cost"] == "1.9"
    # The sums under the rounded figures are exact too (a float sum hides below the cent).
    sums = reports.rollup_sums(
        tenant=tenant,
        start=datetime(2026, 11, 10, 9, tzinfo=UTC),
        end=datetime(2026, 11, 13, 15, tzinfo=UTC),
        group_by=["request_class"],
    )
    assert {key[0]: (v["cost_total"], v["revenue"]) for key, v in sums.items()} == {
        "classify": (Decimal("0.4"), Decimal("6")),
        "doc-summarise": (Decimal("1.5"), Decimal("0.9")),
    }


def test_request_classes_can_be_split_by_model_and_read_over_ragged_hours(api, tenant):
    acme = factories.customer(tenant, "acme")
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 10, 9, 30, tzinfo=UTC),
        request_class="chat",
        model="big",
        cost="0.03",
        revenue="0.02",
    )
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 11, 23, 5, tzinfo=UTC),
        request_class="chat",
        model="small",
        cost="0.001",
        revenue="0.01",
        count=2,
    )
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 11, 12, 0, 0, tzinfo=UTC),
        request_class="chat",
        model="small",
        cost="0.001",
        revenue="0.01",
    )

    # 09:00 on the 10th to 00:00 on the 12th: a ragged first day, a whole day, nothing after.
    body = api.get(
        "/v1/economics/request-classes?from=2026-11-10T09:00:00Z&to=2026-11-12T00:00:00Z"
        "&group_by=model"
    ).json()

    assert [(c["model"], c["requests"], c["margin"]) for c in body["classes"]] == [
        ("big", 1, "-0.01"),
        ("small", 2, "0.02"),  # 0.018, to the cent
    ]
    assert body["negative_classes"] == ["chat / big"]
    assert body["blended"]["requests"] == 3
    narrow = api.get(
        "/v1/economics/request-classes?from=2026-11-10T10:00:00Z&to=2026-11-11T23:00:00Z"
    ).json()
    assert narrow["classes"] == []


def test_unpriced_events_are_counted_not_costed_as_zero(api, tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 10, 9, tzinfo=UTC)
    factories.event(tenant, acme, at=at, request_class="chat", cost=None)

    body = api.get(f"/v1/economics/request-classes?{NOVEMBER}").json()

    assert body["unpriced_events"] == 1


def test_a_bad_range_is_a_400_with_the_field(api):
    response = api.get("/v1/economics/request-classes?from=2026-11-02T00:00:00Z&to=2026-11-01")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "to", "message": "Must be after from."}]
    bad = api.get("/v1/economics/request-classes?from=yesterday")
    assert bad.json()["errors"][0]["field"] == "from"


def test_another_tenant_sees_none_of_the_figures(other_api, tenant):
    seed_design_example_1(tenant)

    body = other_api.get(f"/v1/economics/request-classes?{NOVEMBER}").json()

    assert body["classes"] == []
    assert body["blended"]["requests"] == 0
    assert other_api.get("/v1/economics/customers/acme").status_code == 404


# ---------------------------------------------------------------------- customers


def seed_two_customers(tenant, api):
    """acme: $100 revenue and $40 cost in each of Sep, Oct, Nov; gone: one month, then silent."""
    acme = factories.customer(tenant, "acme", name="Acme")
    gone = factories.customer(tenant, "gone", name="Gone")
    # Both acquired in September: one cohort.
    Customer.objects.filter(pk__in=[acme.pk, gone.pk]).update(
        created_at=datetime(2026, 9, 1, tzinfo=UTC)
    )
    for month in (9, 10, 11):
        factories.event(
            tenant,
            acme,
            at=datetime(2026, month, 10, 12, tzinfo=UTC),
            request_class="chat",
            cost="40",
            revenue="100",
        )
    factories.event(
        tenant,
        gone,
        at=datetime(2026, 9, 5, 12, tzinfo=UTC),
        request_class="chat",
        cost="2",
        revenue="10",
    )
    created = api.post(
        "/v1/acquisition-costs", {"customer_id": "acme", "month": "2026-09", "amount": "150"}
    )
    assert created.status_code == 201


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_ltv_and_cac_payback_match_a_hand_calculation(api, tenant):
    seed_two_customers(tenant, api)
    # November is open: every figure covers September and October, November is month to date.
    # Closed account-months: acme Sep-Oct = 2, gone Sep = 1 (silent since 5 Sep: churned on
    # 6 Sep, lost in September). Monthly churn = 1 / 3. acme: ARPA 200 / 2 = 100, GM 60%
    # -> LTV = 60 / (1/3) = 180; discounted = 60 / (1/3 + 0.01) = 174.757..; payback
    # = 150 / 60 = 2.5 months; LTV:CAC = 180 / 150 = 1.2.

    body = api.get("/v1/economics/customers/acme").json()

    assert body == {
        "customer_id": "acme",
        "name": "Acme",
        "as_of": "2026-11-20T12:00:00Z",
        "currency": "USD",
        "status": "active",
        "churned_on": None,
        "churn_month": None,
        "active_since": "2026-09",
        "first_active": "2026-09-10",
        "last_active": "2026-11-10",
        "tenure_months": 2,
        "requests": 2,
        "unpriced_requests": 0,
        "revenue": "200",
        "variable_cost": "80",
        "gross_margin": "120",
        "gross_margin_pct": "60",
        "arpa": "100",
        "monthly_churn": "0.3333",
        "ltv": "180",
        "discounted_ltv": "174.76",
        "ltv_basis": "churn",
        "realised_ltv": "120",
        "cohort": "2026-09",
        "cohort_realised_ltv": "64",  # (120 + 8) / 2 customers of the September cohort
        "cac": "150",
        "cac_payback_months": "2.5",
        "ltv_to_cac": "1.2",
        "engagement_destroys_value": False,
        "month_to_date": {
            "month": "2026-11",
            "revenue": "100",
            "variable_cost": "40",
            "requests": 1,
        },
    }
    listed = api.get("/v1/economics/customers").json()["results"]
    assert [
        (c["customer_id"], c["status"], c["churned_on"], c["churn_month"], c["ltv"], c["ltv_basis"])
        for c in listed
    ] == [
        ("acme", "active", None, None, "180", "churn"),
        ("gone", "churned", "2026-09-06", "2026-09", "8", "realised"),  # earned 10 - 2
    ]
    assert listed[1]["discounted_ltv"] is None  # nothing left to predict


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_customers_can_be_listed_by_status(api, tenant):
    seed_two_customers(tenant, api)
    factories.customer(tenant, "idle")

    def listed(query: str) -> list[str]:
        response = api.get(f"/v1/economics/customers{query}")
        assert response.status_code == 200, response.json()
        return [c["customer_id"] for c in response.json()["results"]]

    assert listed("") == ["acme", "gone", "idle"]
    assert listed("?status=active") == ["acme"]
    assert listed("?status=churned") == ["gone"]
    assert listed("?status=never_active") == ["idle"]
    bad = api.get("/v1/economics/customers?status=lost")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "status", "message": '"lost" is not a valid choice.'}]


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_at_zero_churn_ltv_is_undefined_and_the_discounted_form_is_given(api, tenant):
    acme = factories.customer(tenant, "acme", name="Acme")
    for month in (9, 10, 11):
        factories.event(
            tenant,
            acme,
            at=datetime(2026, month, 10, 12, tzinfo=UTC),
            request_class="chat",
            cost="40",
            revenue="100",
        )
    api.post("/v1/acquisition-costs", {"customer_id": "acme", "month": "2026-09", "amount": "150"})

    body = api.get("/v1/economics/customers/acme").json()

    assert (body["monthly_churn"], body["ltv"], body["ltv_basis"]) == ("0", None, "discounted")
    assert body["discounted_ltv"] == "6000"  # 60 / 0.01
    assert body["ltv_to_cac"] == "40"
    assert body["cac_payback_months"] == "2.5"


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_cohort_spend_is_spread_over_the_customers_created_that_month(api, tenant):
    for name in ("a", "b", "c"):
        factories.customer(tenant, name, metadata={"channel": "ads" if name != "c" else "seo"})

    api.post("/v1/acquisition-costs", {"month": "2026-11", "channel": "ads", "amount": "90"})
    api.post("/v1/acquisition-costs", {"month": "2026-11", "amount": "30"})

    cac = {c["customer_id"]: c["cac"] for c in api.get("/v1/economics/customers").json()["results"]}
    assert cac == {"a": "55", "b": "55", "c": "10"}


def test_acquisition_cost_for_an_unknown_customer_is_a_400_and_writes_nothing(api):
    response = api.post(
        "/v1/acquisition-costs", {"customer_id": "nobody", "month": "2026-11", "amount": "5"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "customer_id", "message": "No customer 'nobody'."}
    ]
    assert api.get("/v1/acquisition-costs").json()["results"] == []


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_a_heavy_user_of_a_losing_class_is_flagged(api, tenant):
    seed_design_example_1(tenant)
    heavy = factories.customer(tenant, "heavy")
    factories.event(
        tenant,
        heavy,
        at=datetime(2026, 11, 11, tzinfo=UTC),
        request_class="doc-summarise",
        cost="0.015",
        revenue="0.009",
        count=20,
    )

    flags = {
        c["customer_id"]: c["engagement_destroys_value"]
        for c in api.get("/v1/economics/customers").json()["results"]
    }
    assert flags == {"acme": False, "heavy": True}


# ----------------------------------------------------------------------- features


def test_design_example_2_search_ranking_nets_minus_5000_for_the_month(api, tenant):
    shop = factories.customer(tenant, "shop")
    # 1,000,000 queries at $0.001 inference; 1,000 extra conversions at $1 as outcome value.
    factories.event(
        tenant,
        shop,
        at=datetime(2026, 11, 15, tzinfo=UTC),
        request_class="search-ranking",
        requests=1_000_000,
        cost="1000",
        outcome_value="1000",
    )
    training = api.post(
        "/v1/fixed-costs",
        {
            "category": "training",
            "request_class": "search-ranking",
            "monthly_amount": "5000",
            "start_month": "2026-11-01",
        },
        format="json",
    )
    assert training.status_code == 201, training.content

    body = api.get("/v1/economics/features?month=2026-11").json()

    ranking = {
        "request_class": "search-ranking",
        "requests": 1_000_000,
        "unpriced_requests": 0,
        "revenue": "0",
        "outcome_value": "1000",
        "value": "1000",
        "variable_cost": "1000",
        "fixed_cost": "5000",
        "total_cost": "6000",
        "net": "-5000",
        "roi_pct": "-83.3333",
        "fixed_cost_per_request": "0.005",
    }
    assert body == {
        "month": "2026-11",
        "currency": "USD",
        "features": [ranking],
        "total": ranking | {"request_class": None},
    }


def test_a_bad_month_is_a_400(api):
    response = api.get("/v1/economics/features?month=November")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "month", "message": "Use a month written YYYY-MM."}
    ]


# ------------------------------------------------------------------------ summary


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_summary_gives_margins_churn_and_revenue_retention(api, tenant, monkeypatch):
    from economics.margins.models import RevenueMonth

    seed_two_customers(tenant, api)
    # The fake attribution wrote RevenueMonth rows: acme 100 in Oct and Nov, no recurring part.
    RevenueMonth.objects.filter(month="2026-11-01").update(recurring=Decimal("30"))

    body = api.get("/v1/economics/summary?month=2026-10").json()

    assert body == {
        "month": "2026-10",
        "as_of": "2026-11-20T12:00:00Z",
        "closed": True,
        "currency": "USD",
        "revenue": "100",
        "recurring_revenue": "0",
        "usage_revenue": "100",
        "variable_cost": "40",
        "fixed_cost": "0",
        "inference_margin": "60",
        "inference_margin_pct": "60",
        "gross_margin": "60",
        "gross_margin_pct": "60",
        "requests": 1,
        "unpriced_requests": 0,
        "unpriced_events": 0,
        "active_customers": 1,  # acme; gone was lost in September, its last active month
        "new_customers": 0,
        "customers_at_start": 1,
        "churned_customers": 0,
        "logo_churn_pct": "0",
        # October started with acme alone (gone was lost in September): 100 -> 100.
        "net_revenue_retention_pct": "100",
    }
    september = api.get("/v1/economics/summary?month=2026-09").json()
    assert (
        september["active_customers"],
        september["new_customers"],
        september["customers_at_start"],
        september["churned_customers"],
        september["logo_churn_pct"],
        september["net_revenue_retention_pct"],
    ) == (2, 2, 0, 1, "50", None)  # gone: last seen 5 Sep, churned on 6 Sep after 30 days
    november = api.get("/v1/economics/summary?month=2026-11").json()
    assert (november["recurring_revenue"], november["usage_revenue"]) == ("30", "70")
    # The open month is month to date: no rate compares it with a whole month yet.
    assert (november["closed"], november["active_customers"]) == (False, 1)
    assert (november["logo_churn_pct"], november["net_revenue_retention_pct"]) == (None, None)


# ------------------------------------------------------------- churn by subscription


@pytest.fixture
def real_revenue(monkeypatch):
    """Undo the fake attribution: these customers are rated by their real subscriptions."""
    monkeypatch.undo()


def test_a_paying_subscriber_stays_active_and_an_ended_subscription_churns(
    api, tenant, real_revenue
):
    from tests.pricing.factories import published_plan, subscribe

    published_plan(
        api, "base", [{"type": "flat_fee", "key": "base", "description": "Base", "amount": "20"}]
    )
    quiet = factories.customer(tenant, "quiet")
    leaver = factories.customer(tenant, "leaver")
    subscribe(api, "quiet", "base", "2026-09-01")
    subscribe(api, "leaver", "base", "2026-09-01", end_date="2026-10-15")
    with time_machine.travel(datetime(2026, 9, 2, 12, tzinfo=UTC), tick=False):
        for customer in (quiet, leaver):
            factories.event(
                tenant,
                customer,
                at=datetime(2026, 9, 2, 9, tzinfo=UTC),
                request_class="chat",
                cost="1",
            )
        # leaver was still busy six days before it left: silence alone would not churn it.
        factories.event(
            tenant, leaver, at=datetime(2026, 10, 14, 9, tzinfo=UTC), request_class="chat", cost="1"
        )

    with time_machine.travel(datetime(2026, 10, 20, 12, tzinfo=UTC), tick=False):
        # quiet: silent for 48 days but still paying its base fee; leaver: ended on 15 Oct.
        status = {
            c["customer_id"]: (c["status"], c["churned_on"], c["tenure_months"])
            for c in api.get("/v1/economics/customers").json()["results"]
        }
        summary = api.get("/v1/economics/summary?month=2026-10").json()

    # October is still open: tenure counts September only, and no rate is given yet.
    assert status == {"leaver": ("churned", "2026-10-15", 1), "quiet": ("active", None, 1)}
    assert (summary["customers_at_start"], summary["churned_customers"]) == (2, 1)
    assert (summary["closed"], summary["logo_churn_pct"]) == (False, None)

    with time_machine.travel(datetime(2026, 11, 5, 12, tzinfo=UTC), tick=False):
        pipeline_sweep()  # the beat: October's fees are rated, requests or not
        customers = {
            c["customer_id"]: (c["status"], c["tenure_months"], c["revenue"])
            for c in api.get("/v1/economics/customers").json()["results"]
        }
        summary = api.get("/v1/economics/summary?month=2026-10").json()

    # quiet paid 20 in September and 20 in October without a request; leaver 20 and 14/31
    # of 20 (1-14 October).
    assert customers == {"leaver": ("churned", 2, "29.03"), "quiet": ("active", 2, "40")}
    assert (summary["customers_at_start"], summary["churned_customers"]) == (2, 1)
    assert (summary["closed"], summary["logo_churn_pct"], summary["revenue"]) == (
        True,
        "50",
        "29.03",
    )


def test_unpriced_requests_are_left_out_of_every_cost_based_ratio(api, tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 10, 9, tzinfo=UTC)
    # chat: 2 priced requests at $0.01, one event of 2 requests of an unknown model; each
    # request earns $0.02. mystery: only an unknown model (it used to read cost 0, margin 100 %).
    factories.event(tenant, acme, at=at, request_class="chat", cost="0.01", revenue="0.02", count=2)
    factories.event(
        tenant, acme, at=at, request_class="chat", cost=None, requests=2, revenue="0.04"
    )
    factories.event(tenant, acme, at=at, request_class="mystery", cost=None, revenue="0.05")

    body = api.get(f"/v1/economics/request-classes?{NOVEMBER}").json()

    chat, mystery = body["classes"]
    assert {k: chat[k] for k in list(chat)[2:]} == {
        "requests": 4,
        "unpriced_requests": 2,
        "share_of_requests": "0.8",
        "cost_per_request": "0.01",  # $0.02 over the 2 priced requests, not 4
        "revenue_per_request": "0.02",
        "margin_per_request": "0.01",
        "inference_margin_pct": "50",  # not (0.08 - 0.02) / 0.08 = 75 %
        "cost": "0.02",
        "revenue": "0.08",
        "margin": "0.06",
        "margin_negative": False,
    }
    assert (mystery["requests"], mystery["unpriced_requests"], mystery["cost"]) == (1, 1, "0")
    assert (
        mystery["cost_per_request"],
        mystery["margin_per_request"],
        mystery["inference_margin_pct"],
    ) == (None, None, None)
    blended = body["blended"]
    # 5 requests, 3 unpriced: $0.02 / 2 priced = $0.01; revenue $0.13 / 5 = $0.026.
    assert (
        blended["unpriced_requests"],
        blended["cost_per_request"],
        blended["margin_per_request"],
        blended["inference_margin_pct"],
    ) == (3, "0.01", "0.016", "61.5385")
    assert body["unpriced_events"] == 2
    by_model = api.get(f"/v1/economics/request-classes?{NOVEMBER}&group_by=model").json()
    assert [(r["request_class"], r["unpriced_requests"]) for r in by_model["classes"]] == [
        ("chat", 2),
        ("mystery", 1),
    ]


def test_the_cost_breakdown_divides_by_the_priced_requests(tenant):
    from economics.margins.reports import class_cost_breakdown

    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 10, 9, tzinfo=UTC)
    factories.event(tenant, acme, at=at, request_class="chat", cost="0.01", count=2)
    factories.event(tenant, acme, at=at, request_class="chat", cost=None, requests=3)

    (line,) = class_cost_breakdown(
        tenant=tenant,
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 12, 1, tzinfo=UTC),
        request_class="chat",
    )

    # $0.02 of tokens over the 2 priced requests of 5 (3 of unknown cost).
    assert (line.requests, line.unpriced_requests, line.tokens, line.total) == (
        5,
        3,
        Decimal("0.01000000"),
        Decimal("0.01000000"),
    )


@time_machine.travel(datetime(2026, 12, 5, 12, tzinfo=UTC), tick=False)
def test_the_summary_leaves_unpriced_requests_out_of_its_margin_percentages(api, tenant):
    acme = factories.customer(tenant, "acme")
    at = datetime(2026, 11, 10, 9, tzinfo=UTC)
    # 2 priced requests at $0.25 and 2 of unknown cost, each earning $1: revenue $4.
    factories.event(tenant, acme, at=at, request_class="chat", cost="0.25", revenue="1", count=2)
    factories.event(tenant, acme, at=at, request_class="chat", cost=None, revenue="1", count=2)

    body = api.get("/v1/economics/summary?month=2026-11").json()

    assert (body["requests"], body["unpriced_requests"], body["variable_cost"]) == (4, 2, "0.5")
    # $0.25 per priced request stands for all 4: (4 - 1) / 4 = 75 %, not (4 - 0.5) / 4 = 87.5 %.
    assert (body["inference_margin"], body["inference_margin_pct"]) == ("3.5", "75")
    assert body["gross_margin_pct"] == "75"


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_a_customer_gross_margin_leaves_requests_of_unknown_cost_out(api, tenant):
    seed_two_customers(tenant, api)
    acme = factories.customer(tenant, "acme")
    # October gets one more request of acme, of an unknown model, earning $100 more.
    factories.event(
        tenant,
        acme,
        at=datetime(2026, 10, 20, 12, tzinfo=UTC),
        request_class="chat",
        cost=None,
        revenue="100",
    )

    body = api.get("/v1/economics/customers/acme").json()

    # Closed months: 3 requests, 1 unpriced; $80 of cost for the 2 priced ones, $300 revenue.
    # $40 per priced request stands for each: GM = (300 - 120) / 300 = 60 %, not 73.3333 %.
    assert (body["requests"], body["unpriced_requests"], body["variable_cost"]) == (3, 1, "80")
    assert (body["gross_margin"], body["gross_margin_pct"]) == ("220", "60")
    # ARPA 150 x 60 % / (1/3) = 270 (with the unknown cost as $0 it read 330).
    assert body["ltv"] == "270"

"""`make demo` end to end: seed the demo tenant, print its report, hand out a working key."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from metering.models import Customer, Tenant
from tests.economics.reconcile import revenue_mismatches

pytestmark = pytest.mark.django_db(transaction=True)

# The demo seeds history up to today's midnight: freezing the day makes it exact.
TODAY = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)

REPORT = """\
Seeded 12 customers on 3 plans and 2,100 events.

Margin per request class, October 2026 (USD; cost is variable cost only)
  request class     requests   share   cost/req  revenue/req  margin/req  margin %      margin
  --------------------------------------------------------------------------------------------
  chat                   164   20.1%    0.00047      0.38384     0.38338     99.9%       62.87
  classify               243   29.7%    0.00040      0.23473     0.23433     99.8%       56.94
  doc-summarise           36    4.4%    0.01510      0.00889    -0.00621    -69.9%       -0.22  <-- loses money on every request
  search-ranking         206   25.2%    0.00008      0.30369     0.30361    100.0%       62.54
  support-agent          168   20.6%    0.03000      0.70714     0.67714     95.8%      113.76
  --------------------------------------------------------------------------------------------
  (blended)              817  100.0%    0.00707      0.36924     0.36217     98.1%      295.90

  Blended margin is positive (295.9) while 1 request class loses money: doc-summarise (-0.006211 per request).

Customers as of 2026-11-23 (closed months to October 2026; November is month-to-date and kept out)
Active customers by predicted LTV (monthly churn 5.88% per account-month; LTV = ARPA x GM% / churn)
  customer  plan      months     ARPA    GM %        LTV       CAC  payback (mo)  LTV:CAC
  ---------------------------------------------------------------------------------------
  cus_008   support        1    55.44   96.0%     905.11    200.00          3.76     4.53
  cus_004   pro            2    47.37   99.8%     803.91    600.00         12.69     1.34
  cus_011   support        1    49.50   95.5%     803.67    200.00          4.23     4.02
  cus_001   pro            2    44.92  100.0%     763.34    600.00         13.36     1.27
  cus_012   pro            2    44.92  100.0%     763.33    600.00         13.36     1.27
  cus_002   pro            1    34.77  100.0%     590.96    200.00          5.75     2.95
  cus_009   support        1    13.86   95.4%     224.88  1,200.00         90.72     0.19
  cus_007   starter        2     0.71   43.0%       5.16    600.00      1,977.63     0.01
  cus_010   starter        2     0.14   55.6%       1.28    600.00      7,994.35     0.00
  cus_003   starter        2     0.18   42.8%       1.27    600.00      8,011.38     0.00

Churned customers (LTV = the gross margin they actually earned)
  customer  plan      churned on   revenue        LTV       CAC  LTV:CAC
  ----------------------------------------------------------------------
  cus_005   pro       2026-09-10     14.70      14.68    600.00     0.02

Closed months (the summary report; lost = churned, counted in its last active month)
  September 2026: invoiced 143.02 to 7 active customers (7 new), 1 lost (logo churn 14.3%), net revenue retention n/a
  October 2026: invoiced 301.67 to 10 active customers (4 new), 0 lost (logo churn 0.0%), net revenue retention 115.4%

Open alerts: 0 (GET /v1/alerts). Per class: GET /v1/economics/request-classes; per customer: GET /v1/economics/customers; cohorts: GET /v1/economics/cohorts.

Demo tenant: Demo AI (<tenant>), created now
Dashboard:   http://127.0.0.1:9999/dashboard/
Sign in as:  demo@marginal.example / <password> (a new password each run)
API docs:    http://127.0.0.1:9999/v1/docs
Try (the report's default window is the last 30 days):
  curl -s -H 'Authorization: Bearer <key>' http://127.0.0.1:9999/v1/customers
  curl -s -H 'Authorization: Bearer <key>' http://127.0.0.1:9999/v1/economics/request-classes
Admin API key (shown once):
<key>
"""
REUSED = "reused, with the data seeded on 2026-11-23 (make demo RESET=1 starts over)"


@pytest.fixture(autouse=True)
def price_catalog():
    """The shipped model prices, as `migrate` loads them (a flushed test database lost them)."""
    from economics.costs.services.prices import price_catalog_load

    price_catalog_load()


PASSWORD = re.compile(r"(?<=^Sign in as:  demo@marginal\.example / )\S+", re.M)


def run_demo(when: datetime = TODAY, **options: object) -> str:
    out = io.StringIO()
    with time_machine.travel(when, tick=False):
        call_command("demo", host="127.0.0.1:9999", stdout=out, **options)
    return out.getvalue()


def masked(printed: str) -> str:
    """The output with the dashboard password (new each run) replaced by <password>."""
    return PASSWORD.sub("<password>", printed)


def test_the_demo_flags_the_losing_class_ranks_customers_and_ends_with_a_working_key(settings):
    settings.DEMO_CUSTOMERS = 12  # the first 12 of the demo's 36 customers, to keep it quick

    printed = run_demo()

    tenant = Tenant.objects.get(name="Demo AI")
    key = printed.splitlines()[-1]
    assert re.fullmatch(r"mgl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", key)
    assert masked(printed).replace(str(tenant.id), "<tenant>").replace(key, "<key>") == REPORT
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    with time_machine.travel(TODAY, tick=False):
        classes = client.get(
            "/v1/economics/request-classes?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z"
        )
        customers = client.get("/v1/economics/customers")
    assert classes.status_code == 200
    assert (classes.json()["negative_classes"], classes.json()["blended_hides_loss"]) == (
        ["doc-summarise"],
        True,
    )
    assert classes.json()["blended"]["requests"] == 817
    assert customers.status_code == 200
    listed = customers.json()["results"]
    assert [c["customer_id"] for c in listed] == [f"cus_{n:03d}" for n in range(1, 13)]
    # Revenue per customer-month is the invoice: the requests carry all of it but the fees
    # of months without one, and the preview of every month agrees.
    assert revenue_mismatches(tenant, TODAY) == []
    # Summary, customers and cohorts count the same customers lost in the same months.
    with time_machine.travel(TODAY, tick=False):
        months = {
            m: client.get(f"/v1/economics/summary?month={m}").json()
            for m in ("2026-09", "2026-10", "2026-11")
        }
        cohorts = client.get("/v1/economics/cohorts").json()["cohorts"]
    lost = [(c["customer_id"], c["churn_month"]) for c in listed if c["status"] == "churned"]
    assert lost == [("cus_005", "2026-09")]
    for month, body in months.items():
        in_cohorts = sum(
            m["churned_customers"] for c in cohorts for m in c["months"] if m["month"] == month
        )
        lost_then = sum(1 for _, churn_month in lost if churn_month == month)
        assert body["churned_customers"] == in_cohorts == lost_then


def test_a_second_demo_run_prints_the_same_report_and_a_new_key(settings):
    settings.DEMO_CUSTOMERS = 12
    first = run_demo()

    second = run_demo()

    tenant = Tenant.objects.get(name="Demo AI")
    assert Customer.objects.filter(tenant=tenant).count() == 12
    first_key, second_key = first.splitlines()[-1], second.splitlines()[-1]
    assert first_key != second_key
    expected = REPORT.split("\n", 1)[1]  # seeded once: the second run only reports
    expected = expected.replace("created now", REUSED)
    assert masked(second).replace(str(tenant.id), "<tenant>").replace(second_key, "<key>") == (
        expected
    )


def test_a_reset_sets_the_old_demo_aside_and_seeds_a_new_one(settings):
    settings.DEMO_CUSTOMERS = 12
    first_key = run_demo().splitlines()[-1]

    again = run_demo(reset=True)

    tenant = Tenant.objects.get(name="Demo AI")
    assert "Seeded 12 customers on 3 plans and 2,100 events." in again
    assert f"Demo AI ({tenant.id}), created now" in again
    assert Tenant.objects.filter(name__startswith="Demo AI (set aside").count() == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {first_key}")
    assert client.get("/v1/customers").status_code == 401  # the old keys are revoked


def test_the_printed_hints_return_data_on_the_first_day_of_a_month(settings):
    settings.DEMO_CUSTOMERS = 12
    first_of_month = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    printed = run_demo(first_of_month)

    key = printed.splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    with time_machine.travel(first_of_month, tick=False):
        customers = client.get("/v1/customers").json()
        classes = client.get("/v1/economics/request-classes").json()
    assert len(customers["results"]) == 12
    assert (classes["from"], classes["to"]) == ("2026-11-01T08:00:00Z", "2026-12-01T08:00:00Z")
    assert classes["blended"]["requests"] > 0
    assert classes["statement"] is not None and "No usage" not in classes["statement"]


def test_a_customer_count_outside_the_demo_is_refused(tenant):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--customers must be between 1 and 36"):
        call_command("seed_demo", tenant=str(tenant.id), customers=37, stdout=io.StringIO())
    assert not Customer.objects.filter(tenant=tenant).exists()


def test_the_printed_login_opens_the_dashboard_with_the_apis_numbers(settings):
    import csv

    from django.test import Client

    settings.DEMO_CUSTOMERS = 12
    printed = run_demo()
    found = PASSWORD.search(printed)
    assert found is not None
    key = printed.splitlines()[-1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    browser = Client()

    signed_in = browser.post(
        "/dashboard/login/", {"username": "demo@marginal.example", "password": found.group(0)}
    )

    assert (signed_in.status_code, signed_in["Location"]) == (302, "/dashboard/")
    with time_machine.travel(TODAY, tick=False):
        page = browser.get("/dashboard/?from=2026-10-01&to=2026-10-31").content.decode()
        table = browser.get("/dashboard/?from=2026-10-01&to=2026-10-31&download=classes")
        body = api.get(
            "/v1/economics/request-classes?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z"
        ).json()
        customers = browser.get("/dashboard/customers/?sort=ltv&download=customers")
        for url in (
            "/dashboard/classes/doc-summarise/",
            "/dashboard/simulations/",
            "/dashboard/costs/",
            "/dashboard/alerts/",
        ):
            assert browser.get(url).status_code == 200, url
    rows = list(csv.DictReader(io.StringIO(table.content.decode())))
    assert [r["margin_per_request"] for r in rows] == [
        c["margin_per_request"] for c in [*body["classes"], body["blended"]]
    ]
    assert "Blended hides a loss." in page
    assert 'class="bar bar-loss" data-group="doc-summarise"' in page
    ranked = list(csv.DictReader(io.StringIO(customers.content.decode())))
    assert ranked[0]["customer_id"] == "cus_008"  # the first of the printed LTV ranking

    # The demo's draft starter v2 prices summaries above their cost: simulated from the page,
    # doc-summarise stops losing money.
    form = browser.get("/dashboard/simulations/").content.decode()
    assert 'value="starter:2"' in form
    with time_machine.travel(TODAY, tick=False):
        started = browser.post(
            "/dashboard/simulations/",
            {
                "candidate": "starter:2",
                "customers": "starter:1",
                "start_month": "2026-09",
                "end_month": "2026-11",
            },
        )
    assert started.status_code == 302
    result = browser.get(started["Location"]).content.decode()
    assert '<strong id="status">succeeded</strong>' in result
    job = started["Location"].rstrip("/").rsplit("/", 1)[1]
    classes = api.get(f"/v1/simulations/{job}").json()["results"]["request_classes"]
    summaries = next(c for c in classes if c["request_class"] == "doc-summarise")
    assert [p["margin_negative"] for p in summaries["plans"]] == [True, False]
    assert 'class="bar bar-loss" data-group="doc-summarise"' in result

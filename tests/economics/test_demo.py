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

pytestmark = pytest.mark.django_db(transaction=True)

# The demo seeds history up to today's midnight: freezing the day makes it exact.
TODAY = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)

REPORT = """\
Seeded 12 customers on 3 plans and 2,100 events.

Margin per request class, October 2026 (USD; cost is variable cost only)
  request class     requests   share   cost/req  revenue/req  margin/req  margin %      margin
  --------------------------------------------------------------------------------------------
  chat                   164   20.1%    0.00046      0.38384     0.38338     99.9%       62.87
  classify               243   29.7%    0.00040      0.23473     0.23433     99.8%       56.94
  doc-summarise           36    4.4%    0.01510      0.00889    -0.00621    -69.9%       -0.22  <-- loses money on every request
  search-ranking         206   25.2%    0.00008      0.30369     0.30361    100.0%       62.54
  support-agent          168   20.6%    0.03000      0.70714     0.67714     95.8%      113.76
  --------------------------------------------------------------------------------------------
  (blended)              817  100.0%    0.00707      0.36924     0.36217     98.1%      295.90

  Blended margin is positive (295.9) while 1 request class loses money: doc-summarise (-0.006211 per request).

Top customers by LTV (monthly churn 3.57% per account-month; LTV = ARPA x GM% / churn)
  customer  plan     status         ARPA    GM %        LTV      CAC  payback (mo)  LTV:CAC
  -----------------------------------------------------------------------------------------
  cus_008   support  active        53.96   96.0%   1,450.48   200.00          3.86     7.25
  cus_004   pro      active        47.91   99.8%   1,339.52   600.00         12.54     2.23
  cus_011   support  active        48.51   95.8%   1,300.56   200.00          4.31     6.50
  cus_012   pro      active        46.28  100.0%   1,295.42   600.00         12.97     2.16
  cus_001   pro      active        46.28  100.0%   1,295.41   600.00         12.97     2.16
  cus_002   pro      active        41.88  100.0%   1,172.57   200.00          4.78     5.86
  cus_006   pro      active        34.30  100.0%     959.97 1,200.00         35.00     0.80
  cus_005   pro      churned       14.70   99.8%     410.97   600.00         40.88     0.68
  cus_009   support  active        11.88   95.7%     318.28 1,200.00        105.57     0.27
  cus_007   starter  active         0.64   46.2%       8.28   600.00      2,027.76     0.01

Open alerts: 0 (GET /v1/alerts). Per class: GET /v1/economics/request-classes; per customer: GET /v1/economics/customers.

Demo tenant: Demo AI (<tenant>), created now
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


def run_demo(when: datetime = TODAY, **options: object) -> str:
    out = io.StringIO()
    with time_machine.travel(when, tick=False):
        call_command("demo", host="127.0.0.1:9999", stdout=out, **options)
    return out.getvalue()


def test_the_demo_flags_the_losing_class_ranks_customers_and_ends_with_a_working_key(settings):
    settings.DEMO_CUSTOMERS = 12  # the first 12 of the demo's 36 customers, to keep it quick

    printed = run_demo()

    tenant = Tenant.objects.get(name="Demo AI")
    key = printed.splitlines()[-1]
    assert re.fullmatch(r"mgl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", key)
    assert printed.replace(str(tenant.id), "<tenant>").replace(key, "<key>") == REPORT
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
    assert [c["customer_id"] for c in customers.json()["results"]] == [
        f"cus_{n:03d}" for n in range(1, 13)
    ]


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
    assert second.replace(str(tenant.id), "<tenant>").replace(second_key, "<key>") == expected


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

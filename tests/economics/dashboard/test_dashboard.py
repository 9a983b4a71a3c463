"""The dashboard through Django's test client: sign-in, roles, tenant scoping, and its numbers.

Every figure a page shows is the API's: a page's CSV download is compared cell by cell with
the JSON of the API call the page links to, for the same range and moment.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from economics.dashboard.tables import cell_text
from economics.margins.customer_base import customer_base_forget
from metering.audit import Actor
from metering.models import Membership, Role, Tenant
from metering.services import member_create
from tests.economics import factories

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
NOVEMBER_PAGE = "from=2026-11-01&to=2026-11-30"
NOVEMBER_API = "from=2026-11-01&to=2026-12-01"
PASSWORD = "correct horse battery"
PAGES = [
    "/dashboard/",
    "/dashboard/classes/doc-summarise/",
    "/dashboard/customers/",
    "/dashboard/customers/acme/",
    "/dashboard/simulations/",
    "/dashboard/costs/",
    "/dashboard/alerts/",
]


@pytest.fixture(autouse=True)
def fake_revenue(monkeypatch):
    factories.install_fake_revenue(monkeypatch)


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def member(tenant: Tenant, role: str = Role.VIEWER, email: str = "") -> Membership:
    email = email or f"{role}@{tenant.name.split()[0].lower()}.example"
    return member_create(
        tenant=tenant, email=email, password=PASSWORD, role=role, actor=Actor.system("tests")
    )


def signed_in(membership: Membership, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(membership.user)
    return client


def seed(tenant: Tenant) -> None:
    """DESIGN.md example 1: doc-summarise loses $0.006 a request, classify earns $0.0056."""
    acme = factories.customer(tenant, "acme", name="Acme")
    at = datetime(2026, 11, 10, 9, tzinfo=UTC)
    factories.event(
        tenant, acme, at=at, request_class="doc-summarise", cost="0.015", revenue="0.009", count=10
    )
    factories.event(
        tenant, acme, at=at, request_class="classify", cost="0.0004", revenue="0.006", count=90
    )


def csv_rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def as_cells(item: dict[str, Any], columns: list[str]) -> dict[str, str]:
    return {column: cell_text(item[column]) for column in columns}


# ------------------------------------------------------------------ signing in


def test_every_page_sends_a_stranger_to_the_sign_in_page(tenant):
    for url in PAGES:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/dashboard/login/?next={url}"


def test_a_member_signs_in_with_the_password_sees_the_overview_and_signs_out(tenant):
    member(tenant, Role.VIEWER, "Pat@Owner.example")
    client = Client()

    response = client.post(
        "/dashboard/login/", {"username": "pat@owner.example", "password": PASSWORD}
    )

    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
    page = client.get("/dashboard/")
    assert page.status_code == 200
    assert "Owner AI" in page.content.decode()
    assert client.post("/dashboard/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_passwords_are_stored_hashed(tenant):
    user = member(tenant).user
    user.refresh_from_db()
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_failed_sign_ins_are_throttled_per_username_and_address(tenant, settings):
    settings.DASHBOARD_LOGIN_MAX_FAILURES = 3
    member(tenant, Role.VIEWER, "pat@owner.example")
    client = Client(REMOTE_ADDR="10.0.0.1")
    wrong = {"username": "pat@owner.example", "password": "wrong password!"}
    for _ in range(3):
        response = client.post("/dashboard/login/", wrong)
        assert response.status_code == 200
        assert "Please enter a correct" in response.content.decode()

    refused = client.post(
        "/dashboard/login/", {"username": "pat@owner.example", "password": PASSWORD}
    )

    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.content.decode()
    assert client.get("/dashboard/").status_code == 302  # not signed in
    elsewhere = Client(REMOTE_ADDR="10.0.0.2").post(
        "/dashboard/login/", {"username": "pat@owner.example", "password": PASSWORD}
    )
    assert elsewhere.status_code == 302


def test_posts_need_the_csrf_token(tenant):
    billing = member(tenant, Role.BILLING)
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post(
            "/dashboard/login/", {"username": billing.user.username, "password": PASSWORD}
        ).status_code
        == 403
    )
    client.force_login(billing.user)
    assert client.post("/dashboard/simulations/", {"start_month": "2026-01"}).status_code == 403
    assert client.post("/dashboard/logout/").status_code == 403
    page = client.get("/dashboard/simulations/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    with_token = client.post(
        "/dashboard/simulations/",
        {"csrfmiddlewaretoken": token.group(1), "start_month": "x", "end_month": "y"},
    )
    assert with_token.status_code == 400  # past CSRF: the form's own errors


def test_an_unknown_dashboard_address_is_an_html_404_page(tenant):
    assert Client().get("/dashboard/nowhere/").status_code == 302  # sign in first
    response = signed_in(member(tenant)).get("/dashboard/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "No page at this address." in response.content.decode()


def test_a_user_of_no_tenant_is_refused(db):
    user = get_user_model().objects.create_user(username="root", password=PASSWORD)
    client = Client()
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 403
    assert "belongs to no tenant" in response.content.decode()


# ------------------------------------------------------------------ tenant scoping


def test_another_tenants_member_gets_404_for_the_owners_objects(tenant, other_tenant):
    seed(tenant)
    from tests.endpoint_objects import simulation_id

    job = simulation_id(tenant)
    owner = signed_in(member(tenant))
    stranger = signed_in(member(other_tenant))
    for url in (
        "/dashboard/customers/acme/",
        "/dashboard/classes/doc-summarise/",
        f"/dashboard/simulations/{job}/",
    ):
        assert owner.get(url).status_code == 200, url
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert "Not found" in response.content.decode()
    with time_machine.travel(NOW, tick=False):
        listed = stranger.get("/dashboard/customers/?download=customers")
    assert csv_rows(listed) == []


# ------------------------------------------------------------------ the numbers


def test_the_overview_table_is_the_api_answer_for_the_same_range(tenant, api):
    seed(tenant)
    client = signed_in(member(tenant))

    rows = csv_rows(client.get(f"/dashboard/?{NOVEMBER_PAGE}&download=classes"))
    body = api.get(f"/v1/economics/request-classes?{NOVEMBER_API}").json()

    columns = list(rows[0])
    assert columns == [
        "request_class",
        "requests",
        "unpriced_requests",
        "share_of_requests",
        "cost_per_request",
        "revenue_per_request",
        "margin_per_request",
        "inference_margin_pct",
        "cost",
        "revenue",
        "margin",
        "margin_negative",
    ]
    assert rows == [as_cells(item, columns) for item in [*body["classes"], body["blended"]]]
    assert rows[1]["margin_per_request"] == "-0.006"
    page = client.get(f"/dashboard/?{NOVEMBER_PAGE}").content.decode()
    assert f'<dd id="total-margin" class="">{body["blended"]["margin"]}</dd>' in page
    assert f'<dd id="total-margin-pct">{body["blended"]["inference_margin_pct"]}</dd>' in page
    assert body["statement"] in page
    link = f"/v1/economics/request-classes?{NOVEMBER_API}".replace("&", "&amp;")
    assert f'<a href="{link}">' in page


def test_a_day_of_the_daily_table_is_the_api_answer_for_that_day(tenant, api):
    seed(tenant)
    client = signed_in(member(tenant))

    rows = csv_rows(client.get(f"/dashboard/?{NOVEMBER_PAGE}&download=daily"))
    body = api.get(
        "/v1/economics/request-classes?from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z"
    ).json()

    assert [row for row in rows if row["day"] == "2026-11-10"] == [
        {"day": "2026-11-10", **as_cells(item, list(rows[0])[1:])} for item in body["classes"]
    ]
    assert {row["day"] for row in rows} == {"2026-11-10"}  # the other days had no usage


def test_the_losing_class_is_drawn_red_beside_a_positive_blend(tenant):
    seed(tenant)
    page = signed_in(member(tenant)).get(f"/dashboard/?{NOVEMBER_PAGE}").content.decode()

    loss = re.findall(r'<rect class="bar bar-(\w+)" data-group="([^"]+)"[^>]*fill="([^"]+)"', page)
    margins = {(group, series, fill) for series, group, fill in loss if series != "cost"}
    assert ("doc-summarise", "loss", "#c62828") in margins
    assert ("classify", "margin", "#2e7d32") in margins
    assert ("(blended)", "blended", "#5e35b1") in margins
    assert '<text class="group-label loss"' in page
    assert "Blended hides a loss." in page
    assert '<tr class="loss"><th scope="row"><a href="classes/doc-summarise/' in page


def test_the_customer_table_is_the_api_answer_and_sorts_by_ltv(tenant, api):
    seed(tenant)
    for n in range(3):
        other = factories.customer(tenant, f"cus-{n}")
        factories.event(
            tenant,
            other,
            at=datetime(2026, 10, 5, tzinfo=UTC),
            request_class="classify",
            cost="0.0004",
            revenue=str(n + 1),
            count=n + 1,
        )
    client = signed_in(member(tenant))

    with time_machine.travel(NOW, tick=False):
        rows = csv_rows(client.get("/dashboard/customers/?sort=ltv&dir=desc&download=customers"))
        body = api.get("/v1/economics/customers").json()["results"]

    by_id = {item["customer_id"]: item for item in body}
    columns = [c for c in rows[0] if c != "plan"]
    assert sorted(row["customer_id"] for row in rows) == sorted(by_id)
    for row in rows:
        assert {c: row[c] for c in columns} == as_cells(by_id[row["customer_id"]], columns)
    with_ltv = [row for row in rows if row["ltv"]]
    assert [float(r["ltv"]) for r in with_ltv] == sorted(
        (float(r["ltv"]) for r in with_ltv), reverse=True
    )
    assert [row["customer_id"] for row in rows][: len(with_ltv)] == [
        r["customer_id"] for r in with_ltv
    ]
    with time_machine.travel(NOW, tick=False):
        ascending = csv_rows(
            client.get("/dashboard/customers/?sort=customer_id&dir=asc&download=customers")
        )
        filtered = csv_rows(client.get("/dashboard/customers/?q=acme&download=customers"))
    assert [r["customer_id"] for r in ascending] == ["acme", "cus-0", "cus-1", "cus-2"]
    assert [r["customer_id"] for r in filtered] == ["acme"]


def test_every_page_answers_and_links_its_api_call(tenant):
    seed(tenant)
    client = signed_in(member(tenant, Role.ADMIN))
    with time_machine.travel(NOW, tick=False):
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            text = response.content.decode()
            assert 'class="api"' in text and "GET /v1/" in text, url
            assert "Download CSV" in text, url


def more_data(tenant: Tenant) -> None:
    """Six more customers, classes and days: what an N+1 query would grow with."""
    for n in range(6):
        someone = factories.customer(tenant, f"more-{n}")
        for day in (3, 12, 20):
            factories.event(
                tenant,
                someone,
                at=datetime(2026, 11, day, tzinfo=UTC),
                request_class=f"class-{n}",
                cost="0.01",
                revenue="0.02",
            )


def test_every_page_reads_a_fixed_number_of_queries_whatever_the_data(tenant):
    client = signed_in(member(tenant))
    seed(tenant)
    pages = [page for page in PAGES if "acme" not in page]
    pages = [f"{page}?{NOVEMBER_PAGE}" for page in pages] + ["/dashboard/customers/acme/"]

    def counts() -> dict[str, int]:
        found = {}
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200, page
            found[page] = len(queries.captured_queries)
        return found

    # The tenant's churn base is read from its stored row when a job has stored a current one,
    # else computed (a few more queries): computed in both measurements here.
    with time_machine.travel(NOW, tick=False):
        customer_base_forget(tenant=tenant)
        small = counts()
        more_data(tenant)
        customer_base_forget(tenant=tenant)
        large = counts()

    assert large == small
    assert max(small.values()) <= 25, small


# ------------------------------------------------------------------ roles and simulations


def test_a_viewer_cannot_start_a_simulation(tenant):
    viewer = signed_in(member(tenant, Role.VIEWER))
    page = viewer.get("/dashboard/simulations/").content.decode()
    assert "needs the billing or admin role" in page
    assert viewer.post("/dashboard/simulations/", {"candidate": "x:1"}).status_code == 403


def test_billing_starts_a_simulation_from_the_page_and_reads_its_result(tenant, api):
    from tests.endpoint_objects import plan_id, subscription_id

    plan_id(tenant)
    subscription_id(tenant)
    client = signed_in(member(tenant, Role.BILLING))

    with time_machine.travel(NOW, tick=False):
        response = client.post(
            "/dashboard/simulations/",
            {
                "name": "Same plan",
                "candidate": ["walk-plan:1"],
                "start_month": "2026-01",
                "end_month": "2026-03",
            },
        )
    assert response.status_code == 302
    url = response["Location"]
    simulation_id = url.rstrip("/").rsplit("/", 1)[1]
    page = client.get(url).content.decode()
    body = api.get(f"/v1/simulations/{simulation_id}").json()
    assert body["status"] == "succeeded"
    assert '<strong id="status">succeeded</strong>' in page
    for line in body["results"]["summary"]:
        assert escape(line) in page
    totals = csv_rows(client.get(f"{url}?download=totals"))
    assert [r["revenue"] for r in totals] == [
        str(p["revenue"]) for p in body["results"]["totals"]["plans"]
    ]
    exported = client.get(f"{url}?download=customers").content.decode()
    assert exported == api.get(f"/v1/simulations/{simulation_id}/customers.csv").content.decode()


def test_a_simulation_form_with_bad_months_says_what_is_wrong(tenant):
    client = signed_in(member(tenant, Role.ADMIN))
    response = client.post(
        "/dashboard/simulations/", {"start_month": "2026-05", "end_month": "2026-04"}
    )
    assert response.status_code == 400
    assert "Give at least one candidate plan." in response.content.decode()


# ------------------------------------------------------------------ commands


def test_create_tenant_can_create_its_first_admin(db):
    out = io.StringIO()
    call_command(
        "create_tenant",
        "Acme AI",
        admin_email="Ops@Acme.example",
        admin_password="a long enough password",
        stdout=out,
    )
    membership = Membership.objects.cross_tenant(reason="test").get()
    assert (membership.tenant.name, membership.role) == ("Acme AI", "admin")
    assert membership.user.username == "ops@acme.example"
    assert membership.user.check_password("a long enough password")
    assert "Dashboard admin: ops@acme.example" in out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("mgl_")


def test_create_tenant_refuses_a_short_password_and_creates_nothing(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command(
            "create_tenant", "Acme AI", admin_email="ops@acme.example", admin_password="short"
        )
    assert not Tenant.objects.filter(name="Acme AI").exists()


def test_the_costs_page_lists_the_unpriced_events_the_api_lists(tenant, api):
    seed(tenant)
    acme = factories.customer(tenant, "acme")
    factories.event(
        tenant, acme, at=datetime(2026, 11, 12, tzinfo=UTC), request_class="chat", cost=None
    )
    client = signed_in(member(tenant))

    rows = csv_rows(client.get(f"/dashboard/costs/?{NOVEMBER_PAGE}&download=unpriced"))
    body = api.get(f"/v1/costs/unpriced?{NOVEMBER_API}").json()["results"]

    assert [r["event_id"] for r in rows] == [e["event_id"] for e in body]
    assert len(rows) == 1
    spend = csv_rows(client.get(f"/dashboard/costs/?{NOVEMBER_PAGE}&download=spend"))
    by_model = api.get(f"/v1/economics/request-classes?{NOVEMBER_API}&group_by=model").json()
    assert [r["cost"] for r in spend] == [c["cost"] for c in by_model["classes"]]

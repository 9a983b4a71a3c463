"""The dashboard in a real browser: Debian's chromium driven by Playwright, on the demo data.

Signs in with what `make demo` prints, opens every page, checks that the numbers shown are the
API's for the same range and that the losing class is marked, starts a simulation from the page
and waits for its result. A JavaScript error on any page fails the test. Each page's screenshot
is saved under var/screenshots/ (a CI artifact).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from economics.dashboard.views import CLASS_COLUMNS, CUSTOMER_COLUMNS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIGN_IN = re.compile(r"^Sign in as:  (\S+) / (\S+)", re.M)


@pytest.fixture(autouse=True)
def price_catalog() -> None:
    from economics.costs.services.prices import price_catalog_load

    price_catalog_load()


@pytest.fixture
def demo(live_server: Any, settings: Any) -> dict[str, str]:
    settings.DEMO_CUSTOMERS = 12
    out = io.StringIO()
    host = live_server.url.removeprefix("http://")
    call_command("demo", host=host, stdout=out)
    printed = out.getvalue()
    found = SIGN_IN.search(printed)
    assert found is not None, printed
    assert f"Dashboard:   {live_server.url}/dashboard/" in printed
    return {
        "url": live_server.url,
        "email": found.group(1),
        "password": found.group(2),
        "key": printed.splitlines()[-1],
    }


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # plain synchronous ones between its steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.js_errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()
    assert errors == [], errors


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def column(page: Any, table: str, index: int) -> list[str]:
    cells = page.locator(f"#table-{table} tbody tr").evaluate_all(
        f"rows => rows.map(r => r.children[{index}].textContent.trim())"
    )
    return list(cells)


def test_a_new_user_signs_in_and_reads_every_page_with_the_apis_numbers(
    demo: dict[str, str], browser_page: Any
) -> None:
    page, base = browser_page, demo["url"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {demo['key']}")

    page.goto(f"{base}/dashboard/")
    assert page.url.startswith(f"{base}/dashboard/login/")
    page.fill("#id_username", demo["email"])
    page.fill("#id_password", demo["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard/")

    # Overview: the blended bar beside a losing doc-summarise, the API's figures in the table.
    first = page.input_value("input[name=from]")
    last = page.input_value("input[name=to]")
    api_link = page.locator(".api a").first.get_attribute("href")
    assert api_link is not None and f"from={first}" in api_link
    body = api.get(api_link).json()
    assert column(page, "classes", 0) == [c["request_class"] for c in body["classes"]] + [
        "(blended)"
    ]
    # The table's columns are the API's fields, in CLASS_COLUMNS order.
    assert column(page, "classes", CLASS_COLUMNS.index("margin_per_request")) == [
        c["margin_per_request"] for c in [*body["classes"], body["blended"]]
    ]
    assert column(page, "classes", CLASS_COLUMNS.index("unpriced_requests")) == [
        str(c["unpriced_requests"]) for c in [*body["classes"], body["blended"]]
    ]
    assert page.text_content("#total-margin-pct") == body["blended"]["inference_margin_pct"]
    losing = page.locator('rect.bar-loss[data-group="doc-summarise"]')
    assert losing.count() == 1
    assert losing.get_attribute("fill") == "#c62828"
    assert "Blended hides a loss." in page.text_content(".statement")
    assert float(body["blended"]["margin"]) > 0
    shot(page, "overview")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "overview-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

    page.click("#table-classes a:text('doc-summarise')")
    page.wait_for_url(re.compile(r".*/dashboard/classes/doc-summarise/.*"))
    assert page.input_value("input[name=from]") == first
    assert page.input_value("input[name=to]") == last
    shot(page, "request-class")

    # Customers, sorted by LTV descending (the default), as the API ranks them.
    page.click("nav >> text=Customers")
    page.wait_for_url(f"{base}/dashboard/customers/")
    listed = {c["customer_id"]: c for c in api.get("/v1/economics/customers").json()["results"]}
    ids = column(page, "customers", 0)
    ltvs = column(
        page, "customers", ["customer_id", "name", "plan", *CUSTOMER_COLUMNS[2:]].index("ltv")
    )
    assert sorted(ids) == sorted(listed)
    assert ltvs == [listed[i]["ltv"] or "" for i in ids]
    numbers = [float(v) for v in ltvs if v]
    assert numbers == sorted(numbers, reverse=True)
    shot(page, "customers")

    for name in ("Costs", "Alerts"):
        page.click(f"nav >> text={name}")
        page.wait_for_load_state()
        assert page.locator("h1").text_content() == name
        shot(page, name.lower())

    # A simulation started from the page, followed until it succeeds.
    page.click("nav >> text=Simulations")
    page.check('input[value="starter:2"]')
    page.fill("input[name=name]", "Summaries at $0.02")
    page.select_option("select[name=customers]", "starter:1")
    page.click("form.simulate button[type=submit]")
    page.wait_for_selector("#status:text('succeeded')", timeout=60_000)
    assert page.locator("figure.chart svg").count() == 2
    job = page.url.rstrip("/").rsplit("/", 1)[1]
    results = api.get(f"/v1/simulations/{job}").json()["results"]
    summaries = next(c for c in results["request_classes"] if c["request_class"] == "doc-summarise")
    assert [p["margin_negative"] for p in summaries["plans"]] == [True, False]
    plans = results["totals"]["plans"]
    assert float(plans[1]["revenue_delta"]) > 0  # starter customers pay for their summaries
    assert column(page, "totals", 2) == [str(p["revenue"]) for p in results["totals"]["plans"]]
    shot(page, "simulation")

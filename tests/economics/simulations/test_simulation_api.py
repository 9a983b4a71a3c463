"""Plan simulations through the API: a hybrid candidate against a per-token baseline over three
months, matched to a hand calculation; filters; progress; failures; live data untouched."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from celery.exceptions import Retry
from django.apps import apps
from django.core.management import call_command
from django.db import OperationalError
from rest_framework.test import APIClient

from economics.simulations import runner as simulation_services
from economics.simulations.models import Simulation
from economics.simulations.runner import simulation_run
from economics.simulations.services import simulation_create
from economics.simulations.tasks import simulation_run as simulation_task
from metering.models import Tenant
from pricing.rating import Period
from pricing.services import invoice_finalize
from tests.pricing.factories import at, customer, event, published_plan, subscribe

NOW = "2026-05-10T09:00:00Z"

PER_TOKEN = [
    {
        "type": "usage",
        "key": "input",
        "description": "Input tokens",
        "metric": "input_tokens",
        "unit_size": "1000000",
        "price_model": "per_unit",
        "unit_amount": "3",
    },
    {
        "type": "usage",
        "key": "output",
        "description": "Output tokens",
        "metric": "output_tokens",
        "unit_size": "1000000",
        "price_model": "per_unit",
        "unit_amount": "15",
    },
]
HYBRID = [
    {"type": "flat_fee", "key": "base", "description": "Platform fee", "amount": "20"},
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "included": "1",
        "price_model": "graduated",
        "tiers": [
            {"up_to": "10", "unit_amount": "4"},
            {"up_to": None, "unit_amount": "2.5"},
        ],
    },
]
OUTCOME = [
    {
        "type": "usage",
        "key": "share",
        "description": "Share of value",
        "metric": "outcome_value",
        "price_model": "percentage",
        "percent": "10",
    },
]


def tokens(tenant: Tenant, who: str, day: int, month: int, cls: str, inp: int, out: int, cost: str):
    return event(
        tenant,
        customer(tenant, who),
        at(day, month),
        request_class=cls,
        input_tokens=inp,
        output_tokens=out,
        cost_status="priced",
        cost_total=Decimal(cost),
    )


@pytest.fixture
def history(api: APIClient, tenant: Tenant) -> None:
    """acme and beta on per-token from January; hybrid v1 is a draft nobody is on."""
    with time_machine.travel(NOW, tick=False):
        published_plan(api, "per-token", PER_TOKEN)
        created = api.post(
            "/v1/plans",
            {"plan_id": "hybrid", "name": "Hybrid", "currency": "USD", "charges": HYBRID},
        )
        assert created.status_code == 201, created.json()
        for who in ("acme", "beta"):
            customer(tenant, who)
            subscribe(api, who, "per-token", "2026-01-01")
    tokens(tenant, "acme", 10, 1, "chat", 2_000_000, 200_000, "1.50")
    tokens(tenant, "acme", 10, 2, "chat", 4_000_000, 1_000_000, "3.00")
    tokens(tenant, "acme", 10, 3, "classify", 500_000, 0, "0.10")
    tokens(tenant, "beta", 20, 1, "chat", 100_000, 50_000, "0.20")
    tokens(tenant, "beta", 5, 3, "chat", 12_000_000, 3_000_000, "9.00")


@pytest.fixture
def post(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """POST a simulation at NOW and run the job queued on commit, as a worker would."""

    def send(api: APIClient, body: dict[str, Any], when: str = NOW) -> Any:
        with time_machine.travel(when, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                response = api.post("/v1/simulations", body)
            if response.status_code == 202:
                location = response["Location"]
                response = api.get(location)
                response.status_code = 202  # what the POST answered
                response["Location"] = location
        return response

    return send


BODY = {
    "name": "Hybrid against per-token",
    "candidates": [{"plan_id": "hybrid", "version": 1}],
    "start_month": "2026-01",
    "end_month": "2026-04",
}


@pytest.mark.usefixtures("history")
def test_a_hybrid_candidate_against_the_per_token_baseline_matches_a_hand_calculation(
    api: APIClient, post: Callable[..., Any]
) -> None:
    # Per-token (input $3, output $15 per 1M):
    #   acme: Jan 2M/0.2M = 9.00, Feb 4M/1M = 27.00, Mar 0.5M/0 = 1.50 -> 37.50
    #   beta: Jan 0.1M/0.05M = 1.05, Feb nothing = 0.00, Mar 12M/3M = 81.00 -> 82.05
    # Hybrid ($20 a month, 1M tokens included, then $4 per 1M up to 10M, $2.50 above):
    #   acme: Jan 20 + 1.2 x 4 = 24.80, Feb 20 + 4 x 4 = 36.00, Mar 20.00 -> 80.80
    #   beta: Jan 20.00, Feb 20.00, Mar 20 + 10 x 4 + 4 x 2.5 = 70.00 -> 110.00
    response = post(api, BODY)
    assert response.status_code == 202, response.json()
    body = response.json()
    assert response["Location"] == f"/v1/simulations/{body['simulation_id']}"
    assert (body["status"], body["progress"], body["error"]) == ("succeeded", 100, "")
    assert body["candidates"] == [
        {
            "key": "candidate_1",
            "name": "hybrid v1",
            "plan_id": "hybrid",
            "version": 1,
            "currency": "USD",
        }
    ]
    assert body["customers"] == {"mode": "all"}

    detail = api.get(f"/v1/simulations/{body['simulation_id']}").json()
    results = detail["results"]
    assert results["months"] == ["2026-01", "2026-02", "2026-03"]
    assert results["totals"] == {
        "customers": 2,
        "customer_months": 6,
        "requests": "5",
        "uncosted_requests": 0,
        "variable_cost": "13.80",
        "plans": [
            {
                "plan": "baseline",
                "name": "Current plans",
                "revenue": "119.55",
                "margin": "105.75",
                "margin_pct": "88.4567",
                "revenue_delta": None,
                "revenue_delta_pct": None,
                "margin_delta": None,
                "customers_paying_more": None,
                "customers_paying_less": None,
                "customers_unchanged": None,
            },
            {
                "plan": "candidate_1",
                "name": "hybrid v1",
                "revenue": "190.80",
                "margin": "177.00",
                "margin_pct": "92.7673",
                "revenue_delta": "71.25",
                "revenue_delta_pct": "59.5985",
                "margin_delta": "71.25",
                "customers_paying_more": 2,
                "customers_paying_less": 0,
                "customers_unchanged": 0,
            },
        ],
    }
    assert results["movers"] == [
        {
            "plan": "candidate_1",
            "largest_increases": [
                {"customer_id": "acme", "revenue_delta": "43.30"},
                {"customer_id": "beta", "revenue_delta": "27.95"},
            ],
            "largest_decreases": [],
        }
    ]
    no_requests, chat, classify = results["request_classes"]
    # beta's February has no requests to spread the hybrid fee over
    assert no_requests == {
        "request_class": None,
        "requests": "0",
        "unpriced_requests": 0,
        "variable_cost": "0.00",
        "plans": [
            {
                "plan": "baseline",
                "revenue": "0.00",
                "margin": "0.00",
                "margin_pct": None,
                "margin_per_request": None,
                "margin_negative": False,
            },
            {
                "plan": "candidate_1",
                "revenue": "20.00",
                "margin": "20.00",
                "margin_pct": "100.0000",
                "margin_per_request": None,
                "margin_negative": False,
            },
        ],
    }
    assert (chat["request_class"], chat["requests"], chat["variable_cost"]) == (
        "chat",
        "4",
        "13.70",
    )
    # classify: acme's March alone, 1.50 under per-token, the whole 20.00 under hybrid
    assert [(p["plan"], p["revenue"], p["margin"]) for p in classify["plans"]] == [
        ("baseline", "1.50", "1.40"),
        ("candidate_1", "20.00", "19.90"),
    ]
    assert results["summary"][0] == (
        "2 customers over 3 months: current plans earn USD 119.55 against USD 13.80 of "
        "variable cost (margin 88.4567%)."
    )
    assert results["summary"][1] == (
        "hybrid v1 raises revenue by USD 71.25 (59.5985%) to USD 190.80; "
        "margin 88.4567% -> 92.7673%."
    )

    export = api.get(f"/v1/simulations/{body['simulation_id']}/customers.csv")
    assert export.status_code == 200
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert rows == [
        {
            "customer_id": "acme",
            "months": "3",
            "requests": "3",
            "uncosted_requests": "0",
            "variable_cost": "4.60",
            "baseline_plans": "per-token v1",
            "baseline_revenue": "37.50",
            "baseline_margin": "32.90",
            "baseline_margin_pct": "87.7333",
            "candidate_1_revenue": "80.80",
            "candidate_1_margin": "76.20",
            "candidate_1_margin_pct": "94.3069",
            "candidate_1_revenue_delta": "43.30",
            "candidate_1_revenue_delta_pct": "115.4667",
        },
        {
            "customer_id": "beta",
            "months": "3",
            "requests": "2",
            "uncosted_requests": "0",
            "variable_cost": "9.20",
            "baseline_plans": "per-token v1",
            "baseline_revenue": "82.05",
            "baseline_margin": "72.85",
            "baseline_margin_pct": "88.7873",
            "candidate_1_revenue": "110.00",
            "candidate_1_margin": "100.80",
            "candidate_1_margin_pct": "91.6364",
            "candidate_1_revenue_delta": "27.95",
            "candidate_1_revenue_delta_pct": "34.0646",
        },
    ]


@pytest.mark.usefixtures("history")
def test_the_baseline_of_a_month_is_what_the_invoice_preview_bills(
    api: APIClient, post: Callable[..., Any]
) -> None:
    body = {**BODY, "start_month": "2026-02", "end_month": "2026-03"}
    simulated = post(api, {**body, "customers": {"external_ids": ["acme"]}}).json()
    with time_machine.travel(NOW, tick=False):
        preview = api.get("/v1/customers/acme/invoice-preview?period=2026-02").json()
    baseline = simulated["results"]["totals"]["plans"][0]
    assert baseline["revenue"] == preview["total"] == "27.00"


@pytest.mark.usefixtures("history")
def test_inline_candidates_are_rated_beside_stored_versions(
    api: APIClient, post: Callable[..., Any]
) -> None:
    body = {
        **BODY,
        "candidates": [
            {"plan_id": "hybrid", "version": 1, "name": "Hybrid"},
            {"name": "Outcome share", "currency": "USD", "charges": OUTCOME},
        ],
    }
    results = post(api, body).json()["results"]
    assert [(p["name"], p["revenue"]) for p in results["totals"]["plans"]] == [
        ("Current plans", "119.55"),
        ("Hybrid", "190.80"),
        ("Outcome share", "0.00"),
    ]
    assert results["totals"]["plans"][2]["customers_paying_less"] == 2


@pytest.mark.usefixtures("history")
def test_customers_can_be_chosen_by_id_or_by_the_plan_version_they_were_on(
    api: APIClient, tenant: Tenant, post: Callable[..., Any]
) -> None:
    tokens(tenant, "gamma", 3, 2, "chat", 1_000_000, 0, "0.50")  # no subscription
    everyone = post(api, BODY).json()["results"]["totals"]
    assert (everyone["customers"], everyone["plans"][0]["revenue"]) == (3, "119.55")
    # gamma's February is rated under the candidate for the whole month: 20 + 0 = 20.00
    assert everyone["plans"][1]["revenue"] == "210.80"

    listed = post(api, {**BODY, "customers": {"external_ids": ["beta"]}}).json()
    assert listed["customers"] == {"mode": "list", "external_ids": ["beta"]}
    assert listed["results"]["totals"]["plans"][0]["revenue"] == "82.05"

    on_plan = post(api, {**BODY, "customers": {"plan_id": "per-token", "version": 1}}).json()
    assert on_plan["customers"] == {"mode": "plan_version", "plan_id": "per-token", "version": 1}
    assert on_plan["results"]["totals"]["customers"] == 2


@pytest.mark.usefixtures("history")
def test_a_subscription_starting_mid_month_bills_only_the_days_it_covers(
    api: APIClient, tenant: Tenant, post: Callable[..., Any]
) -> None:
    customer(tenant, "delta")
    with time_machine.travel(NOW, tick=False):
        subscribe(api, "delta", "per-token", "2026-03-11")
    tokens(tenant, "delta", 5, 3, "chat", 1_000_000, 0, "0.40")  # before the subscription
    tokens(tenant, "delta", 20, 3, "chat", 1_000_000, 200_000, "0.60")
    body = {**BODY, "start_month": "2026-03", "customers": {"external_ids": ["delta"]}}
    (baseline, hybrid) = post(api, body).json()["results"]["totals"]["plans"]
    # per-token: 3.00 + 3.00; hybrid: 20 x 21/31 = 13.55 + (1.2 - 1) x 4 = 14.35
    assert (baseline["revenue"], hybrid["revenue"]) == ("6.00", "14.35")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {**BODY, "end_month": "2026-06"},
            "end_month",
            "Simulations rate complete past months: at most 2026-05.",
        ),
        (
            {**BODY, "end_month": "2026-01"},
            "end_month",
            "Must be after start_month (the range is [start, end)).",
        ),
        ({**BODY, "start_month": "2026-13"}, "start_month", None),
        ({**BODY, "candidates": []}, "candidates", "Give at least one candidate plan."),
        (
            {**BODY, "candidates": [{"plan_id": "nope", "version": 1}]},
            "candidates.0.plan_id",
            "No plan with plan_id 'nope'.",
        ),
        (
            {**BODY, "candidates": [{"plan_id": "hybrid", "version": 9}]},
            "candidates.0.version",
            "Plan 'hybrid' has no version 9.",
        ),
        (
            {**BODY, "candidates": [{"plan_id": "hybrid", "version": 1, "charges": []}]},
            "candidates.0",
            "Give either plan_id and version of an existing plan, or currency and charges.",
        ),
        (
            {
                **BODY,
                "candidates": [
                    {"currency": "USD", "charges": [{**OUTCOME[0], "percent": "-1"}]},
                ],
            },
            "candidates.0.charges.0.percent",
            "cannot be negative.",
        ),
        (
            {**BODY, "candidates": [{"currency": "EUR", "charges": OUTCOME}]},
            "candidates.0.currency",
            "Costs are recorded in USD, so simulations compare USD plans; this plan is in EUR.",
        ),
        (
            {**BODY, "customers": {"external_ids": ["acme", "zed"]}},
            "customers.external_ids",
            "Unknown customer ids: zed.",
        ),
    ],
)
@pytest.mark.usefixtures("history")
def test_bad_requests_are_refused_with_field_paths_and_nothing_is_written(
    api: APIClient, body: dict[str, Any], field: str, message: str | None, post: Callable[..., Any]
) -> None:
    response = post(api, body)
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    if message is not None:
        assert errors[0]["message"] == message
    assert not Simulation.objects.exists()


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a simulation could touch, except simulations themselves."""
    out = {}
    for label in ("metering", "pricing", "economics"):
        for model in apps.get_app_config(label).get_models():
            if model is not Simulation:
                out[model.__name__] = list(model.objects.order_by("pk").values())
    return out


@pytest.mark.usefixtures("history")
def test_a_simulation_writes_nothing_but_itself(
    api: APIClient, tenant: Tenant, post: Callable[..., Any]
) -> None:
    from economics.margins.rollups import rollup_mark_range, rollup_refresh

    with time_machine.travel("2026-02-01T03:00:00Z", tick=False):
        acme = customer(tenant, "acme")
        assert invoice_finalize(tenant=tenant, customer=acme, period=Period.month(2026, 1))
    assert acme is not None
    rollup_mark_range(tenant=tenant, start=at(1, 1), end=at(1, 4))
    rollup_refresh(tenant=tenant)
    before = snapshot()
    assert all(before[name] for name in ("UsageEvent", "Subscription", "Invoice", "RollupHour"))

    body = {**BODY, "candidates": [*BODY["candidates"], {"currency": "USD", "charges": OUTCOME}]}
    assert post(api, body).json()["status"] == "succeeded"
    assert snapshot() == before


@pytest.mark.usefixtures("history")
def test_progress_is_written_as_customers_are_rated(tenant: Tenant) -> None:
    simulation = simulation_create(
        tenant=tenant,
        candidates=[{"plan_id": "hybrid", "version": 1}],
        start_month="2026-01",
        end_month="2026-04",
        enqueue=False,
        today=date(2026, 5, 10),
    )
    assert (simulation.status, simulation.progress) == ("queued", 0)
    seen: list[tuple[int, int, str]] = []

    def hook(percent: int) -> None:
        stored = Simulation.objects.get(pk=simulation.pk)
        seen.append((percent, stored.progress, stored.status))

    done = simulation_run(simulation_id=simulation.pk, progress=hook)
    assert seen == [
        (5, 5, "running"),
        (52, 52, "running"),
        (99, 99, "running"),
        (100, 100, "succeeded"),
    ]
    assert (done.status, done.progress, done.attempts) == ("succeeded", 100, 1)
    # Running a finished simulation again changes nothing.
    assert simulation_run(simulation_id=simulation.pk).results == done.results


@pytest.mark.usefixtures("history")
def test_a_baseline_in_another_currency_fails_the_simulation_with_a_clear_error(
    api: APIClient, tenant: Tenant, post: Callable[..., Any]
) -> None:
    with time_machine.travel(NOW, tick=False):
        published_plan(api, "euro", PER_TOKEN, currency="EUR")
        customer(tenant, "eva")
        subscribe(api, "eva", "euro", "2026-01-01")
    body = post(api, BODY).json()
    assert (body["status"], body["results"]) == ("failed", None)
    assert body["error"] == "baseline: eva was on euro v1 in EUR, not USD."
    csv_export = api.get(f"/v1/simulations/{body['simulation_id']}/customers.csv")
    assert csv_export.status_code == 409
    assert csv_export.json()["detail"] == (
        "The simulation is failed; its table exists once it succeeds."
    )


def _queued(tenant: Tenant) -> Simulation:
    return simulation_create(
        tenant=tenant,
        candidates=[{"plan_id": "hybrid", "version": 1}],
        start_month="2026-01",
        end_month="2026-04",
        enqueue=False,
        today=date(2026, 5, 10),
    )


@pytest.mark.usefixtures("history")
def test_an_unexpected_error_ends_in_the_failed_state(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(simulation_services, "simulate", broken)
    simulation = _queued(tenant)
    assert simulation_task.apply(args=[str(simulation.pk)]).get() == "failed"
    simulation.refresh_from_db()
    assert (simulation.status, simulation.error) == (
        "failed",
        "The simulation stopped on an unexpected error (RuntimeError).",
    )
    assert simulation.finished_at is not None


@pytest.mark.usefixtures("history")
def test_a_database_outage_is_retried_with_backoff_then_recorded_as_failed(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    retried: list[int] = []

    def retry(*, exc: Exception, countdown: int) -> Exception:
        retried.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(simulation_services, "simulation_inputs", unavailable)
    monkeypatch.setattr(simulation_task, "retry", retry)
    simulation = _queued(tenant)
    for attempt in range(3):  # as a worker delivers it: not eager, retries counted
        simulation_task.push_request(retries=attempt, is_eager=False)
        try:
            with pytest.raises(Retry):
                simulation_task.run(str(simulation.pk))
        finally:
            simulation_task.pop_request()
        assert Simulation.objects.get(pk=simulation.pk).status == "running"
    assert retried == [2, 4, 8]

    simulation_task.push_request(retries=3, is_eager=False)
    try:
        assert simulation_task.run(str(simulation.pk)) == "failed"
    finally:
        simulation_task.pop_request()
    simulation.refresh_from_db()
    assert (simulation.status, simulation.attempts) == ("failed", 4)
    assert (
        simulation.error == "The database was unavailable for the simulation, even after retries."
    )


@pytest.mark.usefixtures("history")
def test_simulations_are_listed_newest_first(api: APIClient, post: Callable[..., Any]) -> None:
    first = post(api, {**BODY, "name": "first"}).json()
    second = post(api, {**BODY, "name": "second"}, when="2026-05-10T09:05:00Z").json()
    listed = api.get("/v1/simulations").json()["results"]
    assert [(s["simulation_id"], s["name"], s["status"]) for s in listed] == [
        (second["simulation_id"], "second", "succeeded"),
        (first["simulation_id"], "first", "succeeded"),
    ]
    assert "results" not in listed[0]


@pytest.mark.usefixtures("history")
def test_the_command_runs_the_same_job_and_prints_the_summary_table(
    tenant: Tenant, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    inline = tmp_path / "outcome.json"
    inline.write_text(
        '{"name": "Outcome share", "currency": "USD", "charges": '
        '[{"type": "usage", "key": "s", "description": "Share", "metric": "outcome_value", '
        '"price_model": "percentage", "percent": "10"}]}'
    )
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command(
            "simulate_plan",
            "--tenant",
            str(tenant.id),
            "--candidate",
            "hybrid:1",
            "--candidate-file",
            str(inline),
            "--start-month",
            "2026-01",
            "--end-month",
            "2026-04",
            stdout=out,
        )
    text = out.getvalue()
    simulation = Simulation.objects.get()
    assert simulation.status == "succeeded"
    lines = text.split("\n")
    assert lines[0] == f"Simulation {simulation.pk}"
    assert lines[1].endswith("[##############################] 100%")
    assert lines[2:7] == [
        "2 customers, 6 customer-months, 2026-01, 2026-02, 2026-03; variable cost 13.80 USD",
        "plan           revenue USD  margin  margin %    delta  more  less",
        "Current plans       119.55  105.75   88.4567",
        "hybrid v1           190.80  177.00   92.7673    71.25     2     0",
        "Outcome share         0.00  -13.80       n/a  -119.55     0     2",
    ]
    assert "- hybrid v1 raises revenue by USD 71.25 (59.5985%) to USD 190.80; " in text


def test_the_command_refuses_bad_arguments_plainly(tenant: Tenant) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--candidate takes PLAN_ID:VERSION"):
        call_command(
            "simulate_plan",
            "--tenant",
            str(tenant.id),
            "--candidate",
            "hybrid",
            "--start-month",
            "2026-01",
            "--end-month",
            "2026-02",
        )


def test_unknown_simulations_are_404(api: APIClient, client_for: Callable[..., APIClient]) -> None:
    assert api.get("/v1/simulations/not-a-uuid").status_code == 404
    missing = api.get("/v1/simulations/00000000-0000-0000-0000-000000000000/customers.csv")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


@pytest.mark.usefixtures("history")
def test_a_cost_plus_candidate_bills_the_pinned_costs_marked_up(
    api: APIClient, post: Callable[..., Any]
) -> None:
    from django.db.models import F

    from metering.models import UsageEvent

    UsageEvent.objects.update(billing_cost=F("cost_total"))  # pinned as costing does
    cost_plus = [{"type": "cost_plus", "key": "ai", "description": "AI", "markup_percent": "50"}]
    body = {**BODY, "candidates": [{"name": "Cost plus", "currency": "USD", "charges": cost_plus}]}
    results = post(api, body).json()["results"]
    # Costs 1.50 + 3.00 + 0.10 (acme) and 0.20 + 9.00 (beta), each month x 1.5: 20.70.
    assert [(p["name"], p["revenue"]) for p in results["totals"]["plans"]] == [
        ("Current plans", "119.55"),
        ("Cost plus", "20.70"),
    ]

"""Dashboard pages of the jobs and the cost book: simulations, costs, alerts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from config.errors import Conflict, InvalidInput
from economics.alerts.api.serializers import AlertOutputSerializer
from economics.alerts.selectors import alert_list
from economics.costs.api.serializers import UnpricedEventOutputSerializer
from economics.costs.selectors import fixed_cost_utilisation, unpriced_event_list
from economics.dashboard import charts
from economics.dashboard.access import Viewer, page
from economics.dashboard.tables import Table, date_range, row_of
from economics.dashboard.views import respond
from economics.margins import reports
from economics.simulations.api.serializers import (
    SimulationOutputSerializer,
    SimulationSummaryOutputSerializer,
)
from economics.simulations.api.views import customer_csv
from economics.simulations.models import Simulation
from economics.simulations.selectors import simulation_get, simulation_list
from economics.simulations.services import simulation_create
from metering.models import Role
from pricing.models import PlanVersion

# ------------------------------------------------------------------------ simulations


def _months_back(today: date, months: int) -> str:
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}"


def _candidates(viewer: Viewer) -> list[tuple[str, str]]:
    """(form value, label) of every USD plan version: drafts are what one tries out."""
    versions = (
        PlanVersion.objects.of(viewer.tenant)
        .filter(currency="USD")
        .select_related("plan")
        .order_by("plan__code", "version")
    )
    return [
        (f"{v.plan.code}:{v.version}", f"{v.plan.code} v{v.version} ({v.status})") for v in versions
    ]


@page()
@require_http_methods(["GET", "POST"])
def simulations(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The tenant's simulations, and a form to start one (billing and admin roles)."""
    today = datetime.now(UTC).date()
    form: dict[str, Any] = {
        "name": "",
        "start_month": _months_back(today, 3),
        "end_month": _months_back(today, 0),
        "candidates": [],
        "customers": "",
    }
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        if not viewer.may(Role.BILLING):
            return respond(
                request,
                viewer,
                "dashboard/error.html",
                {"status": 403, "detail": "Starting a simulation needs the billing role."},
                filename="error",
                status=403,
            )
        form = {
            "name": request.POST.get("name", "").strip()[:200],
            "start_month": request.POST.get("start_month", ""),
            "end_month": request.POST.get("end_month", ""),
            "candidates": request.POST.getlist("candidate"),
            "customers": request.POST.get("customers", ""),
        }
        candidates = []
        for value in form["candidates"][:5]:
            code, _, version = value.rpartition(":")
            candidates.append(
                {"plan_id": code, "version": int(version) if version.isdigit() else 0}
            )
        scope = None
        if form["customers"]:
            code, _, version = form["customers"].rpartition(":")
            scope = {"plan_id": code, "version": int(version) if version.isdigit() else 0}
        try:
            simulation = simulation_create(
                tenant=viewer.tenant,
                name=form["name"],
                candidates=candidates,
                customers=scope,
                start_month=form["start_month"],
                end_month=form["end_month"],
            )
        except (InvalidInput, Conflict) as exc:
            errors = exc.errors if isinstance(exc, InvalidInput) else [("", str(exc))]
            status = 400
        else:
            return redirect("dashboard:simulation", simulation_id=simulation.pk)
    jobs = SimulationSummaryOutputSerializer(
        simulation_list(tenant=viewer.tenant).order_by("-created_at")[:50], many=True
    ).data
    table = Table(
        "simulations",
        "Simulations",
        ["simulation_id", "name", "status", "progress", "created_at", "finished_at"],
    )
    for job in jobs:
        table.add(row_of(job, table.columns), link=f"{job['simulation_id']}/")
    return respond(
        request,
        viewer,
        "dashboard/simulations.html",
        {
            "nav": "simulations",
            "form": form,
            "errors": errors,
            "versions": _candidates(viewer),
            "may_start": viewer.may(Role.BILLING),
            "api": [("Simulations", "/v1/simulations")],
        },
        tables=[table],
        filename="simulations",
        status=status,
    )


@page()
def simulation(request: HttpRequest, viewer: Viewer, simulation_id: str) -> HttpResponse:
    """One simulation: progress while it runs, then before/after bars, movers, the histogram."""
    job = simulation_get(tenant=viewer.tenant, simulation_id=simulation_id, with_customers=True)
    data = SimulationOutputSerializer(job).data
    results = data["results"]
    tables: list[Table] = []
    context: dict[str, Any] = {
        "nav": "simulations",
        "job": data,
        "running": job.status in (Simulation.Status.QUEUED, Simulation.Status.RUNNING),
        "api": [
            ("This simulation", f"/v1/simulations/{job.pk}"),
            ("Per-customer CSV", f"/v1/simulations/{job.pk}/customers.csv"),
        ],
    }
    if results:
        names = {"baseline": "Current plans"} | {c["key"]: c["name"] for c in data["candidates"]}
        totals = Table(
            "totals",
            "Totals per plan (USD)",
            ["plan", "name", "revenue", "margin", "margin_pct", "revenue_delta", "margin_delta"],
        )
        for plan in results["totals"]["plans"]:
            totals.add(row_of(plan, totals.columns))
        classes = Table(
            "classes",
            "Per request class, before and after (USD)",
            ["request_class", "plan", "revenue", "margin", "margin_per_request", "margin_negative"],
        )
        groups = []
        for cls in results["request_classes"]:
            label = cls["request_class"] or "(fees)"
            bars = []
            for plan in cls["plans"]:
                classes.add(
                    [label, *row_of(plan, classes.columns[1:])],
                    css="loss" if plan["margin_negative"] else "",
                )
                series = (
                    "loss"
                    if plan["margin_negative"]
                    else ("cost" if plan["plan"] == "baseline" else "margin")
                )
                bars.append(
                    charts.Bar(
                        series, names.get(plan["plan"], plan["plan"]), Decimal(str(plan["margin"]))
                    )
                )
            groups.append(
                charts.Group(
                    label=label, bars=bars, loss=any(p["margin_negative"] for p in cls["plans"])
                )
            )
        movers = Table(
            "movers",
            "Largest movers: losers pay more, winners pay less (USD)",
            ["plan", "direction", "customer_id", "revenue_delta"],
        )
        for move in results["movers"]:
            for direction, key in (
                ("pays more", "largest_increases"),
                ("pays less", "largest_decreases"),
            ):
                for row in move[key]:
                    movers.add([move["plan"], direction, row["customer_id"], row["revenue_delta"]])
        reader = list(csv.reader(io.StringIO(customer_csv(job))))
        customers = Table("customers", "Per customer (the API's CSV)", reader[0] if reader else [])
        for line in reader[1:]:
            customers.add(line)
        deltas = [
            Decimal(str(row["plans"][1]["revenue_delta"]))
            for row in job.customer_rows or []
            if len(row["plans"]) > 1 and row["plans"][1]["revenue_delta"] is not None
        ]
        tables = [totals, classes, movers, customers]
        context |= {
            "results": results,
            "bars": charts.bar_chart(
                groups, title="Margin per request class: current plans beside each candidate (USD)"
            ),
            "histogram": charts.histogram(
                deltas, title="Customers by revenue change under the first candidate (USD)"
            ),
        }
    return respond(
        request,
        viewer,
        "dashboard/simulation.html",
        context,
        tables=tables,
        filename=f"simulation-{job.pk}",
    )


# ------------------------------------------------------------------------------ costs


@page()
def costs(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Spend per model and class over the range, unpriced events with the reason, fixed costs."""
    from economics.margins.api.views import request_class_report_data

    span = date_range(request)
    tenant = viewer.tenant
    data = request_class_report_data(
        tenant=tenant, start=span.start, end=span.end, group_by="model"
    )
    spend = Table(
        "spend",
        "Spend per class and model (USD)",
        ["request_class", "model", "requests", "cost", "cost_per_request", "revenue", "margin"],
    )
    for row in data["classes"]:
        spend.add(row_of(row, spend.columns), css="loss" if row["margin_negative"] else "")
    days = reports.request_class_daily(tenant=tenant, start=span.start, end=span.end)
    names = sorted({c.request_class for d in days for c in d.margins.classes})
    series = {name: [] for name in names}  # type: dict[str, list[Decimal | None]]
    for day in days:
        cost = {c.request_class: c.cost for c in day.margins.classes}
        for name in names:
            series[name].append(cost.get(name))
    # The rollups count the range's unpriced events: the events themselves are only read
    # when there are some (a scan of the range's events otherwise finds none, slowly).
    unpriced = (
        UnpricedEventOutputSerializer(
            unpriced_event_list(tenant=tenant, start=span.start, end=span.end).order_by(
                "-timestamp"
            )[:100],
            many=True,
        ).data
        if data["unpriced_events"]
        else []
    )
    unpriced_table = Table(
        "unpriced",
        "Unpriced events (latest 100): not costed as $0, counted apart",
        ["event_id", "timestamp", "customer_id", "request_class", "model", "missing"],
    )
    for event in unpriced:
        missing = "; ".join(f"{m['kind']} {m['key']}" for m in event["missing"])
        unpriced_table.add([*row_of(event, unpriced_table.columns[:-1]), missing])
    month = span.last.replace(day=1)
    utilisation = fixed_cost_utilisation(tenant=tenant, month=month)
    fixed = Table(
        "fixed",
        f"Fixed costs of {utilisation['month']} and their cost per request (USD)",
        ["request_class", "fixed_cost", "requests", "fixed_cost_per_request"],
    )
    for line in utilisation["lines"]:
        fixed.add(
            [
                line["request_class"] or "(whole tenant)",
                line["fixed_cost"],
                line["requests"],
                line["fixed_cost_per_request"],
            ]
        )
    return respond(
        request,
        viewer,
        "dashboard/costs.html",
        {
            "nav": "costs",
            "span": span,
            "lines": charts.line_chart(
                [f"{d.start:%m-%d}" for d in days],
                [charts.Series(n, series[n]) for n in names],
                title="Variable cost per class by day (USD)",
            ),
            "api": [
                (
                    "Spend by model",
                    f"/v1/economics/request-classes?{span.api_query(group_by='model')}",
                ),
                ("Unpriced events", f"/v1/costs/unpriced?{span.api_query()}"),
                ("Fixed cost utilisation", f"/v1/fixed-costs/utilisation?month={month:%Y-%m}"),
            ],
        },
        tables=[spend, unpriced_table, fixed],
        filename="costs",
    )


@page()
def alerts(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Open SLO breaches and anomalies, newest first."""
    rows = AlertOutputSerializer(
        alert_list(tenant=viewer.tenant, acknowledged=False).order_by("-created_at")[:200],
        many=True,
    ).data
    table = Table(
        "alerts",
        "Open alerts",
        [
            "kind",
            "request_class",
            "customer_id",
            "window_start",
            "window_end",
            "observed",
            "threshold",
            "message",
            "created_at",
        ],
    )
    for row in rows:
        table.add(row_of(row, table.columns))
    return respond(
        request,
        viewer,
        "dashboard/alerts.html",
        {"nav": "alerts", "api": [("Open alerts", "/v1/alerts?acknowledged=false")]},
        tables=[table],
        filename="alerts",
    )

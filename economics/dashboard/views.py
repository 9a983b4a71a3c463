"""Dashboard pages: each reads the report its API operation reads and serialises it the same way.

A page's tables are built from the API serializers' output, so the cells of its CSV download
are the values of the JSON the linked API call returns, character for character.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from economics.dashboard import charts
from economics.dashboard.access import Viewer, not_found, page
from economics.dashboard.tables import Table, csv_response, date_range, row_of, wanted_csv
from economics.margins import reports
from economics.margins.api.serializers import (
    ClassFiguresOutputSerializer,
    CohortReportOutputSerializer,
    CustomerEconomicsOutputSerializer,
)
from economics.margins.api.views import request_class_report_data
from economics.margins.formulas import BLENDED
from metering.selectors import customer_get, customer_list

CLASS_COLUMNS = [
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


def respond(
    request: HttpRequest,
    viewer: Viewer,
    template: str,
    context: dict[str, Any],
    *,
    tables: Sequence[Table] = (),
    filename: str,
    status: int = 200,
) -> HttpResponse:
    """Render a page, or the CSV of one of its tables when ?download=<table> asks for it."""
    if request.GET.get("download"):
        table = wanted_csv(request, tables)
        if table is None:
            return not_found(request, "This page has no table of that name.")
        return csv_response(table, filename=filename)
    for table in tables:
        query = request.GET.copy()
        query["download"] = table.name
        table.download = "?" + query.urlencode()
    return render(request, template, {"viewer": viewer, "tables": tables, **context}, status=status)


def _dec(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


# ---------------------------------------------------------------------------- overview


@page()
def overview(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Margin per request by class beside the blend, margin and traffic share by day, totals."""
    span = date_range(request)
    tenant = viewer.tenant
    data = request_class_report_data(tenant=tenant, start=span.start, end=span.end)
    classes_table = Table("classes", "Margin per request class, and the blend (USD)", CLASS_COLUMNS)
    groups = []
    for row in [*data["classes"], data["blended"]]:
        blended = row["request_class"] == BLENDED
        loss = bool(row["margin_negative"])
        classes_table.add(
            row_of(row, CLASS_COLUMNS),
            css="loss" if loss else ("blended" if blended else ""),
            link=""
            if blended
            else f"classes/{quote(row['request_class'], safe='')}/?{span.page_query()}",
        )
        margin_series = "loss" if loss else ("blended" if blended else "margin")
        groups.append(
            charts.Group(
                label=row["request_class"],
                loss=loss,
                bars=[
                    charts.Bar("cost", "cost per request", _dec(row["cost_per_request"])),
                    charts.Bar("revenue", "revenue per request", _dec(row["revenue_per_request"])),
                    charts.Bar(
                        margin_series, "margin per request", _dec(row["margin_per_request"])
                    ),
                ],
            )
        )
    bars = charts.bar_chart(
        groups, title="Cost, revenue and margin per request, by class and blended (USD)"
    )

    days = reports.request_class_daily(tenant=tenant, start=span.start, end=span.end)
    names = [row["request_class"] for row in data["classes"]]
    losing = set(data["negative_classes"])
    daily_table = Table(
        "daily",
        "Each class by day (USD)",
        [
            "day",
            "request_class",
            "requests",
            "unpriced_requests",
            "share_of_requests",
            "margin_per_request",
            "margin",
        ],
    )
    margins: dict[str, list[Decimal | None]] = {name: [] for name in names}
    shares: dict[str, list[Decimal | None]] = {name: [] for name in names}
    for day in days:
        figures = {
            f["request_class"]: f
            for f in ClassFiguresOutputSerializer(day.margins.classes, many=True).data
        }
        api = (
            f"/v1/economics/request-classes?from={day.start:%Y-%m-%dT%H:%M:%SZ}"
            f"&to={day.end:%Y-%m-%dT%H:%M:%SZ}"
        )
        for name in names:
            f = figures.get(name)
            margins[name].append(_dec(f["margin"]) if f else None)
            shares[name].append(_dec(f["share_of_requests"]) if f else None)
        for _name, f in sorted(figures.items()):
            daily_table.add(
                [f"{day.start:%Y-%m-%d}", *row_of(f, daily_table.columns[1:])],
                css="loss" if f["margin_negative"] else "",
                link=api,
            )
    labels = [f"{day.start:%m-%d}" for day in days]
    margin_lines = charts.line_chart(
        labels,
        [charts.Series(n, margins[n], loss=n in losing) for n in names],
        title="Margin per class by day (USD)",
    )
    share_lines = charts.line_chart(
        labels,
        [charts.Series(n, shares[n], loss=n in losing) for n in names],
        title="Share of requests per class by day (0-1)",
    )
    return respond(
        request,
        viewer,
        "dashboard/overview.html",
        {
            "nav": "overview",
            "span": span,
            "data": data,
            "blended": data["blended"],
            "bars": bars,
            "margin_lines": margin_lines,
            "share_lines": share_lines,
            "api": [("Margin per class", f"/v1/economics/request-classes?{span.api_query()}")],
        },
        tables=[classes_table, daily_table],
        filename="overview",
    )


# -------------------------------------------------------------------- request class


@page()
def request_class(request: HttpRequest, viewer: Viewer, name: str) -> HttpResponse:
    """One class: margin by model, usage and latency by model, its SLOs and open alerts."""
    from economics.alerts.api.serializers import AlertOutputSerializer, CostSloOutputSerializer
    from economics.alerts.selectors import alert_list, cost_slo_list
    from metering import event_selectors
    from metering.api.event_views import UsageRowOutputSerializer

    span = date_range(request)
    tenant = viewer.tenant
    if not reports.request_class_known(tenant=tenant, request_class=name):
        return not_found(request, f"No request class '{name}'.")
    data = request_class_report_data(
        tenant=tenant, start=span.start, end=span.end, group_by="model"
    )
    models_table = Table(
        "models", f"{name}: margin per request by model (USD)", ["model", *CLASS_COLUMNS[1:]]
    )
    groups = []
    for row in data["classes"]:
        if row["request_class"] != name:
            continue
        loss = bool(row["margin_negative"])
        models_table.add(row_of(row, models_table.columns), css="loss" if loss else "")
        groups.append(
            charts.Group(
                label=row["model"] or "(no model)",
                loss=loss,
                bars=[
                    charts.Bar("cost", "cost per request", _dec(row["cost_per_request"])),
                    charts.Bar("revenue", "revenue per request", _dec(row["revenue_per_request"])),
                    charts.Bar(
                        "loss" if loss else "margin",
                        "margin per request",
                        _dec(row["margin_per_request"]),
                    ),
                ],
            )
        )
    usage_rows = event_selectors.usage_summary(
        tenant=tenant,
        query=event_selectors.UsageQuery(
            start=span.start,
            end=span.end,
            group_by=["model"],
            bucket=None,
            customer_id=None,
            request_class=name,
            model=None,
        ),
    )
    usage_columns = [
        "model",
        "events",
        "requests",
        "input_tokens",
        "cached_input_tokens",
        "cache_write_tokens",
        "output_tokens",
        "reasoning_tokens",
        "gpu_seconds",
        "retrieval_calls",
        "external_cost",
        "latency_ms.p50",
        "latency_ms.p95",
        "latency_ms.p99",
        "tokens_per_request.p50",
        "tokens_per_request.p95",
        "tokens_per_request.p99",
    ]
    usage_table = Table("usage", f"{name}: usage and percentiles by model", usage_columns)
    for row in UsageRowOutputSerializer(usage_rows, many=True).data:
        usage_table.add(row_of(row, usage_columns))
    breakdown = reports.class_cost_breakdown(
        tenant=tenant, start=span.start, end=span.end, request_class=name
    )
    cost_table = Table(
        "cost_breakdown",
        f"{name}: cost per priced request by component and model (USD)",
        [
            "model",
            "requests",
            "unpriced_requests",
            "tokens",
            "gpu",
            "services",
            "external",
            "total",
        ],
    )
    for line in breakdown:
        cost_table.add(
            [
                line.model,
                line.requests,
                line.unpriced_requests,
                line.tokens,
                line.gpu,
                line.services,
                line.external,
                line.total,
            ]
        )
    slos = CostSloOutputSerializer(
        cost_slo_list(tenant=tenant).filter(request_class=name), many=True
    ).data
    slo_table = Table(
        "slos", "Cost SLOs", ["id", "max_cost_per_request", "min_margin_pct", "created_at"]
    )
    for slo in slos:
        slo_table.add(row_of(slo, slo_table.columns))
    alerts = AlertOutputSerializer(
        alert_list(tenant=tenant, acknowledged=False).filter(request_class=name)[:50], many=True
    ).data
    alert_table = Table(
        "alerts", "Open alerts", ["kind", "window_start", "observed", "threshold", "message"]
    )
    for alert in alerts:
        alert_table.add(row_of(alert, alert_table.columns))
    return respond(
        request,
        viewer,
        "dashboard/request_class.html",
        {
            "nav": "overview",
            "span": span,
            "name": name,
            "bars": charts.bar_chart(
                groups, title=f"{name}: cost, revenue and margin per request by model (USD)"
            ),
            "api": [
                (
                    "Margin by model",
                    f"/v1/economics/request-classes?{span.api_query(group_by='model')}",
                ),
                (
                    "Usage by model",
                    f"/v1/usage?{span.api_query(group_by='model', request_class=name)}",
                ),
                ("SLOs", "/v1/cost-slos"),
                ("Alerts", "/v1/alerts?acknowledged=false"),
            ],
        },
        tables=[models_table, usage_table, cost_table, slo_table, alert_table],
        filename=f"class-{name}",
    )


# ------------------------------------------------------------------------- customers

CUSTOMER_COLUMNS = [
    "customer_id",
    "name",
    "status",
    "cohort",
    "tenure_months",
    "revenue",
    "arpa",
    "gross_margin_pct",
    "unpriced_requests",
    "ltv",
    "ltv_basis",
    "cac",
    "cac_payback_months",
    "ltv_to_cac",
    "engagement_destroys_value",
]
SORTABLE = {
    "customer_id": str,
    "name": str,
    "status": str,
    "cohort": str,
    "tenure_months": int,
    "revenue": Decimal,
    "arpa": Decimal,
    "gross_margin_pct": Decimal,
    "ltv": Decimal,
    "cac": Decimal,
    "cac_payback_months": Decimal,
    "ltv_to_cac": Decimal,
}


def sort_rows(rows: list[dict[str, Any]], column: str, *, descending: bool) -> list[dict[str, Any]]:
    """Rows by one column (numbers as numbers), ties by customer id; empty cells last."""
    kind = SORTABLE[column]
    present = [row for row in rows if row.get(column) not in (None, "")]
    empty = [row for row in rows if row.get(column) in (None, "")]
    present.sort(key=lambda row: row["customer_id"])
    present.sort(
        key=lambda row: str(row[column]).lower() if kind is str else kind(row[column]),
        reverse=descending,
    )
    return present + empty


@page()
def customers(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Every customer's economics: a sortable, filterable table, LTV against CAC, cohort curves."""
    tenant = viewer.tenant
    span = date_range(request)
    now = datetime.now(UTC)
    everyone = list(customer_list(tenant=tenant).order_by("external_id"))
    rows = [
        dict(row)
        for row in CustomerEconomicsOutputSerializer(
            reports.customer_economics(tenant=tenant, customers=everyone, as_of=now), many=True
        ).data
    ]
    plans = {c.external_id: str((c.metadata or {}).get("plan", "")) for c in everyone}
    for row in rows:
        row["plan"] = plans.get(row["customer_id"], "")
    filters = {
        "status": request.GET.get("status", ""),
        "plan": request.GET.get("plan", ""),
        "q": request.GET.get("q", "").strip(),
        "flag": request.GET.get("flag", ""),
        "acquired": request.GET.get("acquired", ""),
    }
    shown = [
        row
        for row in rows
        if (not filters["status"] or row["status"] == filters["status"])
        and (not filters["plan"] or row["plan"] == filters["plan"])
        and (
            not filters["q"]
            or filters["q"].lower() in row["customer_id"].lower()
            or filters["q"].lower() in (row["name"] or "").lower()
        )
        and (not filters["flag"] or row["engagement_destroys_value"])
        and (
            not filters["acquired"]
            or (row["cohort"] and span.first.strftime("%Y-%m") <= row["cohort"])
            and (row["cohort"] and row["cohort"] <= span.last.strftime("%Y-%m"))
        )
    ]
    sort = request.GET.get("sort", "ltv")
    sort = sort if sort in SORTABLE else "ltv"
    descending = request.GET.get("dir", "desc") != "asc"
    shown = sort_rows(shown, sort, descending=descending)
    columns = ["customer_id", "name", "plan", *CUSTOMER_COLUMNS[2:]]
    table = Table("customers", "Customers (USD; closed months)", columns)
    for row in shown:
        table.add(
            row_of(row, columns),
            css="loss" if row["engagement_destroys_value"] else "",
            link=f"{quote(row['customer_id'], safe='')}/",
        )
    points = [
        charts.Point(
            label=row["customer_id"],
            x=Decimal(row["cac"]),
            y=Decimal(row["ltv"]),
            loss=Decimal(row["ltv"]) < Decimal(row["cac"]),
        )
        for row in shown
        if row["cac"] is not None and row["ltv"] is not None
    ]
    cohorts = CohortReportOutputSerializer(reports.cohort_report(tenant=tenant, as_of=now)).data
    cohort_table = Table(
        "cohorts",
        "Cohorts: cumulative revenue per customer by month since acquisition (USD)",
        ["cohort", "customers", "realised_ltv", "month", "active_customers", "revenue"],
    )
    curves = []
    longest = max((len(c["months"]) for c in cohorts["cohorts"]), default=0)
    for cohort in cohorts["cohorts"]:
        running = Decimal(0)
        values: list[Decimal | None] = []
        for month in cohort["months"]:
            cohort_table.add(
                [
                    cohort["cohort"],
                    cohort["customers"],
                    cohort["realised_ltv"],
                    month["month"],
                    month["active_customers"],
                    month["revenue"],
                ]
            )
            running += Decimal(month["revenue"])
            values.append((running / cohort["customers"]).quantize(Decimal("0.01")))
        values += [None] * (longest - len(values))
        curves.append(charts.Series(cohort["cohort"], values))
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("dir", None)
    return respond(
        request,
        viewer,
        "dashboard/customers.html",
        {
            "nav": "customers",
            "span": span,
            "filters": filters,
            "statuses": ["active", "churned", "never_active"],
            "plans": sorted({p for p in plans.values() if p}),
            "sort": sort,
            "descending": descending,
            "sort_query": query.urlencode(),
            "sortable": SORTABLE,
            "shown": len(shown),
            "total": len(rows),
            "scatter": charts.scatter(
                points, title="LTV against CAC per customer (USD)", x_label="CAC", y_label="LTV"
            ),
            "curves": charts.line_chart(
                [f"month {i + 1}" for i in range(longest)],
                curves,
                title="Cumulative revenue per customer of each cohort (USD)",
            ),
            "api": [
                ("Customer economics", "/v1/economics/customers"),
                ("Cohorts", "/v1/economics/cohorts"),
            ],
        },
        tables=[table, cohort_table],
        filename="customers",
    )


@page()
def customer(request: HttpRequest, viewer: Viewer, customer_id: str) -> HttpResponse:
    """One customer's economics, every field the API returns."""
    tenant = viewer.tenant
    found = customer_get(tenant=tenant, external_id=customer_id)
    data = CustomerEconomicsOutputSerializer(
        reports.customer_economics(tenant=tenant, customers=[found])[0]
    ).data
    table = Table("customer", f"Customer {customer_id}", ["field", "value"])
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                table.add([f"{key}.{sub}", inner])
        else:
            table.add([key, value])
    return respond(
        request,
        viewer,
        "dashboard/customer.html",
        {
            "nav": "customers",
            "data": data,
            "api": [("This customer", f"/v1/economics/customers/{customer_id}")],
        },
        tables=[table],
        filename=f"customer-{customer_id}",
    )


@page()
def unknown(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Any other address under /dashboard/: the HTML 404 page."""
    return not_found(request, "No page at this address.")

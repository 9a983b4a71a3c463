"""Decisions API: composite units, what-if jobs (re-engineer, reprice, retire), mix shift."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import (
    date_param,
    idempotency_key,
    idempotency_key_parameter,
    instant_param,
    instant_parameter,
    range_parameters,
    report_range_params,
)
from config.api.permissions import READ_WRITE_SCOPES
from economics.decisions import composites, crossing
from economics.decisions.api.serializers import (
    CompositeOutputSerializer,
    CompositeQuerySerializer,
    CompositeReportOutputSerializer,
    CrossingQuerySerializer,
    CrossingReportOutputSerializer,
    MixReportOutputSerializer,
    WhatIfCreateInputSerializer,
    WhatIfOutputSerializer,
    WhatIfSummaryOutputSerializer,
)
from economics.decisions.selectors import (
    crossing_report,
    mix_report,
    what_if_get,
    what_if_list,
)
from economics.decisions.services import what_if_create
from economics.margins.formulas import COST_CURRENCY
from metering.api.base import TenantApiView
from pricing.api.serializers import charges_input

REPORT_SPAN = timedelta(days=30)
AS_OF_RANGE = (date(2000, 1, 1), date(9998, 12, 31))  # history and horizon stay in the calendar


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class CompositeReportApi(TenantApiView):
    """Composite units (events sharing a trace_id) per composite class: cost, revenue, margin."""

    operation_ids = {"get": "economics_composites"}
    summaries = {"get": "Report composite units per composite class"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(
        parameters=[
            *range_parameters(from_default="30 days before to", to_default="now"),
            OpenApiParameter(
                "request_class", str, description="Only composites of this composite class."
            ),
            OpenApiParameter(
                "worst", int, description="How many of the largest losses to list (0-100, 10)."
            ),
        ],
        responses={200: CompositeReportOutputSerializer},
        description=(
            "A composite is every live event sharing a `trace_id`; its class is the request "
            "class of its root (earliest) event, and it belongs to the range its root falls in. "
            "Cost, revenue and margin are sums over its events; composites with an event of "
            "unknown cost are counted and left out of the cost figures."
        ),
    )
    def get(self, request: Request) -> Response:
        start, end = report_range_params(
            request.query_params, default_start=lambda end: end - REPORT_SPAN
        )
        query = _query(CompositeQuerySerializer, request)
        classes = composites.composite_report(
            tenant=self.tenant,
            start=start,
            end=end,
            composite_class=query.get("request_class") or None,
            worst=query["worst"],
        )
        body = {"from": start, "to": end, "currency": COST_CURRENCY, "classes": classes}
        return Response(CompositeReportOutputSerializer(body).data)


class CompositeDetailApi(TenantApiView):
    """One composite unit broken into its events."""

    operation_ids = {"get": "economics_composite_retrieve"}
    summaries = {"get": "Break one composite unit into its events"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(responses={200: CompositeOutputSerializer})
    def get(self, request: Request, trace_id: str) -> Response:
        found = composites.composite_get(tenant=self.tenant, trace_id=trace_id)
        customers = composites.external_ids(tenant=self.tenant, pks=[found.root.customer_pk])
        body = {
            "trace_id": found.trace_id,
            "composite_class": found.composite_class,
            "customer_id": customers.get(found.root.customer_pk, ""),
            "started_at": found.root.timestamp,
            "ended_at": found.events[-1].timestamp,
            "currency": COST_CURRENCY,
            "calls": found.calls,
            "unpriced_events": found.unpriced_events,
            "cost": found.cost,
            "revenue": found.revenue,
            "margin": found.margin,
            "outcome": found.outcome,
            "events": [
                {
                    "event_id": e.event_id,
                    "timestamp": e.timestamp,
                    "request_class": e.request_class,
                    "model": e.model,
                    "requests": e.requests,
                    "cost_status": e.cost_status,
                    "cost": e.cost,
                    "revenue": e.revenue,
                    "margin": e.margin,
                    "outcome": e.outcome,
                }
                for e in found.events
            ],
        }
        return Response(CompositeOutputSerializer(body).data)


class WhatIfListCreateApi(TenantApiView):
    """Re-cost, reprice or retire on past months (a background job), or list what-ifs."""

    operation_ids = {"get": "what_ifs_list", "post": "what_ifs_create"}
    summaries = {
        "get": "List what-ifs",
        "post": "Re-engineer, reprice or retire a class on past months",
    }
    tag = "what-ifs"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(WhatIfSummaryOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=what_if_list(tenant=self.tenant),
            serializer_class=WhatIfSummaryOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        request=WhatIfCreateInputSerializer,
        parameters=[idempotency_key_parameter("what-if")],
        responses={202: WhatIfOutputSerializer},
        examples=[
            OpenApiExample(
                "Summaries on a cheaper model",
                request_only=True,
                value={
                    "name": "doc-summarise on gpt-4o-mini",
                    "start_month": "2026-10",
                    "end_month": "2026-11",
                    "changes": [
                        {
                            "type": "model",
                            "request_class": "doc-summarise",
                            "model": "gpt-4o-mini",
                            "provider": "openai",
                        }
                    ],
                },
            )
        ],
        description=(
            "Queue a what-if: the months' events of the classes a change touches are re-costed "
            "in memory under the changed cost book (the cost book's own code, exact decimals); "
            "a retired class's usage is removed before rating, so its usage charges go and flat "
            "fees are re-spread over the remaining requests; a candidate plan reprices every "
            "customer. Follow `GET /v1/what-ifs/{what_if_id}` until `status` is `succeeded` or "
            "`failed`. Nothing but the what-if itself is written."
        ),
    )
    def post(self, request: Request) -> Response:
        data = WhatIfCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        candidate = v.get("candidate")
        if candidate is not None:
            candidate = {
                **candidate,
                **(
                    {"charges": charges_input(candidate["charges"])}
                    if "charges" in candidate
                    else {}
                ),
                **(
                    {"simulation_id": str(candidate["simulation_id"])}
                    if "simulation_id" in candidate
                    else {}
                ),
            }
        what_if = what_if_create(
            tenant=self.tenant,
            name=v["name"],
            start_month=v["start_month"],
            end_month=v["end_month"],
            changes=[dict(c) for c in v.get("changes", [])],
            candidate=candidate,
            idempotency_key=idempotency_key(request.headers),
        )
        # Read back: without a broker the job has already run.
        what_if = what_if_get(tenant=self.tenant, what_if_id=str(what_if.pk))
        response = Response(WhatIfOutputSerializer(what_if).data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = f"/v1/what-ifs/{what_if.pk}"
        return response


class WhatIfDetailApi(TenantApiView):
    """Read a what-if: status and progress, then per class and blended before and after."""

    operation_ids = {"get": "what_ifs_retrieve"}
    summaries = {"get": "Read a what-if"}
    tag = "what-ifs"

    required_scope = "read"

    @extend_schema(responses={200: WhatIfOutputSerializer})
    def get(self, request: Request, what_if_id: str) -> Response:
        what_if = what_if_get(tenant=self.tenant, what_if_id=what_if_id)
        return Response(WhatIfOutputSerializer(what_if).data)


class MixReportApi(TenantApiView):
    """The change in blended margin per request split into mix and rate effects per class."""

    operation_ids = {"get": "economics_mix"}
    summaries = {"get": "Split a change in blended margin into mix and rate effects"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(
        parameters=[
            *range_parameters(from_default="30 days before to", to_default="now"),
            instant_parameter(
                "compare_from",
                "Start of the base period; default: as long before compare_to as [from, to) is.",
            ),
            instant_parameter("compare_to", "End of the base period, exclusive; default: from."),
        ],
        responses={200: MixReportOutputSerializer},
        description=(
            "With s the share of requests of a class and m its margin per request, the change "
            "in blended margin per request from the base period [compare_from, compare_to) to "
            "[from, to) is split exactly into the mix effect, sum (s1 - s0) x m0, and the rate "
            "effect, sum s1 x (m1 - m0), per class; the rounded effects add up to the change "
            "to the last decimal."
        ),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        start, end = report_range_params(params, default_start=lambda end: end - REPORT_SPAN)
        compare_end = instant_param(params, "compare_to") or start
        compare_start = instant_param(params, "compare_from") or compare_end - (end - start)
        if compare_start >= compare_end:
            raise ValidationError({"compare_to": ["Must be after compare_from."]})
        body = {
            "from": start,
            "to": end,
            "compare_from": compare_start,
            "compare_to": compare_end,
            "currency": COST_CURRENCY,
            **mix_report(
                tenant=self.tenant,
                start=start,
                end=end,
                compare_start=compare_start,
                compare_end=compare_end,
            ),
        }
        return Response(MixReportOutputSerializer(body).data)


def crossing_method() -> dict[str, object]:
    """What the crossing report states about its method."""
    from importlib.metadata import version

    return {
        "name": crossing.METHOD,
        "library": f"statsmodels {version('statsmodels')}",
        "description": (
            "Holt's linear trend (additive-trend exponential smoothing, level, trend and their "
            "weights fitted by least squares) on each class's daily cost per priced request, "
            "revenue per request and share of requests; unknown costs are left out, never $0."
        ),
        "history_days": crossing.HISTORY_DAYS,
        "min_history_days": crossing.MIN_HISTORY_DAYS,
        "holdout_days": crossing.HOLDOUT_DAYS,
        "recent_days": crossing.RECENT_DAYS,
    }


class CrossingReportApi(TenantApiView):
    """The crossing point: each class's forecast margin per request and share, and the blend."""

    operation_ids = {"get": "economics_crossing"}
    summaries = {"get": "Forecast when a request class crosses to a loss"}
    tag = "economics"
    problem_codes = (404,)  # a request_class the tenant never had

    required_scope = "read"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "months",
                {"type": "integer", "minimum": 1, "maximum": 3},
                description="Months to forecast from as_of (1-3, default 3).",
            ),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="YYYY-MM-DD (2000-01-01 to 9998-12-31): the first forecast day; "
                "history is the 90 days before it. Default: today (UTC).",
            ),
            OpenApiParameter(
                "request_class",
                str,
                description="Only this class (404 if the tenant never had it); the blend "
                "still covers every class.",
            ),
        ],
        responses={200: CrossingReportOutputSerializer},
        description=(
            "Per request class, Holt's linear trend (statsmodels) forecasts cost per priced "
            "request, revenue per request and share of requests for the next 1-3 months from "
            "the day rollups of the 90 days before `as_of`, with its error on the last 14 days "
            "held out. A class margin-positive over the last 14 days whose forecast margin per "
            "request falls below zero `crosses` on `crossing_date`. A class with fewer than 28 "
            "days of history is listed with `status: insufficient_history` and no forecast."
        ),
    )
    def get(self, request: Request) -> Response:
        query = _query(CrossingQuerySerializer, request)
        if request.query_params.get("as_of", None) == "":
            raise ValidationError({"as_of": ["Give a date YYYY-MM-DD, or leave as_of out."]})
        as_of = date_param(request.query_params, "as_of") or datetime.now(UTC).date()
        if not AS_OF_RANGE[0] <= as_of <= AS_OF_RANGE[1]:
            raise ValidationError({"as_of": ["Must be between 2000-01-01 and 9998-12-31."]})
        report = crossing_report(
            tenant=self.tenant,
            as_of=as_of,
            months=query["months"],
            request_class=query.get("request_class") or None,
        )
        body = {
            "as_of": as_of,
            "months": query["months"],
            "currency": COST_CURRENCY,
            "method": crossing_method(),
            **report,
        }
        return Response(CrossingReportOutputSerializer(body).data)

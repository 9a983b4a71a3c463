"""Decisions API: composite units, what-if jobs (re-engineer, reprice, retire), mix shift."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.params import range_parameters, report_range_params
from economics.decisions import composites
from economics.decisions.api.serializers import (
    CompositeOutputSerializer,
    CompositeQuerySerializer,
    CompositeReportOutputSerializer,
)
from economics.margins.formulas import COST_CURRENCY
from metering.api.base import TenantApiView

REPORT_SPAN = timedelta(days=30)


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
        customers = composites.external_ids(self.tenant, [found.root.customer_pk])
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

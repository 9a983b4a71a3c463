"""Simulation API: queue a simulation of candidate plans, follow it, read and export its results."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.errors import Conflict
from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import idempotency_key, idempotency_key_parameter
from config.api.permissions import READ_WRITE_SCOPES
from economics.simulations.api.serializers import (
    SimulationCreateInputSerializer,
    SimulationOutputSerializer,
    SimulationSummaryOutputSerializer,
)
from economics.simulations.models import Simulation
from economics.simulations.selectors import simulation_get, simulation_list
from economics.simulations.services import simulation_create
from metering.api.base import TenantApiView
from pricing.api.serializers import charges_input


class SimulationListCreateApi(TenantApiView):
    """Simulate candidate plans on past months (a background job), or list simulations."""

    operation_ids = {"get": "simulations_list", "post": "simulations_create"}
    summaries = {"get": "List simulations", "post": "Simulate candidate plans on past usage"}
    tag = "simulations"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(SimulationSummaryOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=simulation_list(tenant=self.tenant),
            serializer_class=SimulationSummaryOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        request=SimulationCreateInputSerializer,
        parameters=[idempotency_key_parameter("simulation")],
        responses={202: SimulationOutputSerializer},
        examples=[
            OpenApiExample(
                "A dearer token price for three months",
                request_only=True,
                value={
                    "name": "Pro at $4 per 1M input tokens",
                    "start_month": "2026-08",
                    "end_month": "2026-11",
                    "candidates": [
                        {
                            "name": "pro-4",
                            "currency": "USD",
                            "charges": [
                                {
                                    "type": "usage",
                                    "description": "Input tokens",
                                    "metric": "input_tokens",
                                    "price_model": "per_unit",
                                    "unit_size": "1000000",
                                    "unit_amount": "4.00",
                                }
                            ],
                        }
                    ],
                },
            )
        ],
        description=(
            "Queue a simulation: each customer's months are rated under the plan versions they "
            "were subscribed to (the baseline) and under each candidate, with the engine "
            "invoices use. Follow `GET /v1/simulations/{simulation_id}` until `status` is "
            "`succeeded` or `failed`. Nothing but the simulation itself is written."
        ),
    )
    def post(self, request: Request) -> Response:
        data = SimulationCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        candidates = [
            {**c, "charges": charges_input(c["charges"])} if "charges" in c else c
            for c in v["candidates"]
        ]
        simulation = simulation_create(
            tenant=self.tenant,
            name=v["name"],
            candidates=candidates,
            customers=v.get("customers"),
            start_month=v["start_month"],
            end_month=v["end_month"],
            idempotency_key=idempotency_key(request.headers),
        )
        # Read back: without a broker the job has already run.
        simulation = simulation_get(tenant=self.tenant, simulation_id=str(simulation.pk))
        response = Response(
            SimulationOutputSerializer(simulation).data, status=status.HTTP_202_ACCEPTED
        )
        response["Location"] = f"/v1/simulations/{simulation.pk}"
        return response


class SimulationDetailApi(TenantApiView):
    """Read a simulation: status and progress, then its totals, request classes and summary."""

    operation_ids = {"get": "simulations_retrieve"}
    tag = "simulations"

    required_scope = "read"

    @extend_schema(responses={200: SimulationOutputSerializer})
    def get(self, request: Request, simulation_id: str) -> Response:
        simulation = simulation_get(tenant=self.tenant, simulation_id=simulation_id)
        return Response(SimulationOutputSerializer(simulation).data)


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return data.encode() if isinstance(data, str) else b""


def customer_csv(simulation: Simulation) -> str:
    """Return the per-customer table of a finished simulation as CSV."""
    keys = [c["key"] for c in simulation.params["candidates"]]
    header = [
        "customer_id",
        "months",
        "requests",
        "uncosted_requests",
        "variable_cost",
        "baseline_plans",
        "baseline_revenue",
        "baseline_margin",
        "baseline_margin_pct",
    ]
    for key in keys:
        header += [
            f"{key}_revenue",
            f"{key}_margin",
            f"{key}_margin_pct",
            f"{key}_revenue_delta",
            f"{key}_revenue_delta_pct",
        ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in simulation.customer_rows or []:
        base, *candidates = row["plans"]
        line = [
            row["customer_id"],
            row["months"],
            row["requests"],
            row["uncosted_requests"],
            row["variable_cost"],
            "; ".join(row["baseline_plans"]),
            base["revenue"],
            base["margin"],
            base["margin_pct"] or "",
        ]
        for plan in candidates:
            line += [
                plan["revenue"],
                plan["margin"],
                plan["margin_pct"] or "",
                plan["revenue_delta"],
                plan["revenue_delta_pct"] or "",
            ]
        writer.writerow(line)
    return out.getvalue()


class SimulationCustomersCsvApi(TenantApiView):
    """Export a finished simulation's per-customer table as CSV."""

    operation_ids = {"get": "simulations_customers_csv"}
    tag = "simulations"

    required_scope = "read"
    problem_codes = (409,)
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=(
                    "One row per customer: months, requests, variable cost, baseline plans, then "
                    "revenue, margin and margin % under the baseline and each candidate "
                    "(candidate_1, ...) with the revenue delta against the baseline."
                ),
            )
        }
    )
    def get(self, request: Request, simulation_id: str) -> HttpResponse:
        simulation = simulation_get(
            tenant=self.tenant, simulation_id=simulation_id, with_customers=True
        )
        if simulation.status != Simulation.Status.SUCCEEDED:
            raise Conflict(
                f"The simulation is {simulation.status}; its table exists once it succeeds."
            )
        response = HttpResponse(customer_csv(simulation), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="simulation-{simulation.pk}.csv"'
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # Errors are problem details (JSON) whatever the client asked to accept.
        if getattr(response, "exception", False):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

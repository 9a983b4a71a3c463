"""Margin API: request classes, customer economics, acquisition costs, features, summary.

Reads are served from the rollups."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, CursorPagination, paginate, paginated
from config.api.params import (
    current_month,
    month_param,
    month_parameter,
    range_parameters,
    report_range_params,
)
from config.api.permissions import READ_WRITE_SCOPES
from economics.margins import reports
from economics.margins import selectors as margin_selectors
from economics.margins import services as margin_services
from economics.margins.api.serializers import (
    STATUSES,
    AcquisitionCostCreateInputSerializer,
    AcquisitionCostOutputSerializer,
    CohortReportOutputSerializer,
    CustomerEconomicsOutputSerializer,
    CustomerEconomicsQuerySerializer,
    CustomerProjectionOutputSerializer,
    FeatureReportOutputSerializer,
    RequestClassQuerySerializer,
    RequestClassReportOutputSerializer,
    SummaryOutputSerializer,
)
from economics.margins.formulas import COST_CURRENCY
from economics.margins.projections import customer_projection
from metering.api.base import TenantApiView
from metering.api.lookups import customer_from_input
from metering.audit import jsonable
from metering.models import Tenant
from metering.selectors import customer_get, customer_list


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


REPORT_SPAN = timedelta(days=30)  # the default window: the last 30 days


def _empty_window(start: datetime, end: datetime, classes: list[Any]) -> str | None:
    """Say plainly that a window holds no usage, naming it (a default window is easy to miss)."""
    if classes:
        return None
    return (
        f"No usage from {start:%Y-%m-%dT%H:%M:%SZ} to {end:%Y-%m-%dT%H:%M:%SZ}: pass from and to."
    )


class RequestClassReportApi(TenantApiView):
    """Margin per request class (optionally per model), with the blended row beside it."""

    operation_ids = {"get": "economics_request_classes"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(
        parameters=[
            *range_parameters(from_default="30 days before to", to_default="now"),
            OpenApiParameter(
                "group_by", str, enum=["request_class", "model"], description="Split by model too."
            ),
        ],
        responses={200: RequestClassReportOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        start, end = report_range_params(
            request.query_params, default_start=lambda end: end - REPORT_SPAN
        )
        group_by = _query(RequestClassQuerySerializer, request)["group_by"]
        return Response(
            request_class_report_data(tenant=self.tenant, start=start, end=end, group_by=group_by)
        )


def request_class_report_data(
    *, tenant: Tenant, start: datetime, end: datetime, group_by: str = "request_class"
) -> dict[str, Any]:
    """The body of GET /v1/economics/request-classes (the dashboard shows the same)."""
    result = reports.request_class_report(
        tenant=tenant, start=start, end=end, by_model=group_by == "model"
    )
    report = result.margins
    body = {
        "from": start,
        "to": end,
        "currency": result.currency,
        "grouped_by": group_by,
        "classes": report.classes,
        "blended": report.blended,
        "negative_classes": report.negative_classes,
        "blended_hides_loss": report.blended_hides_loss,
        "statement": report.statement or _empty_window(start, end, report.classes),
        "unpriced_events": result.unpriced_events,
    }
    return dict(RequestClassReportOutputSerializer(body).data)


class CustomerEconomicsListApi(TenantApiView):
    """LTV, CAC payback, gross margin and churn state of every customer, by external_id."""

    operation_ids = {"get": "economics_customers_list"}
    summaries = {"get": "List the economics of every customer"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(
        parameters=[
            *PAGINATION_PARAMETERS,
            OpenApiParameter(
                "status",
                str,
                enum=STATUSES,
                description="Only customers with this status as of now (default: all). "
                "Churned customers' LTV is realised, not predicted: ask for active ones to "
                "compare predicted LTVs.",
            ),
        ],
        responses={200: paginated(CustomerEconomicsOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        status_wanted = _query(CustomerEconomicsQuerySerializer, request)["status"]
        as_of = timezone.now()
        customers = (
            customer_list(tenant=self.tenant)
            if status_wanted is None
            else reports.customers_with_status(
                tenant=self.tenant, status=status_wanted, as_of=as_of
            )
        )
        paginator = CursorPagination()
        paginator.ordering = "external_id"
        page = paginator.paginate_queryset(customers, request, self) or []
        rows = reports.customer_economics(tenant=self.tenant, customers=page, as_of=as_of)
        return paginator.get_paginated_response(
            CustomerEconomicsOutputSerializer(rows, many=True).data
        )


class CustomerEconomicsDetailApi(TenantApiView):
    """One customer's economics: LTV (and its discounted form), CAC, payback, LTV:CAC."""

    operation_ids = {"get": "economics_customers_retrieve"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(responses={200: CustomerEconomicsOutputSerializer})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = customer_get(tenant=self.tenant, external_id=customer_id)
        row = reports.customer_economics(tenant=self.tenant, customers=[customer])[0]
        return Response(CustomerEconomicsOutputSerializer(row).data)


class CohortReportApi(TenantApiView):
    """Customers by the month they were created: active and lost per month, revenue, realised LTV."""

    operation_ids = {"get": "economics_cohorts"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(responses={200: CohortReportOutputSerializer})
    def get(self, request: Request) -> Response:
        report = reports.cohort_report(tenant=self.tenant)
        return Response(CohortReportOutputSerializer(report).data)


class AcquisitionCostListCreateApi(TenantApiView):
    """Acquisition spend: per customer, or per cohort month (and channel) spread over it."""

    operation_ids = {"get": "acquisition_costs_list", "post": "acquisition_costs_create"}
    summaries = {"get": "List acquisition costs", "post": "Record acquisition spend"}
    tag = "economics"

    method_scopes = READ_WRITE_SCOPES

    @extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(AcquisitionCostOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=margin_selectors.acquisition_cost_list(tenant=self.tenant),
            serializer_class=AcquisitionCostOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        request=AcquisitionCostCreateInputSerializer,
        responses={201: AcquisitionCostOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = AcquisitionCostCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        external_id = values.pop("customer_id")
        customer = None
        if external_id is not None:
            customer = customer_from_input(
                tenant=self.tenant,
                external_id=external_id,
                message=f"No customer '{external_id}'.",
            )
        row = margin_services.acquisition_cost_create(
            tenant=self.tenant, customer=customer, actor=self.actor, **values
        )
        return Response(AcquisitionCostOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class AcquisitionCostDeleteApi(TenantApiView):
    """Delete an acquisition cost entry."""

    operation_ids = {"delete": "acquisition_costs_delete"}
    tag = "economics"

    required_scope = "write"

    @extend_schema(responses={204: None})
    def delete(self, request: Request, acquisition_cost_id: str) -> Response:
        row = margin_selectors.acquisition_cost_get(
            tenant=self.tenant, acquisition_cost_id=acquisition_cost_id
        )
        margin_services.acquisition_cost_delete(
            tenant=self.tenant, acquisition_cost=row, actor=self.actor
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class FeatureReportApi(TenantApiView):
    """Monthly ROI per request class: value against variable and fixed cost."""

    operation_ids = {"get": "economics_features"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(parameters=[month_parameter()], responses={200: FeatureReportOutputSerializer})
    def get(self, request: Request) -> Response:
        month = month_param(request.query_params) or current_month()
        rows, total = reports.feature_report(
            tenant=self.tenant,
            month=month,
            fixed_costs=reports.fixed_costs_by_class(tenant=self.tenant, month=month),
        )
        body = {"month": month, "currency": COST_CURRENCY, "features": rows, "total": total}
        return Response(FeatureReportOutputSerializer(body).data)


class SummaryApi(TenantApiView):
    """The month at a glance: revenue split, margins, customers active and churned, NRR."""

    operation_ids = {"get": "economics_summary"}
    summaries = {"get": "Summarise a month"}
    tag = "economics"

    required_scope = "read"

    @extend_schema(parameters=[month_parameter()], responses={200: SummaryOutputSerializer})
    def get(self, request: Request) -> Response:
        month = month_param(request.query_params) or current_month()
        fixed = sum(reports.fixed_costs_by_class(tenant=self.tenant, month=month).values())
        result = reports.summary(tenant=self.tenant, month=month, fixed_cost=fixed or reports.ZERO)
        return Response(SummaryOutputSerializer(result).data)


class CustomerProjectionApi(TenantApiView):
    """Project a customer's month and credits from the rollups' recent daily rate.

    The rate is the customer's attributed revenue over the last 7 complete UTC days, per day.
    The projected invoice adds the rate for the rest of the month to the month so far; the
    credits last `credits_available / daily_rate` days.
    """

    operation_ids = {"get": "customers_projection"}
    summaries = {"get": "Project a customer's invoice and credits"}
    tag = "credits"
    required_scope = "read"
    customer_token_methods = ("GET",)  # the customer's own portal may read its projection

    @extend_schema(responses={200: CustomerProjectionOutputSerializer})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = customer_get(tenant=self.tenant, external_id=customer_id)
        p = customer_projection(tenant=self.tenant, customer=customer, now=timezone.now())
        body: dict[str, Any] = {"customer_id": customer.external_id}
        for name in PROJECTION_FIELDS:
            value = getattr(p, name)
            body[name] = jsonable(value) if isinstance(value, Decimal) else value
        body["projected_invoice"] = format(p.projected_invoice, "f")  # to the cent: "12.30"
        return Response(CustomerProjectionOutputSerializer(body).data)


PROJECTION_FIELDS = (
    "as_of",
    "window_start",
    "window_end",
    "daily_rate",
    "period_start",
    "period_end",
    "month_to_date",
    "days_left_in_period",
    "projected_invoice",
    "currency",
    "credits_available",
    "credit_days_left",
)

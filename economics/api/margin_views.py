"""Margin API: request classes, customer economics, acquisition costs, features, summary,
cost SLOs, alerts and webhook endpoints. Reads are served from the rollups."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, CursorPagination, paginate, paginated
from config.api.views import READ_WRITE_SCOPES, TenantApiView
from economics import alerts, margin_selectors, margin_services, reports, webhooks
from economics.api.margin_serializers import (
    AcquisitionCostCreateInputSerializer,
    AcquisitionCostOutputSerializer,
    AlertOutputSerializer,
    CostSloCreateInputSerializer,
    CostSloOutputSerializer,
    CustomerEconomicsOutputSerializer,
    FeatureReportOutputSerializer,
    MonthQuerySerializer,
    RequestClassQuerySerializer,
    RequestClassReportOutputSerializer,
    SummaryOutputSerializer,
    WebhookDeliveryOutputSerializer,
    WebhookEndpointCreatedOutputSerializer,
    WebhookEndpointCreateInputSerializer,
    WebhookEndpointOutputSerializer,
)
from metering.models import Customer
from metering.selectors import customer_get, customer_list

RANGE_PARAMETERS = [
    OpenApiParameter(
        "from", str, description="Start, inclusive (ISO 8601, UTC; default: first of this month)."
    ),
    OpenApiParameter("to", str, description="End, exclusive (ISO 8601, UTC; default: now)."),
]
MONTH_PARAMETER = OpenApiParameter("month", str, description="YYYY-MM (default: this month).")


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class RequestClassReportApi(TenantApiView):
    """Margin per request class (optionally per model), with the blended row beside it."""

    required_scope = "read"

    @extend_schema(
        operation_id="economics_request_classes",
        tags=["economics"],
        parameters=[
            *RANGE_PARAMETERS,
            OpenApiParameter(
                "group_by", str, enum=["request_class", "model"], description="Split by model too."
            ),
        ],
        responses={200: RequestClassReportOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        query = _query(RequestClassQuerySerializer, request)
        by_model = query["group_by"] == "model"
        result = reports.request_class_report(
            tenant=self.tenant, start=query["start"], end=query["end"], by_model=by_model
        )
        report = result.margins
        body = {
            "from": query["start"],
            "to": query["end"],
            "grouped_by": query["group_by"],
            "classes": report.classes,
            "blended": report.blended,
            "negative_classes": report.negative_classes,
            "blended_hides_loss": report.blended_hides_loss,
            "statement": report.statement,
            "unpriced_events": result.unpriced_events,
        }
        return Response(RequestClassReportOutputSerializer(body).data)


class CustomerEconomicsListApi(TenantApiView):
    """LTV, CAC payback, gross margin and churn state of every customer, by external_id."""

    required_scope = "read"

    @extend_schema(
        operation_id="economics_customers_list",
        tags=["economics"],
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(CustomerEconomicsOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        paginator = CursorPagination()
        paginator.ordering = "external_id"
        page = paginator.paginate_queryset(customer_list(tenant=self.tenant), request, self) or []
        rows = reports.customer_economics(tenant=self.tenant, customers=page)
        return paginator.get_paginated_response(
            CustomerEconomicsOutputSerializer(rows, many=True).data
        )


class CustomerEconomicsDetailApi(TenantApiView):
    """One customer's economics: LTV (and its discounted form), CAC, payback, LTV:CAC."""

    required_scope = "read"

    @extend_schema(
        operation_id="economics_customers_retrieve",
        tags=["economics"],
        responses={200: CustomerEconomicsOutputSerializer},
    )
    def get(self, request: Request, customer_id: str) -> Response:
        customer = customer_get(tenant=self.tenant, external_id=customer_id)
        row = reports.customer_economics(tenant=self.tenant, customers=[customer])[0]
        return Response(CustomerEconomicsOutputSerializer(row).data)


class AcquisitionCostListCreateApi(TenantApiView):
    """Acquisition spend: per customer, or per cohort month (and channel) spread over it."""

    method_scopes = READ_WRITE_SCOPES

    @extend_schema(
        operation_id="acquisition_costs_list",
        tags=["economics"],
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
        operation_id="acquisition_costs_create",
        tags=["economics"],
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
            customer = Customer.objects.filter(tenant=self.tenant, external_id=external_id).first()
            if customer is None:
                raise ValidationError({"customer_id": f"No customer '{external_id}'."})
        row = margin_services.acquisition_cost_create(
            tenant=self.tenant, customer=customer, **values
        )
        return Response(AcquisitionCostOutputSerializer(row).data, status=status.HTTP_201_CREATED)


class AcquisitionCostDeleteApi(TenantApiView):
    """Delete an acquisition cost entry."""

    required_scope = "write"

    @extend_schema(
        operation_id="acquisition_costs_delete",
        tags=["economics"],
        responses={204: None},
    )
    def delete(self, request: Request, acquisition_cost_id: str) -> Response:
        row = margin_selectors.acquisition_cost_get(
            tenant=self.tenant, acquisition_cost_id=acquisition_cost_id
        )
        margin_services.acquisition_cost_delete(tenant=self.tenant, acquisition_cost=row)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FeatureReportApi(TenantApiView):
    """Monthly ROI per request class: value against variable and fixed cost."""

    required_scope = "read"

    @extend_schema(
        operation_id="economics_features",
        tags=["economics"],
        parameters=[MONTH_PARAMETER],
        responses={200: FeatureReportOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        month = _query(MonthQuerySerializer, request)["month"]
        rows, total = reports.feature_report(
            tenant=self.tenant,
            month=month,
            fixed_costs=reports.fixed_costs_by_class(tenant=self.tenant, month=month),
        )
        body = {"month": month, "features": rows, "total": total}
        return Response(FeatureReportOutputSerializer(body).data)


class SummaryApi(TenantApiView):
    """The month at a glance: revenue split, margins, customers active and churned, NRR."""

    required_scope = "read"

    @extend_schema(
        operation_id="economics_summary",
        tags=["economics"],
        parameters=[MONTH_PARAMETER],
        responses={200: SummaryOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        month = _query(MonthQuerySerializer, request)["month"]
        fixed = sum(reports.fixed_costs_by_class(tenant=self.tenant, month=month).values())
        result = reports.summary(tenant=self.tenant, month=month, fixed_cost=fixed or reports.ZERO)
        return Response(SummaryOutputSerializer(result).data)


class CostSloListCreateApi(TenantApiView):
    """Cost SLOs per request class: a max cost per request and/or a min inference margin."""

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        operation_id="cost_slos_list",
        tags=["alerts"],
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(CostSloOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=margin_selectors.cost_slo_list(tenant=self.tenant),
            serializer_class=CostSloOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        operation_id="cost_slos_create",
        tags=["alerts"],
        request=CostSloCreateInputSerializer,
        responses={201: CostSloOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = CostSloCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slo = margin_services.cost_slo_create(tenant=self.tenant, **data.validated_data)
        return Response(CostSloOutputSerializer(slo).data, status=status.HTTP_201_CREATED)


class CostSloDeleteApi(TenantApiView):
    """Delete a cost SLO."""

    required_scope = "write"

    @extend_schema(operation_id="cost_slos_delete", tags=["alerts"], responses={204: None})
    def delete(self, request: Request, slo_id: str) -> Response:
        slo = margin_selectors.cost_slo_get(tenant=self.tenant, slo_id=slo_id)
        margin_services.cost_slo_delete(tenant=self.tenant, slo=slo)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlertListApi(TenantApiView):
    """Alerts raised by cost SLOs and spend anomalies, newest first."""

    required_scope = "read"

    @extend_schema(
        operation_id="alerts_list",
        tags=["alerts"],
        parameters=[
            OpenApiParameter("acknowledged", bool, description="Only (un)acknowledged alerts."),
            OpenApiParameter(
                "kind",
                str,
                enum=[k.value for k in alerts.Alert.Kind],
                description="Only this kind.",
            ),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(AlertOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("acknowledged")
        acknowledged = None if raw is None else raw.lower() in ("1", "true", "yes")
        queryset = margin_selectors.alert_list(
            tenant=self.tenant, acknowledged=acknowledged, kind=request.query_params.get("kind")
        )
        return paginate(
            request=request,
            view=self,
            queryset=queryset,
            serializer_class=AlertOutputSerializer,
            ordering="-created_at",
        )


class AlertDetailApi(TenantApiView):
    """One alert."""

    required_scope = "read"

    @extend_schema(
        operation_id="alerts_retrieve", tags=["alerts"], responses={200: AlertOutputSerializer}
    )
    def get(self, request: Request, alert_id: str) -> Response:
        alert = margin_selectors.alert_get(tenant=self.tenant, alert_id=alert_id)
        return Response(AlertOutputSerializer(alert).data)


class AlertAcknowledgeApi(TenantApiView):
    """Acknowledge an alert (idempotent)."""

    required_scope = "write"

    @extend_schema(
        operation_id="alerts_acknowledge",
        tags=["alerts"],
        request=None,
        responses={200: AlertOutputSerializer},
    )
    def post(self, request: Request, alert_id: str) -> Response:
        alert = margin_selectors.alert_get(tenant=self.tenant, alert_id=alert_id)
        alert = alerts.alert_acknowledge(tenant=self.tenant, alert=alert)
        return Response(AlertOutputSerializer(alert).data)


class WebhookEndpointListCreateApi(TenantApiView):
    """Where alerts are delivered: signed POSTs, retried with backoff, once per alert."""

    required_scope = "admin"

    @extend_schema(
        operation_id="webhook_endpoints_list",
        tags=["alerts"],
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(WebhookEndpointOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=margin_selectors.webhook_endpoint_list(tenant=self.tenant),
            serializer_class=WebhookEndpointOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        operation_id="webhook_endpoints_create",
        tags=["alerts"],
        request=WebhookEndpointCreateInputSerializer,
        responses={201: WebhookEndpointCreatedOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = WebhookEndpointCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhooks.webhook_endpoint_create(tenant=self.tenant, **data.validated_data)
        return Response(
            WebhookEndpointCreatedOutputSerializer(endpoint).data, status=status.HTTP_201_CREATED
        )


class WebhookEndpointDeleteApi(TenantApiView):
    """Remove a webhook endpoint; its pending deliveries are dropped."""

    required_scope = "admin"

    @extend_schema(operation_id="webhook_endpoints_delete", tags=["alerts"], responses={204: None})
    def delete(self, request: Request, webhook_id: str) -> Response:
        endpoint = margin_selectors.webhook_endpoint_get(tenant=self.tenant, webhook_id=webhook_id)
        webhooks.webhook_endpoint_delete(tenant=self.tenant, endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveryListApi(TenantApiView):
    """Delivery attempts of alerts to webhook endpoints, newest first."""

    required_scope = "admin"

    @extend_schema(
        operation_id="webhook_deliveries_list",
        tags=["alerts"],
        parameters=[
            OpenApiParameter("alert_id", str, description="Only deliveries of this alert."),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(WebhookDeliveryOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=margin_selectors.webhook_delivery_list(
                tenant=self.tenant, alert_id=request.query_params.get("alert_id")
            ),
            serializer_class=WebhookDeliveryOutputSerializer,
            ordering="-created_at",
        )

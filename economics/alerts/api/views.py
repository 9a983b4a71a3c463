"""Alerts API: cost SLOs, the alerts they raise, webhook endpoints and their deliveries."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import bool_param, choice_param
from config.api.permissions import READ_WRITE_SCOPES
from economics.alerts import selectors, webhooks
from economics.alerts import services as alerts
from economics.alerts.api.serializers import (
    AlertOutputSerializer,
    CostSloCreateInputSerializer,
    CostSloOutputSerializer,
    WebhookDeliveryOutputSerializer,
    WebhookEndpointCreatedOutputSerializer,
    WebhookEndpointCreateInputSerializer,
    WebhookEndpointOutputSerializer,
)
from metering.api.base import TenantApiView


class CostSloListCreateApi(TenantApiView):
    """Cost SLOs per request class: a max cost per request and/or a min inference margin."""

    operation_ids = {"get": "cost_slos_list", "post": "cost_slos_create"}
    summaries = {"get": "List cost SLOs", "post": "Set a cost SLO for a request class"}
    tag = "alerts"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=PAGINATION_PARAMETERS, responses={200: paginated(CostSloOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=selectors.cost_slo_list(tenant=self.tenant),
            serializer_class=CostSloOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(request=CostSloCreateInputSerializer, responses={201: CostSloOutputSerializer})
    def post(self, request: Request) -> Response:
        data = CostSloCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slo = alerts.cost_slo_create(tenant=self.tenant, actor=self.actor, **data.validated_data)
        return Response(CostSloOutputSerializer(slo).data, status=status.HTTP_201_CREATED)


class CostSloDeleteApi(TenantApiView):
    """Delete a cost SLO."""

    operation_ids = {"delete": "cost_slos_delete"}
    tag = "alerts"

    required_scope = "write"

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slo_id: str) -> Response:
        slo = selectors.cost_slo_get(tenant=self.tenant, slo_id=slo_id)
        alerts.cost_slo_delete(tenant=self.tenant, slo=slo, actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlertListApi(TenantApiView):
    """Alerts raised by cost SLOs and spend anomalies, newest first."""

    operation_ids = {"get": "alerts_list"}
    summaries = {"get": "List alerts"}
    tag = "alerts"

    required_scope = "read"

    @extend_schema(
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
        params = request.query_params
        queryset = selectors.alert_list(
            tenant=self.tenant,
            acknowledged=bool_param(params, "acknowledged"),
            kind=choice_param(params, "kind", [k.value for k in alerts.Alert.Kind]),
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

    operation_ids = {"get": "alerts_retrieve"}
    summaries = {"get": "Read an alert"}
    tag = "alerts"

    required_scope = "read"

    @extend_schema(responses={200: AlertOutputSerializer})
    def get(self, request: Request, alert_id: str) -> Response:
        alert = selectors.alert_get(tenant=self.tenant, alert_id=alert_id)
        return Response(AlertOutputSerializer(alert).data)


class AlertAcknowledgeApi(TenantApiView):
    """Acknowledge an alert (idempotent)."""

    operation_ids = {"post": "alerts_acknowledge"}
    tag = "alerts"

    required_scope = "write"

    @extend_schema(request=None, responses={200: AlertOutputSerializer})
    def post(self, request: Request, alert_id: str) -> Response:
        alert = selectors.alert_get(tenant=self.tenant, alert_id=alert_id)
        alert = alerts.alert_acknowledge(tenant=self.tenant, alert=alert)
        return Response(AlertOutputSerializer(alert).data)


class WebhookEndpointListCreateApi(TenantApiView):
    """Where alerts are delivered: signed POSTs, retried with backoff, once per alert."""

    operation_ids = {"get": "webhook_endpoints_list", "post": "webhook_endpoints_create"}
    summaries = {"get": "List webhook endpoints", "post": "Add a webhook endpoint"}
    tag = "alerts"

    required_scope = "admin"

    @extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(WebhookEndpointOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=selectors.webhook_endpoint_list(tenant=self.tenant),
            serializer_class=WebhookEndpointOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        request=WebhookEndpointCreateInputSerializer,
        responses={201: WebhookEndpointCreatedOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = WebhookEndpointCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhooks.webhook_endpoint_create(
            tenant=self.tenant, actor=self.actor, **data.validated_data
        )
        return Response(
            WebhookEndpointCreatedOutputSerializer(endpoint).data, status=status.HTTP_201_CREATED
        )


class WebhookEndpointDeleteApi(TenantApiView):
    """Remove a webhook endpoint; its pending deliveries are dropped."""

    operation_ids = {"delete": "webhook_endpoints_delete"}
    tag = "alerts"

    required_scope = "admin"

    @extend_schema(responses={204: None})
    def delete(self, request: Request, webhook_id: str) -> Response:
        endpoint = selectors.webhook_endpoint_get(tenant=self.tenant, webhook_id=webhook_id)
        webhooks.webhook_endpoint_delete(tenant=self.tenant, endpoint=endpoint, actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveryListApi(TenantApiView):
    """Delivery attempts of alerts to webhook endpoints, newest first."""

    operation_ids = {"get": "webhook_deliveries_list"}
    summaries = {"get": "List webhook deliveries"}
    tag = "alerts"
    problem_codes = (404,)  # alert_id names no alert of yours

    required_scope = "admin"

    @extend_schema(
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
            queryset=selectors.webhook_delivery_list(
                tenant=self.tenant, alert_id=request.query_params.get("alert_id")
            ),
            serializer_class=WebhookDeliveryOutputSerializer,
            ordering="-created_at",
        )

"""The Stripe integration's API: connection, outbox, webhooks in, reconciliation, preview."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import current_month, month_param, month_parameter
from config.api.permissions import READ_WRITE_SCOPES
from metering import selectors as metering_selectors
from metering.api.base import TenantApiView
from pricing.money import round_money
from pricing.rating import Period
from pricing.stripe import selectors, services
from pricing.stripe.api.serializers import (
    StripeConnectionInputSerializer,
    StripeConnectionOutputSerializer,
    StripeOutboxOutputSerializer,
    StripePreviewOutputSerializer,
    StripeReconciliationOutputSerializer,
    StripeWebhookOutputSerializer,
)
from pricing.stripe.models import OutboxStatus
from pricing.stripe.webhooks import webhook_receive

TAG = "stripe"
PERIOD_MESSAGE = "Use YYYY-MM, e.g. 2026-03."


class StripeConnectionApi(TenantApiView):
    """Read, set or remove the tenant's Stripe connection (keys are never shown again)."""

    operation_ids: ClassVar[dict[str, str]] = {
        "get": "stripe_connection_retrieve",
        "put": "stripe_connection_update",
        "delete": "stripe_connection_delete",
    }
    summaries: ClassVar[dict[str, str]] = {
        "get": "Read the Stripe connection",
        "put": "Connect or update the Stripe connection",
        "delete": "Disconnect Stripe",
    }
    tag = TAG
    required_scope = "admin"
    method_scopes = READ_WRITE_SCOPES

    @extend_schema(responses={200: StripeConnectionOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(
            StripeConnectionOutputSerializer(selectors.connection_summary(tenant=self.tenant)).data
        )

    @extend_schema(
        request=StripeConnectionInputSerializer,
        responses={200: StripeConnectionOutputSerializer, 201: StripeConnectionOutputSerializer},
    )
    def put(self, request: Request) -> Response:
        data = StripeConnectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        _, created = services.connection_put(
            tenant=self.tenant,
            mode=v["mode"],
            secret_key=v["secret_key"],
            webhook_secret=v["webhook_secret"],
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(
            StripeConnectionOutputSerializer(selectors.connection_summary(tenant=self.tenant)).data,
            code,
        )

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        services.connection_delete(tenant=self.tenant)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StripeOutboxListApi(TenantApiView):
    """List what waits for Stripe, what reached it, and the dead letters (`status=dead`)."""

    operation_ids: ClassVar[dict[str, str]] = {"get": "stripe_outbox_list"}
    tag = TAG
    required_scope = "read"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=list(OutboxStatus.values),
                description="Only rows in this state.",
            ),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(StripeOutboxOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.outbox_list(
            tenant=self.tenant, status=request.query_params.get("status") or None
        )
        return paginate(
            request=request, view=self, queryset=rows, serializer_class=StripeOutboxOutputSerializer
        )


class StripeOutboxRetryApi(TenantApiView):
    """Send an outbox row (a dead letter, say) again now, with a fresh count of attempts."""

    operation_ids: ClassVar[dict[str, str]] = {"post": "stripe_outbox_retry"}
    tag = TAG

    @extend_schema(request=None, responses={200: StripeOutboxOutputSerializer})
    def post(self, request: Request, outbox_id: str) -> Response:
        row = selectors.outbox_get(tenant=self.tenant, outbox_id=outbox_id)
        row = services.outbox_retry(tenant=self.tenant, row=row)
        return Response(StripeOutboxOutputSerializer(row).data)


class StripeWebhookApi(APIView):
    """Receive a Stripe event (signed with the tenant's webhook secret; no API key).

    The `Stripe-Signature` is verified on the raw body with a 300 s tolerance; each event is
    stored once (a duplicate delivery is a 200 that does nothing) and handled later.
    """

    operation_ids: ClassVar[dict[str, str]] = {"post": "stripe_webhook_receive"}
    tag = TAG
    required_scope = None
    problem_codes = (400,)
    authentication_classes = ()  # the signature authenticates the request
    permission_classes = ()

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        auth=[],
        parameters=[
            OpenApiParameter(
                "Stripe-Signature",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="t=<unix time>,v1=<HMAC-SHA256 of '<t>.<raw body>'>",
            )
        ],
        responses={200: StripeWebhookOutputSerializer},
    )
    def post(self, request: Request, tenant_id: str) -> Response:
        stored, event_id = webhook_receive(
            tenant_id=tenant_id,
            payload=request.body,
            signature=request.headers.get("Stripe-Signature"),
        )
        body = {"received": True, "duplicate": not stored, "event_id": event_id}
        return Response(StripeWebhookOutputSerializer(body).data)


class StripeReconciliationApi(TenantApiView):
    """List the month's differences between Marginal and Stripe, each with its cause."""

    operation_ids: ClassVar[dict[str, str]] = {"get": "stripe_reconciliation_retrieve"}
    tag = TAG
    required_scope = "read"

    @extend_schema(
        parameters=[month_parameter("month")],
        responses={200: StripeReconciliationOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        month = month_param(request.query_params, "month") or current_month()
        run = selectors.reconciliation_get(tenant=self.tenant, month=month)
        rows = selectors.difference_list(tenant=self.tenant, month=month)
        body = {
            "month": month,
            "ran_at": run.ran_at if run else None,
            "complete": run.complete if run else True,
            "differences": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "customer_id": r.customer.external_id if r.customer else None,
                    "subject": r.subject,
                    "marginal_value": r.marginal_value,
                    "stripe_value": r.stripe_value,
                    "cause": r.cause,
                    "found_at": r.found_at,
                }
                for r in rows
            ],
        }
        return Response(StripeReconciliationOutputSerializer(body).data)


class StripePreviewApi(TenantApiView):
    """Show a customer's Marginal invoice beside Stripe's (its upcoming invoice this month)."""

    operation_ids: ClassVar[dict[str, str]] = {"get": "stripe_invoice_preview"}
    tag = TAG
    required_scope = "read"
    problem_codes = (409, 503)

    @extend_schema(
        parameters=[month_parameter("period")], responses={200: StripePreviewOutputSerializer}
    )
    def get(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        month = (
            month_param(request.query_params, "period", message=PERIOD_MESSAGE) or current_month()
        )
        period = Period.month(month.year, month.month)
        preview = selectors.preview_get(tenant=self.tenant, customer=customer, period=period)
        c = preview.currency

        def money(value: Any) -> str:
            return format(round_money(value, c) if c else value, "f")

        expected = preview.stripe_total + preview.items_total
        body = {
            "customer_id": customer.external_id,
            "period_start": period.start,
            "period_end": period.end,
            "currency": c,
            "source": preview.source,
            "marginal_total": money(preview.marginal_total),
            "stripe_total": money(preview.stripe_total),
            "items_total": money(preview.items_total),
            "stripe_expected_total": money(expected),
            "difference": money(preview.marginal_total - expected),
            "charges": [
                {
                    "charge_key": row.charge_key,
                    "marginal": money(row.marginal),
                    "stripe": money(row.stripe),
                    "item": money(row.item),
                }
                for row in preview.charges
            ],
            "items": [
                {
                    "key": i.key,
                    "charge_key": i.charge_key,
                    "description": i.description,
                    "amount": money(i.amount),
                }
                for i in preview.items
            ],
        }
        return Response(StripePreviewOutputSerializer(body).data)

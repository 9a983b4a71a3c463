"""Pricing API: plans and versions, subscriptions, invoice previews and invoices."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import current_month, date_param, month_param, month_parameter
from config.api.permissions import READ_WRITE_SCOPES
from config.errors import NotFound
from metering import selectors as metering_selectors
from metering.api.base import TenantApiView
from metering.api.lookups import customer_from_input
from metering.models import Tenant
from pricing import selectors, services
from pricing.api.serializers import (
    InvoiceOutputSerializer,
    InvoicePreviewOutputSerializer,
    PlanCreatedOutputSerializer,
    PlanCreateInputSerializer,
    PlanOutputSerializer,
    PlanVersionCreateInputSerializer,
    PlanVersionMigratedOutputSerializer,
    PlanVersionMigrateInputSerializer,
    PlanVersionOutputSerializer,
    PlanVersionUpdateInputSerializer,
    SubscriptionCancelInputSerializer,
    SubscriptionChangeInputSerializer,
    SubscriptionCreateInputSerializer,
    SubscriptionOutputSerializer,
    charges_input,
    invoice_body,
    money,
)
from pricing.credits import selectors as credits_selectors
from pricing.models import Invoice, PlanVersion
from pricing.rating import Period
from pricing.services import line_data

# Invoice endpoints have always answered a bad period with an example month.
PERIOD_MESSAGE = "Use YYYY-MM, e.g. 2026-03."


def _today() -> date:
    return timezone.now().date()


def _published_version(tenant: Tenant, plan_code: str, version: int | None) -> PlanVersion:
    plan = selectors.plan_get(tenant=tenant, code=plan_code)
    if version is not None:
        return selectors.plan_version_get(tenant=tenant, plan=plan, version=version)
    latest = selectors.plan_version_latest_published(tenant=tenant, plan=plan)
    if latest is None:
        raise ValidationError({"plan_id": [f"Plan '{plan_code}' has no published version."]})
    return latest


def _body_plan_version(tenant: Tenant, data: dict[str, Any]) -> PlanVersion:
    """Resolve plan_id/version of a request body; an unknown one is a 400 on that field."""
    try:
        plan = selectors.plan_get(tenant=tenant, code=data["plan_id"])
    except NotFound as exc:
        raise ValidationError({"plan_id": [str(exc)]}) from exc
    try:
        return _published_version(tenant, plan.code, data.get("version"))
    except NotFound as exc:
        raise ValidationError({"version": [str(exc)]}) from exc


# ----------------------------------------------------------------------------- plans


class PlanListCreateApi(TenantApiView):
    """List plans, or create one with its first version as a draft."""

    operation_ids = {"get": "plans_list", "post": "plans_create"}
    summaries = {"get": "List plans", "post": "Create a plan"}
    tag = "plans"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=PAGINATION_PARAMETERS, responses={200: paginated(PlanOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=selectors.plan_list(tenant=self.tenant),
            serializer_class=PlanOutputSerializer,
        )

    @extend_schema(
        request=PlanCreateInputSerializer,
        responses={201: PlanCreatedOutputSerializer},
        examples=[
            OpenApiExample(
                "A fee with included tokens",
                request_only=True,
                value={
                    "plan_id": "pro",
                    "name": "Pro",
                    "currency": "USD",
                    "charges": [
                        {"type": "flat_fee", "description": "Platform fee", "amount": "49.00"},
                        {
                            "type": "usage",
                            "description": "Input tokens",
                            "metric": "input_tokens",
                            "price_model": "per_unit",
                            "unit_size": "1000000",
                            "included": "5",
                            "unit_amount": "3.00",
                        },
                    ],
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = PlanCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        version = services.plan_create(
            tenant=self.tenant,
            code=v["plan_id"],
            name=v["name"],
            description=v["description"],
            currency=v["currency"],
            charges=charges_input(v["charges"]),
        )
        plan = selectors.plan_get(tenant=self.tenant, code=v["plan_id"])
        body = {
            "plan": PlanOutputSerializer(plan).data,
            "version": PlanVersionOutputSerializer(version).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class PlanDetailApi(TenantApiView):
    """Read a plan and the status of its versions."""

    operation_ids = {"get": "plans_retrieve"}
    tag = "plans"

    required_scope = "read"

    @extend_schema(responses={200: PlanOutputSerializer})
    def get(self, request: Request, plan_id: str) -> Response:
        plan = selectors.plan_get(tenant=self.tenant, code=plan_id)
        return Response(PlanOutputSerializer(plan).data)


class PlanVersionListCreateApi(TenantApiView):
    """List a plan's versions, or start a new draft version (copying the latest by default)."""

    operation_ids = {"get": "plan_versions_list", "post": "plan_versions_create"}
    summaries = {"get": "List a plan's versions", "post": "Start a draft plan version"}
    tag = "plans"
    optional_bodies = ("post",)  # every field has a default: no body is fine

    method_scopes = READ_WRITE_SCOPES

    @extend_schema(
        parameters=PAGINATION_PARAMETERS, responses={200: paginated(PlanVersionOutputSerializer)}
    )
    def get(self, request: Request, plan_id: str) -> Response:
        plan = selectors.plan_get(tenant=self.tenant, code=plan_id)
        return paginate(
            request=request,
            view=self,
            queryset=selectors.plan_version_list(tenant=self.tenant, plan=plan),
            serializer_class=PlanVersionOutputSerializer,
            ordering="-version",
        )

    @extend_schema(
        request=PlanVersionCreateInputSerializer, responses={201: PlanVersionOutputSerializer}
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.plan_get(tenant=self.tenant, code=plan_id)
        data = PlanVersionCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        version = services.plan_version_create(
            tenant=self.tenant,
            plan=plan,
            currency=v.get("currency"),
            charges=charges_input(v["charges"]) if "charges" in v else None,
        )
        return Response(PlanVersionOutputSerializer(version).data, status=status.HTTP_201_CREATED)


class PlanVersionDetailApi(TenantApiView):
    """Read a plan version, or edit it while it is a draft (published versions are a 409)."""

    operation_ids = {"get": "plan_versions_retrieve", "patch": "plan_versions_update"}
    summaries = {"get": "Read a plan version", "patch": "Edit a draft plan version"}
    tag = "plans"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(responses={200: PlanVersionOutputSerializer})
    def get(self, request: Request, plan_id: str, version: str) -> Response:
        found = selectors.plan_version_by_code(
            tenant=self.tenant, plan_code=plan_id, version=version
        )
        return Response(PlanVersionOutputSerializer(found).data)

    @extend_schema(
        request=PlanVersionUpdateInputSerializer, responses={200: PlanVersionOutputSerializer}
    )
    def patch(self, request: Request, plan_id: str, version: str) -> Response:
        found = selectors.plan_version_by_code(
            tenant=self.tenant, plan_code=plan_id, version=version
        )
        data = PlanVersionUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        updated = services.plan_version_update(
            tenant=self.tenant,
            version=found,
            currency=v.get("currency"),
            charges=charges_input(v["charges"]) if "charges" in v else None,
        )
        return Response(PlanVersionOutputSerializer(updated).data)


class PlanVersionPublishApi(TenantApiView):
    """Publish a draft version; it can then be subscribed to and never changes."""

    operation_ids = {"post": "plan_versions_publish"}
    tag = "plans"

    problem_codes = (409,)

    @extend_schema(request=None, responses={200: PlanVersionOutputSerializer})
    def post(self, request: Request, plan_id: str, version: str) -> Response:
        found = selectors.plan_version_by_code(
            tenant=self.tenant, plan_code=plan_id, version=version
        )
        published = services.plan_version_publish(
            tenant=self.tenant, version=found, actor=self.actor
        )
        return Response(PlanVersionOutputSerializer(published).data)


class PlanVersionRetireApi(TenantApiView):
    """Retire a published version: no new subscriptions; existing ones keep being billed."""

    operation_ids = {"post": "plan_versions_retire"}
    tag = "plans"

    problem_codes = (409,)

    @extend_schema(request=None, responses={200: PlanVersionOutputSerializer})
    def post(self, request: Request, plan_id: str, version: str) -> Response:
        found = selectors.plan_version_by_code(
            tenant=self.tenant, plan_code=plan_id, version=version
        )
        retired = services.plan_version_retire(tenant=self.tenant, version=found, actor=self.actor)
        return Response(PlanVersionOutputSerializer(retired).data)


class PlanVersionMigrateApi(TenantApiView):
    """Move subscriptions on older versions of the plan to this published version."""

    operation_ids = {"post": "plan_versions_migrate"}
    summaries = {"post": "Migrate subscriptions to this version"}
    tag = "plans"
    optional_bodies = ("post",)  # every field has a default: no body is fine

    problem_codes = (409,)

    @extend_schema(
        request=PlanVersionMigrateInputSerializer,
        responses={200: PlanVersionMigratedOutputSerializer},
    )
    def post(self, request: Request, plan_id: str, version: str) -> Response:
        target = selectors.plan_version_by_code(
            tenant=self.tenant, plan_code=plan_id, version=version
        )
        data = PlanVersionMigrateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.plan_version_migrate(
            tenant=self.tenant,
            target=target,
            actor=self.actor,
            from_version=data.validated_data.get("from_version"),
            at=data.validated_data["at"],
            today=_today(),
        )
        body = {
            "plan_id": target.plan.code,
            "version": target.version,
            "effective_date": result.effective_date,
            "subscriptions": selectors.subscription_list_by_ids(
                tenant=self.tenant, subscription_ids=[sub.pk for sub in result.migrated]
            ),
        }
        return Response(PlanVersionMigratedOutputSerializer(body).data)


# ----------------------------------------------------------------------------- subscriptions


class SubscriptionListCreateApi(TenantApiView):
    """List subscriptions, or subscribe a customer to a published plan version."""

    operation_ids = {"get": "subscriptions_list", "post": "subscriptions_create"}
    summaries = {"get": "List subscriptions", "post": "Subscribe a customer to a plan"}
    tag = "subscriptions"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=[
            OpenApiParameter("customer_id", str, description="Only this customer's."),
            OpenApiParameter("active_on", date, description="Only those covering this day."),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(SubscriptionOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        customer = None
        if params.get("customer_id"):
            customer = customer_from_input(tenant=self.tenant, external_id=params["customer_id"])
        active_on = date_param(params, "active_on", message="Use YYYY-MM-DD.")
        qs = selectors.subscription_list(tenant=self.tenant, customer=customer, active_on=active_on)
        return paginate(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=SubscriptionOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        request=SubscriptionCreateInputSerializer, responses={201: SubscriptionOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = SubscriptionCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        customer = customer_from_input(tenant=self.tenant, external_id=v["customer_id"])
        version = _body_plan_version(self.tenant, v)
        sub = services.subscription_create(
            tenant=self.tenant,
            customer=customer,
            plan_version=version,
            start_date=v.get("start_date") or _today(),
            end_date=v.get("end_date"),
            actor=self.actor,
        )
        sub = selectors.subscription_get(tenant=self.tenant, subscription_id=str(sub.pk))
        return Response(SubscriptionOutputSerializer(sub).data, status=status.HTTP_201_CREATED)


class SubscriptionDetailApi(TenantApiView):
    """Read a subscription."""

    operation_ids = {"get": "subscriptions_retrieve"}
    tag = "subscriptions"

    required_scope = "read"

    @extend_schema(responses={200: SubscriptionOutputSerializer})
    def get(self, request: Request, subscription_id: str) -> Response:
        sub = selectors.subscription_get(tenant=self.tenant, subscription_id=subscription_id)
        return Response(SubscriptionOutputSerializer(sub).data)


class SubscriptionChangeApi(TenantApiView):
    """Move a subscription to another plan version from a date; the period is prorated by day."""

    operation_ids = {"post": "subscriptions_change"}
    tag = "subscriptions"

    @extend_schema(
        request=SubscriptionChangeInputSerializer, responses={201: SubscriptionOutputSerializer}
    )
    def post(self, request: Request, subscription_id: str) -> Response:
        sub = selectors.subscription_get(tenant=self.tenant, subscription_id=subscription_id)
        data = SubscriptionChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        version = _body_plan_version(self.tenant, v)
        successor = services.subscription_change(
            tenant=self.tenant,
            subscription=sub,
            plan_version=version,
            effective_date=v.get("effective_date") or _today(),
            actor=self.actor,
        )
        successor = selectors.subscription_get(
            tenant=self.tenant, subscription_id=str(successor.pk)
        )
        body = SubscriptionOutputSerializer(successor).data
        return Response(body, status=status.HTTP_201_CREATED)


class SubscriptionCancelApi(TenantApiView):
    """End a subscription (default: at the end of the current period)."""

    operation_ids = {"post": "subscriptions_cancel"}
    tag = "subscriptions"
    optional_bodies = ("post",)  # every field has a default: no body is fine

    @extend_schema(
        request=SubscriptionCancelInputSerializer, responses={200: SubscriptionOutputSerializer}
    )
    def post(self, request: Request, subscription_id: str) -> Response:
        sub = selectors.subscription_get(tenant=self.tenant, subscription_id=subscription_id)
        data = SubscriptionCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        end = data.validated_data.get("end_date") or services.next_period_start(_today())
        sub = services.subscription_cancel(
            tenant=self.tenant, subscription=sub, end_date=end, actor=self.actor
        )
        sub = selectors.subscription_get(tenant=self.tenant, subscription_id=str(sub.pk))
        return Response(SubscriptionOutputSerializer(sub).data)


# ----------------------------------------------------------------------------- invoices


class InvoicePreviewApi(TenantApiView):
    """Preview a customer's invoice for a month from current usage, with revenue per class."""

    operation_ids = {"get": "invoice_preview"}
    summaries = {"get": "Preview a customer's invoice for a month"}
    tag = "invoices"

    required_scope = "read"
    customer_token_methods = ("GET",)

    @extend_schema(
        parameters=[month_parameter("period")],
        responses={200: InvoicePreviewOutputSerializer},
    )
    def get(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        month = (
            month_param(request.query_params, "period", message=PERIOD_MESSAGE) or current_month()
        )
        period = Period.month(month.year, month.month)
        draft = selectors.invoice_draft(tenant=self.tenant, customer=customer, period=period)
        c = draft.currency
        applied = credits_selectors.credits_applied(
            tenant=self.tenant, customer=customer, currency=c, period=period, now=timezone.now()
        )
        by_class = draft.attribution.by_request_class if draft.attribution else {}
        body = {
            "customer_id": customer.external_id,
            "period_start": period.start,
            "period_end": period.end,
            "currency": c,
            "lines": [line_data(ln) for ln in draft.lines],
            "period_total": money(draft.period_total, c),
            "adjustment_total": money(draft.adjustment_total, c),
            "total": money(draft.total, c),
            "recurring_total": money(draft.recurring_total, c),
            "usage_total": money(draft.usage_total, c),
            "revenue_by_request_class": [
                {"request_class": name or "", "revenue": money(amount, c)}
                for name, amount in sorted(by_class.items(), key=lambda kv: kv[0] or "")
            ],
            "unattributed": money(draft.attribution.unattributed if draft.attribution else 0, c),
            "credits_applied": money(applied, c),
            "amount_due": money(draft.total - applied, c),
        }
        return Response(InvoicePreviewOutputSerializer(body).data)


class InvoiceSerializerAdapter(InvoiceOutputSerializer):
    """Serialise Invoice rows through invoice_body (amounts to the currency's minor unit)."""

    def to_representation(self, instance: Invoice) -> Any:
        return super().to_representation(invoice_body(instance))


class InvoiceListApi(TenantApiView):
    """List finalised invoices."""

    operation_ids = {"get": "invoices_list"}
    tag = "invoices"

    required_scope = "read"

    @extend_schema(
        parameters=[
            OpenApiParameter("customer_id", str, description="Only this customer's."),
            month_parameter("period", default=None),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(InvoiceOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        month = month_param(params, "period", message=PERIOD_MESSAGE)
        customer = None
        if params.get("customer_id"):
            customer = customer_from_input(tenant=self.tenant, external_id=params["customer_id"])
        qs = selectors.invoice_list(
            tenant=self.tenant,
            customer=customer,
            period_start=month,
        )
        return paginate(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=InvoiceSerializerAdapter,
            ordering="-finalized_at",
        )


class InvoiceDetailApi(TenantApiView):
    """Read a finalised invoice."""

    operation_ids = {"get": "invoices_retrieve"}
    tag = "invoices"

    required_scope = "read"

    @extend_schema(responses={200: InvoiceOutputSerializer})
    def get(self, request: Request, invoice_id: str) -> Response:
        invoice = selectors.invoice_get(tenant=self.tenant, invoice_id=invoice_id)
        return Response(InvoiceOutputSerializer(invoice_body(invoice)).data)

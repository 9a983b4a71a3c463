"""Metering API: API keys, customers and the audit log (events: metering/api/event_views.py)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import bool_param, range_parameters, range_params
from config.api.permissions import READ_WRITE_SCOPES
from metering import selectors, services
from metering.api.base import TenantApiView
from metering.api.serializers import (
    ApiKeyCreatedOutputSerializer,
    ApiKeyCreateInputSerializer,
    ApiKeyOutputSerializer,
    AuditEntryOutputSerializer,
    CustomerCreateInputSerializer,
    CustomerOutputSerializer,
    CustomerUpdateInputSerializer,
)


class ApiKeyListCreateApi(TenantApiView):
    """List the tenant's API keys, or issue a new one (its secret is shown once)."""

    operation_ids = {"get": "api_keys_list", "post": "api_keys_create"}
    summaries = {"get": "List API keys", "post": "Issue an API key"}
    tag = "api-keys"

    required_scope = "admin"

    @extend_schema(
        parameters=PAGINATION_PARAMETERS, responses={200: paginated(ApiKeyOutputSerializer)}
    )
    def get(self, request: Request) -> Response:
        return paginate(
            request=request,
            view=self,
            queryset=selectors.api_key_list(tenant=self.tenant),
            serializer_class=ApiKeyOutputSerializer,
            ordering="-created_at",
        )

    @extend_schema(
        request=ApiKeyCreateInputSerializer, responses={201: ApiKeyCreatedOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = ApiKeyCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = services.api_key_create(
            tenant=self.tenant, actor=self.actor, **data.validated_data
        )
        body = ApiKeyOutputSerializer(issued.api_key).data | {"key": issued.raw_key}
        return Response(body, status=status.HTTP_201_CREATED)


class ApiKeyRevokeApi(TenantApiView):
    """Revoke an API key; the next request with it gets 401."""

    operation_ids = {"post": "api_keys_revoke"}
    tag = "api-keys"

    required_scope = "admin"
    problem_codes = (503,)  # Redis, which tells every server to forget the key, is down

    @extend_schema(request=None, responses={200: ApiKeyOutputSerializer})
    def post(self, request: Request, key_id: str) -> Response:
        api_key = selectors.api_key_get(tenant=self.tenant, key_id=key_id)
        api_key = services.api_key_revoke(tenant=self.tenant, api_key=api_key, actor=self.actor)
        return Response(ApiKeyOutputSerializer(api_key).data)


class CustomerListCreateApi(TenantApiView):
    """List customers, or create one under your own external_id."""

    operation_ids = {"get": "customers_list", "post": "customers_create"}
    summaries = {"get": "List customers", "post": "Create a customer"}
    tag = "customers"

    problem_codes = (409,)

    method_scopes = READ_WRITE_SCOPES

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "archived", bool, description="Only archived (true) or active (false)."
            ),
            OpenApiParameter(
                "external_id_prefix", str, description="external_id starts with this."
            ),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(CustomerOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        archived = bool_param(request.query_params, "archived")
        qs = selectors.customer_list(
            tenant=self.tenant,
            archived=archived,
            search=request.query_params.get("external_id_prefix"),
        )
        return paginate(
            request=request, view=self, queryset=qs, serializer_class=CustomerOutputSerializer
        )

    @extend_schema(
        request=CustomerCreateInputSerializer,
        responses={201: CustomerOutputSerializer},
        examples=[
            OpenApiExample(
                "A customer",
                request_only=True,
                value={"external_id": "cus_42", "name": "Acme Corp", "metadata": {"tier": "pro"}},
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = CustomerCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        customer = services.customer_create(tenant=self.tenant, **data.validated_data)
        return Response(CustomerOutputSerializer(customer).data, status=status.HTTP_201_CREATED)


class CustomerDetailApi(TenantApiView):
    """Read or update a customer by its external_id (archive instead of delete)."""

    operation_ids = {"get": "customers_retrieve", "patch": "customers_update"}
    summaries = {"get": "Read a customer", "patch": "Update or archive a customer"}
    tag = "customers"

    method_scopes = READ_WRITE_SCOPES
    customer_token_methods = ("GET",)

    @extend_schema(responses={200: CustomerOutputSerializer})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        return Response(CustomerOutputSerializer(customer).data)

    @extend_schema(request=CustomerUpdateInputSerializer, responses={200: CustomerOutputSerializer})
    def patch(self, request: Request, customer_id: str) -> Response:
        customer = selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        data = CustomerUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        customer = services.customer_update(
            tenant=self.tenant, customer=customer, **data.validated_data
        )
        return Response(CustomerOutputSerializer(customer).data)


class AuditLogListApi(TenantApiView):
    """Who moved money or changed access: the tenant's audit log, newest first (append-only)."""

    operation_ids = {"get": "audit_log_list"}
    tag = "audit-log"

    required_scope = "admin"
    problem_codes = (400,)

    @extend_schema(
        description=(
            "One entry per change to prices (model prices, GPU and service rates), plan "
            "versions (publish, retire, migrate), subscriptions (create, change, cancel), "
            "events (void, amend), re-costs, fixed costs, acquisition costs, cost SLOs, API "
            "keys (create, revoke) and webhook endpoints (create, delete): who asked (`actor`), "
            "the `action`, the object and its state `before` and `after` (null: did not exist "
            "/ is gone). A request that changes nothing writes no entry."
        ),
        parameters=[
            OpenApiParameter(
                "action", str, description="Only this action, e.g. model_price.create."
            ),
            OpenApiParameter(
                "object_type", str, description="Only objects of this type, e.g. subscription."
            ),
            OpenApiParameter("object_id", str, description="Only this object (with object_type)."),
            OpenApiParameter(
                "actor", str, description="Only this actor: an API key's id or prefix."
            ),
            *range_parameters(),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(AuditEntryOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        start, end = range_params(params)
        entries = selectors.audit_entry_list(
            tenant=self.tenant,
            action=params.get("action"),
            object_type=params.get("object_type"),
            object_id=params.get("object_id"),
            actor=params.get("actor"),
            start=start,
            end=end,
        )
        return paginate(
            request=request,
            view=self,
            queryset=entries,
            serializer_class=AuditEntryOutputSerializer,
            ordering="-occurred_at",
        )

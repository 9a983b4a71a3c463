"""Cost book API: model prices, GPU and service rates, unpriced events, re-costs, fixed costs."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import PAGINATION_PARAMETERS, paginate, paginated
from config.api.params import (
    bool_param,
    choice_param,
    current_month,
    idempotency_key,
    idempotency_key_parameter,
    instant_param,
    instant_parameter,
    month_param,
    month_parameter,
    range_parameters,
    range_params,
)
from config.api.permissions import READ_WRITE_SCOPES
from economics.costs import recalculations, selectors
from economics.costs.api.serializers import (
    CostRecalculationCreateInputSerializer,
    CostRecalculationOutputSerializer,
    FixedCostCreateInputSerializer,
    FixedCostOutputSerializer,
    FixedCostUpdateInputSerializer,
    FixedCostUtilisationOutputSerializer,
    GpuRateCreateInputSerializer,
    GpuRateOutputSerializer,
    GpuRateUpdateInputSerializer,
    ModelPriceCreateInputSerializer,
    ModelPriceImportOutputSerializer,
    ModelPriceOutputSerializer,
    ModelPriceUpdateInputSerializer,
    ServiceRateCreateInputSerializer,
    ServiceRateOutputSerializer,
    ServiceRateUpdateInputSerializer,
    UnpricedEventOutputSerializer,
)
from economics.costs.models import FixedCostCategory
from economics.costs.services import fixed_costs, prices
from metering.api.base import TenantApiView


def _validated(serializer_class: type[serializers.Serializer], data: Any, **kw: Any) -> Any:
    serializer = serializer_class(data=data, **kw)
    serializer.is_valid(raise_exception=True)
    return serializer


# ---------------------------------------------------------------------------
# Model prices


class ModelPriceListCreateApi(TenantApiView):
    """List your model prices (optionally with the shipped catalog), or add one."""

    operation_ids = {"get": "model_prices_list", "post": "model_prices_create"}
    summaries = {"get": "List model prices", "post": "Add a model price"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=[
            OpenApiParameter("provider", str, description="Only this provider."),
            OpenApiParameter("model", str, description="Only this model name."),
            OpenApiParameter(
                "include_catalog", bool, description="Also list the shipped default catalog."
            ),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(ModelPriceOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        include = bool(bool_param(request.query_params, "include_catalog"))
        qs = selectors.model_price_list(
            tenant=self.tenant,
            provider=request.query_params.get("provider"),
            model=request.query_params.get("model"),
            include_catalog=include,
        )
        return paginate(
            request=request, view=self, queryset=qs, serializer_class=ModelPriceOutputSerializer
        )

    @extend_schema(
        request=ModelPriceCreateInputSerializer, responses={201: ModelPriceOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _validated(ModelPriceCreateInputSerializer, request.data)
        price = prices.model_price_create(
            tenant=self.tenant, actor=self.actor, **data.to_model_fields()
        )
        return Response(ModelPriceOutputSerializer(price).data, status=status.HTTP_201_CREATED)


class ModelPriceDetailApi(TenantApiView):
    """Read one of your model prices, or change where it came from (source, as_of).

    An entry's prices, model names and valid_from never change (409): a new price is a new
    entry with a later valid_from; re-cost past events explicitly afterwards.
    """

    operation_ids = {"get": "model_prices_retrieve", "patch": "model_prices_update"}
    summaries = {"get": "Read a model price", "patch": "Correct a model price"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(responses={200: ModelPriceOutputSerializer})
    def get(self, request: Request, model_price_id: str) -> Response:
        price = selectors.model_price_get(tenant=self.tenant, model_price_id=model_price_id)
        return Response(ModelPriceOutputSerializer(price).data)

    @extend_schema(
        request=ModelPriceUpdateInputSerializer, responses={200: ModelPriceOutputSerializer}
    )
    def patch(self, request: Request, model_price_id: str) -> Response:
        price = selectors.model_price_get(tenant=self.tenant, model_price_id=model_price_id)
        data = _validated(ModelPriceUpdateInputSerializer, request.data, partial=True)
        for required in ("input_per_1m", "output_per_1m"):
            if required in data.validated_data and data.validated_data[required] is None:
                raise ValidationError({required: ["This field may not be null."]})
        price = prices.model_price_update(
            tenant=self.tenant, model_price=price, actor=self.actor, **data.to_model_fields()
        )
        return Response(ModelPriceOutputSerializer(price).data)


class ModelPriceImportApi(TenantApiView):
    """Import a price map as your own model prices (the body is the map itself)."""

    operation_ids = {"post": "model_prices_import"}
    tag = "cost-book"

    required_scope = "write"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "source",
                str,
                required=True,
                enum=["litellm"],
                description="The map's format. litellm: LiteLLM's "
                "model_prices_and_context_window.json.",
            ),
            instant_parameter("valid_from", "When the imported prices take effect; default: now."),
        ],
        request={"application/json": {"type": "object", "minProperties": 1}},
        responses={200: ModelPriceImportOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        # Not "format": DRF reserves that query parameter for content negotiation.
        if request.query_params.get("source") != "litellm":
            raise ValidationError({"source": ["Must be 'litellm'."]})
        if not isinstance(request.data, dict) or not request.data:
            raise ValidationError({"": ["The body must be a non-empty LiteLLM price map object."]})
        valid_from = instant_param(request.query_params, "valid_from") or timezone.now()
        result = prices.model_prices_import_litellm(
            tenant=self.tenant, data=request.data, valid_from=valid_from, actor=self.actor
        )
        body = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "warnings": result.warnings,
        }
        return Response(ModelPriceImportOutputSerializer(body).data)


# ---------------------------------------------------------------------------
# GPU and service rates


class GpuRateListCreateApi(TenantApiView):
    """List your GPU rates, or add one (gpu_type "" is your default rate)."""

    operation_ids = {"get": "gpu_rates_list", "post": "gpu_rates_create"}
    summaries = {"get": "List GPU rates", "post": "Add a GPU rate"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=[
            OpenApiParameter("gpu_type", str, description="Only this GPU type."),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(GpuRateOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.gpu_rate_list(
            tenant=self.tenant, gpu_type=request.query_params.get("gpu_type")
        )
        return paginate(
            request=request, view=self, queryset=qs, serializer_class=GpuRateOutputSerializer
        )

    @extend_schema(request=GpuRateCreateInputSerializer, responses={201: GpuRateOutputSerializer})
    def post(self, request: Request) -> Response:
        data = _validated(GpuRateCreateInputSerializer, request.data)
        rate = prices.gpu_rate_create(tenant=self.tenant, actor=self.actor, **data.validated_data)
        return Response(GpuRateOutputSerializer(rate).data, status=status.HTTP_201_CREATED)


class GpuRateDetailApi(TenantApiView):
    """Read one of your GPU rates; a rate never changes (409): post one with a later valid_from."""

    operation_ids = {"get": "gpu_rates_retrieve", "patch": "gpu_rates_update"}
    summaries = {"get": "Read a GPU rate", "patch": "Correct a GPU rate"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(responses={200: GpuRateOutputSerializer})
    def get(self, request: Request, gpu_rate_id: str) -> Response:
        rate = selectors.gpu_rate_get(tenant=self.tenant, gpu_rate_id=gpu_rate_id)
        return Response(GpuRateOutputSerializer(rate).data)

    @extend_schema(request=GpuRateUpdateInputSerializer, responses={200: GpuRateOutputSerializer})
    def patch(self, request: Request, gpu_rate_id: str) -> Response:
        rate = selectors.gpu_rate_get(tenant=self.tenant, gpu_rate_id=gpu_rate_id)
        data = _validated(GpuRateUpdateInputSerializer, request.data, partial=True)
        rate = prices.gpu_rate_update(tenant=self.tenant, gpu_rate=rate, **data.validated_data)
        return Response(GpuRateOutputSerializer(rate).data)


class ServiceRateListCreateApi(TenantApiView):
    """List your per-call service rates (retrieval, third-party APIs), or add one."""

    operation_ids = {"get": "service_rates_list", "post": "service_rates_create"}
    summaries = {"get": "List service rates", "post": "Add a service rate"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=[
            OpenApiParameter("service", str, description="Only this service."),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(ServiceRateOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.service_rate_list(
            tenant=self.tenant, service=request.query_params.get("service")
        )
        return paginate(
            request=request, view=self, queryset=qs, serializer_class=ServiceRateOutputSerializer
        )

    @extend_schema(
        request=ServiceRateCreateInputSerializer, responses={201: ServiceRateOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _validated(ServiceRateCreateInputSerializer, request.data)
        rate = prices.service_rate_create(
            tenant=self.tenant, actor=self.actor, **data.validated_data
        )
        return Response(ServiceRateOutputSerializer(rate).data, status=status.HTTP_201_CREATED)


class ServiceRateDetailApi(TenantApiView):
    """Read one of your service rates; a rate never changes (409): post a later one instead."""

    operation_ids = {"get": "service_rates_retrieve", "patch": "service_rates_update"}
    summaries = {"get": "Read a service rate", "patch": "Correct a service rate"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(responses={200: ServiceRateOutputSerializer})
    def get(self, request: Request, service_rate_id: str) -> Response:
        rate = selectors.service_rate_get(tenant=self.tenant, service_rate_id=service_rate_id)
        return Response(ServiceRateOutputSerializer(rate).data)

    @extend_schema(
        request=ServiceRateUpdateInputSerializer, responses={200: ServiceRateOutputSerializer}
    )
    def patch(self, request: Request, service_rate_id: str) -> Response:
        rate = selectors.service_rate_get(tenant=self.tenant, service_rate_id=service_rate_id)
        data = _validated(ServiceRateUpdateInputSerializer, request.data, partial=True)
        rate = prices.service_rate_update(
            tenant=self.tenant, service_rate=rate, **data.validated_data
        )
        return Response(ServiceRateOutputSerializer(rate).data)


# ---------------------------------------------------------------------------
# Unpriced events and re-costing


class UnpricedEventListApi(TenantApiView):
    """Events without a cost: unpriced ones with the prices they were missing (never counted
    as $0), or, with `status=pending`, those still waiting to be costed."""

    operation_ids = {"get": "costs_unpriced_list"}
    summaries = {"get": "List events without a cost"}
    tag = "cost-book"

    required_scope = "read"

    @extend_schema(
        parameters=[
            *range_parameters(),
            OpenApiParameter("model", str, description="Only this model."),
            OpenApiParameter(
                "status",
                str,
                enum=["unpriced", "pending"],
                description="unpriced (default): a price was missing; pending: not costed yet.",
            ),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(UnpricedEventOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        start, end = range_params(request.query_params)
        status = request.query_params.get("status") or "unpriced"
        if status not in ("unpriced", "pending"):
            raise ValidationError({"status": ['Use "unpriced" or "pending".']})
        qs = selectors.unpriced_event_list(
            tenant=self.tenant,
            start=start,
            end=end,
            model=request.query_params.get("model"),
            status=status,
        )
        return paginate(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=UnpricedEventOutputSerializer,
        )


class CostRecalculationListCreateApi(TenantApiView):
    """Re-cost your events in [from, to) after a price correction (audited), or list re-costs."""

    operation_ids = {"get": "cost_recalculations_list", "post": "cost_recalculations_create"}
    summaries = {"get": "List re-costs", "post": "Re-cost events in a time range"}
    tag = "cost-book"

    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)

    @extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: paginated(CostRecalculationOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.cost_recalculation_list(tenant=self.tenant)
        return paginate(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=CostRecalculationOutputSerializer,
        )

    @extend_schema(
        request=CostRecalculationCreateInputSerializer,
        parameters=[idempotency_key_parameter("re-cost")],
        responses={202: CostRecalculationOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = _validated(CostRecalculationCreateInputSerializer, request.data)
        recalculation = recalculations.cost_recalculation_request(
            tenant=self.tenant,
            actor=self.actor,
            idempotency_key=idempotency_key(request.headers),
            **data.validated_data,
        )
        # Read back: without a broker the re-cost ran in-process on commit.
        recalculation = selectors.cost_recalculation_get(
            tenant=self.tenant, recalculation_id=recalculation.pk
        )
        return Response(
            CostRecalculationOutputSerializer(recalculation).data, status=status.HTTP_202_ACCEPTED
        )


class CostRecalculationDetailApi(TenantApiView):
    """Read one re-cost: its status, events seen and changed, totals before and after."""

    operation_ids = {"get": "cost_recalculations_retrieve"}
    tag = "cost-book"

    required_scope = "read"

    @extend_schema(responses={200: CostRecalculationOutputSerializer})
    def get(self, request: Request, recalculation_id: str) -> Response:
        recalculation = selectors.cost_recalculation_get(
            tenant=self.tenant, recalculation_id=recalculation_id
        )
        return Response(CostRecalculationOutputSerializer(recalculation).data)


# ---------------------------------------------------------------------------
# Fixed costs


class FixedCostListCreateApi(TenantApiView):
    """List your monthly fixed costs, or add one for a request class or the whole tenant."""

    operation_ids = {"get": "fixed_costs_list", "post": "fixed_costs_create"}
    summaries = {"get": "List fixed costs", "post": "Add a monthly fixed cost"}
    tag = "fixed-costs"

    method_scopes = READ_WRITE_SCOPES

    @extend_schema(
        parameters=[
            OpenApiParameter("request_class", str, description="Only this class ('' = tenant)."),
            OpenApiParameter(
                "category", str, enum=FixedCostCategory.values, description="Only this category."
            ),
            *PAGINATION_PARAMETERS,
        ],
        responses={200: paginated(FixedCostOutputSerializer)},
    )
    def get(self, request: Request) -> Response:
        qs = selectors.fixed_cost_list(
            tenant=self.tenant,
            request_class=request.query_params.get("request_class"),
            category=choice_param(request.query_params, "category", FixedCostCategory.values),
        )
        return paginate(
            request=request, view=self, queryset=qs, serializer_class=FixedCostOutputSerializer
        )

    @extend_schema(
        request=FixedCostCreateInputSerializer, responses={201: FixedCostOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = _validated(FixedCostCreateInputSerializer, request.data)
        fixed_cost = fixed_costs.fixed_cost_create(
            tenant=self.tenant, actor=self.actor, **data.validated_data
        )
        return Response(FixedCostOutputSerializer(fixed_cost).data, status=status.HTTP_201_CREATED)


class FixedCostDetailApi(TenantApiView):
    """Read, change or delete one of your fixed costs."""

    operation_ids = {
        "get": "fixed_costs_retrieve",
        "patch": "fixed_costs_update",
        "delete": "fixed_costs_delete",
    }
    summaries = {
        "get": "Read a fixed cost",
        "patch": "Change a fixed cost",
        "delete": "Delete a fixed cost",
    }
    tag = "fixed-costs"

    method_scopes = READ_WRITE_SCOPES

    @extend_schema(responses={200: FixedCostOutputSerializer})
    def get(self, request: Request, fixed_cost_id: str) -> Response:
        fixed_cost = selectors.fixed_cost_get(tenant=self.tenant, fixed_cost_id=fixed_cost_id)
        return Response(FixedCostOutputSerializer(fixed_cost).data)

    @extend_schema(
        request=FixedCostUpdateInputSerializer, responses={200: FixedCostOutputSerializer}
    )
    def patch(self, request: Request, fixed_cost_id: str) -> Response:
        fixed_cost = selectors.fixed_cost_get(tenant=self.tenant, fixed_cost_id=fixed_cost_id)
        data = _validated(FixedCostUpdateInputSerializer, request.data, partial=True)
        end = data.validated_data.get("end_month", fixed_cost.end_month)
        start = data.validated_data.get("start_month", fixed_cost.start_month)
        if end is not None and end <= start:
            raise ValidationError({"end_month": ["Must be after start_month."]})
        fixed_cost = fixed_costs.fixed_cost_update(
            tenant=self.tenant, fixed_cost=fixed_cost, actor=self.actor, **data.validated_data
        )
        return Response(FixedCostOutputSerializer(fixed_cost).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, fixed_cost_id: str) -> Response:
        fixed_cost = selectors.fixed_cost_get(tenant=self.tenant, fixed_cost_id=fixed_cost_id)
        fixed_costs.fixed_cost_delete(tenant=self.tenant, fixed_cost=fixed_cost, actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FixedCostUtilisationApi(TenantApiView):
    """Fixed cost per request at a month's volume, per request class and tenant-wide."""

    operation_ids = {"get": "fixed_costs_utilisation"}
    summaries = {"get": "Fixed cost per request in a month"}
    tag = "fixed-costs"

    required_scope = "read"

    @extend_schema(
        parameters=[month_parameter()],
        responses={200: FixedCostUtilisationOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        month = month_param(request.query_params) or current_month()
        body = selectors.fixed_cost_utilisation(tenant=self.tenant, month=month)
        return Response(FixedCostUtilisationOutputSerializer(body).data)

"""Credits and guardrails API: grants, balances, budgets, request-time authorisation."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.params import idempotency_key, idempotency_key_parameter
from config.api.permissions import READ_WRITE_SCOPES
from config.errors import InvalidInput
from metering import selectors as metering_selectors
from metering.api.base import TenantApiView
from metering.api.lookups import customer_from_input
from metering.audit import jsonable
from metering.models import Customer, Tenant
from pricing.credits import estimates, selectors, services
from pricing.credits.api.serializers import (
    AuthorizationOutputSerializer,
    AuthorizationSettleInputSerializer,
    AuthorizeInputSerializer,
    AuthorizeOutputSerializer,
    AutoTopUpInputSerializer,
    AutoTopUpOutputSerializer,
    BudgetCreateInputSerializer,
    BudgetOutputSerializer,
    CreditAlertSettingsInputSerializer,
    CreditAlertSettingsOutputSerializer,
    CreditBalanceOutputSerializer,
    CreditGrantCreateInputSerializer,
    CreditGrantOutputSerializer,
)
from pricing.credits.models import Authorization, AutoTopUpRule, Budget, CreditGrant
from pricing.credits.selectors import AlertThresholds
from pricing.money import normalize_currency


def _validated(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def grant_body(grant: CreditGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "customer_id": grant.customer.external_id,
        "kind": grant.kind,
        "currency": grant.currency,
        "credits": jsonable(grant.credits),
        "unit": grant.unit,
        "unit_rate": jsonable(grant.unit_rate),
        "amount": jsonable(grant.amount),
        "priority": grant.priority,
        "effective_at": grant.effective_at,
        "expires_at": grant.expires_at,
        "voided_at": grant.voided_at,
        "description": grant.description,
    }


def budget_body(budget: Budget) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": budget.pk,
        "customer": budget.customer,
        "measure": budget.measure,
        "request_class": budget.request_class,
        "tag": budget.tag,
        "period_start": budget.period_start,
    }
    for name in ("limit", "floor_percent", "spend", "cost", "held_spend", "held_cost"):
        value = getattr(budget, name)
        body[name] = None if value is None else jsonable(value)
    body["alert_percents"] = list(budget.alert_percents)
    return body


def authorization_body(hold: Authorization) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "customer": hold.customer,
        "request_class": hold.request_class,
        "tag": hold.tag,
        "spend": jsonable(hold.spend),
        "cost": jsonable(hold.cost),
        "status": hold.status,
        "expires_at": hold.expires_at,
        "closed_at": hold.closed_at,
    }


class CreditGrantListCreateApi(TenantApiView):
    """List a customer's credit grants, or grant credits (paid or promotional)."""

    operation_ids = {"get": "credit_grants_list", "post": "credit_grants_create"}
    summaries = {"get": "List a customer's credit grants", "post": "Grant credits to a customer"}
    tag = "credits"
    method_scopes = READ_WRITE_SCOPES
    problem_codes = (409,)
    customer_token_methods = ("GET",)

    @extend_schema(responses={200: CreditGrantOutputSerializer(many=True)})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        grants = selectors.credit_grants_ordered(tenant=self.tenant, customer=customer)
        return Response(
            CreditGrantOutputSerializer([grant_body(g) for g in grants], many=True).data
        )

    @extend_schema(
        request=CreditGrantCreateInputSerializer,
        parameters=[idempotency_key_parameter("grant")],
        responses={201: CreditGrantOutputSerializer, 200: CreditGrantOutputSerializer},
    )
    def post(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        data = _validated(CreditGrantCreateInputSerializer, request.data)
        grant, created = services.credit_grant_create(
            tenant=self.tenant,
            customer=customer,
            actor=self.actor,
            idempotency_key=idempotency_key(request.headers),
            **data,
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(CreditGrantOutputSerializer(grant_body(grant)).data, status=code)


class CreditGrantVoidApi(TenantApiView):
    """Void a credit grant: what is left of it is withdrawn now; what it paid for stays paid."""

    operation_ids = {"post": "credit_grants_void"}
    summaries = {"post": "Void a credit grant"}
    tag = "credits"
    required_scope = "write"

    @extend_schema(request=None, responses={200: CreditGrantOutputSerializer})
    def post(self, request: Request, grant_id: str) -> Response:
        grant = selectors.credit_grant_get(tenant=self.tenant, grant_id=grant_id)
        grant = services.credit_grant_void(tenant=self.tenant, grant=grant, actor=self.actor)
        return Response(CreditGrantOutputSerializer(grant_body(grant)).data)


class CreditBalanceApi(TenantApiView):
    """Read a customer's credit balance, exact to the last rated event, with its ledger."""

    operation_ids = {"get": "credits_retrieve"}
    summaries = {"get": "Read a customer's credit balance and ledger"}
    tag = "credits"
    required_scope = "read"
    customer_token_methods = ("GET",)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "currency", str, description="The credits' currency (default: the only one)."
            )
        ],
        responses={200: CreditBalanceOutputSerializer},
    )
    def get(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        currencies = selectors.credit_currencies(tenant=self.tenant, customer=customer)
        wanted = (request.query_params.get("currency") or "").upper()
        if wanted:
            currencies = [c for c in currencies if c == wanted]
        if not currencies:  # no credits (in this currency): an empty balance
            currency = wanted or "USD"
            body = {
                "customer_id": customer.external_id,
                "currency": currency,
                "balance": "0",
                "held": "0",
                "available": "0",
                "as_of": timezone.now(),
                "grants": [],
                "entries": [],
            }
            return Response(CreditBalanceOutputSerializer(body).data)
        if len(currencies) > 1:
            raise ValidationError({"currency": ["The customer has credits in several currencies."]})
        now = timezone.now()
        account, burn = services.credits_sync(
            tenant=self.tenant, customer=customer, currency=currencies[0], now=now
        )
        assert account is not None  # the customer has grants in this currency
        grants = []
        for grant in selectors.credit_grants_ordered(
            tenant=self.tenant, customer=customer, currency=account.currency
        ):
            state = burn.grants[grant.pk] if burn else None
            remaining = state.remaining if state else grant.amount
            grants.append(
                {
                    **grant_body(grant),
                    "drawn": jsonable(state.drawn if state else 0),
                    "expired": jsonable(state.expired if state else 0),
                    "voided": jsonable(state.voided if state else 0),
                    "remaining": jsonable(remaining),
                    "remaining_credits": jsonable(remaining / grant.unit_rate),
                }
            )
        entries = [
            {
                "grant_id": e.grant_id,
                "kind": e.kind,
                "amount": jsonable(e.amount),
                "occurred_at": e.occurred_at,
            }
            for e in selectors.credit_entries(
                tenant=self.tenant, customer=customer, currency=account.currency
            )
        ]
        body = {
            "customer_id": customer.external_id,
            "currency": account.currency,
            "balance": jsonable(account.balance),
            "held": jsonable(account.held),
            "available": jsonable(account.balance - account.held),
            "as_of": now,
            "grants": grants,
            "entries": entries,
        }
        return Response(CreditBalanceOutputSerializer(body).data)


class BudgetListCreateApi(TenantApiView):
    """List budgets, or set a monthly spend or cost cap, or a margin floor, for a customer."""

    operation_ids = {"get": "budgets_list", "post": "budgets_create"}
    summaries = {"get": "List budgets", "post": "Set a budget or margin floor"}
    tag = "credits"
    method_scopes = READ_WRITE_SCOPES

    @extend_schema(
        parameters=[OpenApiParameter("customer_id", str, description="Only this customer's.")],
        responses={200: BudgetOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        customer = None
        if request.query_params.get("customer_id"):
            customer = customer_from_input(
                tenant=self.tenant, external_id=request.query_params["customer_id"]
            )
        budgets = selectors.budget_list(tenant=self.tenant, customer=customer)
        return Response(BudgetOutputSerializer([budget_body(b) for b in budgets], many=True).data)

    @extend_schema(request=BudgetCreateInputSerializer, responses={201: BudgetOutputSerializer})
    def post(self, request: Request) -> Response:
        data = _validated(BudgetCreateInputSerializer, request.data)
        customer = customer_from_input(tenant=self.tenant, external_id=data.pop("customer_id"))
        budget = services.budget_create(
            tenant=self.tenant, customer=customer, actor=self.actor, **data
        )
        return Response(
            BudgetOutputSerializer(budget_body(budget)).data, status=status.HTTP_201_CREATED
        )


# Customers named by authorisations, per process: (tenant id, external_id) -> (until, customer).
# A customer's id for an external_id never changes (external ids are not editable and
# customers are not deleted) and authorize() reads only the id, checking it against the
# database in its first statement; a copy that fails the check is looked up again. Unknown
# customers are not remembered, so a customer created a moment ago is found at once.
_CUSTOMERS: dict[tuple[Any, str], tuple[float, Customer]] = {}
CUSTOMER_CACHE_SECONDS = 60.0
CUSTOMER_CACHE_SIZE = 10_000


def _customer_cached(tenant: Tenant, external_id: str, *, fresh: bool = False) -> Customer:
    key = (tenant.pk, external_id)
    now = time.monotonic()
    hit = None if fresh else _CUSTOMERS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    customer = customer_from_input(tenant=tenant, external_id=external_id)
    if len(_CUSTOMERS) >= CUSTOMER_CACHE_SIZE:
        _CUSTOMERS.clear()
    _CUSTOMERS[key] = (now + CUSTOMER_CACHE_SECONDS, customer)
    return customer


# One instance of each serializer per process, its fields built once: run_validation() and
# to_representation() keep no state on the instance (is_valid() and .data do, and build
# the fields again for every request, which costs an authorisation more than its SQL).
# run_validation() raises the ValidationError is_valid(raise_exception=True) would.
_AUTHORIZE_INPUT = AuthorizeInputSerializer()
_AUTHORIZE_OUTPUT = AuthorizeOutputSerializer()
_BUILT_AT_IMPORT = (_AUTHORIZE_INPUT.fields, _AUTHORIZE_OUTPUT.fields)  # not by two threads


class AuthorizeApi(TenantApiView):
    """Allow or deny a request before it runs, against credits, budgets and margin floors.

    Spend exactly at a limit (or using the last credit) is allowed; above it is denied. An
    allowed request holds its amounts until settled, released, or `hold_seconds` pass. Put the
    `authorization_id` in the usage event's `properties.authorization_id`: the costed event
    settles the hold with its rated revenue and cost.
    """

    operation_ids = {"post": "authorize"}
    summaries = {"post": "Authorise a request before it runs"}
    tag = "credits"
    required_scope = "ingest"

    @extend_schema(request=AuthorizeInputSerializer, responses={200: AuthorizeOutputSerializer})
    def post(self, request: Request) -> Response:
        data = dict(_AUTHORIZE_INPUT.run_validation(request.data))
        customer = _customer_cached(self.tenant, data["customer_id"])
        try:
            decision, estimate = _authorize(self.tenant, customer, data)
        except Customer.DoesNotExist:  # the cached copy is gone: look it up again, once
            customer = _customer_cached(self.tenant, data["customer_id"], fresh=True)
            decision, estimate = _authorize(self.tenant, customer, data)
        hold = decision.authorization
        body = {
            "allowed": decision.allowed,
            "reason": decision.reason,
            "detail": decision.detail,
            "authorization_id": hold.pk if hold else None,
            "expires_at": hold.expires_at if hold else None,
            "credits_remaining": None
            if decision.credits_remaining is None
            else jsonable(decision.credits_remaining),
            "budgets": [jsonable(b) for b in decision.budgets],
            "estimate": None
            if estimate is None
            else {
                "spend": jsonable(estimate.spend),
                "cost": jsonable(estimate.cost),
                "currency": estimate.currency,
                "plan_code": estimate.plan_code,
                "plan_version": estimate.plan_version,
            },
        }
        return Response(_AUTHORIZE_OUTPUT.to_representation(body))


def _authorize(
    tenant: Tenant, customer: Customer, data: dict[str, Any]
) -> tuple[services.Decision, estimates.Estimate | None]:
    """Authorise from the expected amounts, or from the expected usage priced first."""
    now = timezone.now()
    currency = data.get("currency")
    estimate = None
    if "expected_usage" in data:
        usage = estimates.ExpectedUsage(**data["expected_usage"])
        estimate = estimates.estimate(
            tenant=tenant,
            customer=customer,
            request_class=data["request_class"],
            usage=usage,
            now=now,
        )
        spend, cost = estimate.spend, estimate.cost
        if estimate.currency is not None:
            if currency is not None and normalize_currency(currency) != estimate.currency:
                raise InvalidInput.field(
                    "currency",
                    f"The customer's plan bills in {estimate.currency}: the expected usage is"
                    f" priced in {estimate.currency}.",
                )
            currency = estimate.currency
    else:
        spend, cost = data["expected_spend"], data.get("expected_cost", Decimal(0))
    decision = services.authorize(
        tenant=tenant,
        customer=customer,
        request_class=data["request_class"],
        spend=spend,
        cost=cost,
        tag=data["tag"],
        currency=currency,
        hold=data["hold"],
        hold_seconds=data["hold_seconds"],
        now=now,
    )
    return decision, estimate


class AuthorizationSettleApi(TenantApiView):
    """Settle an authorisation's hold with what the request really billed and cost."""

    operation_ids = {"post": "authorizations_settle"}
    summaries = {"post": "Settle an authorisation's hold"}
    tag = "credits"
    required_scope = "ingest"

    @extend_schema(
        request=AuthorizationSettleInputSerializer, responses={200: AuthorizationOutputSerializer}
    )
    def post(self, request: Request, authorization_id: str) -> Response:
        hold = selectors.authorization_get(tenant=self.tenant, authorization_id=authorization_id)
        data = _validated(AuthorizationSettleInputSerializer, request.data)
        hold = services.authorization_close(
            tenant=self.tenant, authorization=hold, spend=data["spend"], cost=data["cost"]
        )
        return Response(AuthorizationOutputSerializer(authorization_body(hold)).data)


class AuthorizationReleaseApi(TenantApiView):
    """Release an authorisation's hold: the request did not run."""

    operation_ids = {"post": "authorizations_release"}
    summaries = {"post": "Release an authorisation's hold"}
    tag = "credits"
    required_scope = "ingest"

    @extend_schema(request=None, responses={200: AuthorizationOutputSerializer})
    def post(self, request: Request, authorization_id: str) -> Response:
        hold = selectors.authorization_get(tenant=self.tenant, authorization_id=authorization_id)
        hold = services.authorization_close(tenant=self.tenant, authorization=hold)
        return Response(AuthorizationOutputSerializer(authorization_body(hold)).data)


def settings_body(customer_id: str | None, thresholds: AlertThresholds) -> dict[str, Any]:
    body: dict[str, Any] = {"customer_id": customer_id, "set_by": thresholds.source}
    for name in (
        "balance_below",
        "balance_below_percent",
        "running_out_days",
        "projected_invoice_above",
    ):
        value = getattr(thresholds, name)
        body[name] = None if value is None else jsonable(value)
    return body


class CreditAlertDefaultsApi(TenantApiView):
    """Read or set the tenant's default credit alert thresholds (customers without their own)."""

    operation_ids = {"get": "credit_alert_defaults_retrieve", "put": "credit_alert_defaults_set"}
    summaries = {
        "get": "Read the default credit alert thresholds",
        "put": "Set the default credit alert thresholds",
    }
    tag = "credits"
    method_scopes = READ_WRITE_SCOPES

    @extend_schema(responses={200: CreditAlertSettingsOutputSerializer})
    def get(self, request: Request) -> Response:
        thresholds = selectors.credit_alert_settings_get(tenant=self.tenant, customer=None)
        return Response(CreditAlertSettingsOutputSerializer(settings_body(None, thresholds)).data)

    @extend_schema(
        request=CreditAlertSettingsInputSerializer,
        responses={200: CreditAlertSettingsOutputSerializer},
    )
    def put(self, request: Request) -> Response:
        data = _validated(CreditAlertSettingsInputSerializer, request.data)
        services.credit_alert_settings_set(
            tenant=self.tenant, customer=None, actor=self.actor, **data
        )
        thresholds = selectors.credit_alert_settings_get(tenant=self.tenant, customer=None)
        return Response(CreditAlertSettingsOutputSerializer(settings_body(None, thresholds)).data)


class CustomerCreditAlertsApi(TenantApiView):
    """Read the credit alert thresholds in force for a customer, set its own, or drop them."""

    operation_ids = {
        "get": "credit_alerts_retrieve",
        "put": "credit_alerts_set",
        "delete": "credit_alerts_delete",
    }
    summaries = {
        "get": "Read a customer's credit alert thresholds",
        "put": "Set a customer's own credit alert thresholds",
        "delete": "Drop a customer's own thresholds (the default applies)",
    }
    tag = "credits"
    method_scopes = READ_WRITE_SCOPES

    @extend_schema(responses={200: CreditAlertSettingsOutputSerializer})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        thresholds = selectors.credit_alert_settings_get(tenant=self.tenant, customer=customer)
        body = settings_body(customer.external_id, thresholds)
        return Response(CreditAlertSettingsOutputSerializer(body).data)

    @extend_schema(
        request=CreditAlertSettingsInputSerializer,
        responses={200: CreditAlertSettingsOutputSerializer},
    )
    def put(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        data = _validated(CreditAlertSettingsInputSerializer, request.data)
        services.credit_alert_settings_set(
            tenant=self.tenant, customer=customer, actor=self.actor, **data
        )
        thresholds = selectors.credit_alert_settings_get(tenant=self.tenant, customer=customer)
        body = settings_body(customer.external_id, thresholds)
        return Response(CreditAlertSettingsOutputSerializer(body).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        services.credit_alert_settings_delete(
            tenant=self.tenant, customer=customer, actor=self.actor
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def auto_top_up_body(rule: AutoTopUpRule, top_ups: Any) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "customer": rule.customer,
        "currency": rule.currency,
        "below": jsonable(rule.below),
        "credits": jsonable(rule.credits),
        "max_per_month": rule.max_per_month,
        "cooldown_seconds": rule.cooldown_seconds,
        "active": rule.active,
        "top_ups": [
            {
                "grant_id": t.grant_id,
                "period_start": t.period_start,
                "sequence": t.sequence,
                "amount": jsonable(t.grant.amount),
                "balance_before": jsonable(t.balance_before),
                "created_at": t.created_at,
            }
            for t in top_ups
        ],
    }


class AutoTopUpApi(TenantApiView):
    """A customer's auto top-up: below a balance, grant paid credits (charged through Stripe)."""

    operation_ids = {
        "get": "auto_top_up_retrieve",
        "put": "auto_top_up_set",
        "delete": "auto_top_up_delete",
    }
    summaries = {
        "get": "Read a customer's auto top-up rule",
        "put": "Set a customer's auto top-up rule",
        "delete": "Turn a customer's auto top-up off",
    }
    tag = "credits"
    method_scopes = READ_WRITE_SCOPES

    def _body(self, rule: AutoTopUpRule) -> dict[str, Any]:
        top_ups = selectors.auto_top_ups(tenant=self.tenant, rule=rule)[:100]
        return AutoTopUpOutputSerializer(auto_top_up_body(rule, top_ups)).data

    @extend_schema(responses={200: AutoTopUpOutputSerializer})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        rule = selectors.auto_top_up_get(tenant=self.tenant, customer=customer)
        return Response(self._body(rule))

    @extend_schema(request=AutoTopUpInputSerializer, responses={200: AutoTopUpOutputSerializer})
    def put(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        data = _validated(AutoTopUpInputSerializer, request.data)
        rule = services.auto_top_up_set(
            tenant=self.tenant, customer=customer, actor=self.actor, **data
        )
        return Response(self._body(rule))

    @extend_schema(request=None, responses={200: AutoTopUpOutputSerializer})
    def delete(self, request: Request, customer_id: str) -> Response:
        customer = metering_selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        rule = selectors.auto_top_up_get(tenant=self.tenant, customer=customer)
        rule = services.auto_top_up_delete(tenant=self.tenant, rule=rule, actor=self.actor)
        return Response(self._body(rule))

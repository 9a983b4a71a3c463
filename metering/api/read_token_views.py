"""Customer read tokens: issue, list and revoke the tokens of a customer portal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.permissions import READ_WRITE_SCOPES
from metering import read_token_selectors, read_token_services, selectors
from metering.api.base import TenantApiView
from metering.api.read_token_serializers import (
    CustomerReadTokenCreatedOutputSerializer,
    CustomerReadTokenCreateInputSerializer,
    CustomerReadTokenOutputSerializer,
    CustomerReadTokensRevokedOutputSerializer,
)
from metering.models import CustomerReadToken

ALLOWED = (
    "A token reads, for its customer only: GET /v1/customers/{customer_id}, GET /v1/usage "
    "(filtered to the customer), GET /v1/customers/{customer_id}/credits, "
    "GET /v1/customers/{customer_id}/credit-grants and "
    "GET /v1/customers/{customer_id}/invoice-preview. Any other operation answers it 403, "
    "another customer 404."
)


def token_body(token: CustomerReadToken) -> dict[str, Any]:
    now = timezone.now()
    if token.revoked_at is not None:
        state = "revoked"
    elif token.expires_at <= now:
        state = "expired"
    else:
        state = "active"
    return {
        "id": token.id,
        "customer_id": token.customer.external_id,
        "name": token.name,
        "prefix": token.prefix,
        "status": state,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


class CustomerReadTokenListCreateApi(TenantApiView):
    """List a customer's read tokens, issue one (shown once), or revoke them all."""

    operation_ids = {
        "get": "customer_read_tokens_list",
        "post": "customer_read_tokens_create",
        "delete": "customer_read_tokens_revoke_all",
    }
    summaries = {
        "get": "List a customer's read tokens",
        "post": "Issue a read token for a customer portal",
        "delete": "Revoke every read token of a customer",
    }
    tag = "customers"
    method_scopes = READ_WRITE_SCOPES
    optional_bodies = ("post",)

    @extend_schema(responses={200: CustomerReadTokenOutputSerializer(many=True)})
    def get(self, request: Request, customer_id: str) -> Response:
        customer = selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        tokens = read_token_selectors.read_token_list(tenant=self.tenant, customer=customer)
        body = [token_body(t) for t in tokens]
        return Response(CustomerReadTokenOutputSerializer(body, many=True).data)

    @extend_schema(
        description=(
            "A short-lived bearer token for your own customer portal: it reads this customer's "
            "usage, invoice preview (charges so far and credits applied) and credit balance, "
            "and nothing else. " + ALLOWED + " The token is shown once; only its digest is "
            "stored. It is refused from the request after it expires or is revoked."
        ),
        request=CustomerReadTokenCreateInputSerializer,
        responses={201: CustomerReadTokenCreatedOutputSerializer},
        examples=[
            OpenApiExample(
                "A token for a two-hour portal session",
                request_only=True,
                value={"ttl_seconds": 7200, "name": "portal session"},
            )
        ],
    )
    def post(self, request: Request, customer_id: str) -> Response:
        customer = selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        data = CustomerReadTokenCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = read_token_services.read_token_create(
            tenant=self.tenant,
            customer=customer,
            ttl=timedelta(seconds=data.validated_data["ttl_seconds"]),
            name=data.validated_data["name"],
            actor=self.actor,
        )
        body = token_body(issued.token) | {"token": issued.raw_token}
        return Response(
            CustomerReadTokenCreatedOutputSerializer(body).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        description="Every live token of the customer is refused from the next request on.",
        responses={200: CustomerReadTokensRevokedOutputSerializer},
    )
    def delete(self, request: Request, customer_id: str) -> Response:
        customer = selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        revoked = read_token_services.read_tokens_revoke_all(
            tenant=self.tenant, customer=customer, actor=self.actor
        )
        return Response(CustomerReadTokensRevokedOutputSerializer({"revoked": revoked}).data)


class CustomerReadTokenRevokeApi(TenantApiView):
    """Revoke a customer's read token; the next request with it gets 401."""

    operation_ids = {"delete": "customer_read_tokens_revoke"}
    summaries = {"delete": "Revoke a customer's read token"}
    tag = "customers"
    required_scope = "write"

    @extend_schema(responses={200: CustomerReadTokenOutputSerializer})
    def delete(self, request: Request, customer_id: str, read_token_id: str) -> Response:
        customer = selectors.customer_get(tenant=self.tenant, external_id=customer_id)
        token = read_token_selectors.read_token_get(
            tenant=self.tenant, customer=customer, token_id=read_token_id
        )
        token = read_token_services.read_token_revoke(
            tenant=self.tenant, token=token, actor=self.actor
        )
        return Response(CustomerReadTokenOutputSerializer(token_body(token)).data)

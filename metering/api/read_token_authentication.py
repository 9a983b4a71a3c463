"""Bearer authentication of customer read tokens (`mct_...`); every other bearer is a key's.

Listed before ApiKeyAuthentication in DEFAULT_AUTHENTICATION_CLASSES: a bearer that does not
start with the token prefix is left to it untouched (this class answers None). What a token may
call is decided by TenantApiView (metering/api/base.py): the reads whose view lists the method
in `customer_token_methods`, for the token's own customer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from config.logs import context_bind

if TYPE_CHECKING:
    from metering.models import CustomerReadToken

TOKEN_START = "mct_"  # noqa: S105 - a prefix, not a secret


class CustomerTokenPrincipal:
    """The authenticated caller: a tenant's customer, through a read token."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token: CustomerReadToken) -> None:
        self.token = token
        self.tenant = token.tenant

    def __str__(self) -> str:
        return f"customer-read-token:{self.token.prefix}"


class CustomerReadTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Bearer mct_...` against the hashed customer read tokens."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[CustomerTokenPrincipal, Any] | None:
        scheme, _, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        raw = raw.strip()
        if not raw.startswith(TOKEN_START) or scheme.lower() != "bearer" or " " in raw:
            return None  # an API key, a malformed header or none: ApiKeyAuthentication answers
        # Imported here, as in ApiKeyAuthentication: DRF loads this class with its settings.
        from metering.read_token_services import read_token_authenticate

        token = read_token_authenticate(raw_token=raw)
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown, expired or revoked read token.")
        context_bind(tenant_id=str(token.tenant_id))
        return CustomerTokenPrincipal(token), token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="marginal"'


class CustomerReadTokenScheme(OpenApiAuthenticationExtension):
    target_class = "metering.api.read_token_authentication.CustomerReadTokenAuthentication"
    name = "bearerCustomerReadToken"

    def get_security_requirement(self, auto_schema: Any) -> Any:
        # Only on the operations a token may call, so the schema says which those are.
        methods = getattr(auto_schema.view, "customer_token_methods", ())
        return {self.name: []} if auto_schema.method.upper() in methods else None

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mct_<prefix>_<secret>",
            "description": "A customer read token (POST /v1/customers/{customer_id}/read-tokens): "
            "reads one customer's usage, invoice preview, credits and projection, until it expires "
            "(at most 24 h) or is revoked.",
        }

"""Bearer API-key authentication: an indexed lookup, remembered a few seconds until any revocation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from config.logs import context_bind

if TYPE_CHECKING:
    from metering.models import ApiKey


class ApiKeyPrincipal:
    """The authenticated caller: a tenant's API key (not a Django user)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, api_key: ApiKey) -> None:
        self.api_key = api_key
        self.tenant = api_key.tenant

    def __str__(self) -> str:
        return f"api-key:{self.api_key.prefix}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Bearer <key>` against the hashed keys of every tenant."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiKeyPrincipal, ApiKey] | None:
        # Imported here: DRF loads this class with its settings, while importing
        # rest_framework.views, which metering.services itself imports (via config.api.errors).
        from metering.services import api_key_authenticate

        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not raw.strip() or " " in raw.strip():
            raise exceptions.AuthenticationFailed(
                "Malformed Authorization header: expected 'Bearer <api key>'."
            )
        api_key = api_key_authenticate(raw_key=raw.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        # Every log line of the rest of the request, and every task it sends, names the tenant.
        context_bind(tenant_id=str(api_key.tenant_id))
        return ApiKeyPrincipal(api_key), api_key

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="marginal"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "metering.api.authentication.ApiKeyAuthentication"
    name = "bearerApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mgl_<prefix>_<secret>",
            "description": "A tenant API key, shown once at creation. Scopes: ingest, read, "
            "write, admin (admin grants every scope).",
        }

"""Base view of every tenant-scoped endpoint: the caller is an API key or a customer read token."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from config.errors import NotFound
from metering.audit import Actor
from metering.models import ApiKey, CustomerReadToken, Tenant

CUSTOMER_READ_DENIED = (
    "A customer read token reads only its customer's usage, invoice preview, credits"
    " and projection."
)


# A view whose caller is a tenant API key. `required_scope` names the scope every method needs;
# `method_scopes` overrides it per HTTP method (READ_WRITE_SCOPES of config.api.permissions: GET
# needs `read`, the rest `required_scope`). `operation_ids` (HTTP method to operation id), `tag`,
# `summaries` (HTTP method to a one-line summary; a single operation may take its docstring's)
# and `optional_bodies` (methods whose body may be left out) describe the view's operations in
# the OpenAPI schema (config.api.schema reads them). `actor` is who asks, passed on to
# every service that writes the audit log. `customer_token_methods` names the methods (reads)
# a customer read token may call (every other operation answers it 403); such a request
# naming another customer, in the path or the `customer_id` query parameter, is a 404, and
# `token_customer_id` tells a view that filters by customer which one the token reads. No
# docstring here on purpose: drf-spectacular would copy it into every operation's description.
class TenantApiView(APIView):
    operation_ids: ClassVar[dict[str, str]] = {}
    tag: ClassVar[str] = ""
    required_scope: ClassVar[str] = "write"
    method_scopes: ClassVar[dict[str, str]] = {}
    problem_codes: ClassVar[tuple[int, ...]] = ()
    summaries: ClassVar[dict[str, str]] = {}
    optional_bodies: ClassVar[tuple[str, ...]] = ()
    customer_token_methods: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def scope_for(cls, method: str) -> str:
        return cls.method_scopes.get(method.upper(), cls.required_scope)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # The schema marks every request body required unless `optional_bodies` says otherwise
        # (config.api.schema). A POST body with required fields fails its serializer when left
        # out; a PATCH or PUT body may have none, so its absence is refused here, after
        # authentication.
        method = (request.method or "").lower()
        bodied = method in ("patch", "put") and hasattr(self, method)
        if bodied and method not in self.optional_bodies and not request.body:
            raise exceptions.ParseError("This operation needs a JSON body.")

    def check_permissions(self, request: Request) -> None:
        token = request.auth
        if not isinstance(token, CustomerReadToken):
            super().check_permissions(request)
            return
        if (request.method or "").upper() not in self.customer_token_methods:
            raise exceptions.PermissionDenied(CUSTOMER_READ_DENIED)
        mine = token.customer.external_id
        for named in (self.kwargs.get("customer_id"), request.query_params.get("customer_id")):
            if named is not None and named != mine:
                # The answer to a customer that does not exist: the token sees no other.
                raise NotFound(f"No customer with external_id '{named}'.")

    @property
    def token_customer_id(self) -> str | None:
        """The external_id of the customer a customer read token reads; None for an API key."""
        token = self.request.auth
        return token.customer.external_id if isinstance(token, CustomerReadToken) else None

    @property
    def tenant(self) -> Tenant:
        return cast(ApiKey, self.request.auth).tenant

    @property
    def actor(self) -> Actor:
        return Actor.of_api_key(cast(ApiKey, self.request.auth))

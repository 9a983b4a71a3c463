"""Base view of every tenant-scoped endpoint: the caller is a tenant's API key."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from metering.audit import Actor
from metering.models import ApiKey, Tenant


# A view whose caller is a tenant API key. `required_scope` names the scope every method needs;
# `method_scopes` overrides it per HTTP method (READ_WRITE_SCOPES of config.api.permissions: GET
# needs `read`, the rest `required_scope`). `operation_ids` (HTTP method to operation id), `tag`,
# `summaries` (HTTP method to a one-line summary; a single operation may take its docstring's)
# and `optional_bodies` (methods whose body may be left out) describe the view's operations in
# the OpenAPI schema (config.api.schema reads them). `actor` is who asks, passed on to
# every service that writes the audit log. No
# docstring here on purpose: drf-spectacular would copy it into every operation's description.
class TenantApiView(APIView):
    operation_ids: ClassVar[dict[str, str]] = {}
    tag: ClassVar[str] = ""
    required_scope: ClassVar[str] = "write"
    method_scopes: ClassVar[dict[str, str]] = {}
    problem_codes: ClassVar[tuple[int, ...]] = ()
    summaries: ClassVar[dict[str, str]] = {}
    optional_bodies: ClassVar[tuple[str, ...]] = ()

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

    @property
    def tenant(self) -> Tenant:
        return cast(ApiKey, self.request.auth).tenant

    @property
    def actor(self) -> Actor:
        return Actor.of_api_key(cast(ApiKey, self.request.auth))

"""Scope checks: every view names the one scope it needs; an admin key has them all."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

SCOPES = ("ingest", "read", "write", "admin")
# A view's `method_scopes` for "reads need `read`; every other method its `required_scope`".
READ_WRITE_SCOPES: dict[str, str] = {"GET": "read", "HEAD": "read", "OPTIONS": "read"}


class HasScope(permissions.BasePermission):
    """Allow the request when the key carries the view's `required_scope` (or `admin`)."""

    message = "This API key lacks the scope this operation needs."

    def has_permission(self, request: Request, view: Any) -> bool:
        scope_for = getattr(view, "scope_for", None)
        required = scope_for(request.method) if scope_for else getattr(view, "required_scope", None)
        if required is None:
            return True  # public endpoints (health, schema) name no scope
        api_key = request.auth
        if api_key is None:
            return False
        granted = set(getattr(api_key, "scopes", ()))
        if "admin" in granted or required in granted:
            return True
        self.message = f"This API key lacks the '{required}' scope."
        return False

"""Every error, whatever raised it, is RFC 7807 problem details."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path
from rest_framework.test import APIClient

from config.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable
from metering.api.base import TenantApiView
from metering.models import Customer

ROOT = Path(__file__).resolve().parent.parent


class BoomApi(TenantApiView):
    required_scope = "read"

    def get(self, request):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")


DOMAIN_ERRORS: dict[str, DomainError] = {
    "not-found": NotFound("No widget with widget_id 'w-1'."),
    "conflict": Conflict("Widget 'w-1' is final and cannot change."),
    "invalid": InvalidInput(
        [("items.0.price", "Must be a decimal."), ("currency", "Unknown."), ("items.0.price", "<0")]
    ),
    "invalid-body": InvalidInput.field("", "Give either a or b, not both."),
    "unavailable": Unavailable("The database is unavailable; retry.", retry_after=7),
    "refused": DomainError("This cannot be done."),
}


class DomainErrorApi(TenantApiView):
    required_scope = "read"

    def get(self, request, kind):  # type: ignore[no-untyped-def]
        raise DOMAIN_ERRORS[kind]


urlpatterns = [
    path("v1/boom", BoomApi.as_view()),
    path("v1/domain/<str:kind>", DomainErrorApi.as_view()),
]
handler500 = "config.api.errors.handler500"


def problem(status: int, title: str, type_: str, detail: str) -> dict[str, object]:
    return {"type": type_, "title": title, "status": status, "detail": detail}


def test_an_unknown_address_is_a_404_problem(api: APIClient) -> None:
    response = api.get("/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == problem(
        404, "Not found", "/problems/not-found", "No resource at this address."
    )


def test_an_unknown_customer_is_a_404_problem(api: APIClient) -> None:
    assert api.get("/v1/customers/nobody").json() == problem(
        404, "Not found", "/problems/not-found", "No customer with external_id 'nobody'."
    )


def test_a_wrong_method_is_a_405_problem(api: APIClient) -> None:
    response = api.delete("/v1/customers")
    assert response.status_code == 405
    assert response.json() == problem(
        405, "Method not allowed", "/problems/method-not-allowed", 'Method "DELETE" not allowed.'
    )


def test_a_non_json_body_is_a_415_problem(api: APIClient) -> None:
    response = api.post("/v1/customers", "external_id=x", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["type"] == "/problems/unsupported-media-type"
    assert Customer.objects.count() == 0


def test_malformed_json_is_a_400_problem(api: APIClient) -> None:
    response = api.post("/v1/customers", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/validation-error"
    assert response.json()["detail"].startswith("JSON parse error")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_body_over_the_limit_is_a_413_problem(api: APIClient) -> None:
    body = '{"external_id": "x", "name": "' + "n" * 200 + '"}'
    response = api.post("/v1/customers", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == problem(
        413,
        "Payload too large",
        "/problems/payload-too-large",
        f"The request body is {len(body)} bytes; the limit is 100.",
    )
    assert Customer.objects.count() == 0


@pytest.mark.urls("tests.test_errors")
def test_an_unexpected_error_is_a_500_problem(api: APIClient) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/v1/boom", HTTP_AUTHORIZATION=api._credentials["HTTP_AUTHORIZATION"])
    assert response.status_code == 500
    assert response.json() == problem(
        500,
        "Internal server error",
        "/problems/internal-error",
        "An unexpected error occurred; it has been logged.",
    )


def _database_down(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/v1/customers"), ("post", "/v1/events"), ("get", "/v1/economics/request-classes")],
)
def test_a_database_outage_anywhere_in_a_request_answers_503_with_retry_after(
    api: APIClient, method: str, path: str
) -> None:
    # Authentication is the first query: it fails too, and still answers 503, not 500.
    with connection.execute_wrapper(_database_down):
        response = getattr(api, method)(path, {}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/unavailable",
        "title": "Service unavailable",
        "status": 503,
        "detail": "The database is unavailable; nothing was changed. Retry the request.",
    }


@pytest.mark.urls("tests.test_errors")
@pytest.mark.parametrize(
    ("kind", "status", "title", "type_", "detail", "errors"),
    [
        (
            "not-found",
            404,
            "Not found",
            "/problems/not-found",
            "No widget with widget_id 'w-1'.",
            None,
        ),
        (
            "conflict",
            409,
            "Conflict",
            "/problems/conflict",
            "Widget 'w-1' is final and cannot change.",
            None,
        ),
        (
            "invalid",
            400,
            "Invalid request",
            "/problems/validation-error",
            "The request has invalid fields; see errors.",
            [
                {"field": "items.0.price", "message": "Must be a decimal."},
                {"field": "currency", "message": "Unknown."},
                {"field": "items.0.price", "message": "<0"},
            ],
        ),
        (
            "invalid-body",
            400,
            "Invalid request",
            "/problems/validation-error",
            "Give either a or b, not both.",
            [{"field": "", "message": "Give either a or b, not both."}],
        ),
        (
            "unavailable",
            503,
            "Service unavailable",
            "/problems/unavailable",
            "The database is unavailable; retry.",
            None,
        ),
        (
            "refused",
            400,
            "Invalid request",
            "/problems/validation-error",
            "This cannot be done.",
            [{"field": "", "message": "This cannot be done."}],
        ),
    ],
)
def test_a_domain_error_is_answered_with_its_problem(
    api: APIClient,
    kind: str,
    status: int,
    title: str,
    type_: str,
    detail: str,
    errors: list[dict[str, str]] | None,
) -> None:
    response = api.get(f"/v1/domain/{kind}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    expected = problem(status, title, type_, detail)
    if errors is not None:
        expected["errors"] = errors
    assert response.json() == expected
    assert response.get("Retry-After") == ("7" if kind == "unavailable" else None)


def test_invalid_input_needs_a_field_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        InvalidInput([])
    assert str(InvalidInput([("a", "Bad."), ("", "Worse.")])) == "a: Bad.; Worse."


# Services and selectors raise config.errors; HTTP belongs to the views and the error handler.
HTTP_MODULES = ("rest_framework", "django.http", "config.api")
HTTP_IMPORTS_ALLOWED: dict[str, str] = {}


def service_and_selector_modules() -> list[Path]:
    found = []
    for package in ("config", "metering", "pricing", "economics"):
        for module in sorted((ROOT / package).rglob("*.py")):
            parts = module.relative_to(ROOT).parts
            if "services" in parts[:-1] or module.stem.endswith(("services", "selectors")):
                found.append(module)
    return found


def http_imports(source: str) -> list[str]:
    """Return the HTTP-layer modules a source imports from."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found.extend(n for n in names if n.startswith(HTTP_MODULES))
    return found


def test_services_and_selectors_import_nothing_of_http() -> None:
    modules = service_and_selector_modules()
    assert ROOT / "pricing/services.py" in modules
    assert ROOT / "economics/costs/services/prices.py" in modules
    offending = {
        module.relative_to(ROOT).as_posix(): imports
        for module in modules
        if (imports := http_imports(module.read_text(encoding="utf-8")))
    }
    assert {path: offending[path] for path in offending if path not in HTTP_IMPORTS_ALLOWED} == {}
    assert sorted(set(HTTP_IMPORTS_ALLOWED) - set(offending)) == []


def test_the_http_import_check_would_catch_one() -> None:
    source = (
        "from django.http import Http404\nfrom rest_framework.exceptions import ValidationError"
    )
    assert http_imports(source) == ["django.http", "rest_framework.exceptions"]
    assert http_imports("from config.errors import NotFound\nimport decimal") == []

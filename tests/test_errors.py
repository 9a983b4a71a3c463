"""Every error, whatever raised it, is RFC 7807 problem details."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path
from rest_framework.test import APIClient

from metering.api.base import TenantApiView
from metering.models import Customer


class BoomApi(TenantApiView):
    required_scope = "read"

    def get(self, request):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")


urlpatterns = [path("v1/boom", BoomApi.as_view())]
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

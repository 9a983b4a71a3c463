"""The OpenAPI contract integrators generate clients from: summaries, bodies, error shapes."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.urls import path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.schema import summary_from_doc
from metering.api.base import TenantApiView

PROBLEM = "application/problem+json"
# Every field of these bodies has a default, so the body may be left out.
OPTIONAL_BODIES = {
    "customer_read_tokens_create",
    "events_void",
    "plan_versions_create",
    "plan_versions_migrate",
    "subscriptions_cancel",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (url, method, operation)
        for url, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_has_a_short_summary_and_a_description(schema: dict[str, Any]) -> None:
    for url, method, operation in operations(schema):
        name = f"{method.upper()} {url}"
        summary = operation.get("summary", "")
        assert summary, f"{name} has no summary"
        assert len(summary) <= 80 and not summary.endswith("."), f"{name}: {summary!r}"
        assert operation.get("description"), f"{name} has no description"
        assert operation["description"] != summary, f"{name} repeats its summary"


def test_every_request_body_is_required_unless_each_field_has_a_default(
    schema: dict[str, Any],
) -> None:
    bodies = {
        operation["operationId"]: operation["requestBody"]
        for _, _, operation in operations(schema)
        if "requestBody" in operation
    }
    optional = {name for name, body in bodies.items() if not body.get("required")}
    assert optional == OPTIONAL_BODIES
    assert len(bodies) == 39
    assert bodies["events_ingest"]["required"] is True
    assert bodies["customers_update"]["required"] is True


def test_every_error_response_is_a_problem_document_with_an_example(
    schema: dict[str, Any],
) -> None:
    checked = 0
    for url, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if int(code) < 400 or operation["operationId"] == "readyz":
                continue
            content = response["content"][PROBLEM]
            assert content["schema"] == {"$ref": "#/components/schemas/ProblemDetail"}, url
            example = content["example"]
            assert example["status"] == int(code), f"{method} {url} {code}"
            assert set(example) >= {"type", "title", "status", "detail"}
            checked += 1
    assert checked > 400


def test_a_summary_is_the_first_clause_of_a_single_operation_docstring() -> None:
    assert summary_from_doc("Void an event: it stays readable.") == "Void an event"
    assert summary_from_doc("Revoke an API key; the next request gets 401.") == "Revoke an API key"
    assert summary_from_doc("Acknowledge an alert (idempotent).") == "Acknowledge an alert"
    assert summary_from_doc("Read a subscription.\n\nMore text.") == "Read a subscription"


class _ThingSerializer(serializers.Serializer):
    name = serializers.CharField()


class _TwoOperationsWithoutSummaries(TenantApiView):
    """List things, or add one."""

    operation_ids: ClassVar[dict[str, str]] = {"get": "things_list", "post": "things_create"}
    tag = "things"

    def get(self, request: Request) -> Response:
        return Response([])

    def post(self, request: Request) -> Response:
        return Response({})


def test_a_view_with_two_operations_and_no_summaries_fails_schema_generation() -> None:
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(
        patterns=[path("v1/things", _TwoOperationsWithoutSummaries.as_view())]
    )
    with GENERATOR_STATS.silence():
        generator.get_schema(request=None, public=True)
    errors = dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert any("names no summary for GET" in message for message in errors), errors
    assert any("names no summary for POST" in message for message in errors), errors


def test_no_default_is_a_value_the_schema_refuses(schema: dict[str, Any]) -> None:
    """A generated client sends documented defaults: each must pass its own field's rules."""
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            default = spec.get("default")
            if isinstance(default, str):
                assert len(default) >= spec.get("minLength", 0), f"{name}.{field}"


def test_a_required_body_left_out_is_a_400_and_an_optional_one_is_not(
    api: Any, tenant: Any
) -> None:
    from metering.services import customer_create

    customer_create(tenant=tenant, external_id="cus_1")
    missing = api.generic("PATCH", "/v1/customers/cus_1", data="", content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "This operation needs a JSON body."
    revoked = api.generic("POST", f"/v1/api-keys/{api.api_key.id}/revoke", data="")
    assert revoked.status_code == 200  # an operation without a body

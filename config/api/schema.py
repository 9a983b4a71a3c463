"""OpenAPI: operation ids and tags, the problem-details component, and error responses.

Every view names its operations with two class attributes, read here and nowhere else:
`operation_ids` maps an HTTP method (lower case) to its operation id, and `tag` is the one tag
of all its operations.
"""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.drainage import error
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from config.api.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Dotted path of the offending field ('' for the body).")
    message = serializers.CharField()


class ProblemDetailSerializer(serializers.Serializer):
    """RFC 7807 problem details."""

    type = serializers.CharField(help_text="A URI reference naming the problem type.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = FieldErrorSerializer(  # type: ignore[assignment]
        many=True, required=False, help_text="Validation errors with field paths (400 only)."
    )


def problem_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Problem-details responses for the given status codes, to spread into extend_schema."""
    return {
        code: OpenApiResponse(ProblemDetailSerializer, description=PROBLEM_TYPES[code][1])
        for code in codes
    }


class MarginalAutoSchema(AutoSchema):
    """Name operations from the view's attributes; document the errors each one can return."""

    def get_operation_id(self) -> str:
        operation_id = (getattr(self.view, "operation_ids", None) or {}).get(self.method.lower())
        if not operation_id:
            error(f"{type(self.view).__name__} names no operation id for {self.method}.")
            return super().get_operation_id()
        return str(operation_id)

    def get_tags(self) -> list[str]:
        tag = getattr(self.view, "tag", None)
        if not tag:
            error(f"{type(self.view).__name__} names no tag.")
            return super().get_tags()
        return [str(tag)]

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        view = self.view
        if getattr(view, "required_scope", None) is None:
            return responses
        codes = [401, 403, 429, 500]
        if self.method in ("POST", "PUT", "PATCH") or self._get_filter_parameters():
            codes.append(400)
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append(415)
        if "{" in self.path:
            codes.append(404)
        codes.extend(getattr(view, "problem_codes", ()))
        for code in sorted(set(codes)):
            key = str(code)
            if key in responses:
                continue
            responses[key] = {
                "content": {
                    PROBLEM_CONTENT_TYPE: {
                        "schema": self.resolve_serializer(ProblemDetailSerializer, "response").ref
                    }
                },
                "description": PROBLEM_TYPES[code][1],
            }
        return responses

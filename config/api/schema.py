"""OpenAPI: the problem-details component and error responses added to every operation."""

from __future__ import annotations

from typing import Any, Literal

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
    """Document the problem-details errors every authenticated operation can return."""

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

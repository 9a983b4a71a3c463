"""OpenAPI: operation ids, tags and summaries, required bodies, and problem-details responses.

Every view names its operations with class attributes, read here and nowhere else:
`operation_ids` maps an HTTP method (lower case) to its operation id, and `tag` is the one tag
of all its operations. `summaries` maps a method to its one-line summary; a view with a single
operation may leave it out, and its summary is then the first clause of its docstring (the
docstring is every operation's description unless `extend_schema(description=...)` says more).
Every request body is required except for the methods a view lists in `optional_bodies`.
A view that names no operation id, tag or summary fails `make schema` (--fail-on-warn).
"""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.drainage import error
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from config.api.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problem_body

# An example body per problem status, shown beside each documented error response.
PROBLEM_EXAMPLES: dict[int, dict[str, Any]] = {
    400: problem_body(
        400,
        "The request has invalid fields; see errors.",
        errors=[{"field": "events.3.input_tokens", "message": "Must be at least 0."}],
    ),
    401: problem_body(401, "Send an API key as: Authorization: Bearer <key>."),
    403: problem_body(403, "This API key lacks the 'write' scope."),
    404: problem_body(404, "Not found."),
    409: problem_body(409, "The request conflicts with the current state of the resource."),
    413: problem_body(413, "The request body is over the size limit."),
    415: problem_body(415, 'Unsupported media type "text/plain" in request.'),
    429: problem_body(429, "Too many read requests; retry after 10 s."),
    500: problem_body(500, "An unexpected error occurred; it has been logged."),
    503: problem_body(503, "The database is unavailable; retry after the Retry-After delay."),
}
# The headers of a 429 (config.api.ratelimit); every limited answer carries the RateLimit-* ones.
RATE_LIMITED_HEADERS: dict[str, Any] = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before the request can succeed.",
    },
    "RateLimit-Limit": {
        "schema": {"type": "integer"},
        "description": "Requests the bucket that refused this one holds when full.",
    },
    "RateLimit-Remaining": {
        "schema": {"type": "integer"},
        "description": "Requests left in that bucket now.",
    },
    "RateLimit-Reset": {
        "schema": {"type": "integer"},
        "description": "Seconds until that bucket is full again.",
    },
}
SUMMARY_MAX = 80
# A character that Python's str.strip() keeps (the JSON Schema \s misses \x1c-\x1f and \x85).
NOT_BLANK_PATTERN = r"[^\s\x1c-\x1f\x85]"


def summary_from_doc(doc: str) -> str:
    """The first clause of a docstring's first sentence, as an operation summary."""
    first = " ".join(doc.strip().split("\n\n")[0].split())
    for stop in (": ", "; ", " (", ". "):
        first = first.split(stop)[0]
    return first.rstrip(".")


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

    def get_summary(self) -> str | None:
        summaries = getattr(self.view, "summaries", None) or {}
        summary = summaries.get(self.method.lower())
        if not summary and len(getattr(self.view, "operation_ids", None) or {}) == 1:
            summary = summary_from_doc(type(self.view).__doc__ or "")
        if not summary:
            error(f"{type(self.view).__name__} names no summary for {self.method}.")
            return None
        if len(summary) > SUMMARY_MAX:
            error(f"{type(self.view).__name__}: the {self.method} summary is over {SUMMARY_MAX}.")
        return str(summary)

    def _get_request_body(self, direction: Literal["request", "response"] = "request") -> Any:
        body = super()._get_request_body(direction)
        optional = getattr(self.view, "optional_bodies", ())
        if body is not None and self.method.lower() not in optional:
            body["required"] = True
        return body

    def _has_query_parameters(self) -> bool:
        """Whether the operation reads query parameters, each of which can be invalid (400)."""
        declared = [
            parameter
            for parameter in self.get_override_parameters()
            if isinstance(parameter, OpenApiParameter)
        ]
        return bool(self._get_filter_parameters()) or any(
            parameter.location == OpenApiParameter.QUERY for parameter in declared
        )

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        """Say in a request schema what the strict fields (config.api.strict) refuse.

        A decimal is a non-empty decimal string, unsigned when it cannot be below 0; a string
        that may not be blank holds a non-space character (surrounding spaces are trimmed).
        """
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and type(field) is serializers.CharField
            and not field.allow_blank
            and field.trim_whitespace
            and schema.get("type") == "string"
            and "pattern" not in schema
            and "enum" not in schema
        ):
            schema["pattern"] = NOT_BLANK_PATTERN
        if (
            direction == "request"
            and isinstance(field, serializers.DecimalField)
            and schema.get("format") == "decimal"
        ):
            sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
            whole = field.max_whole_digits if field.max_whole_digits is not None else 30
            places = field.decimal_places if field.decimal_places is not None else 30
            fraction = rf"(?:\.\d{{1,{places}}})?" if places else ""
            schema["pattern"] = rf"^{sign}\d{{1,{max(whole, 1)}}}{fraction}$"
        return schema

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        view = self.view
        if getattr(view, "required_scope", None) is None:
            # A public view (health probes, signed webhooks) documents only what it names.
            codes: list[int] = list(getattr(view, "problem_codes", ()))
            return self._with_problems(responses, codes)
        codes = [401, 403, 429, 500]
        if self.method in ("POST", "PUT", "PATCH") or self._has_query_parameters():
            codes.append(400)
        if self.method in ("POST", "PUT", "PATCH"):
            codes.extend((413, 415))
        if "{" in self.path:
            codes.append(404)
        codes.extend(getattr(view, "problem_codes", ()))
        return self._with_problems(responses, codes)

    def _with_problems(self, responses: dict[str, Any], codes: list[int]) -> dict[str, Any]:
        for code in sorted(set(codes)):
            key = str(code)
            if key in responses:
                continue
            responses[key] = {
                "content": {
                    PROBLEM_CONTENT_TYPE: {
                        "schema": self.resolve_serializer(ProblemDetailSerializer, "response").ref,
                        "example": PROBLEM_EXAMPLES[code],
                    }
                },
                "description": PROBLEM_TYPES[code][1],
            }
            if code == 429:
                responses[key]["headers"] = RATE_LIMITED_HEADERS
        return responses

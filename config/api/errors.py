"""One error shape everywhere: RFC 7807 problem details, with field paths for validation errors.

Services and selectors raise the domain errors of config.errors; this handler gives each its
HTTP answer: NotFound 404, Conflict 409, InvalidInput 400 (with its field paths), Unavailable
503 (with Retry-After), any other DomainError 400.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config import errors as domain
from config.api.exceptions import Conflict, PayloadTooLarge, ServiceUnavailable

__all__ = ["Conflict", "PayloadTooLarge", "ServiceUnavailable", "problem_exception_handler"]

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Problem type URIs are relative references documented in docs/errors.md.
PROBLEM_TYPES: dict[int, tuple[str, str]] = {
    400: ("/problems/validation-error", "Invalid request"),
    401: ("/problems/unauthenticated", "Authentication required"),
    403: ("/problems/forbidden", "Permission denied"),
    404: ("/problems/not-found", "Not found"),
    405: ("/problems/method-not-allowed", "Method not allowed"),
    406: ("/problems/not-acceptable", "Not acceptable"),
    409: ("/problems/conflict", "Conflict"),
    413: ("/problems/payload-too-large", "Payload too large"),
    415: ("/problems/unsupported-media-type", "Unsupported media type"),
    429: ("/problems/rate-limited", "Too many requests"),
    500: ("/problems/internal-error", "Internal server error"),
    503: ("/problems/unavailable", "Service unavailable"),
}


def flatten_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error structure into a flat list of {field, message} with dotted paths."""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            out.extend(flatten_errors(value, path))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out.extend({"field": prefix, "message": str(item)} for item in detail)
        else:
            for index, item in enumerate(detail):
                if item in ({}, [], None):
                    continue
                path = f"{prefix}.{index}" if prefix else str(index)
                out.extend(flatten_errors(item, path))
    else:
        out.append({"field": prefix, "message": str(detail)})
    return out


def problem_body(
    status_code: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Build a problem-details body for a status code."""
    problem_type, default_title = PROBLEM_TYPES.get(status_code, ("about:blank", "Error"))
    body: dict[str, Any] = {
        "type": problem_type,
        "title": title or default_title,
        "status": status_code,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def api_exception(exc: domain.DomainError) -> exceptions.APIException:
    """Return the API exception that answers a domain error (its status and headers)."""
    if isinstance(exc, domain.NotFound):
        return exceptions.NotFound(exc.detail)
    if isinstance(exc, domain.Conflict):
        return Conflict(exc.detail)
    if isinstance(exc, domain.Unavailable):
        return ServiceUnavailable(exc.detail, retry_after=exc.retry_after)
    return exceptions.ValidationError(exc.detail)  # InvalidInput, or another refusal: a 400


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every API exception as problem details."""
    field_errors = None
    if isinstance(exc, domain.InvalidInput):
        field_errors = [{"field": field, "message": message} for field, message in exc.errors]
    if isinstance(exc, domain.DomainError):
        exc = api_exception(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected errors propagate to handler500 (problem details, logged)
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail) if field_errors is None else field_errors
        detail = "The request has invalid fields; see errors." if errors else "Invalid request."
        if len(errors) == 1 and not errors[0]["field"]:
            detail = errors[0]["message"]
    elif isinstance(exc, exceptions.APIException):
        detail = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else str(exc.detail)
    else:
        detail = str(exc)
    body = problem_body(response.status_code, detail, errors=errors)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = str(exc.retry_after)
    return response


def json_problem(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    return JsonResponse(
        problem_body(status_code, detail), status=status_code, content_type=PROBLEM_CONTENT_TYPE
    )


def handler400(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    if isinstance(exception, RequestDataTooBig):
        return json_problem(request, 413, "The request body is over the size limit.")
    return json_problem(request, 400, "Bad request.")


def handler403(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return json_problem(request, 403, "Permission denied.")


def handler404(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return json_problem(request, 404, "No resource at this address.")


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The last route under /v1/: an unknown path is a problem document, DEBUG or not."""
    return json_problem(request, 404, "No resource at this address.")


def handler500(request: HttpRequest) -> JsonResponse:
    return json_problem(request, 500, "An unexpected error occurred; it has been logged.")

"""Request-wide answers: 413 before an oversized body is read, 503 when the database is down;
a request id and a latency measure around every request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from config import logs, metrics
from config.api.errors import json_problem

logger = logging.getLogger(__name__)


def _log_context_clear(**_: Any) -> None:
    logs.context_clear()


request_finished.connect(_log_context_clear, dispatch_uid="config.log_context_clear")


class RequestContextMiddleware:
    """Give each request an id (X-Request-ID in and out) and time it per API operation.

    The id is bound to the logging context for the whole request (authentication adds the
    tenant id), and travels into every task the request sends (config.celery_app).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        logs.context_clear()
        request_id = logs.request_id_for(request.META.get("HTTP_X_REQUEST_ID"))
        logs.context_bind(request_id=request_id)
        # Left bound until the response is closed (request_finished): Django logs a 4xx/5xx
        # line ("django.request") after the middleware has returned, and it names the ids too.
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        operation = getattr(request, "_operation", None) or "unrouted"
        metrics.REQUEST_DURATION.labels(
            operation=operation,
            method=request.method or "",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        # The OpenAPI operation id when the view names one, else the URL route: both are a
        # bounded set of label values, never the raw path.
        view_class = getattr(view_func, "view_class", None)
        operation_ids = getattr(view_class, "operation_ids", None) or {}
        match = request.resolver_match
        request._operation = operation_ids.get((request.method or "").lower()) or (  # type: ignore[attr-defined]
            match.route if match is not None else None
        )


class BodySizeLimitMiddleware:
    """Answer 413 when Content-Length exceeds DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return json_problem(request, 400, "The Content-Length header is not a number.")
        if limit is not None and length > limit:
            return json_problem(
                request, 413, f"The request body is {length} bytes; the limit is {limit}."
            )
        return self.get_response(request)


# Seconds a client should wait before retrying a request the database could not serve.
DATABASE_RETRY_AFTER = 5


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when the database fails anywhere in a request.

    Authentication included: the key lookup is the first query of most requests. Nothing
    was stored: every write is rolled back with the error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning(
            "database unavailable for %s %s: %s", request.method, request.path, exception
        )
        response = json_problem(
            request, 503, "The database is unavailable; nothing was changed. Retry the request."
        )
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response

"""Request-wide answers: 413 before an oversized body is read, 503 when the database is down."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from config.api.errors import json_problem

logger = logging.getLogger(__name__)


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

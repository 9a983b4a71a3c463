"""Refuse an oversized body with a 413 problem before anything reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from config.api.errors import json_problem


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

"""Cursor pagination for every list: stable under inserts, `?cursor=` and `?limit=`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
LIMIT_MESSAGE = f"Must be an integer from 1 to {MAX_PAGE_SIZE}."
CURSOR_MESSAGE = "Not a cursor of this list: use a next or previous URL as given."
PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "cursor", str, description="Opaque cursor from a previous page's next/previous."
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        description=f"Page size (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
    ),
]


class CursorPagination(pagination.CursorPagination):
    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "limit"
    ordering = "-id"

    def get_page_size(self, request: Request) -> int:
        """The `limit` asked for, or the default; anything but 1..1000 is a 400 on `limit`."""
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or not 1 <= int(raw[0]) <= MAX_PAGE_SIZE:
            raise ValidationError({self.page_size_query_param: [LIMIT_MESSAGE]})
        return int(raw[0])

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        """Read the cursor; one that was not issued by this list is a 400 on `cursor`."""
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError({self.cursor_query_param: [CURSOR_MESSAGE]}) from exc


def paginate(
    *,
    request: Request,
    view: Any,
    queryset: QuerySet[Any],
    serializer_class: type[serializers.BaseSerializer],
    ordering: str = "-id",
) -> Response:
    """Serialise one cursor page of `queryset` as {next, previous, results}."""
    paginator = CursorPagination()
    paginator.ordering = ordering
    page = paginator.paginate_queryset(queryset, request, view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def paginated(serializer_class: type[serializers.BaseSerializer]) -> serializers.Serializer:
    """The OpenAPI shape of a cursor page of `serializer_class`."""
    name = serializer_class.__name__.removesuffix("Serializer").removesuffix("Output")
    return inline_serializer(
        name=f"Paginated{name}List",
        fields={
            "next": serializers.URLField(allow_null=True, help_text="URL of the next page."),
            "previous": serializers.URLField(
                allow_null=True, help_text="URL of the previous page."
            ),
            "results": serializer_class(many=True),
        },
    )

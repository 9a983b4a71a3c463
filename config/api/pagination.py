"""Cursor pagination for every list: stable under inserts, `?cursor=` and `?limit=`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import pagination, serializers
from rest_framework.request import Request
from rest_framework.response import Response

PAGINATION_PARAMETERS = [
    OpenApiParameter(
        "cursor", str, description="Opaque cursor from a previous page's next/previous."
    ),
    OpenApiParameter("limit", int, description="Page size (default 50, at most 1000)."),
]


class CursorPagination(pagination.CursorPagination):
    page_size = 50
    max_page_size = 1000
    page_size_query_param = "limit"
    ordering = "-id"


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

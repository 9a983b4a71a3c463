"""Every operation that documents 429 is rate-limited, and only those."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

from config.api.ratelimit import ApiRateThrottle, bucket_of


def api_views(patterns: list[Any] | None = None) -> list[type[APIView]]:
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            found.extend(api_views(pattern.url_patterns))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if isinstance(view, type) and issubclass(view, APIView):
                found.append(view)
    return found


def test_every_keyed_operation_draws_from_a_bucket_and_documents_429() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        operation["operationId"]
        for item in schema["paths"].values()
        for operation in item.values()
        if "429" in operation["responses"]
    }
    limited, public = set(), set()
    for view in api_views():
        assert ApiRateThrottle in [type(t) for t in view().get_throttles()], view
        for method, operation_id in getattr(view, "operation_ids", {}).items():
            if bucket_of(view, method.upper()) is None:
                public.add(operation_id)
            else:
                limited.add(operation_id)
    assert limited == documented
    assert {"healthz", "readyz"} <= public
    assert len(limited) > 80

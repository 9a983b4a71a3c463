"""Liveness and readiness probes (no authentication)."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

HealthSerializer = inline_serializer(
    name="HealthStatus",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "unavailable"]),
        "checks": serializers.DictField(
            child=serializers.CharField(), help_text="Component name to 'ok' or an error."
        ),
    },
)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def check_broker() -> str:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
        )
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


class HealthzApi(APIView):
    """Liveness: the process answers (no authentication, no dependency checked)."""

    operation_ids = {"get": "healthz"}
    summaries = {"get": "Liveness probe"}
    tag = "health"

    authentication_classes: list[type] = []
    permission_classes: list[type] = []

    @extend_schema(responses={200: HealthSerializer})
    def get(self, request: Request) -> Response:
        return Response({"status": "ok", "checks": {"process": "ok"}})


class ReadyzApi(APIView):
    """Readiness: the database (and the broker when configured) answer; 503 otherwise."""

    operation_ids = {"get": "readyz"}
    summaries = {"get": "Readiness probe"}
    tag = "health"

    authentication_classes: list[type] = []
    permission_classes: list[type] = []

    @extend_schema(responses={200: HealthSerializer, 503: HealthSerializer})
    def get(self, request: Request) -> Response:
        checks = {"database": check_database()}
        if settings.REDIS_URL:
            checks["broker"] = check_broker()
        ready = all(value == "ok" for value in checks.values())
        return Response(
            {"status": "ok" if ready else "unavailable", "checks": checks},
            status=200 if ready else 503,
        )

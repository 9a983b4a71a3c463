"""The database health check asks the socket, not the server, unless the socket has news."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoPostgreSQL

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def other_connection() -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )


def test_a_healthy_idle_connection_passes_without_a_round_trip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection.ensure_connection()
    asked: list[bool] = []
    monkeypatch.setattr(DjangoPostgreSQL, "is_usable", lambda self: asked.append(True) or True)
    assert connection.vendor == "postgresql"
    assert connection.is_usable() is True
    assert asked == []


def test_a_session_the_server_ended_is_found_and_replaced() -> None:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with other_connection() as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    for _ in range(100):  # the farewell reaches the socket
        if not connection.is_usable():
            break
        time.sleep(0.02)
    assert connection.is_usable() is False
    # What Django does before a request reuses the connection: close it, then reconnect.
    connection.health_check_enabled = True
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    assert connection.connection is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid

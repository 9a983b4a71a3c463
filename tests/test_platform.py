"""Health probes, the OpenAPI schema, settings and the Celery configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from config.celery_app import app as celery_app
from config.settings.base import require_secret_key


def test_healthz_answers_without_a_key(anon: APIClient) -> None:
    response = anon.get("/healthz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "checks": {"process": "ok"}},
    )


def test_readyz_checks_the_database(anon: APIClient, db: None) -> None:
    with override_settings(REDIS_URL=""):
        response = anon.get("/readyz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "checks": {"database": "ok"}},
    )


def test_readyz_is_503_when_the_broker_is_down(anon: APIClient, db: None) -> None:
    # Nothing listens on port 1: the broker check fails fast.
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = anon.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "error: ConnectionError"},
    }


def test_the_schema_generates_without_warnings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "bearerApiKey" in text
    assert "application/problem+json" in text


def test_the_committed_schema_matches_the_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """docs/openapi.yaml is what integrators generate clients from: `make schema` refreshes it."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    committed = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
    assert committed.read_text() == out.read_text(), "docs/openapi.yaml is stale: run make schema"


def test_schema_and_docs_are_served(anon: APIClient, db: None) -> None:
    schema = anon.get("/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["components"]["securitySchemes"]["bearerApiKey"]["scheme"] == "bearer"
    docs = anon.get("/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert anon.get("/v1/redoc").status_code == 200


def test_a_missing_secret_key_fails_fast_when_debug_is_off() -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required when DEBUG is off"):
        require_secret_key("", debug=False)
    require_secret_key("", debug=True)
    require_secret_key("s3cret", debug=False)


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        env={"PATH": "", "DEBUG": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_celery_speaks_json_only_with_time_limits() -> None:
    conf = celery_app.conf
    assert (conf.task_serializer, conf.result_serializer, conf.accept_content) == (
        "json",
        "json",
        ["json"],
    )
    assert (conf.task_time_limit, conf.task_soft_time_limit) == (300, 240)


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_path_under_v1_is_a_problem_document_even_with_debug_on(
    method: str, anon: APIClient, settings: Any
) -> None:
    settings.DEBUG = True
    response = getattr(anon, method)("/v1/no-such-thing/42")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/not-found",
        "title": "Not found",
        "status": 404,
        "detail": "No resource at this address.",
    }

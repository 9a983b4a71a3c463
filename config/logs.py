"""Structured logs: one JSON object a line, carrying the request id and tenant id.

The HTTP middleware binds `request_id` (and authentication `tenant_id`) to the context of
the request; every log line written while serving it carries them, and so does every task
the request enqueues: the ids travel as Celery message headers and are bound again around
the task on the worker (config.celery_app). LOG_FORMAT=json (production's default) or
console (development's).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

import structlog

# Context keys carried from a request into the tasks it sends.
CARRIED = ("request_id", "tenant_id")
# An incoming X-Request-ID is kept when it looks like an id, else a new one is made.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def logging_config(*, fmt: str, level: str) -> dict[str, Any]:
    """The LOGGING dict: stdlib loggers rendered by structlog as JSON or console lines."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": _SHARED,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
    }


def request_id_for(incoming: str | None) -> str:
    """The request id to use: the caller's X-Request-ID when it is a plain id, else a new one."""
    if incoming and _REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def context_bind(**values: str) -> Mapping[str, Any]:
    """Bind values to the current context (request or task); return tokens to undo it."""
    return structlog.contextvars.bind_contextvars(**values)


def context_reset(tokens: Mapping[str, Any]) -> None:
    """Undo `context_bind` with the tokens it returned."""
    structlog.contextvars.reset_contextvars(**tokens)


def context_clear() -> None:
    structlog.contextvars.clear_contextvars()


def context_carried() -> dict[str, str]:
    """The values a task sent now should carry (request id, tenant id), as present."""
    current = structlog.contextvars.get_contextvars()
    return {key: str(current[key]) for key in CARRIED if current.get(key)}

"""The Celery application: broker from REDIS_URL, tasks in-process when none is configured.

A task carries the request id and tenant id of the request that sent it (message headers),
and its log lines carry them again on the worker (docs/operations.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from celery import Celery, Task
from celery.signals import (
    before_task_publish,
    celeryd_init,
    setup_logging,
    task_postrun,
    task_prerun,
)

from config import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("marginal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Per task id: the tokens that undo the context bound around it.
_bound: dict[str, Mapping[str, Any]] = {}


@setup_logging.connect
def _logging_from_django(**_: Any) -> None:
    """Leave logging to Django's LOGGING (structured lines), not Celery's own handlers."""


@before_task_publish.connect
def _carry_context(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """Put the sender's request id and tenant id in the task's message headers."""
    if headers is not None:
        for key, value in logs.context_carried().items():
            headers.setdefault(key, value)


@task_prerun.connect
def _bind_context(task_id: str | None = None, task: Task | None = None, **_: Any) -> None:
    """Bind the ids the message carries to the task's log context."""
    if task is None or task_id is None:
        return
    request = task.request
    headers = getattr(request, "headers", None) or {}
    values = {}
    for key in logs.CARRIED:
        value = getattr(request, key, None) or headers.get(key)
        if value:
            values[key] = str(value)
    # In-process (eager) tasks carry no headers: they keep the caller's context as it is.
    if values:
        _bound[task_id] = logs.context_bind(task_id=task_id, **values)


@task_postrun.connect
def _unbind_context(task_id: str | None = None, **_: Any) -> None:
    tokens = _bound.pop(task_id or "", None)
    if tokens is not None:
        logs.context_reset(tokens)


@celeryd_init.connect
def worker_broker_timeouts(conf: Any, **kwargs: Any) -> None:
    """Give a starting worker's broker sockets WORKER_BROKER_TIMEOUT instead of a request's.

    Requests bound every send to about two seconds and fall back on the sweep. A worker
    has nothing to fall back on: when a read times out while it acknowledges a message,
    its consumer is left without a connection and it stops taking tasks without a word.
    Waiting for a broker that is merely slow or frozen keeps it consuming once it answers.
    """
    from django.conf import settings

    options = dict(conf.broker_transport_options or {})
    options["socket_timeout"] = settings.WORKER_BROKER_TIMEOUT
    conf.broker_transport_options = options

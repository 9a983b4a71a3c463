"""Sending Celery tasks without ever failing or hanging the caller on a broker outage.

Every task Marginal sends has durable input (a row: a change note, a mark, a queued job),
and a periodic sweep finds input whose task never arrived. So a send that fails is logged
and reported, never raised into a request: the settings bound every send to about two
seconds (BROKER_SEND_TIMEOUT), and the sweep does the rest once the broker is back.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

# What a send raises when the broker is down or frozen. The redis result store raises a
# RuntimeError once its reconnection retries are spent (only tasks that keep a result).
BROKER_ERRORS: tuple[type[Exception], ...] = (
    BrokerOperationalError,
    ConnectionError,
    TimeoutError,
    RuntimeError,
)


def task_send(task: Task, *args: Any, **kwargs: Any) -> bool:
    """Send `task` now; return False (and log) when the broker cannot take it."""
    if task.app.conf.task_always_eager:
        # In-process: the task runs here, and its own errors must surface, not be logged.
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as exc:
        logger.warning("%s not sent, left for the sweep: %s", task.name, exc)
        return False
    return True


def task_send_later(task: Task, seconds: float, *args: Any) -> bool:
    """Send `task` to run `seconds` from now; return False (and log) when the broker refuses."""
    if task.app.conf.task_always_eager:
        task.apply_async(args=args)
        return True
    try:
        task.apply_async(args=args, countdown=seconds)
    except BROKER_ERRORS as exc:
        logger.warning("%s not sent, left for the sweep: %s", task.name, exc)
        return False
    return True


def task_send_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Send `task` once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: task_send(task, *args, **kwargs))

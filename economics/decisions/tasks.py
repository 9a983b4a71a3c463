"""Celery task of what-ifs: run one job, record every way it can fail; the sweep."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from config.jobs import job_send, jobs_to_send
from economics.decisions.models import WhatIf
from economics.decisions.runner import what_if_fail
from economics.decisions.runner import what_if_run as run

logger = logging.getLogger(__name__)


class WhatIfTask(Task):
    """Backstop: a what-if stopped outside its own handlers (a hard time limit) is failed."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        what_if_id = kwargs.get("what_if_id") or args[0]
        what_if_fail(
            what_if_id=what_if_id,
            error=f"The what-if stopped on an unexpected error ({type(exc).__name__}).",
            unless_finished=True,
        )


@shared_task(
    name="economics.tasks.what_if_run",
    base=WhatIfTask,
    bind=True,
    acks_late=True,
    max_retries=3,
)
def what_if_run(self: Task, what_if_id: str) -> str:
    """Run one what-if; database outages are retried, every other failure is recorded."""
    try:
        resume = self.request.retries > 0
        return str(run(what_if_id=what_if_id, resume=resume).status)
    except (OperationalError, InterfaceError) as exc:
        retries = self.request.retries
        if not self.request.is_eager and retries < (self.max_retries or 0):
            raise self.retry(exc=exc, countdown=2 ** (retries + 1)) from exc
        error = "The database was unavailable for the what-if, even after retries."
        logger.warning("what-if %s: %s", what_if_id, exc)
    except SoftTimeLimitExceeded:
        limit = self.app.conf.task_soft_time_limit
        error = (
            f"The what-if ran longer than {limit} seconds and was stopped; "
            "ask for fewer months at a time."
        )
    except Exception as exc:
        # The job's boundary: whatever went wrong, the what-if must end `failed`, never stay
        # `running`. Logged with its traceback; re-raised for the worker's own records.
        logger.exception("what-if %s stopped on an unexpected error", what_if_id)
        what_if_fail(
            what_if_id=what_if_id,
            error=f"The what-if stopped on an unexpected error ({type(exc).__name__}).",
        )
        if not self.request.is_eager:
            raise
        return "failed"
    what_if_fail(what_if_id=what_if_id, error=error)
    return "failed"


@shared_task(name="economics.what_ifs_sweep")
def what_ifs_sweep() -> int:
    """Beat: send again the what-ifs whose task never arrived or whose worker died."""
    waiting = jobs_to_send(WhatIf)
    for what_if_id in waiting:
        job_send(what_if_run, WhatIf, what_if_id)
    return len(waiting)

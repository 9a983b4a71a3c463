"""Celery task of what-ifs: run one job, record every way it can fail; the sweep."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from config.jobs import job_send, jobs_to_send
from economics.alerts.tasks import deliveries_queue
from economics.decisions.alerting import crossing_alerts_raise
from economics.decisions.crossing import HISTORY_DAYS
from economics.decisions.models import WhatIf
from economics.decisions.runner import what_if_chunk_run as chunk_run
from economics.decisions.runner import what_if_fail
from economics.decisions.runner import what_if_run as run
from economics.margins.models import ClassDay
from metering.models import Tenant

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


class WhatIfChunkTask(WhatIfTask):
    """Backstop of a chunk: stopped outside its own handlers, the whole what-if is failed."""


@shared_task(
    name="economics.what_if_chunk",
    base=WhatIfChunkTask,
    bind=True,
    acks_late=True,  # a worker lost mid-chunk: the chunk is delivered again (it adds nothing twice)
    max_retries=3,
)
def what_if_chunk(self: Task, what_if_id: str, index: int) -> str:
    """Compute one chunk of a what-if's customers; the last chunk in merges the results."""
    try:
        return chunk_run(what_if_id=what_if_id, index=index)
    except (OperationalError, InterfaceError) as exc:
        retries = self.request.retries
        if not self.request.is_eager and retries < (self.max_retries or 0):
            raise self.retry(exc=exc, countdown=2 ** (retries + 1)) from exc
        error = "The database was unavailable for the what-if, even after retries."
        logger.warning("what-if %s chunk %s: %s", what_if_id, index, exc)
    except SoftTimeLimitExceeded:
        limit = self.app.conf.task_soft_time_limit
        error = (
            f"A part of the what-if ran longer than {limit} seconds and was stopped; "
            "ask for fewer months at a time."
        )
    except Exception as exc:
        logger.exception("what-if %s chunk %s stopped on an unexpected error", what_if_id, index)
        what_if_fail(
            what_if_id=what_if_id,
            error=f"The what-if stopped on an unexpected error ({type(exc).__name__}).",
            unless_finished=True,
        )
        if not self.request.is_eager:
            raise
        return "failed"
    what_if_fail(what_if_id=what_if_id, error=error, unless_finished=True)
    return "failed"


@shared_task(name="economics.what_ifs_sweep")
def what_ifs_sweep() -> int:
    """Beat: send again the what-ifs whose task never arrived or whose worker died."""
    waiting = jobs_to_send(WhatIf)
    for what_if_id in waiting:
        job_send(what_if_run, WhatIf, what_if_id)
    return len(waiting)


@shared_task(name="economics.crossing_evaluate")
def crossing_evaluate(tenant_id: str, as_of: str | None = None) -> int:
    """Forecast one tenant's classes from `as_of` (default today, UTC); raise new crossings."""
    tenant = Tenant.objects.get(pk=tenant_id)
    when = date.fromisoformat(as_of) if as_of else datetime.now(UTC).date()
    raised = crossing_alerts_raise(tenant=tenant, as_of=when)
    deliveries_queue(tenant=tenant, alerts=raised)
    return len(raised)


@shared_task(name="economics.crossing_evaluate_all")
def crossing_evaluate_all() -> int:
    """Beat: check the crossing point of every tenant with day rollups in the history window."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    tenants = (
        ClassDay.objects.cross_tenant(reason="beat: every tenant with recent day rollups")
        .filter(bucket_start__gte=today - timedelta(days=HISTORY_DAYS), bucket_start__lt=today)
        .values_list("tenant_id", flat=True)
        .distinct()
    )
    ids = sorted({str(t) for t in tenants})
    for tenant_id in ids:
        crossing_evaluate.delay(tenant_id)
    return len(ids)

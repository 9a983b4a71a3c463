"""Background jobs kept as rows (simulations, what-ifs, re-costs): created once per
Idempotency-Key, sent once, claimed once, never stranded.

A job row is `queued` when created. Its task is sent after the commit and the row stamped
`enqueued_at` once the broker took it. A worker claims the row (`queued` to `running`) in
one UPDATE, so two deliveries of the same task never run it twice at once. A periodic
sweep sends again the jobs whose send failed, whose message was lost (a broker restarted
without persistence), or whose worker died while running; every job is idempotent.
The job model needs the fields `status` ("queued", "running", ...), `created_at`,
`enqueued_at` and `started_at`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from celery import Task
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from config.errors import Conflict
from config.queueing import task_send

if TYPE_CHECKING:  # config imports no app at run time
    from metering.models import Tenant

QUEUED, RUNNING = "queued", "running"
# A queued job whose send failed is sent again after this long.
SEND_GRACE = timedelta(seconds=30)
# A queued job the broker took but no worker started in this long: its message was lost.
LOST_AFTER = timedelta(minutes=15)


def running_stale_after() -> timedelta:
    """A running job not finished after the task's hard time limit (and a margin) is dead."""
    from django.conf import settings

    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def job_create_once(
    model: Any,
    *,
    tenant: Tenant,
    idempotency_key: str,
    asked: dict[str, Any],
    what: str,
    **extra: Any,
) -> tuple[Any, bool]:
    """Create the tenant's job row from `asked`; return (job, created).

    With an Idempotency-Key, a retried request that asks the same gets the first job back
    (created False), the same key asking anything else is a Conflict, and two concurrent
    requests with one key make one job (the unique (tenant, idempotency_key) decides).
    """

    def earlier() -> Any:
        found = model.objects.of(tenant).filter(idempotency_key=idempotency_key).first()
        if found is not None and any(getattr(found, k) != v for k, v in asked.items()):
            raise Conflict(
                f"This Idempotency-Key was used for a different {what} request; "
                "use a new key for a new request."
            )
        return found

    if idempotency_key and (found := earlier()) is not None:
        return found, False
    try:
        with transaction.atomic():
            job = model.objects.create(
                tenant=tenant, idempotency_key=idempotency_key, **asked, **extra
            )
    except IntegrityError:
        if not idempotency_key:
            raise
        # The same key, posted concurrently: the other request created the job.
        return earlier(), False
    return job, True


def job_send(task: Task, model: type[models.Model], pk: Any) -> bool:
    """Send the job's task now and stamp the row when the broker took it."""
    if not task_send(task, str(pk)):
        return False
    model._default_manager.filter(pk=pk).update(enqueued_at=timezone.now())
    return True


def job_send_on_commit(task: Task, model: type[models.Model], pk: Any) -> None:
    """Send the job's task once the transaction that created the row commits."""
    transaction.on_commit(lambda: job_send(task, model, pk))


def job_claim(model: type[models.Model], pk: Any, *, now: datetime | None = None) -> bool:
    """Move a job to `running` for this worker; False if it runs elsewhere or is finished.

    A job left `running` by a dead worker (past the hard time limit) can be claimed again.
    """
    now = now or timezone.now()
    claimable = Q(status=QUEUED) | Q(status=RUNNING, started_at__lt=now - running_stale_after())
    return bool(
        model._default_manager.filter(claimable, pk=pk).update(status=RUNNING, started_at=now)
    )


def jobs_to_send(model: type[models.Model], *, now: datetime | None = None) -> list[Any]:
    """Ids of the jobs of every tenant that need their task sent again (the sweep's list)."""
    now = now or timezone.now()
    never_sent = Q(status=QUEUED, enqueued_at__isnull=True, created_at__lt=now - SEND_GRACE)
    lost = Q(status=QUEUED, enqueued_at__lt=now - LOST_AFTER)
    dead = Q(status=RUNNING, started_at__lt=now - running_stale_after())
    jobs = model._default_manager.filter(never_sent | lost | dead)
    return list(jobs.order_by("created_at").values_list("pk", flat=True))

"""Celery task of simulations: run one job, record every way it can fail."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from config.jobs import job_send, jobs_to_send
from economics.simulations.models import Simulation
from economics.simulations.runner import simulation_chunk_run as chunk_run
from economics.simulations.runner import simulation_fail
from economics.simulations.runner import simulation_run as run

logger = logging.getLogger(__name__)


class SimulationTask(Task):
    """Backstop: a simulation stopped outside its own handlers (a hard time limit) is failed."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        simulation_id = kwargs.get("simulation_id") or args[0]
        simulation_fail(
            simulation_id=simulation_id,
            error=f"The simulation stopped on an unexpected error ({type(exc).__name__}).",
            unless_finished=True,
        )


@shared_task(
    name="economics.tasks.simulation_run",
    base=SimulationTask,
    bind=True,
    acks_late=True,
    max_retries=3,
)
def simulation_run(self: Task, simulation_id: str) -> str:
    """Run one simulation; database outages are retried, every other failure is recorded."""
    try:
        resume = self.request.retries > 0
        return str(run(simulation_id=simulation_id, resume=resume).status)
    except (OperationalError, InterfaceError) as exc:
        retries = self.request.retries
        if not self.request.is_eager and retries < (self.max_retries or 0):
            raise self.retry(exc=exc, countdown=2 ** (retries + 1)) from exc
        error = "The database was unavailable for the simulation, even after retries."
        logger.warning("simulation %s: %s", simulation_id, exc)
    except SoftTimeLimitExceeded:
        limit = self.app.conf.task_soft_time_limit
        error = (
            f"The simulation ran longer than {limit} seconds and was stopped; "
            "simulate fewer customers or months at a time."
        )
    except Exception as exc:
        # The job's boundary: whatever went wrong, the simulation must end `failed`, never
        # stay `running`. Logged with its traceback; re-raised for the worker's own records.
        logger.exception("simulation %s stopped on an unexpected error", simulation_id)
        simulation_fail(
            simulation_id=simulation_id,
            error=f"The simulation stopped on an unexpected error ({type(exc).__name__}).",
        )
        if not self.request.is_eager:
            raise
        return "failed"
    simulation_fail(simulation_id=simulation_id, error=error)
    return "failed"


class SimulationChunkTask(SimulationTask):
    """Backstop of a chunk: stopped outside its own handlers, the whole simulation is failed."""


@shared_task(
    name="economics.simulation_chunk",
    base=SimulationChunkTask,
    bind=True,
    acks_late=True,  # a worker lost mid-chunk: the chunk is delivered again (it adds nothing twice)
    max_retries=3,
)
def simulation_chunk(self: Task, simulation_id: str, index: int) -> str:
    """Rate one chunk of a simulation's customers; the last chunk in merges the results."""
    try:
        return chunk_run(simulation_id=simulation_id, index=index)
    except (OperationalError, InterfaceError) as exc:
        retries = self.request.retries
        if not self.request.is_eager and retries < (self.max_retries or 0):
            raise self.retry(exc=exc, countdown=2 ** (retries + 1)) from exc
        error = "The database was unavailable for the simulation, even after retries."
        logger.warning("simulation %s chunk %s: %s", simulation_id, index, exc)
    except SoftTimeLimitExceeded:
        limit = self.app.conf.task_soft_time_limit
        error = (
            f"A part of the simulation ran longer than {limit} seconds and was stopped; "
            "simulate fewer customers or months at a time."
        )
    except Exception as exc:
        logger.exception(
            "simulation %s chunk %s stopped on an unexpected error", simulation_id, index
        )
        simulation_fail(
            simulation_id=simulation_id,
            error=f"The simulation stopped on an unexpected error ({type(exc).__name__}).",
            unless_finished=True,
        )
        if not self.request.is_eager:
            raise
        return "failed"
    simulation_fail(simulation_id=simulation_id, error=error, unless_finished=True)
    return "failed"


@shared_task(name="economics.simulations_sweep")
def simulations_sweep() -> int:
    """Beat: send again the simulations whose task never arrived or whose worker died."""
    waiting = jobs_to_send(Simulation)
    for simulation_id in waiting:
        job_send(simulation_run, Simulation, simulation_id)
    return len(waiting)

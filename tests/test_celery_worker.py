"""Round-trip a task through a real Celery worker process on Redis and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config import logs
from config.celery_app import app as celery_app
from metering.audit import Actor
from metering.services import tenant_create
from metering.tasks import ping

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def live_worker(transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    """Start `celery worker` against this test database and broker; stop it afterwards."""
    db = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
    )
    # Another test of this process may have run a task in-process, after which Celery takes
    # this process for a worker and refuses result.get(); these results come from another
    # process, hence disable_sync_subtasks=False on each get.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager = previous
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.worker
def test_a_task_round_trips_through_a_real_worker(live_worker: subprocess.Popen[bytes]) -> None:
    assert settings.REDIS_URL
    tenant_create(name="Seen by the worker", actor=Actor.system("tests"))
    deadline = time.monotonic() + 60
    result = ping.delay("round-trip")
    while not result.ready() and time.monotonic() < deadline:
        assert live_worker.poll() is None, "the worker exited"
        time.sleep(0.1)
    assert result.get(timeout=1, disable_sync_subtasks=False) == {
        "token": "round-trip",
        "tenants": 1,
        "context": {},
    }


@pytest.mark.worker
def test_a_task_carries_the_request_id_and_tenant_id_of_its_sender(
    live_worker: subprocess.Popen[bytes],
) -> None:
    tokens = logs.context_bind(request_id="req-42", tenant_id="t-7")
    try:
        result = ping.delay("carried")
    finally:
        logs.context_reset(tokens)
    deadline = time.monotonic() + 60
    while not result.ready() and time.monotonic() < deadline:
        assert live_worker.poll() is None, "the worker exited"
        time.sleep(0.1)
    assert result.get(timeout=1, disable_sync_subtasks=False)["context"] == {
        "request_id": "req-42",
        "tenant_id": "t-7",
    }


@pytest.mark.worker
def test_a_worker_started_without_queues_consumes_every_queue(
    live_worker: subprocess.Popen[bytes],
) -> None:
    queues = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    results = {name: ping.apply_async((name,), queue=name) for name in queues}
    deadline = time.monotonic() + 60
    while not all(r.ready() for r in results.values()) and time.monotonic() < deadline:
        assert live_worker.poll() is None, "the worker exited"
        time.sleep(0.1)
    assert {
        name: r.get(timeout=1, disable_sync_subtasks=False)["token"] for name, r in results.items()
    } == {name: name for name in queues}

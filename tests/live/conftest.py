"""One live Marginal (gunicorn + a Celery worker on PostgreSQL + Redis) for the integrators' tests.

Every test module here is marked `worker` (pytestmark): skipped on the quick SQLite run,
required in CI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.stack import LiveStack

CLIENT_DIR = Path(__file__).resolve().parent.parent.parent / "clients" / "python"


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    """The live server and worker, started once for every test of the run that needs them."""
    stack = LiveStack(
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ["REDIS_URL"],
        log_dir=tmp_path_factory.mktemp("live-logs"),
    )
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def client_path() -> Iterator[None]:
    """Import the generated client from clients/python, as `pip install ./clients/python` would."""
    sys.path.insert(0, str(CLIENT_DIR))
    try:
        yield
    finally:
        sys.path.remove(str(CLIENT_DIR))

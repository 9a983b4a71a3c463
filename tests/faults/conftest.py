"""The fault suite's stack, started once for all scenarios, and its table in the terminal.

Every module here is marked `faults`: it runs in the PostgreSQL CI run (it starts its own
PostgreSQL cluster and Redis from the machine's binaries), in one test process, and is skipped
on SQLite. Its table is printed by tests/conftest.py, which also gathers it from the test
processes under pytest-xdist.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import FrameType

import pytest

from tests.faults.services import FaultStack


@pytest.fixture(scope="session")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultStack]:
    """PostgreSQL, Redis, gunicorn, a worker and beat of the suite's own; all gone afterwards."""

    def interrupted(signum: int, frame: FrameType | None) -> None:
        # A cancelled CI job sends SIGTERM: unwind through the teardown below.
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupted)
    stack = FaultStack(tmp_path_factory.mktemp("fault-logs"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        signal.signal(signal.SIGTERM, previous)

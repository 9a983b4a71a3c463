"""The multi-host test's hosts, built once in network namespaces and gone afterwards.

Marked `multihost`: opt-in (MARGINAL_MULTIHOST=1, which .ci/run sets for the PostgreSQL run),
as root, with iproute2, PostgreSQL's server binaries and redis-server (tests/conftest.py
skips it otherwise, or fails under MARGINAL_REQUIRE_SERVICES=1). Its figures are printed
after the run by tests/conftest.py.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from types import FrameType

import pytest

from tests.multihost.hosts import MultiHostStack


@pytest.fixture(scope="module")
def multihost_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MultiHostStack]:
    """A database host and two app hosts; every namespace, process and directory removed after."""

    def interrupted(signum: int, frame: FrameType | None) -> None:
        # A cancelled CI job sends SIGTERM: unwind through the teardown below.
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupted)
    stack = MultiHostStack(tmp_path_factory.mktemp("multihost-logs"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        signal.signal(signal.SIGTERM, previous)

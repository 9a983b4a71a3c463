"""A what-if queued to two real Celery workers on Redis and PostgreSQL: its chunk tasks spread
over both, and the merged results are those of one task, digit for digit."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import pytest

from economics.decisions.models import WhatIf, WhatIfChunk
from economics.decisions.runner import what_if_run
from economics.decisions.services import what_if_create
from metering.models import Tenant
from tests.economics.decisions.conftest import TODAY
from tests.economics.decisions.test_what_if_chunks import EVERYTHING
from tests.economics.simulations.test_simulation_worker import slow_workers  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until_finished(
    what_if: WhatIf, *workers: subprocess.Popen[bytes], timeout: float = 60
) -> WhatIf:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            assert worker.poll() is None, "a worker exited"
        what_if.refresh_from_db()
        if what_if.status in ("succeeded", "failed"):
            return what_if
        time.sleep(0.1)
    raise AssertionError(f"still {what_if.status} after {timeout} s")


@pytest.mark.worker
def test_a_what_ifs_chunks_spread_over_two_workers_and_merge_to_the_single_task_run(
    demo: Tenant,
    slow_workers: Callable[..., subprocess.Popen[bytes]],  # noqa: F811
) -> None:
    today = TODAY.date()
    single = what_if_create(tenant=demo, enqueue=False, today=today, **EVERYTHING)
    single = what_if_run(what_if_id=single.pk, chunked=False)
    workers = [
        slow_workers("--pool", "solo", "--hostname", f"{name}@%h", chunks=4, slow=0.5)
        for name in ("one", "two")
    ]
    # Sent to the simulations queue after commit (there is no outer transaction).
    what_if = what_if_create(tenant=demo, today=today, **EVERYTHING)
    done = wait_until_finished(what_if, *workers)
    assert (done.status, done.error, done.progress, done.attempts) == ("succeeded", "", 100, 1)
    assert done.results == single.results
    chunks = list(WhatIfChunk.objects.filter(what_if=done).order_by("index"))
    assert [(c.index, c.customers, c.attempts, c.sums) for c in chunks] == [
        (0, 3, 1, None),
        (1, 2, 1, None),
        (2, 3, 1, None),
        (3, 3, 1, None),
    ]
    assert len({c.worker for c in chunks}) == 2  # both workers computed chunks

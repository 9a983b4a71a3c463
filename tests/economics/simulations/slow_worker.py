"""`celery worker` whose simulation and what-if chunks wait SLOW_CHUNK_SECONDS first (tests only).

    python -m tests.economics.simulations.slow_worker worker --pool solo ...

The wait keeps a chunk in flight long enough for a test to see it spread over two workers,
or to kill the worker process rating it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

from config.celery_app import app  # noqa: E402
from economics.decisions import runner as what_if_runner  # noqa: E402
from economics.simulations import runner  # noqa: E402


def _slowed(compute: Any) -> Any:
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(float(os.environ.get("SLOW_CHUNK_SECONDS", "1")))
        return compute(*args, **kwargs)

    return slow


runner.accumulate = _slowed(runner.accumulate)  # type: ignore[assignment]
what_if_runner.accumulate = _slowed(what_if_runner.accumulate)  # type: ignore[assignment]

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])

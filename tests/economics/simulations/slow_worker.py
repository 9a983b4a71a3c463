"""`celery worker` whose simulation chunks each wait SLOW_CHUNK_SECONDS before rating (tests only).

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
from economics.simulations import runner  # noqa: E402

_rate = runner.accumulate


def _slow(*args: Any, **kwargs: Any) -> Any:
    time.sleep(float(os.environ.get("SLOW_CHUNK_SECONDS", "1")))
    return _rate(*args, **kwargs)


runner.accumulate = _slow  # type: ignore[assignment]

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])

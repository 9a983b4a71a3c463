"""gunicorn settings: `gunicorn -c python:config.gunicorn config.wsgi` (docs/operations.md).

With several worker processes, metrics are kept in PROMETHEUS_MULTIPROC_DIR (one file set per
process, summed at scrape); a worker that exits has its files marked dead here.
"""

from config.metrics import gunicorn_child_exit as child_exit  # noqa: F401

"""The Celery application: broker from REDIS_URL, tasks in-process when none is configured."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("marginal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def worker_broker_timeouts(conf: Any, **kwargs: Any) -> None:
    """Give a starting worker's broker sockets WORKER_BROKER_TIMEOUT instead of a request's.

    Requests bound every send to about two seconds and fall back on the sweep. A worker
    has nothing to fall back on: when a read times out while it acknowledges a message,
    its consumer is left without a connection and it stops taking tasks without a word.
    Waiting for a broker that is merely slow or frozen keeps it consuming once it answers.
    """
    from django.conf import settings

    options = dict(conf.broker_transport_options or {})
    options["socket_timeout"] = settings.WORKER_BROKER_TIMEOUT
    conf.broker_transport_options = options

"""The Celery application: broker from REDIS_URL, tasks in-process when none is configured."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("marginal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

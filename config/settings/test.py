"""Test settings: SQLite in memory unless DATABASE_URL is set; tasks in-process unless a test opts in."""

import os

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
# Tests run tasks in-process for determinism; tests marked `worker` switch to the real broker.
CELERY_TASK_ALWAYS_EAGER = True
# Every request reads its key, so query counts do not depend on the order of requests;
# tests/metering/test_api_key_cache.py turns the memory on.
API_KEY_CACHE_SECONDS = 0.0
# The suite's clients send hundreds of requests a second; tests/limits turn the limits on.
RATELIMIT_ENABLED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Under pytest-xdist every test process has its own database; give its broker queues their own
# prefix too, exported so that the `celery worker` processes a test starts consume only them.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _xdist_worker:
    os.environ["CELERY_KEY_PREFIX"] = f"{os.environ.get('CELERY_KEY_PREFIX', '')}{_xdist_worker}:"
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "global_keyprefix": os.environ["CELERY_KEY_PREFIX"],
    }
# Each test process counts sign-in failures on its own, whatever REDIS_URL says.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

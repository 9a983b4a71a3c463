"""Test settings: SQLite in memory unless DATABASE_URL is set; tasks in-process unless a test opts in."""

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
# Tests run tasks in-process for determinism; tests marked `worker` switch to the real broker.
CELERY_TASK_ALWAYS_EAGER = True
# Every request reads its key, so query counts do not depend on the order of requests;
# tests/metering/test_api_key_cache.py turns the memory on.
API_KEY_CACHE_SECONDS = 0.0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

"""Local development and the embedded demo: DEBUG on, SQLite by default, tasks in-process."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool, require_secret_key

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
require_secret_key(SECRET_KEY, DEBUG)

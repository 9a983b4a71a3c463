"""Local development and the embedded demo: DEBUG on, SQLite by default, tasks in-process."""

import os

from config.logs import logging_config
from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool, env_list, require_secret_key

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
require_secret_key(SECRET_KEY, DEBUG)
# A webhook receiver on this machine (http://127.0.0.1:PORT/...) can take the demo's alerts.
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", True)
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
# Log lines for a person by default here; LOG_FORMAT=json to see what production writes.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "console")
LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)  # noqa: F405

"""Production: DEBUG off, SECRET_KEY required, PostgreSQL and Redis from the environment."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool, require_secret_key

DEBUG = env_bool("DEBUG", False)
require_secret_key(SECRET_KEY, DEBUG)  # noqa: F405
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Never plain http, never a non-public address: no environment variable turns these on here.
WEBHOOK_ALLOW_HTTP = False
WEBHOOK_ALLOWED_NETWORKS = []

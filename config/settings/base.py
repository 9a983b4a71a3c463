"""Settings shared by every environment; everything that varies is read from the environment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "config.api.apps.ApiConfig",
    "metering",
    "pricing",
    "economics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.api.middleware.RequestContextMiddleware",
    "config.api.middleware.BodySizeLimitMiddleware",
    "config.api.ratelimit.RateLimitMiddleware",
    "config.api.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI); a SQLite file in var/ otherwise.
_default_sqlite = f"sqlite:///{VAR_DIR / 'marginal.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it: after a database
        # restart, the first request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that asks the socket, not the server
    # (config/db/postgresql/base.py): no `SELECT 1` round trip per request.
    DATABASES["default"]["ENGINE"] = "config.db.postgresql"
    # A database that does not answer fails a request within seconds (a 503), never hangs it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DB_CONNECT_TIMEOUT", "3")
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Request bodies: a 10,000-event batch is a few MB; anything far larger is refused with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(32 * 1024 * 1024)))

# Redis: broker for Celery and the readiness check. Absent: tasks run in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")

# Rate limits (docs/limits.md). Requests per second of each kind of operation, per API key and
# per tenant; a bucket holds RATELIMIT_BURST_SECONDS of its rate. RATELIMIT_RATES (JSON, the
# same shape, merged over these) changes the defaults; Tenant.rate_limits changes them per
# tenant. The buckets live in Redis (RATELIMIT_REDIS_URL, default REDIS_URL), else in the
# process; a Redis that fails to answer within RATELIMIT_REDIS_TIMEOUT seconds lets requests
# through, and is not asked again for RATELIMIT_REDIS_RETRY seconds.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMIT_RATES: dict[str, dict[str, float]] = {
    "ingest": {"key": 500, "tenant": 1000},
    "read": {"key": 50, "tenant": 100},
    "write": {"key": 20, "tenant": 50},
}
for _bucket, _rates in json.loads(os.environ.get("RATELIMIT_RATES") or "{}").items():
    RATELIMIT_RATES[_bucket].update(_rates)
RATELIMIT_BURST_SECONDS = float(os.environ.get("RATELIMIT_BURST_SECONDS", "2"))
RATELIMIT_REDIS_URL = os.environ.get("RATELIMIT_REDIS_URL", REDIS_URL)
RATELIMIT_REDIS_TIMEOUT = float(os.environ.get("RATELIMIT_REDIS_TIMEOUT", "0.2"))
RATELIMIT_REDIS_RETRY = float(os.environ.get("RATELIMIT_REDIS_RETRY", "5"))
RATELIMIT_KEY_PREFIX = f"{os.environ.get('CELERY_KEY_PREFIX', '')}marginal:ratelimit"
# A client address whose requests carried this many unknown or malformed API keys within the
# window gets 429 for every keyed request until the window ends.
RATELIMIT_AUTH_FAILURES = int(os.environ.get("RATELIMIT_AUTH_FAILURES", "10"))
RATELIMIT_AUTH_WINDOW = int(os.environ.get("RATELIMIT_AUTH_WINDOW", "60"))

REST_FRAMEWORK = {
    # A customer read token (mct_...) first; any other bearer is left to the API keys.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "metering.api.read_token_authentication.CustomerReadTokenAuthentication",
        "metering.api.authentication.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["config.api.ratelimit.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.StrictJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.MarginalAutoSchema",
    "EXCEPTION_HANDLER": "config.api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # No ?format= override: every answer's type is fixed by its operation.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Marginal API",
    "DESCRIPTION": (
        "Unit economics of AI features: usage metering, cost per request, pricing and "
        "revenue attribution, contribution margin per request class, LTV and CAC payback.\n\n"
        "Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 7807 problem "
        "details (`application/problem+json`). Money is a decimal string with an ISO currency.\n\n"
        "Every authenticated operation is rate-limited per API key and per tenant (token "
        "buckets for ingest, reads and writes): each answer carries `RateLimit-Limit`, "
        "`RateLimit-Remaining` and `RateLimit-Reset`; an empty bucket is a 429 with "
        "`Retry-After`. A body nests at most 32 levels of objects and arrays."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AuditActorTypeEnum": "metering.models.ActorType",
        "PlanVersionStatusEnum": "pricing.models.VersionStatus",
        "SimulationStatusEnum": "economics.simulations.models.Simulation.Status",
        "CostStatusEnum": "metering.models.CostStatus",
        "UncostedStatusEnum": [("unpriced", "unpriced"), ("pending", "pending")],
        "TypeEnum": "pricing.charge_specs.CHARGE_TYPES",  # of a plan charge
        "CreditGrantKindEnum": "pricing.credits.models.GrantKind",
        "CustomerReadTokenStatusEnum": "metering.api.read_token_serializers.TOKEN_STATUSES",
    },
}

# Seconds a server process remembers an authenticated API key (with Redis only; any
# revocation makes every process forget every key at once). 0: read it every request.
API_KEY_CACHE_SECONDS = float(os.environ.get("API_KEY_CACHE_SECONDS", "5"))
# Cache: Redis when there is one (shared by every process: the dashboard's sign-in throttle
# counts failures across them), else this process's memory.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "marginal"),
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Dashboard (docs/dashboard.md): people sign in with Django's auth, sessions and CSRF.
LOGIN_URL = "dashboard:login"
LOGIN_REDIRECT_URL = "dashboard:overview"
LOGOUT_REDIRECT_URL = "dashboard:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Failed sign-ins per (username, address) before sign-in is refused for the lockout period.
DASHBOARD_LOGIN_MAX_FAILURES = int(os.environ.get("DASHBOARD_LOGIN_MAX_FAILURES", "5"))
DASHBOARD_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("DASHBOARD_LOGIN_LOCKOUT_SECONDS", "900"))

# Celery: JSON only, bounded task time, broker from REDIS_URL; in-process when there is none.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # in-process: tasks run eagerly
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
# Acknowledged once done, so a task whose worker dies is delivered again; and each worker
# process reserves only the task it runs (prefetch 1), for every queue: the chunk tasks of
# one simulation or what-if then spread over every idle worker of every host instead of
# queueing behind the first worker that took several. Harmless for the pipeline's short
# tasks: a worker fetches the next one as it acknowledges the last.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Sending a task must never hang a request: a broker that is down or frozen fails the send
# within about two seconds (the caller falls back on durable rows that a sweep picks up).
BROKER_SEND_TIMEOUT = float(os.environ.get("BROKER_SEND_TIMEOUT", "1"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SEND_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": BROKER_SEND_TIMEOUT,
    "socket_connect_timeout": BROKER_SEND_TIMEOUT,
    # Several deployments (or test stacks) may share one Redis database: a prefix per
    # deployment keeps their queues apart.
    "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
}
# A worker, unlike a request, waits out a broker that stops answering (frozen, overloaded)
# for this long: a read that timed out in the middle of acknowledging a message leaves
# Celery's consumer connected to nothing, and the worker idle for good (seen with Redis
# frozen for 30 s). Set on the worker only, when it starts (config/celery_app.py).
WORKER_BROKER_TIMEOUT = float(os.environ.get("WORKER_BROKER_TIMEOUT", "300"))
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_TIMEOUT = BROKER_SEND_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_SEND_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
}
# No result is stored unless a task asks for it: sending then talks to the broker only.
CELERY_TASK_IGNORE_RESULT = True
# Queues by kind of work (docs/operations.md), so each kind can get workers of its own on
# any number of hosts: a worker started without -Q consumes every queue listed here; one
# started with `-Q costing` (say) consumes only that. "celery" takes the rest: beat sweeps,
# alerts, partition upkeep, pings.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = tuple(
    Queue(name)
    for name in ("celery", "costing", "rollups", "rating", "simulations", "webhooks", "stripe")
)
CELERY_TASK_ROUTES = {
    # Costing after ingest, and re-costs: a cost never waits behind rollups or simulations.
    "economics.changes_process": {"queue": "costing"},
    "economics.pending_process": {"queue": "costing"},
    "economics.run_cost_recalculation": {"queue": "costing"},
    "economics.rollups_refresh": {"queue": "rollups"},
    # Invoices: the rating engine over a customer's month.
    "pricing.finalize_invoice": {"queue": "rating"},
    "pricing.finalize_due_invoices": {"queue": "rating"},
    # Long and CPU-bound: never in front of the pipeline.
    "economics.tasks.simulation_run": {"queue": "simulations"},
    "economics.simulation_chunk": {"queue": "simulations"},
    "economics.tasks.what_if_run": {"queue": "simulations"},
    "economics.what_if_chunk": {"queue": "simulations"},
    "economics.crossing_evaluate": {"queue": "simulations"},
    # Calls out to tenants' endpoints and to Stripe wait on the network: their own queues.
    "economics.webhook_deliver": {"queue": "webhooks"},
    "economics.webhooks_deliver_due": {"queue": "webhooks"},
    "stripe.*": {"queue": "stripe"},
}
# How often beat looks for pipeline input a lost task left behind (the fault suite runs it
# every few seconds so its scenarios drain quickly).
# Changes of one tenant noted within this many seconds in one web process share one
# `changes_process` run, queued to start when the window ends (0: one send per change).
PIPELINE_COALESCE_SECONDS = float(os.environ.get("PIPELINE_COALESCE_SECONDS", "0.2"))
PIPELINE_SWEEP_SECONDS = float(os.environ.get("PIPELINE_SWEEP_SECONDS", "30"))
# POST /v1/authorize with expected_usage: a customer's month-to-date usage, its subscription
# and the tenant's cost book are read at most this many seconds old (kept per process).
AUTHORIZE_USAGE_SECONDS = float(os.environ.get("AUTHORIZE_USAGE_SECONDS", "10"))
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Economics: change notes, pending events and marks a lost task left behind; cost SLOs
    # and anomalies; due webhook retries.
    "economics-pipeline": {"task": "economics.pipeline_sweep", "schedule": PIPELINE_SWEEP_SECONDS},
    "economics-alerts": {"task": "economics.alerts_evaluate_all", "schedule": 300.0},
    "economics-webhooks": {"task": "economics.webhooks_deliver_due", "schedule": 15.0},
    # The crossing point's forecasts (a class forecast to turn to a loss): every six hours.
    "economics-crossing": {"task": "economics.crossing_evaluate_all", "schedule": 21600.0},
    # Jobs (simulations, what-ifs, re-costs) whose task never reached a worker, or whose worker died.
    "economics-simulations": {"task": "economics.simulations_sweep", "schedule": 60.0},
    "economics-what-ifs": {"task": "economics.what_ifs_sweep", "schedule": 60.0},
    "economics-recalculations": {"task": "economics.recalculations_sweep", "schedule": 60.0},
    # Pricing: finalise invoices of a closed month once its grace time has passed.
    "pricing-finalize-due-invoices": {"task": "pricing.finalize_due_invoices", "schedule": 300.0},
    # Credits: holds past their expiry give back what they reserve.
    "pricing-authorizations-expire": {"task": "pricing.authorizations_expire", "schedule": 30.0},
    # Stripe: drain the outbox, mirror changed usage and customers, reconcile nightly.
    "stripe-outbox": {"task": "stripe.outbox_drain_all", "schedule": 10.0},
    "stripe-usage": {"task": "stripe.usage_sync_all", "schedule": 60.0},
    "stripe-customers": {"task": "stripe.customers_sync_all", "schedule": 900.0},
    "stripe-events": {"task": "stripe.events_handle_due", "schedule": 60.0},
    "stripe-reconcile": {"task": "stripe.reconcile_all", "schedule": 86400.0},
    "economics-stripe-alerts": {"task": "economics.stripe_alerts_raise", "schedule": 300.0},
    # Metering: the coming months' usage-event partitions exist before events reach them.
    "metering-partitions": {"task": "metering.event_partitions_ensure", "schedule": 86400.0},
    # Retention: drop the months of raw events every tenant in them is past (rollups stay).
    "economics-events-retire": {"task": "economics.events_retire", "schedule": 86400.0},
}

# OpenTelemetry in (POST /v1/otlp/v1/traces): the span or resource attributes naming a GenAI
# span's customer and request class: the first name present wins, each name looked up on the
# span, then on its resource.
OTLP_CUSTOMER_ATTRIBUTES = env_list(
    "OTLP_CUSTOMER_ATTRIBUTES", ["marginal.customer_id", "enduser.id"]
)
OTLP_REQUEST_CLASS_ATTRIBUTES = env_list(
    "OTLP_REQUEST_CLASS_ATTRIBUTES", ["marginal.request_class", "gen_ai.operation.name"]
)

# Economics: a usage-only customer with no events for this many days has churned; the
# monthly discount rate gives a finite (discounted) LTV when churn is zero.
ECONOMICS_CHURN_AFTER_DAYS = int(os.environ.get("ECONOMICS_CHURN_AFTER_DAYS", "30"))
ECONOMICS_MONTHLY_DISCOUNT = os.environ.get("ECONOMICS_MONTHLY_DISCOUNT", "0.01")
# Raw usage events are kept this many whole months before the current one, then dropped a
# month (partition) at a time; a tenant's own event_retention_months wins. 0: kept forever.
EVENT_RETENTION_MONTHS = int(os.environ.get("EVENT_RETENTION_MONTHS", "0"))
# Plan simulations (docs/simulations.md, docs/scaling.md): "tasks" splits a run's customers
# into SIMULATION_CHUNKS chunk tasks on the simulations queue, rated by any worker on any host
# and merged by the last one to finish; "forked" rates the chunks in SIMULATION_WORKERS
# processes forked by the one worker that took the job (1: in the job's own process).
SIMULATION_RUN_MODE = os.environ.get("SIMULATION_RUN_MODE", "tasks")
SIMULATION_CHUNKS = int(os.environ.get("SIMULATION_CHUNKS", "4"))
SIMULATION_WORKERS = int(os.environ.get("SIMULATION_WORKERS", str(os.cpu_count() or 1)))
# What-ifs (docs/decisions.md): "tasks" splits a run's customers into WHAT_IF_CHUNKS chunk
# tasks on the simulations queue, merged by the last one to finish (the results of one task,
# digit for digit); "single" computes the whole run in the task that takes the job. Without a
# broker (tasks in-process) a what-if always runs in one piece.
WHAT_IF_RUN_MODE = os.environ.get("WHAT_IF_RUN_MODE", "tasks")
WHAT_IF_CHUNKS = int(os.environ.get("WHAT_IF_CHUNKS", "4"))

# Invoices of a closed month are finalised this long after it ends; later events become
# adjustment lines on the next invoice.
PRICING_INVOICE_GRACE_SECONDS = int(os.environ.get("PRICING_INVOICE_GRACE_SECONDS", "3600"))

# Alert webhooks go to https URLs whose hosts resolve to public addresses only. Development
# settings may allow plain http and name non-public networks a local receiver lives in
# (config.settings.local); production allows neither, whatever the environment says.
WEBHOOK_ALLOW_HTTP = False
WEBHOOK_ALLOWED_NETWORKS: list[str] = []  # CIDRs, e.g. ["127.0.0.0/8", "::1/128"]
# Stripe (docs/stripe.md). Tenants' keys are encrypted with Fernet under STRIPE_ENCRYPTION_KEY
# (comma-separated keys: the first encrypts, all decrypt, for rotation); without it, a key is
# derived from SECRET_KEY. STRIPE_API_BASE points the SDK elsewhere (the tests' fake Stripe).
STRIPE_ENCRYPTION_KEY = os.environ.get("STRIPE_ENCRYPTION_KEY", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_HTTP_TIMEOUT = float(os.environ.get("STRIPE_HTTP_TIMEOUT", "20"))
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
# Outbox: attempts before a row is dead; backoff base and cap in seconds (with full jitter).
STRIPE_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("STRIPE_OUTBOX_MAX_ATTEMPTS", "8"))
STRIPE_OUTBOX_BACKOFF_BASE = float(os.environ.get("STRIPE_OUTBOX_BACKOFF_BASE", "2"))
STRIPE_OUTBOX_BACKOFF_MAX = float(os.environ.get("STRIPE_OUTBOX_BACKOFF_MAX", "600"))
# Requests per second per tenant (Redis token bucket): under Stripe's 25 (test) / 100 (live).
STRIPE_RATE_TEST = float(os.environ.get("STRIPE_RATE_TEST", "20"))
STRIPE_RATE_LIVE = float(os.environ.get("STRIPE_RATE_LIVE", "80"))

# Logs: one JSON object a line with request_id and tenant_id (docs/operations.md);
# LOG_FORMAT=console for lines meant for a person.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)

# Prometheus metrics at /metrics (docs/operations.md): served to clients in these networks
# (CIDRs), or to any client sending `Authorization: Bearer <METRICS_TOKEN>` (empty: no token).
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Figures read from the database when scraped (dotted paths of functions yielding metrics).
METRICS_COLLECTORS = ["economics.metrics.pipeline_metrics"]


def require_secret_key(secret_key: str, debug: bool) -> None:
    """Fail fast when DEBUG is off and no SECRET_KEY is configured."""
    if not debug and not secret_key:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set the SECRET_KEY environment variable "
            "to a long random string (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )

"""Prometheus metrics at /metrics (docs/operations.md), with the official prometheus-client.

Two kinds of figure:

- counted by the code as it runs (ingest verdicts, request latency per operation), kept per
  process; under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR so that every
  worker process writes its figures there and a scrape sums them;
- read at scrape time from the shared state (Celery queue depths from Redis; the pipeline's
  backlog and lags from the database through the collectors named in METRICS_COLLECTORS,
  which the apps provide): the same on every web host, so alert on max() across hosts.

The page (config/api/metrics.py) answers only clients from METRICS_ALLOWED_NETWORKS, or any
client with `Authorization: Bearer <METRICS_TOKEN>`; everyone else gets a 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

EVENTS_INGESTED = Counter(
    "marginal_events_ingested",
    "Posted usage events by verdict (accepted, duplicate, conflict, rejected).",
    ["verdict"],
)
REQUEST_DURATION = Histogram(
    "marginal_http_request_duration_seconds",
    "Time to answer an HTTP request, per API operation and status class.",
    ["operation", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)

ScrapeCollector = Callable[[], Iterable[Metric]]


def events_ingested_count(*, verdict: str, count: int) -> None:
    """Count `count` posted events that got `verdict`."""
    if count:
        EVENTS_INGESTED.labels(verdict=verdict).inc(count)


def queue_depths() -> Iterator[Metric]:
    """Messages waiting in each Celery queue (Redis lists), read at scrape time."""
    family = GaugeMetricFamily(
        "marginal_celery_queue_depth", "Messages waiting in a Celery queue.", labels=["queue"]
    )
    if settings.REDIS_URL:
        import redis

        prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", "")
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
        )
        try:
            for queue in settings.CELERY_TASK_QUEUES:
                family.add_metric([queue.name], client.llen(f"{prefix}{queue.name}"))
        except (redis.RedisError, OSError) as exc:
            logger.warning("queue depths not read: %s", exc)
    yield family


class _ScrapeTime(Collector):
    """The figures read when scraped: queue depths and the apps' collectors."""

    def collect(self) -> Iterator[Metric]:
        yield from queue_depths()
        for path in settings.METRICS_COLLECTORS:
            collector: ScrapeCollector = import_string(path)
            yield from collector()


class _ThisProcess(Collector):
    """The default registry of this process (one process: no multiprocess directory)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def exposition() -> bytes:
    """The text format of every metric, as a scrape sees it."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    registry.register(_ScrapeTime())
    return generate_latest(registry)


def scrape_allowed(request: HttpRequest) -> bool:
    """Whether the client is in METRICS_ALLOWED_NETWORKS or presents METRICS_TOKEN."""
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").strip(), token)
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_NETWORKS
    )


def gunicorn_child_exit(server: object, worker: object) -> None:
    """gunicorn's child_exit hook: drop a dead worker's live gauges (multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]

"""GET /metrics: the Prometheus text format (config/metrics.py), for allowed scrapers only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST

from config.api.errors import json_problem
from config.metrics import exposition, scrape_allowed


def metrics_view(request: HttpRequest) -> HttpResponse:
    """GET /metrics: the Prometheus text format, for allowed scrapers only."""
    if request.method not in ("GET", "HEAD"):
        return json_problem(request, 405, "Only GET is allowed here.")
    if not scrape_allowed(request):
        return json_problem(
            request, 403, "Metrics are served to configured addresses or with the metrics token."
        )
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)

"""URL root: /v1/ API of each app, schema and docs, the dashboard, health probes, admin."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from config.api.errors import api_not_found
from config.api.health import HealthzApi, ReadyzApi
from config.api.metrics import metrics_view

handler400 = "config.api.errors.handler400"
handler403 = "config.api.errors.handler403"
handler404 = "config.api.errors.handler404"
handler500 = "config.api.errors.handler500"

v1: list[URLPattern | URLResolver] = [
    path("", include("metering.api.urls")),
    path("", include("pricing.api.urls")),
    path("", include("economics.urls")),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Last: any other path under /v1/ is a problem document even with DEBUG on (Django's
    # debug 404 page would answer an API client with HTML).
    re_path(r"^.*$", api_not_found, name="api-not-found"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("healthz", HealthzApi.as_view(), name="healthz"),
    path("readyz", ReadyzApi.as_view(), name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("dashboard/", include("economics.dashboard.urls")),
    path("", RedirectView.as_view(url="/dashboard/", permanent=False), name="home"),
    path("admin/", admin.site.urls),
]

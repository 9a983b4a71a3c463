"""The economics API: the URLs of each domain, under /v1/."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("economics.margins.api.urls")),
    path("", include("economics.alerts.api.urls")),
    path("", include("economics.costs.api.urls")),
    path("", include("economics.simulations.api.urls")),
    path("", include("economics.decisions.api.urls")),
]

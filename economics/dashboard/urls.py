"""The dashboard's pages, under /dashboard/."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from economics.dashboard import operations, signin, views

app_name = "dashboard"

urlpatterns: list[URLPattern] = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("logout/", signin.SignOutView.as_view(), name="logout"),
    path("", views.overview, name="overview"),
    path("classes/<str:name>/", views.request_class, name="request-class"),
    path("customers/", views.customers, name="customers"),
    path("customers/<str:customer_id>/", views.customer, name="customer"),
    path("simulations/", operations.simulations, name="simulations"),
    path("simulations/<str:simulation_id>/", operations.simulation, name="simulation"),
    path("costs/", operations.costs, name="costs"),
    path("alerts/", operations.alerts, name="alerts"),
    # Last: any other address under /dashboard/ is the dashboard's own 404 page, not the API's
    # problem document.
    re_path(r"^.*$", views.unknown, name="unknown"),
]

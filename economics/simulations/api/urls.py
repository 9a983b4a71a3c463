from django.urls import URLPattern, path

from economics.simulations.api import views

urlpatterns: list[URLPattern] = [
    path("simulations", views.SimulationListCreateApi.as_view(), name="simulations"),
    path(
        "simulations/<str:simulation_id>",
        views.SimulationDetailApi.as_view(),
        name="simulation-detail",
    ),
    path(
        "simulations/<str:simulation_id>/customers.csv",
        views.SimulationCustomersCsvApi.as_view(),
        name="simulation-customers-csv",
    ),
]

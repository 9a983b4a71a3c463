from django.urls import URLPattern, path

from economics.margins.api import views

urlpatterns: list[URLPattern] = [
    path("customers/<str:customer_id>/projection", views.CustomerProjectionApi.as_view()),
    path(
        "economics/request-classes",
        views.RequestClassReportApi.as_view(),
        name="economics-request-classes",
    ),
    path(
        "economics/customers",
        views.CustomerEconomicsListApi.as_view(),
        name="economics-customers",
    ),
    path(
        "economics/customers/<str:customer_id>",
        views.CustomerEconomicsDetailApi.as_view(),
        name="economics-customer-detail",
    ),
    path("economics/cohorts", views.CohortReportApi.as_view(), name="economics-cohorts"),
    path("economics/features", views.FeatureReportApi.as_view(), name="economics-features"),
    path("economics/summary", views.SummaryApi.as_view(), name="economics-summary"),
    path(
        "acquisition-costs",
        views.AcquisitionCostListCreateApi.as_view(),
        name="acquisition-costs",
    ),
    path(
        "acquisition-costs/<str:acquisition_cost_id>",
        views.AcquisitionCostDeleteApi.as_view(),
        name="acquisition-cost-detail",
    ),
]

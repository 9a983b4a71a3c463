from django.urls import URLPattern, path

from economics.decisions.api import views

urlpatterns: list[URLPattern] = [
    path("economics/composites", views.CompositeReportApi.as_view(), name="economics-composites"),
    path(
        "economics/composites/<str:trace_id>",
        views.CompositeDetailApi.as_view(),
        name="economics-composite-detail",
    ),
    path("economics/crossing", views.CrossingReportApi.as_view(), name="economics-crossing"),
    path("economics/mix", views.MixReportApi.as_view(), name="economics-mix"),
    path("what-ifs", views.WhatIfListCreateApi.as_view(), name="what-ifs"),
    path("what-ifs/<str:what_if_id>", views.WhatIfDetailApi.as_view(), name="what-if-detail"),
]

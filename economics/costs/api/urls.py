from django.urls import URLPattern, path

from economics.costs.api import views

urlpatterns: list[URLPattern] = [
    path("costs/model-prices", views.ModelPriceListCreateApi.as_view()),
    path("costs/model-prices/import", views.ModelPriceImportApi.as_view()),
    path("costs/model-prices/<str:model_price_id>", views.ModelPriceDetailApi.as_view()),
    path("costs/gpu-rates", views.GpuRateListCreateApi.as_view()),
    path("costs/gpu-rates/<str:gpu_rate_id>", views.GpuRateDetailApi.as_view()),
    path("costs/service-rates", views.ServiceRateListCreateApi.as_view()),
    path("costs/service-rates/<str:service_rate_id>", views.ServiceRateDetailApi.as_view()),
    path("costs/unpriced", views.UnpricedEventListApi.as_view()),
    path("costs/recalculations", views.CostRecalculationListCreateApi.as_view()),
    path(
        "costs/recalculations/<str:recalculation_id>",
        views.CostRecalculationDetailApi.as_view(),
    ),
    path("fixed-costs", views.FixedCostListCreateApi.as_view()),
    path("fixed-costs/utilisation", views.FixedCostUtilisationApi.as_view()),
    path("fixed-costs/<str:fixed_cost_id>", views.FixedCostDetailApi.as_view()),
]

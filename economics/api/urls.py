from django.urls import URLPattern, path

from economics.api import costbook_views as costs
from economics.api import margin_views as margin
from economics.api import simulation_views as simulations

urlpatterns: list[URLPattern] = [
    path(
        "economics/request-classes",
        margin.RequestClassReportApi.as_view(),
        name="economics-request-classes",
    ),
    path(
        "economics/customers",
        margin.CustomerEconomicsListApi.as_view(),
        name="economics-customers",
    ),
    path(
        "economics/customers/<str:customer_id>",
        margin.CustomerEconomicsDetailApi.as_view(),
        name="economics-customer-detail",
    ),
    path("economics/features", margin.FeatureReportApi.as_view(), name="economics-features"),
    path("economics/summary", margin.SummaryApi.as_view(), name="economics-summary"),
    path(
        "acquisition-costs",
        margin.AcquisitionCostListCreateApi.as_view(),
        name="acquisition-costs",
    ),
    path(
        "acquisition-costs/<str:acquisition_cost_id>",
        margin.AcquisitionCostDeleteApi.as_view(),
        name="acquisition-cost-detail",
    ),
    path("cost-slos", margin.CostSloListCreateApi.as_view(), name="cost-slos"),
    path("cost-slos/<str:slo_id>", margin.CostSloDeleteApi.as_view(), name="cost-slo-detail"),
    path("alerts", margin.AlertListApi.as_view(), name="alerts"),
    path("alerts/<str:alert_id>", margin.AlertDetailApi.as_view(), name="alert-detail"),
    path(
        "alerts/<str:alert_id>/acknowledge",
        margin.AlertAcknowledgeApi.as_view(),
        name="alert-acknowledge",
    ),
    path(
        "webhook-endpoints",
        margin.WebhookEndpointListCreateApi.as_view(),
        name="webhook-endpoints",
    ),
    path(
        "webhook-endpoints/<str:webhook_id>",
        margin.WebhookEndpointDeleteApi.as_view(),
        name="webhook-endpoint-detail",
    ),
    path("webhook-deliveries", margin.WebhookDeliveryListApi.as_view(), name="webhook-deliveries"),
    # Cost book
    path("costs/model-prices", costs.ModelPriceListCreateApi.as_view()),
    path("costs/model-prices/import", costs.ModelPriceImportApi.as_view()),
    path("costs/model-prices/<str:model_price_id>", costs.ModelPriceDetailApi.as_view()),
    path("costs/gpu-rates", costs.GpuRateListCreateApi.as_view()),
    path("costs/gpu-rates/<str:gpu_rate_id>", costs.GpuRateDetailApi.as_view()),
    path("costs/service-rates", costs.ServiceRateListCreateApi.as_view()),
    path("costs/service-rates/<str:service_rate_id>", costs.ServiceRateDetailApi.as_view()),
    path("costs/unpriced", costs.UnpricedEventListApi.as_view()),
    path("costs/recalculations", costs.CostRecalculationListCreateApi.as_view()),
    path(
        "costs/recalculations/<str:recalculation_id>",
        costs.CostRecalculationDetailApi.as_view(),
    ),
    path("fixed-costs", costs.FixedCostListCreateApi.as_view()),
    path("fixed-costs/utilisation", costs.FixedCostUtilisationApi.as_view()),
    path("fixed-costs/<str:fixed_cost_id>", costs.FixedCostDetailApi.as_view()),
    path("simulations", simulations.SimulationListCreateApi.as_view(), name="simulations"),
    path(
        "simulations/<str:simulation_id>",
        simulations.SimulationDetailApi.as_view(),
        name="simulation-detail",
    ),
    path(
        "simulations/<str:simulation_id>/customers.csv",
        simulations.SimulationCustomersCsvApi.as_view(),
        name="simulation-customers-csv",
    ),
]

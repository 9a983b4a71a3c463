from django.urls import URLPattern, path

from economics.alerts.api import views

urlpatterns: list[URLPattern] = [
    path("cost-slos", views.CostSloListCreateApi.as_view(), name="cost-slos"),
    path("cost-slos/<str:slo_id>", views.CostSloDeleteApi.as_view(), name="cost-slo-detail"),
    path("alerts", views.AlertListApi.as_view(), name="alerts"),
    path("alerts/<str:alert_id>", views.AlertDetailApi.as_view(), name="alert-detail"),
    path(
        "alerts/<str:alert_id>/acknowledge",
        views.AlertAcknowledgeApi.as_view(),
        name="alert-acknowledge",
    ),
    path(
        "webhook-endpoints",
        views.WebhookEndpointListCreateApi.as_view(),
        name="webhook-endpoints",
    ),
    path(
        "webhook-endpoints/<str:webhook_id>",
        views.WebhookEndpointDeleteApi.as_view(),
        name="webhook-endpoint-detail",
    ),
    path("webhook-deliveries", views.WebhookDeliveryListApi.as_view(), name="webhook-deliveries"),
]

from django.urls import path

from metering.api import event_views, otlp_views, read_token_views, views

urlpatterns = [
    path("api-keys", views.ApiKeyListCreateApi.as_view(), name="api-keys"),
    path("api-keys/<str:key_id>/revoke", views.ApiKeyRevokeApi.as_view(), name="api-key-revoke"),
    path("audit-log", views.AuditLogListApi.as_view(), name="audit-log"),
    path("customers", views.CustomerListCreateApi.as_view(), name="customers"),
    path("customers/<str:customer_id>", views.CustomerDetailApi.as_view(), name="customer-detail"),
    path(
        "customers/<str:customer_id>/read-tokens",
        read_token_views.CustomerReadTokenListCreateApi.as_view(),
        name="customer-read-tokens",
    ),
    path(
        "customers/<str:customer_id>/read-tokens/<str:read_token_id>",
        read_token_views.CustomerReadTokenRevokeApi.as_view(),
        name="customer-read-token-revoke",
    ),
    path("events", event_views.EventListIngestApi.as_view(), name="events"),
    path("events/<str:event_id>", event_views.EventDetailApi.as_view(), name="event-detail"),
    path("events/<str:event_id>/void", event_views.EventVoidApi.as_view(), name="event-void"),
    path("events/<str:event_id>/amend", event_views.EventAmendApi.as_view(), name="event-amend"),
    path("usage", event_views.UsageApi.as_view(), name="usage"),
    path("otlp/v1/traces", otlp_views.OtlpTracesApi.as_view(), name="otlp-traces"),
]

from django.urls import path

from metering.api import views

urlpatterns = [
    path("api-keys", views.ApiKeyListCreateApi.as_view(), name="api-keys"),
    path("api-keys/<str:key_id>/revoke", views.ApiKeyRevokeApi.as_view(), name="api-key-revoke"),
    path("customers", views.CustomerListCreateApi.as_view(), name="customers"),
    path("customers/<str:customer_id>", views.CustomerDetailApi.as_view(), name="customer-detail"),
]

from django.urls import path

from pricing.stripe.api import views

urlpatterns = [
    path("integrations/stripe", views.StripeConnectionApi.as_view(), name="stripe-connection"),
    path("integrations/stripe/outbox", views.StripeOutboxListApi.as_view(), name="stripe-outbox"),
    path(
        "integrations/stripe/outbox/<str:outbox_id>/retry",
        views.StripeOutboxRetryApi.as_view(),
        name="stripe-outbox-retry",
    ),
    path(
        "integrations/stripe/webhooks/<str:tenant_id>",
        views.StripeWebhookApi.as_view(),
        name="stripe-webhook",
    ),
    path(
        "integrations/stripe/reconciliation",
        views.StripeReconciliationApi.as_view(),
        name="stripe-reconciliation",
    ),
    path(
        "integrations/stripe/customers/<str:customer_id>/preview",
        views.StripePreviewApi.as_view(),
        name="stripe-preview",
    ),
]

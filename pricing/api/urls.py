from django.urls import include, path

from pricing.api import views

urlpatterns = [
    path("plans", views.PlanListCreateApi.as_view(), name="plans"),
    path("plans/<str:plan_id>", views.PlanDetailApi.as_view(), name="plan-detail"),
    path(
        "plans/<str:plan_id>/versions",
        views.PlanVersionListCreateApi.as_view(),
        name="plan-versions",
    ),
    path(
        "plans/<str:plan_id>/versions/<str:version>",
        views.PlanVersionDetailApi.as_view(),
        name="plan-version-detail",
    ),
    path(
        "plans/<str:plan_id>/versions/<str:version>/publish",
        views.PlanVersionPublishApi.as_view(),
        name="plan-version-publish",
    ),
    path(
        "plans/<str:plan_id>/versions/<str:version>/retire",
        views.PlanVersionRetireApi.as_view(),
        name="plan-version-retire",
    ),
    path(
        "plans/<str:plan_id>/versions/<str:version>/migrate",
        views.PlanVersionMigrateApi.as_view(),
        name="plan-version-migrate",
    ),
    path("subscriptions", views.SubscriptionListCreateApi.as_view(), name="subscriptions"),
    path(
        "subscriptions/<str:subscription_id>",
        views.SubscriptionDetailApi.as_view(),
        name="subscription-detail",
    ),
    path(
        "subscriptions/<str:subscription_id>/change",
        views.SubscriptionChangeApi.as_view(),
        name="subscription-change",
    ),
    path(
        "subscriptions/<str:subscription_id>/cancel",
        views.SubscriptionCancelApi.as_view(),
        name="subscription-cancel",
    ),
    path(
        "customers/<str:customer_id>/invoice-preview",
        views.InvoicePreviewApi.as_view(),
        name="invoice-preview",
    ),
    path("invoices", views.InvoiceListApi.as_view(), name="invoices"),
    path("invoices/<str:invoice_id>", views.InvoiceDetailApi.as_view(), name="invoice-detail"),
    path("", include("pricing.stripe.api.urls")),
    path("", include("pricing.credits.api.urls")),
]

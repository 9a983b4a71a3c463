from django.urls import path

from pricing.credits.api import views

urlpatterns = [
    path("customers/<str:customer_id>/credit-grants", views.CreditGrantListCreateApi.as_view()),
    path("customers/<str:customer_id>/credits", views.CreditBalanceApi.as_view()),
    path("credit-grants/<str:grant_id>/void", views.CreditGrantVoidApi.as_view()),
    path(
        "customers/<str:customer_id>/credit-alert-settings",
        views.CustomerCreditAlertsApi.as_view(),
    ),
    path("credit-alert-settings", views.CreditAlertDefaultsApi.as_view()),
    path("customers/<str:customer_id>/auto-top-up", views.AutoTopUpApi.as_view()),
    path("budgets", views.BudgetListCreateApi.as_view()),
    path("authorize", views.AuthorizeApi.as_view()),
    path("authorizations/<str:authorization_id>/settle", views.AuthorizationSettleApi.as_view()),
    path("authorizations/<str:authorization_id>/release", views.AuthorizationReleaseApi.as_view()),
]

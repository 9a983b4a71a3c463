"""Reads of cost SLOs, alerts, webhook endpoints and their deliveries."""

from __future__ import annotations

from django.db.models import QuerySet

from economics.alerts.models import Alert, CostSlo, WebhookDelivery, WebhookEndpoint
from economics.margins.selectors import get_one
from metering.models import Tenant


def cost_slo_list(*, tenant: Tenant) -> QuerySet[CostSlo]:
    return CostSlo.objects.of(tenant)


def cost_slo_get(*, tenant: Tenant, slo_id: str) -> CostSlo:
    return get_one(cost_slo_list(tenant=tenant), slo_id, "cost SLO")


def alert_list(
    *, tenant: Tenant, acknowledged: bool | None = None, kind: str | None = None
) -> QuerySet[Alert]:
    alerts = Alert.objects.of(tenant).select_related("customer")
    if acknowledged is not None:
        alerts = alerts.filter(acknowledged_at__isnull=not acknowledged)
    if kind:
        alerts = alerts.filter(kind=kind)
    return alerts


def alert_get(*, tenant: Tenant, alert_id: str) -> Alert:
    return get_one(alert_list(tenant=tenant), alert_id, "alert")


def webhook_endpoint_list(*, tenant: Tenant) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.of(tenant)


def webhook_endpoint_get(*, tenant: Tenant, webhook_id: str) -> WebhookEndpoint:
    return get_one(webhook_endpoint_list(tenant=tenant), webhook_id, "webhook endpoint")


def webhook_delivery_list(
    *, tenant: Tenant, alert_id: str | None = None
) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.of(tenant)
    if alert_id:
        deliveries = deliveries.filter(alert=alert_get(tenant=tenant, alert_id=alert_id))
    return deliveries

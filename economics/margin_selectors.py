"""Reads of the margin side of economics that are plain rows (reports live in reports.py)."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from economics.margin_models import (
    AcquisitionCost,
    Alert,
    CostSlo,
    WebhookDelivery,
    WebhookEndpoint,
)
from metering.models import Tenant

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk: str, what: str) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, DjangoValidationError) as exc:
        raise Http404(f"No {what} with this id.") from exc


def acquisition_cost_list(*, tenant: Tenant) -> QuerySet[AcquisitionCost]:
    return AcquisitionCost.objects.filter(tenant=tenant).select_related("customer")


def acquisition_cost_get(*, tenant: Tenant, acquisition_cost_id: str) -> AcquisitionCost:
    return _get(acquisition_cost_list(tenant=tenant), acquisition_cost_id, "acquisition cost")


def cost_slo_list(*, tenant: Tenant) -> QuerySet[CostSlo]:
    return CostSlo.objects.filter(tenant=tenant)


def cost_slo_get(*, tenant: Tenant, slo_id: str) -> CostSlo:
    return _get(cost_slo_list(tenant=tenant), slo_id, "cost SLO")


def alert_list(
    *, tenant: Tenant, acknowledged: bool | None = None, kind: str | None = None
) -> QuerySet[Alert]:
    alerts = Alert.objects.filter(tenant=tenant).select_related("customer")
    if acknowledged is not None:
        alerts = alerts.filter(acknowledged_at__isnull=not acknowledged)
    if kind:
        alerts = alerts.filter(kind=kind)
    return alerts


def alert_get(*, tenant: Tenant, alert_id: str) -> Alert:
    return _get(alert_list(tenant=tenant), alert_id, "alert")


def webhook_endpoint_list(*, tenant: Tenant) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(tenant=tenant)


def webhook_endpoint_get(*, tenant: Tenant, webhook_id: str) -> WebhookEndpoint:
    return _get(webhook_endpoint_list(tenant=tenant), webhook_id, "webhook endpoint")


def webhook_delivery_list(
    *, tenant: Tenant, alert_id: str | None = None
) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.filter(tenant=tenant)
    if alert_id:
        deliveries = deliveries.filter(alert=alert_get(tenant=tenant, alert_id=alert_id))
    return deliveries

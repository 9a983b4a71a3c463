"""Objects the tenant walk needs to fill each path parameter of the API.

Every path parameter name used by a /v1/ operation maps to a factory that creates (or finds) an
object of the given tenant and returns the value to put in the URL. The walk fails for a
parameter with no factory, so a new endpoint cannot escape it.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from metering.event_services import events_ingest
from metering.models import Customer, Tenant, UsageEvent
from metering.services import api_key_create, customer_create


def customer_id(tenant: Tenant) -> str:
    existing = Customer.objects.filter(tenant=tenant, external_id="walk-customer").first()
    if existing is not None:
        return existing.external_id
    return customer_create(tenant=tenant, external_id="walk-customer").external_id


def key_id(tenant: Tenant) -> str:
    return str(api_key_create(tenant=tenant, name="walk key", scopes=["read"]).api_key.id)


def acquisition_cost_id(tenant: Tenant) -> str:
    from datetime import date
    from decimal import Decimal

    from economics.margin_services import acquisition_cost_create

    row = acquisition_cost_create(tenant=tenant, month=date(2026, 11, 1), amount=Decimal("100"))
    return str(row.id)


def slo_id(tenant: Tenant) -> str:
    from economics.margin_models import CostSlo

    slo, _ = CostSlo.objects.get_or_create(
        tenant=tenant, request_class="walk-class", defaults={"min_margin_pct": 50}
    )
    return str(slo.id)


def alert_id(tenant: Tenant) -> str:
    from datetime import UTC, datetime

    from economics.margin_models import Alert

    at = datetime(2026, 11, 1, tzinfo=UTC)
    alert, _ = Alert.objects.get_or_create(
        tenant=tenant,
        dedup_key="walk",
        defaults={
            "kind": Alert.Kind.MARGIN,
            "window_start": at,
            "window_end": at,
            "observed": 1,
            "threshold": 2,
            "message": "walk",
        },
    )
    return str(alert.id)


def webhook_id(tenant: Tenant) -> str:
    from economics.webhooks import webhook_endpoint_create

    return str(webhook_endpoint_create(tenant=tenant, url="http://127.0.0.1:9/hook").id)


def event_id(tenant: Tenant) -> str:
    if not UsageEvent.objects.filter(tenant=tenant, event_id="walk-event").exists():
        body = {"event_id": "walk-event", "customer_id": "walk-customer", "request_class": "chat"}
        events_ingest(tenant=tenant, body=msgspec.json.encode(body))
    return "walk-event"


PATH_PARAM_FACTORIES: dict[str, Callable[[Tenant], str]] = {
    "acquisition_cost_id": acquisition_cost_id,
    "slo_id": slo_id,
    "alert_id": alert_id,
    "webhook_id": webhook_id,
    "customer_id": customer_id,
    "key_id": key_id,
    "event_id": event_id,
}

"""Objects the tenant walk needs to fill each path parameter of the API.

Every path parameter name used by a /v1/ operation maps to a factory that creates (or finds) an
object of the given tenant and returns the value to put in the URL. The walk fails for a
parameter with no factory, so a new endpoint cannot escape it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import msgspec

from metering.audit import Actor
from metering.event_services import events_ingest
from metering.models import Customer, Tenant, UsageEvent
from metering.services import api_key_create, customer_create


def customer_id(tenant: Tenant) -> str:
    existing = Customer.objects.filter(tenant=tenant, external_id="walk-customer").first()
    if existing is not None:
        return existing.external_id
    from pricing.credits.services import auto_top_up_set

    customer = customer_create(tenant=tenant, external_id="walk-customer")
    # A rule that never fires (no balance is below 0), so its endpoint has something to show.
    auto_top_up_set(
        tenant=tenant,
        customer=customer,
        actor=Actor.system("tests"),
        currency="USD",
        below=Decimal(0),
        credits=Decimal(1),
    )
    return customer.external_id


def key_id(tenant: Tenant) -> str:
    return str(
        api_key_create(
            tenant=tenant, name="walk key", scopes=["read"], actor=Actor.system("tests")
        ).api_key.id
    )


def acquisition_cost_id(tenant: Tenant) -> str:
    from datetime import date
    from decimal import Decimal

    from economics.margins.services import acquisition_cost_create

    row = acquisition_cost_create(
        tenant=tenant, month=date(2026, 11, 1), amount=Decimal("100"), actor=Actor.system("tests")
    )
    return str(row.id)


def slo_id(tenant: Tenant) -> str:
    from economics.alerts.models import CostSlo

    slo, _ = CostSlo.objects.get_or_create(
        tenant=tenant, request_class="walk-class", defaults={"min_margin_pct": 50}
    )
    return str(slo.id)


def alert_id(tenant: Tenant) -> str:
    from datetime import UTC, datetime

    from economics.alerts.models import Alert

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
    from economics.alerts.models import WebhookEndpoint

    # Stored directly: registering a URL resolves its host, and the walk sends nothing.
    endpoint = WebhookEndpoint.objects.create(
        tenant=tenant, url="https://hooks.example.com/walk", secret="whsec_walk"
    )
    return str(endpoint.id)


def event_id(tenant: Tenant) -> str:
    if not UsageEvent.objects.filter(tenant=tenant, event_id="walk-event").exists():
        body = {"event_id": "walk-event", "customer_id": "walk-customer", "request_class": "chat"}
        events_ingest(tenant=tenant, body=msgspec.json.encode(body))
    return "walk-event"


def trace_id(tenant: Tenant) -> str:
    if not UsageEvent.objects.filter(tenant=tenant, trace_id="walk-trace").exists():
        body = {
            "event_id": "walk-trace-event",
            "customer_id": "walk-customer",
            "request_class": "chat",
            "trace_id": "walk-trace",
        }
        events_ingest(tenant=tenant, body=msgspec.json.encode(body))
    return "walk-trace"


def plan_id(tenant: Tenant) -> str:
    from pricing.models import Plan
    from pricing.services import plan_create, plan_version_publish

    if not Plan.objects.filter(tenant=tenant, code="walk-plan").exists():
        version = plan_create(
            tenant=tenant,
            code="walk-plan",
            name="Walk plan",
            currency="USD",
            charges=[{"type": "flat_fee", "description": "Base", "amount": "10"}],
        )
        plan_version_publish(tenant=tenant, version=version, actor=Actor.system("tests"))
    return "walk-plan"


def plan_version(tenant: Tenant) -> str:
    plan_id(tenant)
    return "1"


def subscription_id(tenant: Tenant) -> str:
    from datetime import date

    from pricing.models import PlanVersion, Subscription
    from pricing.services import subscription_create

    existing = Subscription.objects.filter(tenant=tenant).first()
    if existing is not None:
        return str(existing.id)
    plan_id(tenant)
    customer = Customer.objects.get(tenant=tenant, external_id=customer_id(tenant))
    version = PlanVersion.objects.get(tenant=tenant, plan__code="walk-plan", version=1)
    return str(
        subscription_create(
            tenant=tenant,
            customer=customer,
            plan_version=version,
            start_date=date(2026, 1, 1),
            actor=Actor.system("tests"),
        ).id
    )


def invoice_id(tenant: Tenant) -> str:
    from datetime import UTC, datetime

    from pricing.models import Invoice
    from pricing.rating import Period
    from pricing.services import invoice_finalize

    existing = Invoice.objects.filter(tenant=tenant).first()
    if existing is not None:
        return str(existing.id)
    subscription_id(tenant)
    customer = Customer.objects.get(tenant=tenant, external_id=customer_id(tenant))
    invoice = invoice_finalize(
        tenant=tenant,
        customer=customer,
        period=Period.month(2026, 1),
        now=datetime(2026, 2, 1, 2, tzinfo=UTC),
    )
    assert invoice is not None
    return str(invoice.id)


def model_price_id(tenant: Tenant) -> str:
    from economics.costs.services.prices import model_price_create

    return str(
        model_price_create(
            tenant=tenant,
            provider="walk",
            model=f"walk-model-{uuid.uuid4().hex[:8]}",
            valid_from=datetime(2026, 1, 1, tzinfo=UTC),
            input_per_1m=Decimal(1),
            output_per_1m=Decimal(2),
            actor=Actor.system("tests"),
        ).id
    )


def gpu_rate_id(tenant: Tenant) -> str:
    from economics.costs.services.prices import gpu_rate_create

    return str(
        gpu_rate_create(
            tenant=tenant,
            gpu_type=f"walk-{uuid.uuid4().hex[:8]}",
            valid_from=datetime(2026, 1, 1, tzinfo=UTC),
            usd_per_gpu_hour=Decimal(2),
            actor=Actor.system("tests"),
        ).id
    )


def service_rate_id(tenant: Tenant) -> str:
    from economics.costs.services.prices import service_rate_create

    return str(
        service_rate_create(
            tenant=tenant,
            service=f"walk-{uuid.uuid4().hex[:8]}",
            valid_from=datetime(2026, 1, 1, tzinfo=UTC),
            usd_per_call=Decimal("0.001"),
            actor=Actor.system("tests"),
        ).id
    )


def recalculation_id(tenant: Tenant) -> str:
    from economics.costs.models import CostRecalculation

    return str(
        CostRecalculation.objects.create(
            tenant=tenant,
            start=datetime(2026, 1, 1, tzinfo=UTC),
            end=datetime(2026, 2, 1, tzinfo=UTC),
            reason="walk",
            requested_by="walk",
        ).id
    )


def fixed_cost_id(tenant: Tenant) -> str:
    from economics.costs.services.fixed_costs import fixed_cost_create

    return str(
        fixed_cost_create(
            tenant=tenant,
            category="training",
            monthly_amount=Decimal(5000),
            start_month=date(2026, 1, 1),
            actor=Actor.system("tests"),
        ).id
    )


def simulation_id(tenant: Tenant) -> str:
    from economics.simulations.models import Simulation

    existing = Simulation.objects.filter(tenant=tenant).first()
    if existing is not None:
        return str(existing.id)
    params = {
        "start_month": "2026-01",
        "end_month": "2026-02",
        "customers": {"mode": "all"},
        "candidates": [],
        "currency": "USD",
    }
    return str(Simulation.objects.create(tenant=tenant, name="walk", params=params).id)


def what_if_id(tenant: Tenant) -> str:
    from economics.decisions.models import WhatIf

    existing = WhatIf.objects.filter(tenant=tenant).first()
    if existing is not None:
        return str(existing.id)
    params = {"start_month": "2026-01", "end_month": "2026-02", "changes": [], "candidate": None}
    return str(WhatIf.objects.create(tenant=tenant, name="walk", params=params).id)


def outbox_id(tenant: Tenant) -> str:
    from django.utils import timezone

    from pricing.stripe.models import OutboxStatus, StripeOutbox

    row, _ = StripeOutbox.objects.get_or_create(
        tenant=tenant,
        idempotency_key="walk",
        defaults={
            "operation": "customer.sync",
            "subject": "0",
            "status": OutboxStatus.DEAD,
            "next_attempt_at": timezone.now(),
            "last_error": "walk",
        },
    )
    return str(row.id)


def grant_id(tenant: Tenant) -> str:
    from pricing.credits.models import CreditGrant
    from pricing.credits.services import credit_grant_create

    existing = CreditGrant.objects.filter(tenant=tenant).first()
    if existing is not None:
        return str(existing.id)
    customer = Customer.objects.get(tenant=tenant, external_id=customer_id(tenant))
    grant, _ = credit_grant_create(
        tenant=tenant,
        customer=customer,
        kind="promotional",
        credits=Decimal(5),
        currency="USD",
        actor=Actor.system("tests"),
    )
    return str(grant.id)


def authorization_id(tenant: Tenant) -> str:
    from pricing.credits.models import Authorization
    from pricing.credits.services import authorize

    existing = Authorization.objects.filter(tenant=tenant).first()
    if existing is not None:
        return str(existing.id)
    customer = Customer.objects.get(tenant=tenant, external_id=customer_id(tenant))
    decision = authorize(
        tenant=tenant, customer=customer, request_class="walk", spend=Decimal(0), hold=True
    )
    assert decision.authorization is not None
    return str(decision.authorization.id)


def read_token_id(tenant: Tenant) -> str:
    from datetime import timedelta

    from metering.read_token_services import read_token_create

    customer = Customer.objects.get(tenant=tenant, external_id=customer_id(tenant))
    issued = read_token_create(
        tenant=tenant,
        customer=customer,
        ttl=timedelta(hours=1),
        name="walk token",
        actor=Actor.system("tests"),
    )
    return str(issued.token.id)


PATH_PARAM_FACTORIES: dict[str, Callable[[Tenant], str]] = {
    "acquisition_cost_id": acquisition_cost_id,
    "slo_id": slo_id,
    "alert_id": alert_id,
    "webhook_id": webhook_id,
    "customer_id": customer_id,
    "key_id": key_id,
    "event_id": event_id,
    "trace_id": trace_id,
    "plan_id": plan_id,
    "version": plan_version,
    "subscription_id": subscription_id,
    "invoice_id": invoice_id,
    "model_price_id": model_price_id,
    "gpu_rate_id": gpu_rate_id,
    "service_rate_id": service_rate_id,
    "recalculation_id": recalculation_id,
    "fixed_cost_id": fixed_cost_id,
    "simulation_id": simulation_id,
    "what_if_id": what_if_id,
    "outbox_id": outbox_id,
    "grant_id": grant_id,
    "authorization_id": authorization_id,
    "read_token_id": read_token_id,
}

"""Budget thresholds and credits running low, raised once each as alerts with webhooks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from economics.alerts.models import Alert, WebhookDelivery, WebhookEndpoint
from economics.alerts.services import guardrails_evaluate
from economics.margins.models import RollupDay
from metering.models import Customer, Tenant
from pricing.credits.models import Budget, CreditAccount

D = Decimal
NOW = datetime(2026, 3, 20, 9, tzinfo=UTC)


def test_a_budget_raises_at_80_and_100_percent_once_each(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    WebhookEndpoint.objects.create(tenant=tenant, url="https://hooks.example.com/x", secret="s")
    budget = Budget.objects.create(
        tenant=tenant,
        customer=acme,
        measure="spend",
        limit=D(50),
        period_start=date(2026, 3, 1),
        spend=D("39.99"),
    )
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []
    budget.spend = D(40)
    budget.save()
    (first,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert (first.kind, first.observed, first.threshold) == ("budget_threshold", D(40), D(40))
    assert first.message == (
        "acme: spend this month is 40, 80 % or more of its budget of 50 (every class)."
    )
    assert WebhookDelivery.objects.filter(alert=first).count() == 1
    budget.spend = D("50.01")
    budget.save()
    (second,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert (second.threshold, second.observed) == (D(50), D("50.01"))
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []  # each threshold once a month


def test_credits_projected_to_run_out_within_a_week_raise_an_alert(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    CreditAccount.objects.create(
        tenant=tenant, customer=acme, currency="USD", balance=D(100), held=D(10)
    )
    for day in (13, 15, 19):  # 140 over the last 7 full days (13-19 March): 20 a day
        RollupDay.objects.create(
            tenant=tenant,
            customer=acme,
            request_class="chat",
            model="m",
            bucket_start=datetime(2026, 3, day, tzinfo=UTC),
            revenue=D(140) / 3,
        )
    (alert,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert (alert.kind, alert.observed, alert.threshold) == ("credits_running_out", D("4.5"), D(7))
    assert alert.message == (
        "acme has 90 USD of credits left: about 4.5 days at 20 per day over the last 7 days."
    )
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []
    # Not repeated the next day either: once per month and latest grant (a top-up re-arms it).
    assert guardrails_evaluate(tenant=tenant, now=NOW + timedelta(days=1)) == []
    assert Alert.objects.filter(tenant=tenant).count() == 1

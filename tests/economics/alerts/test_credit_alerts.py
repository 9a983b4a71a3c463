"""Configurable credit and budget alerts, and the projections they read, exact to the Decimal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import time_machine
from rest_framework.test import APIClient

from economics.alerts.models import Alert, WebhookDelivery, WebhookEndpoint
from economics.alerts.services import guardrails_evaluate
from economics.margins.models import RollupDay
from economics.margins.projections import customer_projection
from metering.audit import Actor
from metering.models import AuditEntry, Customer, Tenant
from pricing.credits.models import Budget, CreditAccount
from pricing.credits.services import credit_alert_settings_set, credit_grant_create

D = Decimal
NOW = datetime(2026, 3, 20, 9, tzinfo=UTC)
ACTOR = Actor.system("tests")


def _revenue(tenant: Tenant, customer: Customer, days: dict[int, str]) -> None:
    """Rollup revenue of March days (one row per day)."""
    for day, amount in days.items():
        RollupDay.objects.create(
            tenant=tenant,
            customer=customer,
            request_class="chat",
            model="m",
            bucket_start=datetime(2026, 3, day, tzinfo=UTC),
            revenue=D(amount),
        )


def _kinds(alerts: list[Alert]) -> list[tuple[str, Decimal, Decimal]]:
    return [(a.kind, a.observed, a.threshold) for a in alerts]


# ----------------------------------------------------------------------------- projections


def test_the_projection_reads_the_last_seven_complete_days(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    CreditAccount.objects.create(
        tenant=tenant, customer=acme, currency="USD", balance=D(100), held=D(10)
    )
    # 2 March is outside the window (13-19 March); 20 March is today (not complete).
    _revenue(tenant, acme, {2: "100", 13: "40", 15: "60", 19: "40", 20: "5"})
    p = customer_projection(tenant=tenant, customer=acme, now=NOW)
    assert (p.window_start, p.window_end) == (
        datetime(2026, 3, 13, tzinfo=UTC),
        datetime(2026, 3, 20, tzinfo=UTC),
    )
    assert p.daily_rate == D(20)  # 140 / 7
    assert p.month_to_date == D(245)
    assert p.days_left_in_period == D("11.625")  # 20 March 09:00 to 1 April 00:00
    assert p.projected_invoice == D("477.50")  # 245 + 20 x 11.625
    assert (p.currency, p.credits_available, p.credit_days_left) == ("USD", D(90), D("4.5"))


def test_a_rate_that_does_not_divide_evenly_is_kept_to_ten_places(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    CreditAccount.objects.create(tenant=tenant, customer=acme, currency="USD", balance=D(90))
    _revenue(tenant, acme, {14: "100"})
    p = customer_projection(tenant=tenant, customer=acme, now=NOW)
    assert p.daily_rate == D("14.2857142857")  # 100 / 7, ROUND_HALF_UP at ten places
    # 100 + 14.2857142857 x 11.625 = 266.0714285712625 -> 266.07
    assert p.projected_invoice == D("266.07")
    # 90 / 14.2857142857 = 6.30000000000063 -> rounded down to a tenth
    assert p.credit_days_left == D("6.3")


def test_no_credits_and_no_recent_usage_project_no_days(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    _revenue(tenant, acme, {2: "30"})
    p = customer_projection(tenant=tenant, customer=acme, now=NOW)
    assert (p.daily_rate, p.projected_invoice, p.credits_available, p.credit_days_left) == (
        D(0),
        D("30.00"),
        None,
        None,
    )
    CreditAccount.objects.create(tenant=tenant, customer=acme, currency="USD", balance=D(5))
    assert customer_projection(tenant=tenant, customer=acme, now=NOW).credit_days_left is None
    CreditAccount.objects.filter(customer=acme).update(balance=D(0))
    assert customer_projection(tenant=tenant, customer=acme, now=NOW).credit_days_left == D(0)


def test_the_projection_endpoint(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    CreditAccount.objects.create(
        tenant=tenant, customer=acme, currency="USD", balance=D(100), held=D(10)
    )
    _revenue(tenant, acme, {13: "40", 15: "60", 19: "40", 20: "5"})
    with time_machine.travel(NOW, tick=False):
        response = api.get("/v1/customers/acme/projection")
    assert response.status_code == 200
    assert response.json() == {
        "customer_id": "acme",
        "as_of": "2026-03-20T09:00:00Z",
        "window_start": "2026-03-13T00:00:00Z",
        "window_end": "2026-03-20T00:00:00Z",
        "daily_rate": "20",
        "period_start": "2026-03-01T00:00:00Z",
        "period_end": "2026-04-01T00:00:00Z",
        "month_to_date": "145",
        "days_left_in_period": "11.625",
        "projected_invoice": "377.50",
        "currency": "USD",
        "credits_available": "90",
        "credit_days_left": "4.5",
    }
    assert api.get("/v1/customers/nobody/projection").status_code == 404
    other = Tenant.objects.create(name="Other")
    assert client_for(other).get("/v1/customers/acme/projection").status_code == 404


# ----------------------------------------------------------------------------- thresholds


def test_balance_thresholds_fire_once_and_rearm_after_a_top_up(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    WebhookEndpoint.objects.create(tenant=tenant, url="https://hooks.example.com/x", secret="s")
    credit_grant_create(
        tenant=tenant,
        customer=acme,
        kind="paid",
        credits=D(200),
        currency="USD",
        effective_at=datetime(2026, 3, 1, tzinfo=UTC),
        actor=ACTOR,
    )
    credit_alert_settings_set(
        tenant=tenant,
        customer=acme,
        actor=ACTOR,
        balance_below=D(50),
        balance_below_percent=D(10),  # of the 200 granted: 20
        running_out_days=None,
    )
    account = CreditAccount.objects.get(customer=acme)
    account.balance = D(50)  # exactly at the threshold: not below
    account.save()
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []
    account.held = D("0.01")
    account.save()
    (low,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert _kinds([low]) == [("credits_balance_low", D("49.99"), D(50))]
    assert low.message == "acme has 49.99 USD of credits left, below 50."
    assert WebhookDelivery.objects.filter(alert=low).count() == 1
    account.balance, account.held = D("19.99"), D(0)
    account.save()
    (percent,) = guardrails_evaluate(tenant=tenant, now=NOW)  # the amount alert fired already
    assert _kinds([percent]) == [("credits_balance_low", D("19.99"), D(20))]
    assert percent.message == ("acme has 19.99 USD of credits left, below 10 % of the 200 granted.")
    assert guardrails_evaluate(tenant=tenant, now=NOW + timedelta(days=3)) == []  # not again
    # A grant (a top-up) re-arms both: 29.99 is below 50 but not below 10 % of the 210
    # granted (21), so only the amount alert fires again.
    credit_grant_create(
        tenant=tenant,
        customer=acme,
        kind="paid",
        credits=D(10),
        currency="USD",
        effective_at=datetime(2026, 3, 1, tzinfo=UTC),
        actor=ACTOR,
    )
    account.refresh_from_db()
    account.balance = D("29.99")
    account.save()
    (again,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert _kinds([again]) == [("credits_balance_low", D("29.99"), D(50))]
    # A new month re-arms too.
    april = datetime(2026, 4, 2, tzinfo=UTC)
    assert _kinds(guardrails_evaluate(tenant=tenant, now=april)) == [
        ("credits_balance_low", D("29.99"), D(50))
    ]
    assert Alert.objects.filter(tenant=tenant).count() == 4


def test_running_out_uses_the_customers_days_then_the_tenant_default(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    CreditAccount.objects.create(
        tenant=tenant, customer=acme, currency="USD", balance=D(100), held=D(10)
    )
    _revenue(tenant, acme, {13: "140"})  # 20 a day: 90 last 4.5 days
    credit_alert_settings_set(tenant=tenant, customer=None, actor=ACTOR, running_out_days=D(3))
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []  # 4.5 is not below 3
    credit_alert_settings_set(tenant=tenant, customer=acme, actor=ACTOR, running_out_days=D(5))
    (alert,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert _kinds([alert]) == [("credits_running_out", D("4.5"), D(5))]
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []


def test_budget_thresholds_are_configurable_per_budget(api: APIClient, tenant: Tenant) -> None:
    Customer.objects.create(tenant=tenant, external_id="acme")
    created = api.post(
        "/v1/budgets",
        {
            "customer_id": "acme",
            "measure": "spend",
            "limit": "200",
            "alert_percents": ["50", "90.5"],
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["alert_percents"] == ["50", "90.5"]
    bad = api.post(
        "/v1/budgets",
        {"customer_id": "acme", "measure": "spend", "limit": "1", "alert_percents": ["0"]},
        format="json",
    )
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["alert_percents.0"]
    default = api.post(
        "/v1/budgets", {"customer_id": "acme", "measure": "cost", "limit": "10"}, format="json"
    )
    assert default.json()["alert_percents"] == ["80", "100"]
    budget = Budget.objects.get(pk=created.json()["id"])
    Budget.objects.filter(pk=budget.pk).update(period_start=date(2026, 3, 1), spend=D("180.99"))
    (fifty,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert _kinds([fifty]) == [("budget_threshold", D("180.99"), D(100))]
    Budget.objects.filter(pk=budget.pk).update(spend=D(181))
    (ninety,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert _kinds([ninety]) == [("budget_threshold", D(181), D(181))]  # 90.5 % of 200
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []
    # The next month re-arms: its counters start again (settled spend rolls over).
    Budget.objects.filter(pk=budget.pk).update(period_start=date(2026, 4, 1), spend=D(100))
    (april,) = guardrails_evaluate(tenant=tenant, now=datetime(2026, 4, 3, tzinfo=UTC))
    assert _kinds([april]) == [("budget_threshold", D(100), D(100))]


def test_an_invoice_projected_above_the_set_amount_fires_once_a_month(tenant: Tenant) -> None:
    acme = Customer.objects.create(tenant=tenant, external_id="acme")
    quiet = Customer.objects.create(tenant=tenant, external_id="quiet")
    _revenue(tenant, acme, {13: "40", 15: "60", 19: "40", 20: "5"})  # projected 377.50
    _revenue(tenant, quiet, {2: "30"})  # projected 30.00
    credit_alert_settings_set(
        tenant=tenant, customer=None, actor=ACTOR, projected_invoice_above=D("377.50")
    )
    assert guardrails_evaluate(tenant=tenant, now=NOW) == []  # equal is not above
    credit_alert_settings_set(
        tenant=tenant, customer=None, actor=ACTOR, projected_invoice_above=D("377.49")
    )
    (alert,) = guardrails_evaluate(tenant=tenant, now=NOW)
    assert (alert.kind, alert.customer, alert.observed, alert.threshold) == (
        "invoice_projected",
        acme,
        D("377.50"),
        D("377.49"),
    )
    assert alert.message == (
        "acme: this month's invoice is projected at 377.50, above 377.49 (145 so far, then"
        " 20.00 per day over the last 7 days)."
    )
    assert guardrails_evaluate(tenant=tenant, now=NOW + timedelta(days=1)) == []


def test_the_settings_api_reads_the_default_sets_and_drops_a_customers_own(
    api: APIClient, tenant: Tenant, client_for: Callable[..., APIClient]
) -> None:
    Customer.objects.create(tenant=tenant, external_id="acme")
    built_in = {
        "customer_id": "acme",
        "set_by": "default",
        "balance_below": None,
        "balance_below_percent": None,
        "running_out_days": "7",
        "projected_invoice_above": None,
    }
    assert api.get("/v1/customers/acme/credit-alert-settings").json() == built_in
    tenant_default = api.put(
        "/v1/credit-alert-settings",
        {"balance_below": "25.5", "running_out_days": "3"},
        format="json",
    )
    assert tenant_default.json() == {
        **built_in,
        "customer_id": None,
        "set_by": "tenant",
        "balance_below": "25.5",
        "running_out_days": "3",
    }
    assert api.get("/v1/customers/acme/credit-alert-settings").json()["set_by"] == "tenant"
    own = api.put(
        "/v1/customers/acme/credit-alert-settings",
        {"balance_below_percent": "12.5", "running_out_days": None},
        format="json",
    )
    assert own.json() == {
        **built_in,
        "set_by": "customer",
        "balance_below_percent": "12.5",
        "running_out_days": None,
    }
    bad = api.put(
        "/v1/customers/acme/credit-alert-settings",
        {"balance_below_percent": "-0.5", "balance_below": "-1"},
        format="json",
    )
    assert bad.status_code == 400
    assert sorted(e["field"] for e in bad.json()["errors"]) == [
        "balance_below",
        "balance_below_percent",
    ]
    assert api.put("/v1/customers/acme/credit-alert-settings").status_code == 400  # no body
    assert api.get("/v1/customers/acme/credit-alert-settings").json()["set_by"] == "customer"
    assert api.delete("/v1/customers/acme/credit-alert-settings").status_code == 204
    assert api.get("/v1/customers/acme/credit-alert-settings").json()["set_by"] == "tenant"
    assert list(
        AuditEntry.objects.filter(object_type="credit_alert_settings")
        .order_by("occurred_at")
        .values_list("action", flat=True)
    ) == ["credit_alert_settings.set", "credit_alert_settings.set", "credit_alert_settings.delete"]
    other = Tenant.objects.create(name="Other")
    assert client_for(other).get("/v1/customers/acme/credit-alert-settings").status_code == 404

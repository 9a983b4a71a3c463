from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import time_machine
from django.test import override_settings
from rest_framework.test import APIClient

from metering.models import Tenant
from pricing.models import Invoice, InvoiceAdjustment
from pricing.rating import Period
from pricing.selectors import period_rate_many, revenue_attribution
from pricing.tasks import finalize_due_invoices
from tests.pricing.factories import (
    HYBRID_CHARGES,
    OUTCOME_CHARGES,
    at,
    customer,
    event,
    published_plan,
    subscribe,
)

D = Decimal


def hybrid_month(api: APIClient, tenant: Tenant):  # type: ignore[no-untyped-def]
    """Pro: $100 base, 10M tokens included, next 40M at $3/M, beyond at $2/M; 75M used."""
    published_plan(api, "pro", HYBRID_CHARGES)
    acme = customer(tenant, "acme")
    subscribe(api, "acme", "pro", "2026-03-01")
    e1 = event(tenant, acme, at(2), "chat", input_tokens=3_000_000, output_tokens=2_000_000)
    e2 = event(
        tenant,
        acme,
        at(5),
        "summarise",
        input_tokens=20_000_000,
        cached_input_tokens=5_000_000,
        output_tokens=5_000_000,
    )
    e3 = event(tenant, acme, at(9), "chat", input_tokens=30_000_000, output_tokens=10_000_000)
    voided = event(tenant, acme, at(10), "chat", input_tokens=99_000_000)
    voided.voided_at = at(11)
    voided.save()
    event(tenant, acme, at(1, month=4), "chat", input_tokens=7_000_000)  # next period
    return acme, (e1, e2, e3)


def line(kind, description, quantity, unit_price, amount, tier=None, proration=False, **dates):  # type: ignore[no-untyped-def]
    return {
        "charge_key": dates.pop("key"),
        "kind": kind,
        "description": description,
        "quantity": quantity,
        "unit_price": unit_price,
        "amount": amount,
        "period_start": dates.pop("start", "2026-03-01"),
        "period_end": dates.pop("end", "2026-04-01"),
        "proration": proration,
        "tier": tier,
    }


def test_hybrid_plan_preview_matches_the_hand_calculation(api: APIClient, tenant: Tenant) -> None:
    hybrid_month(api, tenant)
    response = api.get("/v1/customers/acme/invoice-preview?period=2026-03")
    assert response.status_code == 200
    # 75M tokens: 10M included; 40M x $3 = 120; 25M x $2 = 50; plus the $100 base fee.
    # Revenue: e1's 5M fall in the allowance; e2 gets 25M at $3 (75); e3 15M at $3 and
    # 25M at $2 (95); the base fee is 33.33... per request. chat 161.67, summarise 108.33.
    assert response.json() == {
        "customer_id": "acme",
        "period_start": "2026-03-01",
        "period_end": "2026-04-01",
        "currency": "USD",
        "lines": [
            line("flat_fee", "Pro base fee", "1", "100", "100.00", key="base"),
            line("included", "Tokens (included)", "10", "0", "0.00", key="tokens"),
            line("usage", "Tokens (tier 1)", "40", "3", "120.00", tier=1, key="tokens"),
            line("usage", "Tokens (tier 2)", "25", "2", "50.00", tier=2, key="tokens"),
        ],
        "period_total": "270.00",
        "adjustment_total": "0.00",
        "total": "270.00",
        "recurring_total": "100.00",
        "usage_total": "170.00",
        "revenue_by_request_class": [
            {"request_class": "chat", "revenue": "161.67"},
            {"request_class": "summarise", "revenue": "108.33"},
        ],
        "unattributed": "0.00",
        "credits_applied": "0.00",
        "amount_due": "270.00",
    }


def test_outcome_based_plan_preview_matches_the_hand_calculation(
    api: APIClient, tenant: Tenant
) -> None:
    published_plan(api, "outcomes", OUTCOME_CHARGES)
    beta = customer(tenant, "beta")
    subscribe(api, "beta", "outcomes", "2026-03-01")
    event(tenant, beta, at(3), "support", outcome="success", outcome_value=D("60.10"))
    event(tenant, beta, at(4), "sales", outcome="success", outcome_value=D("40.10"))
    event(tenant, beta, at(5), "support", outcome="failure", outcome_value=D("100"))
    event(tenant, beta, at(6), "support")
    body = api.get("/v1/customers/beta/invoice-preview?period=2026-03").json()
    # 2 successes x 0.99 = 1.98; 2.5 % of 100.20 = 2.505 -> 2.51 (half up).
    assert [(ln["description"], ln["quantity"], ln["amount"]) for ln in body["lines"]] == [
        ("Resolved conversations", "2", "1.98"),
        ("Share of recovered value (2.5%)", "100.2", "2.51"),
    ]
    assert body["total"] == "4.49"
    # support: 0.99 + 2.51 x 60.10/100.20 = 2.4954; sales: 0.99 + 1.0046 -> 2.50 / 1.99
    assert body["revenue_by_request_class"] == [
        {"request_class": "sales", "revenue": "1.99"},
        {"request_class": "support", "revenue": "2.50"},
    ]


def test_a_mid_month_start_prorates_the_base_fee(api: APIClient, tenant: Tenant) -> None:
    published_plan(api, "pro", HYBRID_CHARGES)
    customer(tenant, "late")
    subscribe(api, "late", "pro", "2026-03-10")
    body = api.get("/v1/customers/late/invoice-preview?period=2026-03").json()
    assert body["lines"][0] == line(
        "flat_fee",
        "Pro base fee (22 of 31 days)",
        "1",
        "100",
        "70.97",
        proration=True,
        key="base",
        start="2026-03-10",
    )
    assert (body["total"], body["unattributed"], body["revenue_by_request_class"]) == (
        "70.97",
        "70.97",
        [],
    )


def test_preview_defaults_to_the_current_month_and_refuses_a_bad_period(
    api: APIClient, tenant: Tenant
) -> None:
    customer(tenant, "idle")
    with time_machine.travel("2026-05-17T10:00:00Z", tick=False):
        body = api.get("/v1/customers/idle/invoice-preview").json()
    assert (body["period_start"], body["currency"], body["lines"], body["total"]) == (
        "2026-05-01",
        None,
        [],
        "0",
    )
    response = api.get("/v1/customers/idle/invoice-preview?period=2026-13")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "period", "message": "Use YYYY-MM, e.g. 2026-03."}
    ]


@override_settings(PRICING_INVOICE_GRACE_SECONDS=3600)
def test_finalising_waits_for_the_grace_period_and_late_usage_is_adjusted_next_month(
    api: APIClient, other_api: APIClient, tenant: Tenant
) -> None:
    acme, _ = hybrid_month(api, tenant)
    with time_machine.travel("2026-04-01T00:30:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 0
    assert Invoice.objects.count() == 0
    with time_machine.travel("2026-04-01T01:30:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 1
        assert finalize_due_invoices.delay().get() == 0  # idempotent
    march = Invoice.objects.get()
    assert (march.total, march.period_total, march.adjustment_total) == (
        D("270.00"),
        D("270.00"),
        D("0.00"),
    )
    listed = api.get("/v1/invoices?customer_id=acme").json()["results"]
    assert [(i["period_start"], i["total"]) for i in listed] == [("2026-03-01", "270.00")]
    detail = api.get(f"/v1/invoices/{march.id}").json()
    assert detail["revenue_by_request_class"] == [
        {"request_class": "chat", "revenue": "161.67"},
        {"request_class": "summarise", "revenue": "108.33"},
    ]
    assert other_api.get(f"/v1/invoices/{march.id}").status_code == 404

    # A late March event (1M tokens, all in tier 2 at $2) arrives on 3 April.
    event(tenant, acme, at(20), "chat", input_tokens=1_000_000, received_at=at(3, month=4))
    preview = api.get("/v1/customers/acme/invoice-preview?period=2026-04").json()
    assert preview["lines"][-1] == line(
        "adjustment",
        "Adjustment for 2026-03-01 to 2026-04-01 (late usage)",
        "1",
        "2",
        "2.00",
        key="adjustment",
        start="2026-04-01",
        end="2026-05-01",
    )
    # April: base 100 + 7M tokens inside the allowance + the 2.00 adjustment.
    assert (preview["period_total"], preview["adjustment_total"], preview["total"]) == (
        "100.00",
        "2.00",
        "102.00",
    )
    with time_machine.travel("2026-05-01T02:00:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 1
    april = Invoice.objects.get(period_start=date(2026, 4, 1))
    assert (april.total, april.adjustment_total) == (D("102.00"), D("2.00"))
    assert InvoiceAdjustment.objects.get().adjusted_invoice_id == march.id
    march.refresh_from_db()
    assert march.total == D("270.00")  # never edited
    # Billed once: a May preview owes nothing more for March.
    may = api.get("/v1/customers/acme/invoice-preview?period=2026-05").json()
    assert may["adjustment_total"] == "0.00"


def test_revenue_attribution_gives_revenue_per_event_and_class(
    api: APIClient, tenant: Tenant
) -> None:
    acme, (e1, e2, e3) = hybrid_month(api, tenant)
    result = revenue_attribution(
        tenant=tenant,
        customer=acme,
        period_start=date(2026, 3, 1),
        period_end=date(2026, 4, 1),
        event_quantum=D("0.000001"),
    )
    assert result.currency == "USD"
    assert result.by_event == {
        # chat's 161.67 split pro rata 33.33... : 128.33...; summarise keeps its 108.33
        e1.pk: D("33.334021"),
        e2.pk: D("108.330000"),
        e3.pk: D("128.335979"),
    }
    assert result.by_request_class == {"chat": D("161.67"), "summarise": D("108.33")}
    assert (result.total, result.rated_total, result.recurring) == (
        D("270.00"),
        D("270.00"),
        D("100.00"),
    )
    assert result.unattributed == D("0")
    coarse = revenue_attribution(
        tenant=tenant, customer=acme, period_start=date(2026, 3, 1), period_end=date(2026, 4, 1)
    )
    # cents: chat's 161.67 -> 33.33 + 128.34 (the larger remainder takes the last cent)
    assert coarse.by_event == {e1.pk: D("33.33"), e2.pk: D("108.33"), e3.pk: D("128.34")}
    part = revenue_attribution(
        tenant=tenant, customer=acme, period_start=date(2026, 3, 3), period_end=date(2026, 3, 6)
    )
    assert (part.by_event, part.by_request_class) == (
        {e2.pk: D("108.33")},
        {"summarise": D("108.33")},
    )


def test_rating_many_customers_from_aggregates_matches_each_preview(
    api: APIClient, tenant: Tenant
) -> None:
    acme, _ = hybrid_month(api, tenant)
    published_plan(api, "outcomes", OUTCOME_CHARGES)
    beta = customer(tenant, "beta")
    subscribe(api, "beta", "outcomes", "2026-03-01", end_date="2026-03-20")
    event(tenant, beta, at(3), "support", outcome="success", outcome_value=D("60.10"))
    event(tenant, beta, at(25), "support", outcome="success", outcome_value=D("99"))  # not covered
    customer(tenant, "idle")
    rated = period_rate_many(tenant=tenant, period=Period.month(2026, 3))
    assert {c: inv.total for c, inv in rated.items()} == {acme.pk: D("270.00"), beta.pk: D("2.49")}
    for c in (acme, beta):
        preview = api.get(f"/v1/customers/{c.external_id}/invoice-preview?period=2026-03").json()
        assert [ln["amount"] for ln in preview["lines"]] == [
            format(ln.amount, "f") for ln in rated[c.pk].lines
        ]


def test_a_yen_plan_previews_in_whole_yen(api: APIClient, tenant: Tenant) -> None:
    charges = [
        {"type": "flat_fee", "key": "base", "description": "Base", "amount": "10000"},
        {
            "type": "usage",
            "key": "req",
            "description": "Requests",
            "metric": "requests",
            "price_model": "per_unit",
            "unit_amount": "0.15",
        },
    ]
    published_plan(api, "jp", charges, currency="JPY")
    tanaka = customer(tenant, "tanaka")
    subscribe(api, "tanaka", "jp", "2026-04-21")
    event(tenant, tanaka, at(22, month=4), "chat", requests=1234)
    body = api.get("/v1/customers/tanaka/invoice-preview?period=2026-04").json()
    # 10,000 x 10/30 = 3,333.33 -> 3,333; 1,234 x 0.15 = 185.1 -> 185
    assert [(ln["description"], ln["amount"]) for ln in body["lines"]] == [
        ("Base (10 of 30 days)", "3333"),
        ("Requests", "185"),
    ]
    assert (body["currency"], body["total"], body["revenue_by_request_class"]) == (
        "JPY",
        "3518",
        [{"request_class": "chat", "revenue": "3518"}],
    )


def test_the_preview_takes_six_queries_whatever_the_number_of_events(
    api: APIClient, tenant: Tenant, django_assert_max_num_queries: Any
) -> None:
    acme, _ = hybrid_month(api, tenant)
    for day in range(1, 29):
        event(tenant, acme, at(day), "classify", input_tokens=1000)
    # The sixth looks for the customer's credit grants (credits applied).
    with django_assert_max_num_queries(6):
        response = api.get("/v1/customers/acme/invoice-preview?period=2026-03")
    assert response.status_code == 200


@override_settings(PRICING_INVOICE_GRACE_SECONDS=3600)
def test_late_usage_after_the_subscription_ended_is_still_billed_next_month(
    api: APIClient, tenant: Tenant
) -> None:
    charges = [
        {
            "type": "usage",
            "key": "req",
            "description": "Requests",
            "metric": "requests",
            "price_model": "per_unit",
            "unit_amount": "0.50",
        }
    ]
    published_plan(api, "payg", charges)
    gone = customer(tenant, "gone")
    subscribe(api, "gone", "payg", "2026-03-01", end_date="2026-03-20")
    event(tenant, gone, at(5), "chat", requests=4)
    with time_machine.travel("2026-04-01T02:00:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 1
    assert Invoice.objects.get().total == D("2.00")
    with time_machine.travel("2026-05-01T02:00:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 0  # nothing changed: no April invoice
    event(tenant, gone, at(10), "chat", requests=2, received_at=at(3, month=5))
    with time_machine.travel("2026-06-01T02:00:00Z", tick=False):
        assert finalize_due_invoices.delay().get() == 1
    may = Invoice.objects.get(period_start=date(2026, 5, 1))
    assert (may.currency, may.period_total, may.adjustment_total, may.total) == (
        "USD",
        D("0.00"),
        D("1.00"),
        D("1.00"),
    )
    assert [(ln["kind"], ln["amount"]) for ln in may.lines] == [("adjustment", "1.00")]

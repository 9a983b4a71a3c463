"""Stripe invoices beside Marginal's: record what Stripe billed, add the items it lacks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from metering.models import Customer, Tenant
from pricing.money import minor_unit_exponent
from pricing.stripe.connection import StripeReader
from pricing.stripe.invoicing import (
    StripeLine,
    closes_month,
    item_params,
    lines_of,
    month_of,
    planned_items,
    price_charges,
)
from pricing.stripe.models import StripeInvoice, StripeObject
from pricing.stripe.ops import Ctx


def customer_of(*, tenant: Tenant, stripe_customer_id: str) -> Customer | None:
    """Return the Marginal customer mirrored as this Stripe customer, or None."""
    mapping = (
        StripeObject.objects.of(tenant)
        .filter(kind=StripeObject.Kind.CUSTOMER, stripe_id=stripe_customer_id)
        .first()
    )
    if mapping is None:
        return None
    return Customer.objects.of(tenant).filter(pk=int(mapping.local_key)).first()


def subscription_of(invoice: dict[str, Any]) -> str | None:
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return details.get("subscription")


def invoice_record(*, tenant: Tenant, invoice: dict[str, Any]) -> StripeInvoice | None:
    """Store (or refresh) a fetched Stripe invoice of a mirrored customer."""
    customer = customer_of(tenant=tenant, stripe_customer_id=invoice["customer"])
    if customer is None:
        return None
    currency = str(invoice["currency"]).upper()
    exponent = minor_unit_exponent(currency)
    row, _ = StripeInvoice.objects.of(tenant).update_or_create(
        tenant=tenant,
        stripe_id=invoice["id"],
        defaults={
            "customer": customer,
            "subscription_stripe_id": subscription_of(invoice) or "",
            "period_month": month_of(int(invoice["period_start"])),
            "status": invoice["status"],
            "currency": currency,
            "total": Decimal(int(invoice["total"])).scaleb(-exponent),
            "amount_paid": Decimal(int(invoice.get("amount_paid") or 0)).scaleb(-exponent),
        },
    )
    return row


def month_lines(
    ctx: Ctx | StripeReader, customer_stripe_id: str, month: Any, currency: str
) -> list[StripeLine]:
    """Return the lines of every Stripe invoice of the customer that bills the month."""
    charges = price_charges(tenant=ctx.tenant)
    lines: list[StripeLine] = []
    invoices = ctx.list(ctx.client.v1.invoices.list, {"customer": customer_stripe_id, "limit": 100})
    for other in invoices:
        if other["status"] == "void" or month_of(int(other["period_start"])) != month:
            continue
        raw = ctx.list(ctx.client.v1.invoices.line_items.list, other["id"], {"limit": 100})
        lines.extend(lines_of(raw, currency, charges))
    return lines


def invoice_items_add(ctx: Ctx) -> str:
    """On a draft Stripe invoice that closes a month, add the items Marginal's invoice needs."""
    invoice = ctx.call(ctx.client.v1.invoices.retrieve, ctx.row.subject)
    row = invoice_record(tenant=ctx.tenant, invoice=invoice)
    if row is None or invoice["status"] != "draft":
        return "not a draft of a mirrored customer"
    month = month_of(int(invoice["period_start"]))
    if not closes_month(
        tenant=ctx.tenant,
        customer=row.customer,
        month=month,
        period_end=int(invoice["period_end"]),
        subscription=subscription_of(invoice),
    ):
        return "not the month's last invoice"
    lines = month_lines(ctx, invoice["customer"], month, row.currency)
    items, _ = planned_items(tenant=ctx.tenant, customer=row.customer, month=month, lines=lines)
    for item in items:
        params = item_params(
            tenant=ctx.tenant,
            item=item,
            customer_stripe_id=invoice["customer"],
            invoice_id=invoice["id"],
            month=month,
        )
        ctx.call(
            ctx.client.v1.invoice_items.create,
            params,
            {"idempotency_key": f"invoice_item:{ctx.tenant.pk}:{item.key}"},
        )
    row.items_added_at = timezone.now()
    row.save(update_fields=["items_added_at", "updated_at"])
    return f"{len(items)} items"

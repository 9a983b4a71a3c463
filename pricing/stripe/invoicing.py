"""Invoice items: what Stripe's own lines miss of Marginal's invoice, added to the draft.

When Stripe drafts an invoice (`invoice.created`) Marginal rates the customer's month with
its own engine and compares it, charge by charge, with what Stripe's lines for that month
already bill (native prices, and items Marginal added before). Each difference becomes one
invoice item keyed customer|month|charge|n, whose key is also its Idempotency-Key: a replay
adds nothing. Outcome-based charges, minimum true-ups, mid-period proration that differs,
and usage corrections made after Stripe's 24 h window all arrive this way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q

from metering.models import Customer, Tenant
from pricing.models import Subscription
from pricing.money import minor_unit_exponent, to_minor_units
from pricing.rating import Period
from pricing.selectors import invoice_draft
from pricing.stripe.models import StripeObject

ZERO = Decimal(0)


@dataclass(frozen=True)
class StripeLine:
    """A Stripe invoice line as the comparison needs it."""

    amount: Decimal  # in the currency's major unit
    charge_key: str | None  # the Marginal charge it bills, if known
    from_marginal: bool  # an invoice item Marginal added


@dataclass(frozen=True)
class PlannedItem:
    key: str
    charge_key: str
    description: str
    amount: Decimal  # major unit, rounded to the minor unit
    currency: str


def month_of(period_start: int) -> date:
    """Return the first day of the Marginal month a Stripe invoice period starts in."""
    return datetime.fromtimestamp(period_start, tz=UTC).date().replace(day=1)


def price_charges(*, tenant: Tenant) -> dict[str, str]:
    """Return the Marginal charge key of each mirrored Stripe price id."""
    return {
        o.stripe_id: str(o.data.get("charge_key"))
        for o in StripeObject.objects.of(tenant).filter(kind=StripeObject.Kind.PRICE)
    }


def lines_of(obj: Any, currency: str, charges: dict[str, str]) -> list[StripeLine]:
    """Return the lines of a Stripe invoice (or preview) with the charges they bill."""
    out = []
    exponent = minor_unit_exponent(currency)
    for line in obj:
        metadata = line.get("metadata") or {}
        pricing = line.get("pricing") or {}
        details = pricing.get("price_details") or {}
        price = details.get("price")
        charge = metadata.get("marginal_charge_key") or (charges.get(price) if price else None)
        out.append(
            StripeLine(
                amount=Decimal(int(line["amount"])).scaleb(-exponent),
                charge_key=charge,
                from_marginal=bool(metadata.get("marginal_key")),
            )
        )
    return out


def closes_month(
    *, tenant: Tenant, customer: Customer, month: date, period_end: int, subscription: str | None
) -> bool:
    """Whether a Stripe invoice is the last one of the customer's month (it gets the items)."""
    end = datetime.fromtimestamp(period_end, tz=UTC).date()
    period = Period.month(month.year, month.month)
    if end >= period.end:
        return True
    # A subscription that ended inside the month: its final invoice closes the month when
    # no other subscription of the customer bills a later day of it.
    later = (
        Subscription.objects.of(tenant)
        .filter(customer=customer, start_date__lt=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=end))
    )
    return subscription is not None and not later.exists()


def planned_items(
    *, tenant: Tenant, customer: Customer, month: date, lines: list[StripeLine]
) -> tuple[list[PlannedItem], Any]:
    """Return the items that make Stripe's lines of the month equal Marginal's invoice."""
    period = Period.month(month.year, month.month)
    draft = invoice_draft(tenant=tenant, customer=customer, period=period)
    if draft.currency is None:
        return [], draft
    currency = draft.currency
    target: dict[str, Decimal] = defaultdict(lambda: ZERO)
    descriptions: dict[str, str] = {}
    for own in draft.lines:
        target[own.charge_key] += own.amount
        descriptions.setdefault(own.charge_key, own.description)
    billed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    added: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.charge_key is None:
            continue  # a line added by hand in Stripe: left as it is
        billed[line.charge_key] += line.amount
        if line.from_marginal:
            added[line.charge_key] += 1
    items = []
    for charge_key in sorted(set(target) | set(billed)):
        difference = target[charge_key] - billed[charge_key]
        if not to_minor_units(difference, currency):
            continue
        native = billed[charge_key] - sum(
            (ln.amount for ln in lines if ln.charge_key == charge_key and ln.from_marginal), ZERO
        )
        label = descriptions.get(charge_key, charge_key)
        description = label if not native and not added[charge_key] else f"{label} (correction)"
        key = f"{customer.pk}|{month:%Y-%m}|{charge_key}|{added[charge_key]}"
        items.append(PlannedItem(key, charge_key, description, difference, currency))
    return items, draft


def item_params(
    *, tenant: Tenant, item: PlannedItem, customer_stripe_id: str, invoice_id: str, month: date
) -> dict[str, Any]:
    """Return invoiceitems.create parameters of a planned item on a draft invoice."""
    return {
        "customer": customer_stripe_id,
        "invoice": invoice_id,
        "amount": to_minor_units(item.amount, item.currency),
        "currency": item.currency.lower(),
        "description": item.description,
        "metadata": {
            "tenant_id": str(tenant.pk),
            "marginal_key": item.key,
            "marginal_charge_key": item.charge_key,
            "marginal_month": month.strftime("%Y-%m"),
        },
    }

"""One customer's invoice in Marginal beside Stripe's: per charge, and the items to come."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import stripe

from config.errors import Conflict, Unavailable
from metering.models import Customer, Tenant
from pricing.rating import Period
from pricing.stripe.connection import StripeReader, connection_get
from pricing.stripe.invoices import month_lines
from pricing.stripe.invoicing import (
    PlannedItem,
    StripeLine,
    lines_of,
    planned_items,
    price_charges,
)
from pricing.stripe.models import StripeObject
from pricing.stripe.secrets import SecretUnreadable

ZERO = Decimal(0)


@dataclass
class ChargeRow:
    charge_key: str
    marginal: Decimal
    stripe: Decimal
    item: Decimal


@dataclass
class Preview:
    customer: Customer
    period: Period
    currency: str | None
    source: str  # "upcoming" (Stripe's next invoice) or "invoices" (a past month's)
    marginal_total: Decimal
    stripe_total: Decimal
    items: list[PlannedItem] = field(default_factory=list)
    charges: list[ChargeRow] = field(default_factory=list)

    @property
    def items_total(self) -> Decimal:
        return sum((i.amount for i in self.items), ZERO)


def preview_get(*, tenant: Tenant, customer: Customer, period: Period) -> Preview:
    """Return Marginal's invoice of the month beside what Stripe bills for it."""
    connection = connection_get(tenant=tenant)
    if connection is None:
        raise Conflict("This tenant has no Stripe connection; PUT /v1/integrations/stripe first.")
    reader = StripeReader(tenant, connection)
    mapping = (
        StripeObject.objects.of(tenant)
        .filter(kind=StripeObject.Kind.CUSTOMER, local_key=str(customer.pk))
        .first()
    )
    now = datetime.now(UTC)
    upcoming = now.date() < period.end
    lines: list[StripeLine] = []
    currency = None
    try:
        if mapping is not None and upcoming:
            charges = price_charges(tenant=tenant)
            subs = StripeObject.objects.of(tenant).filter(kind=StripeObject.Kind.SUBSCRIPTION)
            for sub in subs.order_by("pk"):
                if (
                    sub.data.get("customer") != mapping.stripe_id
                    or sub.data.get("status") == "canceled"
                ):
                    continue
                preview = reader.call(
                    reader.client.v1.invoices.create_preview,
                    {"customer": mapping.stripe_id, "subscription": sub.stripe_id},
                )
                currency = str(preview["currency"]).upper()
                lines += lines_of(preview["lines"]["data"], currency, charges)
        elif mapping is not None:
            items, draft = planned_items(
                tenant=tenant, customer=customer, month=period.start, lines=[]
            )
            if draft.currency is not None:
                lines = month_lines(reader, mapping.stripe_id, period.start, draft.currency)
    except (stripe.StripeError, SecretUnreadable) as exc:
        raise Unavailable("Stripe could not be read; try again shortly.", retry_after=30) from exc
    items, draft = planned_items(tenant=tenant, customer=customer, month=period.start, lines=lines)
    marginal: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in draft.lines:
        marginal[line.charge_key] += line.amount
    billed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        billed[line.charge_key or ""] += line.amount
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in items:
        planned[item.charge_key] += item.amount
    rows = [
        ChargeRow(key, marginal[key], billed[key], planned[key])
        for key in sorted(set(marginal) | set(billed))
    ]
    return Preview(
        customer=customer,
        period=period,
        currency=draft.currency or currency,
        source="upcoming" if upcoming else "invoices",
        marginal_total=draft.total,
        stripe_total=sum((ln.amount for ln in lines), ZERO),
        items=items,
        charges=rows,
    )

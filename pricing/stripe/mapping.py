"""What a plan version becomes in Stripe: a product, meters and prices, or invoice items.

Pure: plan charges in, specifications out (no ORM, no network). Amounts go to Stripe in
minor units as decimal strings (`unit_amount_decimal`, at most 12 decimal places); a usage
charge's price is per metric unit (a token, a request), so `unit_size` and `included` are
folded into the tiers. A charge Stripe cannot express exactly (a percentage of outcome
value, a minimum commitment, a volume or package price with an allowance, a price needing
more than 12 decimal places) is billed as an invoice item whose amount the rating engine
computes when Stripe drafts the invoice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from pricing.money import minor_unit_exponent
from pricing.rating import (
    Charge,
    FlatFee,
    Graduated,
    Package,
    PerUnit,
    RatePlan,
    Tier,
    UsageCharge,
    Volume,
)

MAX_DECIMAL_PLACES = 12
METER_PAYLOAD_CUSTOMER = "stripe_customer_id"
METER_PAYLOAD_VALUE = "value"


@dataclass(frozen=True)
class MeterSpec:
    """A Billing Meter: one per billed metric (and model / request class filter)."""

    key: str  # "total_tokens", or "total_tokens|model=gpt-4o|class=chat"
    event_name: str
    display_name: str
    metric: str
    model: str | None = None
    request_class: str | None = None

    def create_params(self) -> dict[str, Any]:
        return {
            "display_name": self.display_name,
            "event_name": self.event_name,
            "default_aggregation": {"formula": "sum"},
            "customer_mapping": {"type": "by_id", "event_payload_key": METER_PAYLOAD_CUSTOMER},
            "value_settings": {"event_payload_key": METER_PAYLOAD_VALUE},
        }


@dataclass(frozen=True)
class PriceSpec:
    """An immutable Stripe Price for one charge of one plan version."""

    charge_key: str
    usage: bool  # metered (meter-backed) rather than licensed
    meter_key: str | None
    params: dict[str, Any] = field(hash=False)  # prices.create without product and lookup_key


@dataclass(frozen=True)
class PlanMapping:
    prices: tuple[PriceSpec, ...]
    meters: tuple[MeterSpec, ...]
    item_charges: tuple[str, ...]  # charge keys billed as invoice items


def meter_for(charge: UsageCharge) -> MeterSpec:
    """Return the meter a usage charge reads."""
    filtered = charge.model is not None or charge.request_class is not None
    key = charge.metric
    if filtered:
        key = f"{charge.metric}|model={charge.model or ''}|class={charge.request_class or ''}"
    suffix = "_" + hashlib.sha256(key.encode()).hexdigest()[:10] if filtered else ""
    label = charge.metric.replace("_", " ")
    details = [f"model {charge.model}"] if charge.model else []
    details += [f"class {charge.request_class}"] if charge.request_class else []
    return MeterSpec(
        key=key,
        event_name=f"mgl_{charge.metric}{suffix}",
        display_name=f"Marginal {label}" + (f" ({', '.join(details)})" if details else ""),
        metric=charge.metric,
        model=charge.model,
        request_class=charge.request_class,
    )


def meter_from_key(key: str) -> MeterSpec:
    """Return the meter of a key written by `meter_for`."""
    if "|" not in key:
        return meter_for(_probe(key, None, None))
    metric, model_part, class_part = key.split("|")
    model = model_part.removeprefix("model=") or None
    request_class = class_part.removeprefix("class=") or None
    return meter_for(_probe(metric, model, request_class))


def _probe(metric: str, model: str | None, request_class: str | None) -> UsageCharge:
    return UsageCharge(
        "probe", "probe", metric, PerUnit(Decimal(0)), model=model, request_class=request_class
    )


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _minor(amount: Decimal, currency: str) -> Decimal | None:
    """Return an amount in minor units if it fits Stripe's 12 decimal places, else None."""
    with localcontext() as ctx:
        ctx.prec = 50
        value = amount.scaleb(minor_unit_exponent(currency))
        normal = value.normalize()
        if normal.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
            return None
        return value


def _per_metric_unit(amount: Decimal, unit_size: Decimal, currency: str) -> Decimal | None:
    """Return a price per billing unit as minor units per metric unit, when exact."""
    minor = _minor(amount, currency)
    if minor is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        per_unit = minor / unit_size
        if per_unit * unit_size != minor:
            return None
        if per_unit.normalize().as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
            return None
        return per_unit


def _integral(value: Decimal) -> int | None:
    return int(value) if value == value.to_integral_value() else None


def _tiers(
    tiers: tuple[Tier, ...], unit_size: Decimal, included: Decimal, currency: str
) -> list[dict[str, Any]] | None:
    out: list[dict[str, Any]] = []
    if included:
        free = _integral(included * unit_size)
        if free is None or free <= 0:
            return None
        out.append({"up_to": free, "unit_amount_decimal": "0"})
    for tier in tiers:
        unit = _per_metric_unit(tier.unit_amount, unit_size, currency)
        flat = _minor(tier.flat_amount, currency)
        if unit is None or flat is None:
            return None
        row: dict[str, Any] = {"unit_amount_decimal": _plain(unit)}
        if tier.flat_amount:
            row["flat_amount_decimal"] = _plain(flat)
        if tier.up_to is None:
            row["up_to"] = "inf"
        else:
            up_to = _integral((tier.up_to + included) * unit_size)
            if up_to is None:
                return None
            row["up_to"] = up_to
        out.append(row)
    return out


def usage_price_params(charge: UsageCharge, currency: str) -> dict[str, Any] | None:
    """Return prices.create parameters (without meter) for a usage charge, or None."""
    price = charge.price
    unit_size, included = charge.unit_size, charge.included
    if isinstance(price, PerUnit):
        unit = _per_metric_unit(price.unit_amount, unit_size, currency)
        if unit is None:
            return None
        if not included:
            return {"billing_scheme": "per_unit", "unit_amount_decimal": _plain(unit)}
        tiers = _tiers((Tier(None, price.unit_amount),), unit_size, included, currency)
        if tiers is None:
            return None
        return {"billing_scheme": "tiered", "tiers_mode": "graduated", "tiers": tiers}
    if isinstance(price, Graduated):
        tiers = _tiers(price.tiers, unit_size, included, currency)
        if tiers is None:
            return None
        return {"billing_scheme": "tiered", "tiers_mode": "graduated", "tiers": tiers}
    if isinstance(price, Volume):
        if included:
            return None  # Stripe's volume tiers count the allowance too
        tiers = _tiers(price.tiers, unit_size, included, currency)
        if tiers is None:
            return None
        return {"billing_scheme": "tiered", "tiers_mode": "volume", "tiers": tiers}
    if isinstance(price, Package):
        divide_by = _integral(price.package_size * unit_size)
        amount = _minor(price.package_amount, currency)
        if included or divide_by is None or divide_by <= 0 or amount is None:
            return None
        return {
            "billing_scheme": "per_unit",
            "unit_amount_decimal": _plain(amount),
            "transform_quantity": {"divide_by": divide_by, "round": "up"},
        }
    return None  # Percentage: outcome-based, computed by Marginal


def plan_mapping(plan: RatePlan) -> PlanMapping:
    """Return the Stripe prices, meters and invoice-item charges of a plan version."""
    currency = plan.currency
    prices: list[PriceSpec] = []
    meters: dict[str, MeterSpec] = {}
    items: list[str] = []
    recurring = {"interval": "month", "interval_count": 1}
    for charge in plan.charges:
        spec = _price_spec(charge, currency, recurring)
        if spec is None:
            items.append(charge.key)
            continue
        prices.append(spec)
        if isinstance(charge, UsageCharge):
            meter = meter_for(charge)
            meters[meter.key] = meter
    return PlanMapping(tuple(prices), tuple(meters.values()), tuple(items))


def _price_spec(charge: Charge, currency: str, recurring: dict[str, Any]) -> PriceSpec | None:
    if isinstance(charge, FlatFee):
        amount = _minor(charge.amount, currency)
        if amount is None:
            return None
        params: dict[str, Any] | None = {
            "currency": currency.lower(),
            "unit_amount_decimal": _plain(amount),
            "recurring": {**recurring, "usage_type": "licensed"},
            "nickname": charge.description[:250],
        }
        assert params is not None
        return PriceSpec(charge.key, False, None, params)
    if isinstance(charge, UsageCharge):
        params = usage_price_params(charge, currency)
        if params is None:
            return None
        meter = meter_for(charge)
        params = {
            "currency": currency.lower(),
            "recurring": {**recurring, "usage_type": "metered"},
            "nickname": charge.description[:250],
            **params,
        }
        return PriceSpec(charge.key, True, meter.key, params)
    return None  # MinimumCommitment: a true-up only Marginal knows


def window_value(meter: MeterSpec, rows: list[tuple[str, str, dict[str, Decimal]]]) -> Decimal:
    """Sum a meter's metric over (request class, model, sums) rows matching its filter."""
    total = Decimal(0)
    for request_class, model, sums in rows:
        if meter.model is not None and (model or None) != meter.model:
            continue
        if meter.request_class is not None and request_class != meter.request_class:
            continue
        total += sums.get(meter.metric, Decimal(0))
    return total

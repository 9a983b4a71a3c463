"""Charges as plain data (the API's JSON shape) <-> the rating engine's dataclasses.

Pure: used by the plan API, by stored plan versions and by simulations given charges
inline, so every caller validates charges the same way, with the same field paths.

Shapes (amounts and quantities are decimal strings)::

    {"type": "flat_fee", "key": "base", "description": "Pro", "amount": "100"}
    {"type": "minimum", "key": "min", "description": "Minimum spend", "amount": "500"}
    {"type": "cost_plus", "key": "ai", "description": "AI usage", "markup_percent": "20",
     "minimum_per_request": "0.001", "model": null, "request_class": null}
    {"type": "usage", "key": "tokens", "description": "Tokens", "metric": "total_tokens",
     "unit_size": "1000000", "included": "10", "model": null, "request_class": null,
     "price_model": "graduated",
     "tiers": [{"up_to": "40", "unit_amount": "3", "flat_amount": "0"},
               {"up_to": null, "unit_amount": "2"}]}

``price_model`` is one of ``per_unit`` (``unit_amount``), ``graduated`` / ``volume``
(``tiers``), ``package`` (``package_size``, ``package_amount``) or ``percentage``
(``percent``, e.g. "2.5" for 2.5 % of the metric, normally ``outcome_value``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pricing.rating import (
    METRICS,
    Charge,
    CostPlus,
    FlatFee,
    Graduated,
    MinimumCommitment,
    Package,
    Percentage,
    PerUnit,
    PriceModel,
    RatingError,
    Tier,
    UsageCharge,
    Volume,
    validate_charges,
)

CHARGE_TYPES = ("flat_fee", "usage", "minimum", "cost_plus")
PRICE_MODELS = ("per_unit", "graduated", "volume", "package", "percentage")
MAX_TIERS = 50
MAX_DECIMAL_PLACES = 12  # as Stripe's *_decimal amounts
MAX_MAGNITUDE = Decimal(10) ** 15


def _decimal(
    data: Mapping[str, Any], name: str, path: str, default: Decimal | None = None
) -> Decimal:
    if name not in data or data[name] is None:
        if default is not None:
            return default
        raise RatingError(f"{path}.{name}: this field is required.")
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise RatingError(f"{path}.{name}: must be a decimal number given as a string.")
    try:
        # Decimal(str(x)) keeps what a float prints as, not its binary expansion.
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise RatingError(f"{path}.{name}: {value!r} is not a decimal number.") from None
    if not number.is_finite() or abs(number) >= MAX_MAGNITUDE:
        raise RatingError(f"{path}.{name}: must be a number below {MAX_MAGNITUDE:,}.")
    if number.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
        number = number.normalize()
        if number.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
            raise RatingError(f"{path}.{name}: at most {MAX_DECIMAL_PLACES} decimal places.")
    return plain(number)


def plain(number: Decimal) -> Decimal:
    """Return the number without trailing fractional zeros (100.000 -> 100, 2.50 -> 2.5)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _text(
    data: Mapping[str, Any], name: str, path: str, *, required: bool, max_length: int = 200
) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise RatingError(f"{path}.{name}: this field is required.")
        return None
    if not isinstance(value, str):
        raise RatingError(f"{path}.{name}: must be a string.")
    if len(value) > max_length:
        raise RatingError(f"{path}.{name}: at most {max_length} characters.")
    return value


def _tiers(data: Mapping[str, Any], path: str) -> tuple[Tier, ...]:
    raw = data.get("tiers")
    if not isinstance(raw, list) or not raw:
        raise RatingError(f"{path}.tiers: a non-empty list of tiers is required.")
    if len(raw) > MAX_TIERS:
        raise RatingError(f"{path}.tiers: at most {MAX_TIERS} tiers.")
    tiers = []
    for i, item in enumerate(raw):
        tier_path = f"{path}.tiers.{i}"
        if not isinstance(item, Mapping):
            raise RatingError(f"{tier_path}: must be an object.")
        up_to = None if item.get("up_to") is None else _decimal(item, "up_to", tier_path)
        tiers.append(
            Tier(
                up_to=up_to,
                unit_amount=_decimal(item, "unit_amount", tier_path, Decimal(0)),
                flat_amount=_decimal(item, "flat_amount", tier_path, Decimal(0)),
            )
        )
    return tuple(tiers)


def _price(data: Mapping[str, Any], path: str) -> PriceModel:
    kind = data.get("price_model")
    if kind == "per_unit":
        return PerUnit(_decimal(data, "unit_amount", path))
    if kind == "graduated":
        return Graduated(_tiers(data, path))
    if kind == "volume":
        return Volume(_tiers(data, path))
    if kind == "package":
        return Package(_decimal(data, "package_size", path), _decimal(data, "package_amount", path))
    if kind == "percentage":
        return Percentage(_decimal(data, "percent", path))
    raise RatingError(f"{path}.price_model: must be one of {', '.join(PRICE_MODELS)}.")


def charge_from_data(data: Mapping[str, Any], index: int) -> Charge:
    """Return the engine charge for one JSON charge, or raise RatingError with its field path."""
    path = f"charges.{index}"
    if not isinstance(data, Mapping):
        raise RatingError(f"{path}: must be an object.")
    kind = data.get("type")
    if kind not in CHARGE_TYPES:
        raise RatingError(f"{path}.type: must be one of {', '.join(CHARGE_TYPES)}.")
    key = _text(data, "key", path, required=False, max_length=64) or f"{kind}_{index + 1}"
    description = _text(data, "description", path, required=True) or ""
    if kind == "flat_fee":
        return FlatFee(key, description, _decimal(data, "amount", path))
    if kind == "minimum":
        return MinimumCommitment(key, description, _decimal(data, "amount", path))
    if kind == "cost_plus":
        return CostPlus(
            key=key,
            description=description,
            markup_percent=_decimal(data, "markup_percent", path),
            minimum_per_request=_decimal(data, "minimum_per_request", path, Decimal(0)),
            model=_text(data, "model", path, required=False),
            request_class=_text(data, "request_class", path, required=False),
        )
    metric = data.get("metric")
    if metric not in METRICS:
        raise RatingError(f"{path}.metric: must be one of {', '.join(METRICS)}.")
    return UsageCharge(
        key=key,
        description=description,
        metric=metric,
        price=_price(data, path),
        unit_size=_decimal(data, "unit_size", path, Decimal(1)),
        included=_decimal(data, "included", path, Decimal(0)),
        model=_text(data, "model", path, required=False),
        request_class=_text(data, "request_class", path, required=False),
    )


def charges_from_data(items: Any) -> tuple[Charge, ...]:
    """Return validated engine charges for a JSON list, or raise RatingError with a field path."""
    if not isinstance(items, list):
        raise RatingError("charges: must be a list.")
    charges = tuple(charge_from_data(item, i) for i, item in enumerate(items))
    validate_charges(charges)
    return charges


def _s(value: Decimal) -> str:
    return format(value, "f")


def _tier_data(tier: Tier) -> dict[str, Any]:
    return {
        "up_to": None if tier.up_to is None else _s(tier.up_to),
        "unit_amount": _s(tier.unit_amount),
        "flat_amount": _s(tier.flat_amount),
    }


def charge_to_data(charge: Charge) -> dict[str, Any]:
    """Return the JSON shape of one engine charge (decimals as strings)."""
    if isinstance(charge, FlatFee):
        return {
            "type": "flat_fee",
            "key": charge.key,
            "description": charge.description,
            "amount": _s(charge.amount),
        }
    if isinstance(charge, MinimumCommitment):
        return {
            "type": "minimum",
            "key": charge.key,
            "description": charge.description,
            "amount": _s(charge.amount),
        }
    if isinstance(charge, CostPlus):
        return {
            "type": "cost_plus",
            "key": charge.key,
            "description": charge.description,
            "markup_percent": _s(charge.markup_percent),
            "minimum_per_request": _s(charge.minimum_per_request),
            "model": charge.model,
            "request_class": charge.request_class,
        }
    data: dict[str, Any] = {
        "type": "usage",
        "key": charge.key,
        "description": charge.description,
        "metric": charge.metric,
        "unit_size": _s(charge.unit_size),
        "included": _s(charge.included),
        "model": charge.model,
        "request_class": charge.request_class,
    }
    price = charge.price
    if isinstance(price, PerUnit):
        data.update(price_model="per_unit", unit_amount=_s(price.unit_amount))
    elif isinstance(price, Graduated):
        data.update(price_model="graduated", tiers=[_tier_data(t) for t in price.tiers])
    elif isinstance(price, Volume):
        data.update(price_model="volume", tiers=[_tier_data(t) for t in price.tiers])
    elif isinstance(price, Package):
        data.update(
            price_model="package",
            package_size=_s(price.package_size),
            package_amount=_s(price.package_amount),
        )
    else:
        data.update(price_model="percentage", percent=_s(price.percent))
    return data


def charges_to_data(charges: Sequence[Charge]) -> list[dict[str, Any]]:
    """Return the JSON list for engine charges."""
    return [charge_to_data(c) for c in charges]

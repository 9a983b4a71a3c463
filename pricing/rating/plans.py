"""Plans as the engine sees them: charges, price models, tiers, and their validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing.money import normalize_currency

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

METRICS: tuple[str, ...] = (
    "input_tokens",
    "cached_input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "total_tokens",
    "requests",
    "gpu_seconds",
    "retrieval_calls",
    "outcomes",  # successful outcomes
    "outcome_value",  # in the plan's currency
    "cost",  # USD: the request's cost as first priced, pinned (see CostPlus)
)


class RatingError(ValueError):
    """A plan or usage input the engine cannot rate: "<field path>: <sentence>"."""

    @property
    def field(self) -> str:
        """Return the field path the error is about (e.g. ``charges.1.tiers.0.up_to``)."""
        return str(self).split(": ", 1)[0]

    @property
    def message(self) -> str:
        """Return the sentence without the field path."""
        return str(self).split(": ", 1)[-1]


def format_decimal(value: Decimal) -> str:
    """Return a Decimal without exponent or trailing zeros, for line descriptions."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# --------------------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class Tier:
    """One price tier, Stripe style."""

    up_to: Decimal | None  # billing units, inclusive; None: no upper bound
    unit_amount: Decimal  # currency per billing unit
    flat_amount: Decimal = ZERO  # currency, once when usage enters the tier


@dataclass(frozen=True, slots=True)
class PerUnit:
    """Every billing unit at one price."""

    unit_amount: Decimal  # currency per billing unit


@dataclass(frozen=True, slots=True)
class Graduated:
    """Each unit at the price of the tier it falls in."""

    tiers: tuple[Tier, ...]


@dataclass(frozen=True, slots=True)
class Volume:
    """All units at the price of the tier the period's total reaches."""

    tiers: tuple[Tier, ...]


@dataclass(frozen=True, slots=True)
class Package:
    """A price per started package of ``package_size`` billing units (rounded up)."""

    package_size: Decimal  # billing units per package
    package_amount: Decimal  # currency per package


@dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage of the metric (outcome-based pricing on ``outcome_value``)."""

    percent: Decimal  # 2.5 means 2.5 %


PriceModel = PerUnit | Graduated | Volume | Package | Percentage


@dataclass(frozen=True, slots=True)
class FlatFee:
    """A recurring fee per period, billed in advance, prorated by day."""

    key: str
    description: str
    amount: Decimal  # currency per period


@dataclass(frozen=True, slots=True)
class UsageCharge:
    """A charge on a usage metric, optionally for one model and/or request class."""

    key: str
    description: str
    metric: str  # one of METRICS
    price: PriceModel
    unit_size: Decimal = ONE  # metric units per billing unit (1000000: per 1M tokens)
    included: Decimal = ZERO  # billing units free per period before the price applies
    model: str | None = None
    request_class: str | None = None


@dataclass(frozen=True, slots=True)
class MinimumCommitment:
    """A minimum spend per period: a true-up line when the other lines come to less."""

    key: str
    description: str
    amount: Decimal  # currency per period, prorated by day like a flat fee


@dataclass(frozen=True, slots=True)
class CostPlus:
    """The requests' cost times (1 + markup %), at least a minimum per request.

    The cost is each event's pinned cost (metric ``cost``, USD, the first priced cost,
    never changed by a re-cost), so re-rating a period reproduces the same amount after
    the cost book changes. The minimum applies to the line: the period's marked-up cost,
    or ``minimum_per_request`` times its requests when that is more (a floor on the
    average price per request, the same on per-event and aggregated usage).
    """

    key: str
    description: str
    markup_percent: Decimal  # 20 means cost x 1.20
    minimum_per_request: Decimal = ZERO  # plan currency per request
    model: str | None = None
    request_class: str | None = None

    @property
    def rate(self) -> Decimal:
        """Return what one unit of cost bills: 1 + markup %."""
        return ONE + self.markup_percent / HUNDRED


Charge = FlatFee | UsageCharge | MinimumCommitment | CostPlus
# Costs are in USD: a cost-plus charge bills them in a plan of this currency only.
COST_CURRENCY = "USD"


@dataclass(frozen=True, slots=True)
class RatePlan:
    """The charges of one plan version, in one currency."""

    currency: str
    charges: tuple[Charge, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", normalize_currency(self.currency))
        object.__setattr__(self, "charges", tuple(self.charges))
        validate_charges(self.charges)
        for i, charge in enumerate(self.charges):
            if isinstance(charge, CostPlus) and self.currency != COST_CURRENCY:
                raise RatingError(
                    f"charges.{i}.type: a cost_plus charge bills costs, which are in"
                    f" {COST_CURRENCY}: the plan's currency must be {COST_CURRENCY}."
                )


def charge_metrics(charge: Charge) -> tuple[str, ...]:
    """Return the usage metrics a charge reads (none for fees and minimums)."""
    if isinstance(charge, UsageCharge):
        return (charge.metric,)
    if isinstance(charge, CostPlus):
        return ("cost", "requests")
    return ()


def _check_tiers(path: str, tiers: Sequence[Tier]) -> None:
    if not tiers:
        raise RatingError(f"{path}: at least one tier is required.")
    previous = ZERO
    for i, tier in enumerate(tiers):
        last = i == len(tiers) - 1
        if tier.up_to is None and not last:
            raise RatingError(f"{path}.{i}.up_to: only the last tier may be open-ended.")
        if tier.up_to is not None:
            if last:
                raise RatingError(f"{path}.{i}.up_to: the last tier must be open-ended (null).")
            if tier.up_to <= previous:
                raise RatingError(
                    f"{path}.{i}.up_to: tiers must ascend above {format_decimal(previous)}."
                )
            previous = tier.up_to
        if tier.unit_amount < 0 or tier.flat_amount < 0:
            raise RatingError(f"{path}.{i}: tier amounts cannot be negative.")


def validate_charges(charges: Sequence[Charge]) -> None:
    """Raise RatingError naming the field path of the first invalid charge."""
    keys: set[str] = set()
    for i, charge in enumerate(charges):
        path = f"charges.{i}"
        if charge.key in keys:
            raise RatingError(f"{path}.key: duplicate charge key {charge.key!r}.")
        keys.add(charge.key)
        if isinstance(charge, (FlatFee, MinimumCommitment)):
            if charge.amount < 0:
                raise RatingError(f"{path}.amount: cannot be negative.")
            continue
        if isinstance(charge, CostPlus):
            if charge.markup_percent < -100:
                raise RatingError(f"{path}.markup_percent: cannot be below -100.")
            if charge.minimum_per_request < 0:
                raise RatingError(f"{path}.minimum_per_request: cannot be negative.")
            continue
        if not isinstance(charge, UsageCharge):
            raise RatingError(f"{path}: unknown charge type {type(charge).__name__}.")
        if charge.metric not in METRICS:
            raise RatingError(f"{path}.metric: must be one of {', '.join(METRICS)}.")
        if charge.unit_size <= 0:
            raise RatingError(f"{path}.unit_size: must be positive.")
        if charge.included < 0:
            raise RatingError(f"{path}.included: cannot be negative.")
        price = charge.price
        if isinstance(price, PerUnit):
            if price.unit_amount < 0:
                raise RatingError(f"{path}.unit_amount: cannot be negative.")
        elif isinstance(price, (Graduated, Volume)):
            _check_tiers(f"{path}.tiers", price.tiers)
        elif isinstance(price, Package):
            if price.package_size <= 0:
                raise RatingError(f"{path}.package_size: must be positive.")
            if price.package_amount < 0:
                raise RatingError(f"{path}.package_amount: cannot be negative.")
        elif isinstance(price, Percentage):
            if price.percent < 0:
                raise RatingError(f"{path}.percent: cannot be negative.")
        else:
            raise RatingError(f"{path}.price_model: unknown price model {type(price).__name__}.")

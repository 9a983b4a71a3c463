"""The rating engine: plan charges + usage + period -> invoice lines, totals, attribution.

Pure functions over Decimals, no ORM. Invoice previews, finalised invoices, revenue
attribution and plan simulations all call this module, so one plan always produces
one price.

Conventions:

* Amounts are in the currency's major unit; every line is rounded once to the
  currency's minor unit (``pricing.money.round_money``); the invoice total is the sum
  of the rounded lines.
* A usage charge reads one metric from each usage row, divides it by ``unit_size``
  (``1_000_000`` prices per 1M tokens) to get billing units, gives away the first
  ``included`` billing units of the period, and prices the rest with its price model.
* Tiers follow Stripe: a tier holds the quantities above the previous tier's
  ``up_to`` and up to and including its own; ``up_to=None`` is the open last tier.
* Usage rows are rated in the order given. For revenue attribution that order is the
  order the units were consumed in (callers pass events sorted by timestamp), so the
  allowance goes to the first events and graduated tiers are filled in time order.
* Flat fees are billed in advance for the whole period and prorated by day over the
  part of the period a plan version covers; a minimum commitment is prorated the same
  way and trued up against the other lines of that part.
* Rows may be single events (``event_key`` set) or aggregates (one row per request
  class and model): the totals are the same, and rating aggregates is what makes a
  simulation over thousands of customer-months fast.
"""

from pricing.rating.engine import rate, rate_segments
from pricing.rating.plans import (
    COST_CURRENCY,
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
    RatePlan,
    RatingError,
    Tier,
    UsageCharge,
    Volume,
    charge_metrics,
    validate_charges,
)
from pricing.rating.price_models import RATING_CONTEXT
from pricing.rating.records import (
    RECURRING_KINDS,
    Attribution,
    InvoiceLine,
    LineKind,
    Period,
    RatedInvoice,
    RatingResult,
    Segment,
    UsageRow,
    adjustment_line,
)

__all__ = [
    "COST_CURRENCY",
    "METRICS",
    "RATING_CONTEXT",
    "RECURRING_KINDS",
    "Attribution",
    "Charge",
    "CostPlus",
    "FlatFee",
    "Graduated",
    "InvoiceLine",
    "LineKind",
    "MinimumCommitment",
    "Package",
    "Percentage",
    "PerUnit",
    "Period",
    "PriceModel",
    "RatePlan",
    "RatedInvoice",
    "RatingError",
    "RatingResult",
    "Segment",
    "Tier",
    "UsageCharge",
    "UsageRow",
    "Volume",
    "adjustment_line",
    "charge_metrics",
    "rate",
    "rate_segments",
    "validate_charges",
]

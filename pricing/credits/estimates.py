"""What a request is expected to bill and cost, worked out from its expected usage.

``POST /v1/authorize`` takes either the amounts (``expected_spend``, ``expected_cost``) or the
usage the request should have (``expected_usage``: a model and token estimate, GPU-seconds,
retrieval calls, requests, an outcome). From the usage:

* **cost** is the cost book's price of that usage now: the same arithmetic as costing a
  stored event (economics registers the function with ``cost_estimator_set``; pricing does
  not import economics). A usage the cost book cannot price (no price for the model, no GPU
  rate) is refused with the field it is about, never costed at $0.
* **spend** is the marginal price of the request under the customer's plan at its usage so
  far this month: the month's usage charges rated with the request added, less rated
  without it, at the stored scale (10 places), before the invoice rounds each line to the
  currency's minor unit. Tiers, allowances and packages therefore price the request where
  the month stands: a request inside an allowance costs nothing, one that crosses a tier
  boundary pays both tiers' prices. Flat fees never move. A minimum commitment that the
  month has not yet reached absorbs the request (the invoice does not grow). The request
  counts as successful (``outcome`` defaults to ``success``) unless the caller says
  otherwise, so an outcome-priced request holds what it bills when it succeeds. A customer
  without a subscription today bills nothing (spend 0).

Month-to-date usage is read from the stored events, at most ``AUTHORIZE_USAGE_SECONDS`` old
(kept per process, per customer and plan version): an estimate does not need the last
second's events, and reading a large customer's month on every authorisation would not fit
the 10 ms budget. The hold's real amounts come later from the rated event.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Protocol

from django.conf import settings

from config.errors import InvalidInput
from metering.models import Customer, Outcome, Tenant
from pricing import selectors as pricing_selectors
from pricing.models import PlanVersion
from pricing.rating import UsageRow
from pricing.rating.price_models import RATING_CONTEXT
from pricing.rating.records import Period
from pricing.rating.totals import TotalsPlan, rate_totals
from pricing.usage import aggregate_rows_by_customer

ZERO = Decimal(0)
# The scale amounts are stored at (credits, holds, budgets): 10 places.
SCALE = Decimal("1e-10")


@dataclass(frozen=True, slots=True)
class ExpectedUsage:
    """What a request is expected to consume, with the names of a usage event's fields."""

    model: str = ""
    provider: str = ""
    input_tokens: int = 0
    cached_input_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    requests: int = 1
    gpu_seconds: Decimal = ZERO
    gpu_type: str = ""
    retrieval_calls: int = 0
    external_cost: Decimal = ZERO  # USD, priced by the caller
    outcome: str | None = Outcome.SUCCESS
    outcome_value: Decimal | None = None

    @property
    def total_tokens(self) -> int:
        return (
            self.input_tokens
            + self.cached_input_tokens
            + self.cache_write_tokens
            + self.output_tokens
            + self.reasoning_tokens
        )


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """The cost book's price of an expected usage (USD), or the prices it lacks."""

    cost: Decimal | None  # None: unpriced
    missing: Sequence[tuple[str, str]] = ()  # (field path under expected_usage, sentence)


class CostEstimator(Protocol):
    def __call__(self, *, tenant: Tenant, usage: ExpectedUsage, now: datetime) -> CostEstimate: ...


_cost_estimator: CostEstimator | None = None


def cost_estimator_set(estimator: CostEstimator | None) -> None:
    """Name the function that prices an expected usage with the tenant's cost book."""
    global _cost_estimator
    _cost_estimator = estimator


@dataclass(frozen=True, slots=True)
class Estimate:
    spend: Decimal  # the plan's currency
    cost: Decimal  # USD
    currency: str | None  # the plan's currency (None: no subscription today)
    plan_code: str | None
    plan_version: int | None


def estimate(
    *,
    tenant: Tenant,
    customer: Customer,
    request_class: str,
    usage: ExpectedUsage,
    now: datetime,
) -> Estimate:
    """Return the expected spend and cost of a request (see the module's docstring)."""
    if _cost_estimator is None:  # pragma: no cover - economics registers it when it loads
        raise RuntimeError("No cost estimator: the economics app is not installed.")
    priced = _cost_estimator(tenant=tenant, usage=usage, now=now)
    if priced.cost is None:
        raise InvalidInput([(f"expected_usage.{path}", text) for path, text in priced.missing])
    cost = priced.cost
    today = now.date()
    found = _subscription_today(tenant, customer, today)
    if found is None:
        return Estimate(ZERO, cost, None, None, None)
    version, start, end, period = found
    plan = _totals_plan(version)
    before = _month_to_date(tenant, customer, version, plan, start, end)
    row = _request_row(usage, request_class, cost)
    with localcontext(RATING_CONTEXT):
        without = rate_totals(period, [(plan, start, end, before)])[0]
        with_it = rate_totals(period, [(plan, start, end, [*before, row])])[0]
        spend = with_it - without
    return Estimate(
        spend if spend > 0 else ZERO,
        cost,
        plan.currency,
        version.plan.code,
        version.version,
    )


def _request_row(usage: ExpectedUsage, request_class: str, cost: Decimal) -> UsageRow:
    success = usage.outcome == Outcome.SUCCESS
    failed = usage.outcome == Outcome.FAILURE
    quantities = {
        "input_tokens": Decimal(usage.input_tokens),
        "cached_input_tokens": Decimal(usage.cached_input_tokens),
        "output_tokens": Decimal(usage.output_tokens),
        "reasoning_tokens": Decimal(usage.reasoning_tokens),
        "total_tokens": Decimal(usage.total_tokens),
        "requests": Decimal(usage.requests),
        "gpu_seconds": usage.gpu_seconds,
        "retrieval_calls": Decimal(usage.retrieval_calls),
        "outcomes": Decimal(1 if success else 0),
        "outcome_value": ZERO if failed or usage.outcome_value is None else usage.outcome_value,
        "cost": cost,
    }
    return UsageRow(quantities, request_class, usage.model or None)


# ----------------------------------------------------------------------------- kept per process

# Each kept value is stored with the monotonic time it was read (moved up to half the window
# earlier, see _read_at) and used while younger than AUTHORIZE_USAGE_SECONDS (0: read every
# time).
# (tenant, customer, day) -> (read at, (plan version, start, end, period) or None: no plan)
_SUBSCRIPTIONS: dict[tuple[object, int, date], tuple[float, object]] = {}
# (tenant, customer, version, start) -> (read at, month-to-date rows)
_USAGE: dict[tuple[object, int, int, date], tuple[float, list[UsageRow]]] = {}
# plan version key -> its prepared plan (published versions never change)
_PLANS: dict[tuple[int, object, object], TotalsPlan] = {}
_KEPT_MAX = 10_000


def _fresh(read_at: float, now: float) -> bool:
    return now - read_at < float(settings.AUTHORIZE_USAGE_SECONDS)


def _read_at(now: float) -> float:
    """Return when a value read now counts as read: up to half the window earlier, at random.

    Values read together (a process's first requests) then expire spread over the second half
    of the window instead of all at once, so their re-reads do not arrive as one burst.
    """
    return now - random.random() * float(settings.AUTHORIZE_USAGE_SECONDS) / 2


def _keep(store: dict, key: object, value: object) -> None:  # type: ignore[type-arg]
    if len(store) >= _KEPT_MAX:
        store.clear()
    store[key] = value


def _subscription_today(
    tenant: Tenant, customer: Customer, today: date
) -> tuple[PlanVersion, date, date, Period] | None:
    key = (tenant.pk, customer.pk, today)
    now = time.monotonic()
    hit = _SUBSCRIPTIONS.get(key)
    if hit is not None and _fresh(hit[0], now):
        return hit[1]  # type: ignore[return-value]
    period = Period.month(today.year, today.month)
    sub = (
        pricing_selectors.subscriptions_overlapping(
            tenant=tenant, customer=customer, start=today, end=today + timedelta(days=1)
        )
        .select_related("plan_version__plan")
        .first()
    )
    found = None
    if sub is not None:
        start = max(sub.start_date, period.start)
        end = period.end if sub.end_date is None else min(sub.end_date, period.end)
        found = (sub.plan_version, start, end, period)
    _keep(_SUBSCRIPTIONS, key, (_read_at(now), found))
    return found


def _totals_plan(version: PlanVersion) -> TotalsPlan:
    """Return the version prepared for rating at the stored scale, not the minor unit."""
    key = (version.pk, version.tenant_id, version.published_at)
    plan = _PLANS.get(key) if version.published_at is not None else None
    if plan is None:
        plan = TotalsPlan(pricing_selectors.rate_plan(version))
        # Every line at 10 places: the marginal amount before the invoice's rounding.
        plan.quantum = SCALE
        plan.zero = ZERO.quantize(SCALE, rounding=ROUND_HALF_UP)
        if version.published_at is not None:
            _keep(_PLANS, key, plan)
    return plan


def _month_to_date(
    tenant: Tenant,
    customer: Customer,
    version: PlanVersion,
    plan: TotalsPlan,
    start: date,
    end: date,
) -> list[UsageRow]:
    key = (tenant.pk, customer.pk, version.pk, start)
    now = time.monotonic()
    hit = _USAGE.get(key)
    if hit is not None and _fresh(hit[0], now):
        return hit[1]
    dims, metrics = pricing_selectors.plan_usage_shape(plan.plan)
    rows = aggregate_rows_by_customer(
        tenant=tenant,
        start=start,
        end=end,
        customer_ids=[customer.pk],
        dims=dims,
        metrics=metrics,
    ).get(customer.pk, [])
    _keep(_USAGE, key, (_read_at(now), rows))
    return rows


def forget() -> None:
    """Drop what is kept per process (tests that change plans or usage mid-test)."""
    _SUBSCRIPTIONS.clear()
    _USAGE.clear()
    _PLANS.clear()

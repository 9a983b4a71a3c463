"""The cost book's price of a request's expected usage, for request-time authorisation.

Registered with pricing (``pricing.credits.estimates.cost_estimator_set``) when the app
loads: pricing prices an expected usage under the plan, economics prices it under the cost
book, with the lookup and arithmetic that cost a stored event (``usage_cost``).
"""

from __future__ import annotations

import time
from datetime import datetime

from django.conf import settings

from economics.costs import costing
from economics.costs.selectors import PriceBook, price_book_get
from economics.costs.services.event_costs import RETRIEVAL_SERVICE, usage_cost
from metering.models import Tenant
from pricing.credits.estimates import CostEstimate, ExpectedUsage

# tenant -> (monotonic time read, its price book): the book's freshness check is three aggregate
# queries, more than an authorisation's whole budget; a changed price reaches estimates
# within AUTHORIZE_USAGE_SECONDS.
_BOOKS: dict[object, tuple[float, PriceBook]] = {}
_BOOKS_MAX = 256


def _book(tenant: Tenant) -> PriceBook:
    now = time.monotonic()
    hit = _BOOKS.get(tenant.pk)
    if hit is not None and now - hit[0] < float(settings.AUTHORIZE_USAGE_SECONDS):
        return hit[1]
    book = price_book_get(tenant=tenant)
    if len(_BOOKS) >= _BOOKS_MAX:
        _BOOKS.clear()
    _BOOKS[tenant.pk] = (now, book)
    return book


def expected_cost(*, tenant: Tenant, usage: ExpectedUsage, now: datetime) -> CostEstimate:
    """Return what the usage costs under the tenant's cost book now, or what is missing."""
    services = {RETRIEVAL_SERVICE: usage.retrieval_calls} if usage.retrieval_calls else {}
    pure = costing.Usage(
        model=usage.model,
        input_tokens=usage.input_tokens,
        cached_input_tokens=usage.cached_input_tokens,
        cache_write_tokens=usage.cache_write_tokens,
        output_tokens=usage.output_tokens,
        reasoning_tokens=usage.reasoning_tokens,
        requests=usage.requests,
        gpu_seconds=usage.gpu_seconds,
        gpu_type=usage.gpu_type,
        service_calls=services,
        external_cost=usage.external_cost,
    )
    cost = usage_cost(book=_book(tenant), usage=pure, provider=usage.provider, moment=now)
    if cost.priced:
        return CostEstimate(cost.total)
    missing = []
    for gap in cost.missing:
        if gap.kind == "model":
            name = usage.model or "(none)"
            missing.append(("model", f"The cost book has no price for model '{name}' now."))
        elif gap.kind == "gpu":
            kind = f"GPU type '{usage.gpu_type}'" if usage.gpu_type else "GPU-seconds"
            missing.append(("gpu_seconds", f"The cost book has no rate for {kind} now."))
        elif gap.key == RETRIEVAL_SERVICE:
            missing.append(
                ("retrieval_calls", "The cost book has no rate for retrieval calls now.")
            )
        else:
            missing.append(
                ("service_calls", f"The cost book has no rate for service '{gap.key}' now.")
            )
    return CostEstimate(None, missing)


def forget() -> None:
    """Drop the price books kept per process (tests that change prices mid-test)."""
    _BOOKS.clear()

"""Composite units: all live events sharing a `trace_id` (a conversation, an agent run).

Rules (docs/decisions.md):

* A composite is every live (not voided) event of the tenant with the same non-empty
  `trace_id`. Its cost, revenue and margin are the sums over its events; its calls are
  its events' `requests`.
* Its class (the *composite class*) is the request class of its root event: the earliest
  event (ties: the first stored). A late event that joins a trace is part of it at the next
  read; nothing is stored per composite.
* A composite belongs to the range [from, to) its root event falls in.
* Revenue per event is what revenue attribution gives it (usage charges to the events that
  produced the units, flat fees spread over the month's requests), to 10 places.
* A composite with an event whose cost is unknown (unpriced or still pending) is counted
  (`unpriced_composites`) and left out of every cost-based figure: unknown is not $0.
* Its outcome is the outcome of its last event that reports one; a composite whose
  outcome is `success` is a successful composite (a resolved ticket), and
  `cost_per_successful_composite` is the cost of the class's priced composites divided by
  their successful ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from config.errors import NotFound
from economics.dates import next_month_start
from economics.decisions.stats import distribution
from economics.margins import formulas
from economics.margins.revenue import EVENT_QUANTUM
from metering.models import CostStatus, Customer, Outcome, Tenant, UsageEvent
from pricing.selectors import revenue_attribution

ZERO = Decimal(0)
TRACE_CHUNK = 1000  # trace ids per query
WORST = 10  # composites listed by loss, per class


@dataclass(frozen=True, slots=True)
class CompositeEvent:
    """One event of a composite, with its cost (None when unknown) and attributed revenue."""

    pk: int
    event_id: str
    timestamp: datetime
    customer_pk: int
    request_class: str
    model: str
    requests: int
    cost_status: str
    cost: Decimal | None  # USD
    revenue: Decimal  # USD
    outcome: str | None

    @property
    def margin(self) -> Decimal | None:
        return None if self.cost is None else self.revenue - self.cost


@dataclass(slots=True)
class Composite:
    """The events of one trace, root first."""

    trace_id: str
    events: list[CompositeEvent] = field(default_factory=list)

    @property
    def root(self) -> CompositeEvent:
        return self.events[0]

    @property
    def composite_class(self) -> str:
        return self.root.request_class

    @property
    def calls(self) -> int:
        return sum(e.requests for e in self.events)

    @property
    def priced(self) -> bool:
        return all(e.cost is not None for e in self.events)

    @property
    def unpriced_events(self) -> int:
        return sum(1 for e in self.events if e.cost is None)

    @property
    def cost(self) -> Decimal | None:
        if not self.priced:
            return None
        return sum((e.cost for e in self.events if e.cost is not None), ZERO)

    @property
    def revenue(self) -> Decimal:
        return sum((e.revenue for e in self.events), ZERO)

    @property
    def margin(self) -> Decimal | None:
        cost = self.cost
        return None if cost is None else self.revenue - cost

    @property
    def outcome(self) -> str | None:
        for event in reversed(self.events):
            if event.outcome:
                return event.outcome
        return None


_FIELDS = (
    "id",
    "event_id",
    "timestamp",
    "customer_id",
    "request_class",
    "model",
    "requests",
    "cost_status",
    "cost_total",
    "outcome",
    "trace_id",
)


def _live(tenant: Tenant) -> Iterable[UsageEvent]:
    return UsageEvent.objects.of(tenant).filter(voided_at__isnull=True)


def _month(moment: datetime) -> date:
    return moment.date().replace(day=1)


def event_revenue(*, tenant: Tenant, rows: Sequence[tuple]) -> dict[Hashable, Decimal]:
    """Attributed revenue of these events (rows of _FIELDS), rating each customer-month once."""
    wanted: dict[int, set[date]] = defaultdict(set)
    for row in rows:
        wanted[row[3]].add(_month(row[2]))
    customers = Customer.objects.of(tenant).in_bulk(list(wanted))
    revenue: dict[Hashable, Decimal] = {}
    for customer_pk, months in sorted(wanted.items()):
        for first in sorted(months):
            attribution = revenue_attribution(
                tenant=tenant,
                customer=customers[customer_pk],
                period_start=first,
                period_end=next_month_start(first),
                event_quantum=EVENT_QUANTUM,
            )
            revenue.update(attribution.by_event)
    return revenue


def _events_of(tenant: Tenant, trace_ids: Sequence[str]) -> Any:
    """The live events of these traces, through the (tenant, trace_id) index of events that
    carry a trace id (the `trace_id <> ''` condition lets the planner use it)."""
    return (
        _live(tenant)
        .filter(trace_id__in=trace_ids)  # type: ignore[attr-defined]
        .exclude(trace_id="")
        .values_list(*_FIELDS)
    )


def _composites(tenant: Tenant, trace_ids: Sequence[str]) -> list[Composite]:
    rows: list[tuple] = []
    for start in range(0, len(trace_ids), TRACE_CHUNK):
        rows.extend(_events_of(tenant, trace_ids[start : start + TRACE_CHUNK]))
    revenue = event_revenue(tenant=tenant, rows=rows)
    by_trace: dict[str, Composite] = {}
    for row in sorted(rows, key=lambda r: (r[2], r[0])):
        pk, event_id, timestamp, customer_pk, request_class, model, requests = row[:7]
        status, cost, outcome, trace_id = row[7:]
        composite = by_trace.setdefault(trace_id, Composite(trace_id))
        known = cost if status == CostStatus.PRICED and cost is not None else None
        composite.events.append(
            CompositeEvent(
                pk=pk,
                event_id=event_id,
                timestamp=timestamp,
                customer_pk=customer_pk,
                request_class=request_class,
                model=model,
                requests=requests,
                cost_status=status,
                cost=known,
                revenue=revenue.get(pk, ZERO),
                outcome=outcome,
            )
        )
    return sorted(by_trace.values(), key=lambda c: (c.root.timestamp, c.root.pk))


def composite_list(
    *, tenant: Tenant, start: datetime, end: datetime, composite_class: str | None = None
) -> list[Composite]:
    """The composites whose root event falls in [start, end), with every one of their events."""
    traced = (
        _live(tenant)
        .filter(timestamp__gte=start, timestamp__lt=end)  # type: ignore[attr-defined]
        .exclude(trace_id="")
        .values_list("trace_id", flat=True)
        .distinct()
    )
    composites = [
        c
        for c in _composites(tenant, sorted(set(traced)))
        if start <= c.root.timestamp < end
        and (composite_class is None or c.composite_class == composite_class)
    ]
    return composites


def composite_get(*, tenant: Tenant, trace_id: str) -> Composite:
    """One composite by its trace id, or NotFound."""
    found = _composites(tenant, [trace_id]) if trace_id else []
    if not found:
        raise NotFound(f"No composite with trace_id '{trace_id}'.")
    return found[0]


# ------------------------------------------------------------------------ the report


def _rounded(figures: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    return {k: formulas.maybe(formulas.per_request, v) for k, v in figures.items()}


def class_figures(
    composite_class: str, composites: Sequence[Composite], customers: dict[int, str], worst: int
) -> dict[str, object]:
    """Figures of one composite class: counts, per-composite distributions, the worst ones."""
    priced = [c for c in composites if c.priced]
    costs = [c.cost for c in priced if c.cost is not None]
    margins = [c.margin for c in priced if c.margin is not None]
    cost = sum(costs, ZERO)
    revenue = sum((c.revenue for c in priced), ZERO)
    successes = sum(1 for c in composites if c.outcome == Outcome.SUCCESS)
    priced_successes = sum(1 for c in priced if c.outcome == Outcome.SUCCESS)
    losers = sorted(
        (c for c in priced if c.margin is not None and c.margin < 0),
        key=lambda c: (c.margin, c.trace_id),
    )[:worst]
    return {
        "composite_class": composite_class,
        "composites": len(composites),
        "unpriced_composites": len(composites) - len(priced),
        "calls": sum(c.calls for c in composites),
        "calls_per_composite": _rounded(distribution([Decimal(c.calls) for c in composites])),
        "cost": formulas.money(cost),
        "revenue": formulas.money(revenue),
        "margin": formulas.money(revenue - cost),
        "cost_per_composite": _rounded(distribution(costs)),
        "revenue_per_composite": _rounded(distribution([c.revenue for c in priced])),
        "margin_per_composite": _rounded(distribution(margins)),
        "successful_composites": successes,
        "cost_per_successful_composite": formulas.maybe(
            formulas.per_request, formulas.divide(cost, Decimal(priced_successes))
        ),
        "worst": [
            {
                "trace_id": c.trace_id,
                "customer_id": customers.get(c.root.customer_pk, ""),
                "calls": c.calls,
                "cost": c.cost,
                "revenue": c.revenue,
                "margin": c.margin,
            }
            for c in losers
        ],
    }


def composite_report(
    *,
    tenant: Tenant,
    start: datetime,
    end: datetime,
    composite_class: str | None = None,
    worst: int = WORST,
) -> list[dict[str, object]]:
    """Per composite class: how many, what each costs, earns and keeps, and the worst ones."""
    composites = composite_list(
        tenant=tenant, start=start, end=end, composite_class=composite_class
    )
    by_class: dict[str, list[Composite]] = defaultdict(list)
    for c in composites:
        by_class[c.composite_class].append(c)
    customers = external_ids(tenant=tenant, pks={c.root.customer_pk for c in composites})
    return [class_figures(name, by_class[name], customers, worst) for name in sorted(by_class)]


def external_ids(*, tenant: Tenant, pks: Iterable[int]) -> dict[int, str]:
    """The tenant's external ids of these customers."""
    return dict(
        Customer.objects.of(tenant).filter(pk__in=list(pks)).values_list("pk", "external_id")
    )

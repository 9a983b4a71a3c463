"""Costing events: the cost of each event under the prices in force at its timestamp."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from config.jobs import job_claim
from economics.costs import costing
from economics.costs.models import (
    CostRecalculation,
    CostRecalculationStatus,
)
from economics.costs.selectors import PriceBook, price_book_get
from metering.changes import event_changes_note
from metering.models import CostStatus, Tenant, UsageEvent

RETRIEVAL_SERVICE = "retrieval"
COSTING_BATCH = 1000  # events costed per statement

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Costing events


def usage_of(event: UsageEvent | EventRow) -> costing.Usage:
    """Return the pure usage of a stored event."""
    services: dict[str, int] = {}
    if event.retrieval_calls:
        services[RETRIEVAL_SERVICE] = event.retrieval_calls
    named = (event.properties or {}).get("service_calls")
    if isinstance(named, dict):
        for name, calls in named.items():
            if isinstance(calls, int) and not isinstance(calls, bool) and calls > 0:
                services[str(name)] = services.get(str(name), 0) + calls
    return costing.Usage(
        model=event.model,
        input_tokens=event.input_tokens,
        cached_input_tokens=event.cached_input_tokens,
        cache_write_tokens=event.cache_write_tokens,
        output_tokens=event.output_tokens,
        reasoning_tokens=event.reasoning_tokens,
        requests=event.requests,
        gpu_seconds=event.gpu_seconds,
        gpu_type=event.gpu_type,
        service_calls=services,
        external_cost=event.external_cost,
    )


def event_cost(*, book: PriceBook, event: UsageEvent | EventRow) -> costing.CostBreakdown:
    """Return the cost of one event under the prices in force at its timestamp."""
    return usage_cost(
        book=book, usage=usage_of(event), provider=event.provider, moment=event.timestamp
    )


def usage_cost(
    *, book: PriceBook, usage: costing.Usage, provider: str, moment: dt.datetime
) -> costing.CostBreakdown:
    """Return the cost of a usage under the prices in force at `moment`."""
    model_price, source = book.model_price(model=usage.model, provider=provider, moment=moment)
    gpu_rate = (
        book.gpu_rate(gpu_type=usage.gpu_type, moment=moment) if usage.gpu_seconds > 0 else None
    )
    service_rates = book.service_rates(services=usage.service_calls, moment=moment)
    cost = costing.compute_cost(
        usage, model_price=model_price, gpu_rate=gpu_rate, service_rates=service_rates
    )
    if source:
        cost.price_ids["model_price_source"] = source
    return cost


COST_COLUMNS = ["cost_status", "cost_tokens", "cost_gpu", "cost_services", "cost_external"]
COST_COLUMNS += ["cost_total", "cost_detail"]


def _apply(event: EventRow, cost: costing.CostBreakdown) -> bool:
    """Write a cost onto an event instance; return whether anything changed."""
    detail = cost.detail()
    if cost.priced:
        values: tuple[Any, ...] = (
            CostStatus.PRICED,
            cost.tokens,
            cost.gpu,
            cost.services,
            cost.external,
            cost.total,
        )
    else:
        # Unknown is not $0: the amounts stay empty and the known parts go in the detail.
        values = (CostStatus.UNPRICED, None, None, None, None, None)
        detail["known"] = {
            "tokens": costing.format_usd(cost.tokens),
            "gpu": costing.format_usd(cost.gpu),
            "services": costing.format_usd(cost.services),
            "external": costing.format_usd(cost.external),
        }
    before = (
        event.cost_status,
        event.cost_tokens,
        event.cost_gpu,
        event.cost_services,
        event.cost_external,
        event.cost_total,
        event.cost_detail,
    )
    after = (*values, detail)
    if before == after:
        return False
    (
        event.cost_status,
        event.cost_tokens,
        event.cost_gpu,
        event.cost_services,
        event.cost_external,
        event.cost_total,
        event.cost_detail,
    ) = after
    return True


_EVENT_FIELDS = [
    "id",
    "timestamp",
    "model",
    "provider",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "requests",
    "gpu_seconds",
    "gpu_type",
    "retrieval_calls",
    "external_cost",
    "properties",
    *COST_COLUMNS,
]


@dataclass(slots=True)
class EventRow:
    """The columns costing reads and writes, without building a model instance per event."""

    id: int
    timestamp: dt.datetime
    model: str
    provider: str
    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int
    requests: int
    gpu_seconds: Decimal
    gpu_type: str
    retrieval_calls: int
    external_cost: Decimal
    properties: dict[str, Any]
    cost_status: str
    cost_tokens: Decimal | None
    cost_gpu: Decimal | None
    cost_services: Decimal | None
    cost_external: Decimal | None
    cost_total: Decimal | None
    cost_detail: dict[str, Any]


@dataclass
class CostingResult:
    seen: int = 0
    changed: int = 0
    unpriced: int = 0
    total_before: Decimal = Decimal(0)
    total_after: Decimal = Decimal(0)
    changed_pks: list[int] = field(default_factory=list)


def events_cost(
    *,
    tenant: Tenant,
    event_pks: Iterable[int],
    only_pending: bool = False,
    book: PriceBook | None = None,
) -> CostingResult:
    """Cost these events of the tenant and store the breakdowns; idempotent.

    With only_pending, events that already carry a cost keep it: after ingest a cost
    is set once, and changing a past cost takes an explicit re-cost. Writes in the caller's
    transaction: the caller notes or marks what changed (`changed_pks`) in the same one.
    """
    pks = sorted(set(event_pks))
    result = CostingResult()
    book = book or price_book_get(tenant=tenant)
    for start in range(0, len(pks), COSTING_BATCH):
        chunk = pks[start : start + COSTING_BATCH]
        query = UsageEvent.objects.of(tenant).filter(pk__in=chunk)
        if only_pending:
            query = query.filter(cost_status=CostStatus.PENDING)
        events = [EventRow(*row) for row in query.values_list(*_EVENT_FIELDS)]
        _cost_batch(tenant=tenant, book=book, events=events, result=result)
    return result


def _cost_batch(
    *, tenant: Tenant, book: PriceBook, events: list[EventRow], result: CostingResult
) -> None:
    changed: list[EventRow] = []
    for event in events:
        result.seen += 1
        result.total_before += event.cost_total or 0
        cost = event_cost(book=book, event=event)
        if _apply(event, cost):
            changed.append(event)
        if not cost.priced:
            result.unpriced += 1
        result.total_after += event.cost_total or 0
    if not changed:
        return
    _write_costs(tenant=tenant, events=changed)
    result.changed += len(changed)
    result.changed_pks.extend(e.id for e in changed)


# One UPDATE joined to the new values sent as one JSON document. Django's bulk_update
# writes a CASE per column with a branch per row, quadratic in the batch; this stays
# linear, and matching on (id, timestamp), the partitioned table's key, lets PostgreSQL
# prune partitions. Amounts travel as decimal strings, never floats.
_UPDATE_COSTS_SQL = """
UPDATE metering_usageevent AS e SET
    cost_status = v.status,
    cost_tokens = v.tokens,
    cost_gpu = v.gpu,
    cost_services = v.services,
    cost_external = v.external,
    cost_total = v.total,
    cost_detail = v.detail,
    -- The first priced cost is pinned for cost-plus charges; a re-cost leaves it.
    billing_cost = COALESCE(e.billing_cost, v.total),
    billing_cost_entries = CASE WHEN e.billing_cost IS NULL AND v.total IS NOT NULL
        THEN v.detail -> 'price_ids' ELSE e.billing_cost_entries END
FROM jsonb_to_recordset(%s::jsonb) AS v(
    id bigint, ts timestamptz, status text, tokens numeric, gpu numeric,
    services numeric, external numeric, total numeric, detail jsonb
)
WHERE e.tenant_id = %s AND e.id = v.id AND e."timestamp" = v.ts
"""


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


_SQLITE_UPDATE_COSTS_SQL = (
    'UPDATE "metering_usageevent" SET "cost_status" = %s, "cost_tokens" = %s, "cost_gpu" = %s,'
    ' "cost_services" = %s, "cost_external" = %s, "cost_total" = %s, "cost_detail" = %s,'
    ' "billing_cost_entries" = CASE WHEN "billing_cost" IS NULL AND %s IS NOT NULL'
    ' THEN %s ELSE "billing_cost_entries" END,'
    ' "billing_cost" = COALESCE("billing_cost", %s)'
    ' WHERE "id" = %s'
)


def _write_costs(*, tenant: Tenant, events: list[EventRow]) -> None:
    if connection.vendor != "postgresql":
        # One prepared UPDATE per event (executemany): Django's bulk_update builds a CASE
        # per column over the whole batch, which spent most of a demo seed in the ORM.
        # Values are prepared by the model fields, so they are stored as bulk_update would.
        concrete = {f.name: f for f in UsageEvent._meta.concrete_fields}
        fields = [concrete[c] for c in COST_COLUMNS]
        params = []
        for e in events:
            values = [f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields]
            total = values[COST_COLUMNS.index("cost_total")]
            entries = json.dumps(e.cost_detail.get("price_ids", {}))
            params.append([*values, total, entries, total, e.id])
        with connection.cursor() as cursor:
            cursor.executemany(_SQLITE_UPDATE_COSTS_SQL, params)
        return
    rows = [
        {
            "id": e.id,
            "ts": e.timestamp.isoformat(),
            "status": e.cost_status,
            "tokens": _amount(e.cost_tokens),
            "gpu": _amount(e.cost_gpu),
            "services": _amount(e.cost_services),
            "external": _amount(e.cost_external),
            "total": _amount(e.cost_total),
            "detail": e.cost_detail,
        }
        for e in events
    ]
    with connection.cursor() as cursor:
        cursor.execute(_UPDATE_COSTS_SQL, [json.dumps(rows), tenant.id])


# ---------------------------------------------------------------------------
# Re-costing a past range (explicit and audited; requested in recalculations.py)


RECOST_CHUNK = 10_000  # events re-costed per step of a recalculation


def cost_recalculation_run(*, recalculation_id: int) -> CostRecalculation:
    """Re-cost the events of a recorded recalculation; running it again changes nothing."""
    recalculation = (
        CostRecalculation.objects.cross_tenant(reason="worker: the task has the re-cost's id only")
        .select_related("tenant")
        .get(pk=recalculation_id)
    )
    if recalculation.status in (CostRecalculationStatus.DONE, CostRecalculationStatus.FAILED):
        return recalculation
    if not job_claim(CostRecalculation, recalculation.pk):
        return recalculation  # another worker runs it
    tenant = recalculation.tenant
    events = UsageEvent.objects.of(tenant).filter(
        timestamp__gte=recalculation.start, timestamp__lt=recalculation.end
    )
    if recalculation.model:
        events = events.filter(model=recalculation.model)
    if recalculation.only_unpriced:
        events = events.filter(cost_status=CostStatus.UNPRICED)
    book = price_book_get(tenant=tenant)
    result = CostingResult()
    last = 0
    try:
        while True:  # id order, a chunk at a time: a month of events never sits in memory
            pks = list(
                events.filter(id__gt=last)
                .order_by("id")
                .values_list("id", flat=True)[:RECOST_CHUNK]
            )
            if not pks:
                break
            with transaction.atomic():
                chunk = events_cost(tenant=tenant, event_pks=pks, book=book)
                event_changes_note(tenant=tenant, event_pks=chunk.changed_pks)
            for name in ("seen", "changed", "unpriced", "total_before", "total_after"):
                setattr(result, name, getattr(result, name) + getattr(chunk, name))
            last = pks[-1]
    except DatabaseError as exc:
        CostRecalculation.objects.of(tenant).filter(pk=recalculation.pk).update(
            status=CostRecalculationStatus.FAILED, error=str(exc)[:2000]
        )
        raise
    with transaction.atomic():
        # The whole range is re-derived downstream even where no cost changed.
        event_changes_note(tenant=tenant, start=recalculation.start, end=recalculation.end)
        _recalculation_done(recalculation, result)
    logger.info(
        "re-cost %s of tenant %s: %s events, %s changed",
        recalculation.pk,
        tenant.id,
        result.seen,
        result.changed,
    )
    return recalculation


def _recalculation_done(recalculation: CostRecalculation, result: CostingResult) -> None:
    recalculation.status = CostRecalculationStatus.DONE
    recalculation.events_seen = result.seen
    recalculation.events_changed = result.changed
    recalculation.events_unpriced = result.unpriced
    recalculation.cost_total_before = result.total_before
    recalculation.cost_total_after = result.total_after
    recalculation.finished_at = timezone.now()
    recalculation.save()

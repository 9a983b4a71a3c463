"""Writes of the cost book: price entries, imports, costing events, re-costing, fixed costs."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from config.api.errors import Conflict
from economics import costing
from economics.costbook_catalog import CatalogModelPrice, load_catalog
from economics.costbook_hooks import notify_costs_changed
from economics.costbook_litellm import ImportedModelPrice, parse_litellm_price_map
from economics.costbook_models import (
    CostRecalculation,
    CostRecalculationStatus,
    FixedCost,
    GpuRate,
    ModelPrice,
    PriceOrigin,
    ServiceRate,
)
from economics.costbook_selectors import PriceBook, price_book_get
from metering.models import CostStatus, Tenant, UsageEvent

logger = logging.getLogger(__name__)

# Catalog entries without a start date apply to all history until superseded.
BEGINNING = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
RETRIEVAL_SERVICE = "retrieval"
COSTING_BATCH = 1000

LONG_CONTEXT_COLUMNS = {
    "input": "long_input_per_1m",
    "cached_input": "long_cached_input_per_1m",
    "cache_write": "long_cache_write_per_1m",
    "output": "long_output_per_1m",
    "reasoning": "long_reasoning_per_1m",
}
MODEL_PRICE_FIELDS = {
    "provider",
    "model",
    "aliases",
    "patterns",
    "valid_from",
    "input_per_1m",
    "cached_input_per_1m",
    "cache_write_per_1m",
    "output_per_1m",
    "reasoning_per_1m",
    "request_fee",
    "long_context_threshold",
    *LONG_CONTEXT_COLUMNS.values(),
    "source",
    "as_of",
}


# ---------------------------------------------------------------------------
# Price entries


def _save_unique(instance: Any, message: str, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise Conflict(message) from exc


def model_price_create(*, tenant: Tenant, **fields: Any) -> ModelPrice:
    """Add a tenant's price for a model from `valid_from`; same series and start is a 409."""
    price = ModelPrice(tenant=tenant, origin=PriceOrigin.MANUAL)
    for name, value in fields.items():
        if name in MODEL_PRICE_FIELDS:
            setattr(price, name, value)
    _save_unique(price, _series_conflict(price))
    return price


def model_price_update(*, tenant: Tenant, model_price: ModelPrice, **fields: Any) -> ModelPrice:
    """Correct a tenant's price entry; events already costed keep their cost until re-costed."""
    changed = [name for name in fields if name in MODEL_PRICE_FIELDS]
    for name in changed:
        setattr(model_price, name, fields[name])
    if changed:
        if model_price.origin == PriceOrigin.LITELLM:
            model_price.origin = PriceOrigin.MANUAL
            changed.append("origin")
        _save_unique(model_price, _series_conflict(model_price), [*changed, "updated_at"])
    return model_price


def _series_conflict(price: ModelPrice) -> str:
    return (
        f"A price for {price.provider or '(any provider)'}/{price.model} "
        f"from {price.valid_from.isoformat()} already exists."
    )


def gpu_rate_create(
    *, tenant: Tenant, gpu_type: str, valid_from: dt.datetime, usd_per_gpu_hour: Decimal
) -> GpuRate:
    """Add a rate per GPU-hour for a GPU type ("" sets the tenant's default rate)."""
    rate = GpuRate(
        tenant=tenant, gpu_type=gpu_type, valid_from=valid_from, usd_per_gpu_hour=usd_per_gpu_hour
    )
    _save_unique(
        rate, f"A rate for GPU type '{gpu_type}' from {valid_from.isoformat()} already exists."
    )
    return rate


def gpu_rate_update(*, tenant: Tenant, gpu_rate: GpuRate, **fields: Any) -> GpuRate:
    changed = [n for n in fields if n in {"gpu_type", "valid_from", "usd_per_gpu_hour"}]
    for name in changed:
        setattr(gpu_rate, name, fields[name])
    if changed:
        _save_unique(
            gpu_rate,
            f"A rate for GPU type '{gpu_rate.gpu_type}' from "
            f"{gpu_rate.valid_from.isoformat()} already exists.",
            [*changed, "updated_at"],
        )
    return gpu_rate


def service_rate_create(
    *, tenant: Tenant, service: str, valid_from: dt.datetime, usd_per_call: Decimal
) -> ServiceRate:
    """Add a price per call of a service from `valid_from`."""
    rate = ServiceRate(
        tenant=tenant, service=service, valid_from=valid_from, usd_per_call=usd_per_call
    )
    _save_unique(
        rate, f"A rate for service '{service}' from {valid_from.isoformat()} already exists."
    )
    return rate


def service_rate_update(*, tenant: Tenant, service_rate: ServiceRate, **fields: Any) -> ServiceRate:
    changed = [n for n in fields if n in {"service", "valid_from", "usd_per_call"}]
    for name in changed:
        setattr(service_rate, name, fields[name])
    if changed:
        _save_unique(
            service_rate,
            f"A rate for service '{service_rate.service}' from "
            f"{service_rate.valid_from.isoformat()} already exists.",
            [*changed, "updated_at"],
        )
    return service_rate


# ---------------------------------------------------------------------------
# Imports: the shipped catalog and LiteLLM price maps


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> entries
    warnings: list[str] = field(default_factory=list)


def _catalog_row(entry: CatalogModelPrice) -> ModelPrice:
    row = ModelPrice(
        tenant=None,
        provider=entry.provider,
        model=entry.model,
        aliases=list(entry.aliases),
        patterns=list(entry.patterns),
        valid_from=(
            dt.datetime.combine(entry.valid_from, dt.time(), tzinfo=dt.UTC)
            if entry.valid_from
            else BEGINNING
        ),
        input_per_1m=entry.input,
        cached_input_per_1m=entry.cached_input,
        cache_write_per_1m=entry.cache_write,
        output_per_1m=entry.output,
        reasoning_per_1m=entry.reasoning,
        request_fee=entry.per_request,
        long_context_threshold=entry.long_context_threshold,
        origin=PriceOrigin.CATALOG,
        source=entry.source,
        as_of=entry.as_of,
    )
    for bucket, column in LONG_CONTEXT_COLUMNS.items():
        setattr(row, column, entry.long_context.get(bucket))
    return row


RATE_QUANTUM = Decimal("1e-10")  # the stored scale of rates (USD per 1M tokens)


def _stored_rate(value: Decimal | None) -> Decimal | None:
    """Return a rate at the stored scale: 1e-10 USD per 1M tokens is 1e-16 per token.

    Only float noise of the source lies beyond it (2.9999900000000002e-06 per token).
    """
    return None if value is None else value.quantize(RATE_QUANTUM)


def _litellm_row(
    entry: ImportedModelPrice, *, tenant: Tenant | None, valid_from: dt.datetime, as_of: dt.date
) -> ModelPrice:
    row = ModelPrice(
        tenant=tenant,
        provider=entry.provider,
        model=entry.model,
        aliases=list(entry.aliases),
        patterns=[],
        valid_from=valid_from,
        input_per_1m=entry.input.quantize(RATE_QUANTUM),
        cached_input_per_1m=_stored_rate(entry.cached_input),
        cache_write_per_1m=_stored_rate(entry.cache_write),
        output_per_1m=entry.output.quantize(RATE_QUANTUM),
        reasoning_per_1m=_stored_rate(entry.reasoning),
        request_fee=_stored_rate(entry.per_request),
        long_context_threshold=entry.long_context_threshold,
        origin=PriceOrigin.LITELLM,
        source="LiteLLM model price map",
        as_of=as_of,
    )
    for bucket, column in LONG_CONTEXT_COLUMNS.items():
        setattr(row, column, _stored_rate(entry.long_context.get(bucket)))
    return row


_COMPARED = [
    "aliases",
    "patterns",
    "input_per_1m",
    "cached_input_per_1m",
    "cache_write_per_1m",
    "output_per_1m",
    "reasoning_per_1m",
    "request_fee",
    "long_context_threshold",
    *LONG_CONTEXT_COLUMNS.values(),
    "source",
    "as_of",
    "origin",
]


def _upsert(*, tenant: Tenant | None, rows: Sequence[ModelPrice]) -> ImportResult:
    """Create entries that are new, update those whose (provider, model, valid_from) exists."""
    result = ImportResult()
    existing = {
        (p.provider, p.model, p.valid_from): p
        for p in ModelPrice.objects.filter(
            tenant=tenant, valid_from__in={r.valid_from for r in rows}
        )
    }
    to_create: list[ModelPrice] = []
    to_update: list[ModelPrice] = []
    seen: set[tuple[str, str, dt.datetime]] = set()
    for row in rows:
        key = (row.provider, row.model, row.valid_from)
        if key in seen:
            continue
        seen.add(key)
        current = existing.get(key)
        if current is None:
            to_create.append(row)
            continue
        if all(getattr(current, f) == getattr(row, f) for f in _COMPARED):
            result.unchanged += 1
            continue
        for name in _COMPARED:
            setattr(current, name, getattr(row, name))
        current.updated_at = timezone.now()
        to_update.append(current)
    with transaction.atomic():
        ModelPrice.objects.bulk_create(to_create, batch_size=500)
        ModelPrice.objects.bulk_update(to_update, [*_COMPARED, "updated_at"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def price_catalog_load(*, path: Path | None = None) -> ImportResult:
    """Load the shipped default catalog (or another catalog file); running it twice is a no-op."""
    return _upsert(tenant=None, rows=[_catalog_row(e) for e in load_catalog(path)])


def model_prices_import_litellm(
    *,
    tenant: Tenant | None,
    data: Mapping[str, object],
    valid_from: dt.datetime,
    as_of: dt.date | None = None,
) -> ImportResult:
    """Import a LiteLLM price map as entries from `valid_from` (tenant None: the catalog)."""
    parsed = parse_litellm_price_map(data)
    as_of = as_of or timezone.now().date()
    rows = [
        _litellm_row(e, tenant=tenant, valid_from=valid_from, as_of=as_of) for e in parsed.prices
    ]
    result = _upsert(tenant=tenant, rows=rows)
    result.skipped = dict(sorted(parsed.skipped.items()))
    result.warnings = parsed.warnings
    return result


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
    usage = usage_of(event)
    model_price, source = book.model_price(
        model=event.model, provider=event.provider, moment=event.timestamp
    )
    gpu_rate = (
        book.gpu_rate(gpu_type=event.gpu_type, moment=event.timestamp)
        if usage.gpu_seconds > 0
        else None
    )
    service_rates = book.service_rates(services=usage.service_calls, moment=event.timestamp)
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
    is set once, and changing a past cost takes an explicit re-cost.
    """
    pks = sorted(set(event_pks))
    result = CostingResult()
    book = book or price_book_get(tenant=tenant)
    for start in range(0, len(pks), COSTING_BATCH):
        chunk = pks[start : start + COSTING_BATCH]
        query = UsageEvent.objects.filter(tenant=tenant, pk__in=chunk)
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
    with transaction.atomic():
        _write_costs(tenant=tenant, events=changed)
        pks = [e.id for e in changed]
        notify_costs_changed(tenant_id=tenant.id, event_pks=pks)
    result.changed += len(changed)
    result.changed_pks.extend(pks)


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
    cost_detail = v.detail
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
    ' "cost_services" = %s, "cost_external" = %s, "cost_total" = %s, "cost_detail" = %s'
    ' WHERE "id" = %s'
)


def _write_costs(*, tenant: Tenant, events: list[EventRow]) -> None:
    if connection.vendor != "postgresql":
        # One prepared UPDATE per event (executemany): Django's bulk_update builds a CASE
        # per column over the whole batch, which spent most of a demo seed in the ORM.
        # Values are prepared by the model fields, so they are stored as bulk_update would.
        concrete = {f.name: f for f in UsageEvent._meta.concrete_fields}
        fields = [concrete[c] for c in COST_COLUMNS]
        params = [
            [f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] + [e.id]
            for e in events
        ]
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


# The periodic sweep looks at this many of the newest event ids: a bounded index range
# on every partition, whatever the table's size. `cost_pending --all` sweeps everything.
SWEEP_WINDOW = 200_000


def events_cost_pending(*, window: int | None = SWEEP_WINDOW) -> CostingResult:
    """Cost events left pending (a task lost with its broker); idempotent.

    With a window, only the newest `window` event ids are looked at.
    """
    events = UsageEvent.objects.filter(cost_status=CostStatus.PENDING)
    if window is not None:
        newest = UsageEvent.objects.aggregate(top=Max("id"))["top"] or 0
        events = events.filter(id__gt=newest - window)
    by_tenant: dict[UUID, list[int]] = {}
    for tenant_id, pk in events.values_list("tenant_id", "id").iterator(chunk_size=10_000):
        by_tenant.setdefault(tenant_id, []).append(pk)
    total = CostingResult()
    for tenant in Tenant.objects.filter(pk__in=list(by_tenant)):
        result = events_cost(tenant=tenant, event_pks=by_tenant[tenant.pk], only_pending=True)
        total.seen += result.seen
        total.changed += result.changed
        total.unpriced += result.unpriced
    return total


# ---------------------------------------------------------------------------
# Re-costing a past range (explicit and audited)


def cost_recalculation_request(
    *,
    tenant: Tenant,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    requested_by: str,
    model: str = "",
    only_unpriced: bool = False,
) -> CostRecalculation:
    """Record a re-cost of [start, end) and queue it once the record is committed."""
    from economics.costbook_tasks import run_cost_recalculation

    recalculation = CostRecalculation.objects.create(
        tenant=tenant,
        start=start,
        end=end,
        model=model,
        only_unpriced=only_unpriced,
        reason=reason,
        requested_by=requested_by,
    )
    transaction.on_commit(lambda: run_cost_recalculation.delay(recalculation.pk))
    return recalculation


RECOST_CHUNK = 10_000  # events re-costed per step of a recalculation


def cost_recalculation_run(*, recalculation_id: int) -> CostRecalculation:
    """Re-cost the events of a recorded recalculation; running it again changes nothing."""
    recalculation = CostRecalculation.objects.select_related("tenant").get(pk=recalculation_id)
    if recalculation.status == CostRecalculationStatus.DONE:
        return recalculation
    CostRecalculation.objects.filter(pk=recalculation.pk).update(
        status=CostRecalculationStatus.RUNNING
    )
    tenant = recalculation.tenant
    events = UsageEvent.objects.filter(
        tenant=tenant, timestamp__gte=recalculation.start, timestamp__lt=recalculation.end
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
            chunk = events_cost(tenant=tenant, event_pks=pks, book=book)
            for name in ("seen", "changed", "unpriced", "total_before", "total_after"):
                setattr(result, name, getattr(result, name) + getattr(chunk, name))
            last = pks[-1]
    except DatabaseError as exc:
        CostRecalculation.objects.filter(pk=recalculation.pk).update(
            status=CostRecalculationStatus.FAILED, error=str(exc)[:2000]
        )
        raise
    recalculation.status = CostRecalculationStatus.DONE
    recalculation.events_seen = result.seen
    recalculation.events_changed = result.changed
    recalculation.events_unpriced = result.unpriced
    recalculation.cost_total_before = result.total_before
    recalculation.cost_total_after = result.total_after
    recalculation.finished_at = timezone.now()
    recalculation.save()
    logger.info(
        "re-cost %s of tenant %s: %s events, %s changed",
        recalculation.pk,
        tenant.id,
        result.seen,
        result.changed,
    )
    return recalculation


def on_events_changed(tenant_id: UUID, event_pks: Sequence[int]) -> None:
    """Ingest listener: queue costing of stored, voided or amended events in batches.

    The events are committed already: if the broker cannot take the task they stay
    pending and the periodic sweep (`economics.cost_pending_events`) costs them.
    """
    from economics.costbook_tasks import cost_events

    pks = list(event_pks)
    for start in range(0, len(pks), COSTING_BATCH):
        try:
            cost_events.delay(str(tenant_id), pks[start : start + COSTING_BATCH])
        except KombuOperationalError:
            logger.warning("costing not queued for %s events of tenant %s", len(pks), tenant_id)
            return


# ---------------------------------------------------------------------------
# Fixed costs

FIXED_COST_FIELDS = {
    "category",
    "request_class",
    "monthly_amount",
    "start_month",
    "end_month",
    "description",
}


def fixed_cost_create(*, tenant: Tenant, **fields: Any) -> FixedCost:
    """Add a monthly fixed cost for a request class ("" for the whole tenant)."""
    return FixedCost.objects.create(
        tenant=tenant, **{k: v for k, v in fields.items() if k in FIXED_COST_FIELDS}
    )


def fixed_cost_update(*, tenant: Tenant, fixed_cost: FixedCost, **fields: Any) -> FixedCost:
    changed = [k for k in fields if k in FIXED_COST_FIELDS]
    for name in changed:
        setattr(fixed_cost, name, fields[name])
    if changed:
        fixed_cost.save(update_fields=[*changed, "updated_at"])
    return fixed_cost


def fixed_cost_delete(*, tenant: Tenant, fixed_cost: FixedCost) -> None:
    fixed_cost.delete()

"""Writes of the cost book's price entries, and imports of price catalogs and maps."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import Conflict
from economics.costs.catalog import CatalogModelPrice, load_catalog
from economics.costs.litellm import ImportedModelPrice, parse_litellm_price_map
from economics.costs.models import (
    GpuRate,
    ModelPrice,
    PriceOrigin,
    ServiceRate,
)
from metering.models import Tenant

logger = logging.getLogger(__name__)

# Catalog entries without a start date apply to all history until superseded.
BEGINNING = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

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
    series = ModelPrice.objects.catalog() if tenant is None else ModelPrice.objects.of(tenant)
    existing = {
        (p.provider, p.model, p.valid_from): p
        for p in series.filter(valid_from__in={r.valid_from for r in rows})
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
        series.bulk_update(to_update, [*_COMPARED, "updated_at"], batch_size=500)
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

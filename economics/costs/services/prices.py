"""Writes of the cost book's price entries, and imports of price catalogs and maps.

Entries are effective-dated and never overwritten: a price change is a new entry with a later
`valid_from`, so the entry an event was costed with (named in its cost detail) keeps the
amounts it was costed at. An update may change only where a price came from (`source`,
`as_of`); anything else is a 409 pointing to a new entry. Every write is audited.
"""

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
from metering.audit import Actor, audit_record, audit_values, jsonable
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
# What an update may change: where the price came from, never what it is or when.
MODEL_PRICE_PROVENANCE = {"source", "as_of"}
GPU_RATE_FIELDS = ("gpu_type", "valid_from", "usd_per_gpu_hour")
SERVICE_RATE_FIELDS = ("service", "valid_from", "usd_per_call")
# The API field that carries a column, where they differ (the long-context tier is one object).
API_NAMES = {column: "long_context" for column in LONG_CONTEXT_COLUMNS.values()} | {
    "long_context_threshold": "long_context"
}


# ---------------------------------------------------------------------------
# Price entries


def _save_unique(instance: Any, message: str) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise Conflict(message) from exc


def _changed(
    instance: Any, fields: dict[str, Any], allowed: set[str] | tuple[str, ...]
) -> list[str]:
    """Names in `fields` (among `allowed`) whose value differs from the stored one."""
    return [
        name
        for name, value in fields.items()
        if name in allowed and getattr(instance, name) != value
    ]


def _refuse_new_amounts(kind: str, path: str, names: list[str]) -> None:
    """Refuse an update of what a price entry is, or when: that is a new entry (409)."""
    shown = ", ".join(sorted({API_NAMES.get(name, name) for name in names}))
    raise Conflict(
        f"A {kind} is effective-dated and never changes ({shown}): post a new entry with a later "
        f"valid_from ({path}), then re-cost past events (POST /v1/costs/recalculations)."
    )


def model_price_state(price: ModelPrice) -> dict[str, Any]:
    """A model price as the audit log shows it."""
    return audit_values(price, [*sorted(MODEL_PRICE_FIELDS), "origin"])


@transaction.atomic
def model_price_create(*, tenant: Tenant, actor: Actor, **fields: Any) -> ModelPrice:
    """Add a tenant's price for a model from `valid_from`; same series and start is a 409."""
    price = ModelPrice(tenant=tenant, origin=PriceOrigin.MANUAL)
    for name, value in fields.items():
        if name in MODEL_PRICE_FIELDS:
            setattr(price, name, value)
    _save_unique(price, _series_conflict(price))
    audit_record(
        tenant=tenant,
        actor=actor,
        action="model_price.create",
        object_type="model_price",
        object_id=price.pk,
        after=model_price_state(price),
    )
    return price


@transaction.atomic
def model_price_update(
    *, tenant: Tenant, model_price: ModelPrice, actor: Actor, **fields: Any
) -> ModelPrice:
    """Change where a price came from (`source`, `as_of`); any other change is a 409."""
    changed = _changed(model_price, fields, MODEL_PRICE_FIELDS)
    refused = [name for name in changed if name not in MODEL_PRICE_PROVENANCE]
    if refused:
        _refuse_new_amounts("model price", "POST /v1/costs/model-prices", refused)
    if not changed:
        return model_price
    before = model_price_state(model_price)
    for name in changed:
        setattr(model_price, name, fields[name])
    model_price.save(update_fields=[*changed, "updated_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="model_price.update",
        object_type="model_price",
        object_id=model_price.pk,
        before=before,
        after=model_price_state(model_price),
    )
    return model_price


def _series_conflict(price: ModelPrice) -> str:
    return (
        f"A price for {price.provider or '(any provider)'}/{price.model} "
        f"from {price.valid_from.isoformat()} already exists."
    )


@transaction.atomic
def gpu_rate_create(
    *,
    tenant: Tenant,
    actor: Actor,
    gpu_type: str,
    valid_from: dt.datetime,
    usd_per_gpu_hour: Decimal,
) -> GpuRate:
    """Add a rate per GPU-hour for a GPU type ("" sets the tenant's default rate)."""
    rate = GpuRate(
        tenant=tenant, gpu_type=gpu_type, valid_from=valid_from, usd_per_gpu_hour=usd_per_gpu_hour
    )
    _save_unique(
        rate, f"A rate for GPU type '{gpu_type}' from {valid_from.isoformat()} already exists."
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="gpu_rate.create",
        object_type="gpu_rate",
        object_id=rate.pk,
        after=audit_values(rate, GPU_RATE_FIELDS),
    )
    return rate


def gpu_rate_update(*, tenant: Tenant, gpu_rate: GpuRate, **fields: Any) -> GpuRate:
    """Refuse any change of a GPU rate (409: post a new one); the same values change nothing."""
    changed = _changed(gpu_rate, fields, GPU_RATE_FIELDS)
    if changed:
        _refuse_new_amounts("GPU rate", "POST /v1/costs/gpu-rates", changed)
    return gpu_rate


@transaction.atomic
def service_rate_create(
    *, tenant: Tenant, actor: Actor, service: str, valid_from: dt.datetime, usd_per_call: Decimal
) -> ServiceRate:
    """Add a price per call of a service from `valid_from`."""
    rate = ServiceRate(
        tenant=tenant, service=service, valid_from=valid_from, usd_per_call=usd_per_call
    )
    _save_unique(
        rate, f"A rate for service '{service}' from {valid_from.isoformat()} already exists."
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="service_rate.create",
        object_type="service_rate",
        object_id=rate.pk,
        after=audit_values(rate, SERVICE_RATE_FIELDS),
    )
    return rate


def service_rate_update(*, tenant: Tenant, service_rate: ServiceRate, **fields: Any) -> ServiceRate:
    """Refuse any change of a service rate (409: post a new one); the same values change nothing."""
    changed = _changed(service_rate, fields, SERVICE_RATE_FIELDS)
    if changed:
        _refuse_new_amounts("service rate", "POST /v1/costs/service-rates", changed)
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


# Skip reason of an imported entry whose (provider, model, valid_from) a tenant already has
# with other prices: a tenant's entries are never overwritten (import with a later valid_from).
EXISTS_WITH_OTHER_PRICES = "exists_with_other_prices"


def _upsert(*, tenant: Tenant | None, rows: Sequence[ModelPrice]) -> ImportResult:
    """Create entries that are new; for the catalog, update those whose series start exists.

    A tenant's existing entry is never changed: an import row that differs from it is skipped.
    """
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
        if tenant is not None:
            result.skipped[EXISTS_WITH_OTHER_PRICES] = (
                result.skipped.get(EXISTS_WITH_OTHER_PRICES, 0) + 1
            )
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


@transaction.atomic
def model_prices_import_litellm(
    *,
    tenant: Tenant | None,
    data: Mapping[str, object],
    valid_from: dt.datetime,
    actor: Actor,
    as_of: dt.date | None = None,
) -> ImportResult:
    """Import a LiteLLM price map as entries from `valid_from` (tenant None: the catalog)."""
    parsed = parse_litellm_price_map(data)
    as_of = as_of or timezone.now().date()
    rows = [
        _litellm_row(e, tenant=tenant, valid_from=valid_from, as_of=as_of) for e in parsed.prices
    ]
    result = _upsert(tenant=tenant, rows=rows)
    result.skipped = dict(sorted((parsed.skipped | result.skipped).items()))
    result.warnings = parsed.warnings
    if tenant is not None and result.created:
        audit_record(
            tenant=tenant,
            actor=actor,
            action="model_price.import",
            object_type="model_price",
            object_id=f"litellm:{jsonable(valid_from)}",
            after={
                "source": "litellm",
                "valid_from": valid_from,
                "as_of": as_of,
                "created": result.created,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
            },
        )
    return result

"""The default cost catalog shipped with Marginal (economics/data/default_prices.json).

Pure: reads and validates the data file into plain records; the cost book
service stores them as the shipped (tenant-less) entries.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

DEFAULT_CATALOG_PATH = Path(__file__).resolve().parent / "data" / "default_prices.json"

_RATE_FIELDS = ("input", "cached_input", "cache_write", "output", "reasoning")


class CatalogError(ValueError):
    """The catalog file does not hold what it should (field path in the message)."""


@dataclass(frozen=True, slots=True)
class CatalogModelPrice:
    provider: str
    model: str
    input: Decimal  # USD per 1M tokens
    output: Decimal  # USD per 1M tokens
    cached_input: Decimal | None = None  # USD per 1M tokens
    cache_write: Decimal | None = None  # USD per 1M tokens
    reasoning: Decimal | None = None  # USD per 1M tokens
    per_request: Decimal | None = None  # USD per request
    long_context_threshold: int | None = None  # prompt tokens
    long_context: dict[str, Decimal] = field(default_factory=dict)  # bucket -> USD per 1M
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    valid_from: dt.date | None = None  # None: in force for all earlier history
    source: str = ""
    as_of: dt.date | None = None


def _decimal(value: object, path: str) -> Decimal:
    if not isinstance(value, str):
        raise CatalogError(f"{path}: a decimal string is required, got {value!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise CatalogError(f"{path}: {value!r} is not a decimal") from exc
    if not amount.is_finite() or amount < 0:
        raise CatalogError(f"{path}: must be a finite amount >= 0")
    return amount


def _date(value: object, path: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CatalogError(f"{path}: {value!r} is not a YYYY-MM-DD date") from exc


def parse_catalog_entry(entry: Mapping[str, object], path: str) -> CatalogModelPrice:
    """Return one validated catalog model price."""
    for required in ("provider", "model", "input", "output", "source", "as_of"):
        if required not in entry:
            raise CatalogError(f"{path}.{required}: required")
    rates = {
        name: _decimal(entry[name], f"{path}.{name}")
        for name in _RATE_FIELDS
        if entry.get(name) is not None
    }
    long_context_raw = entry.get("long_context") or {}
    threshold = entry.get("long_context_threshold")
    if not isinstance(long_context_raw, Mapping):
        raise CatalogError(f"{path}.long_context: an object is required")
    if bool(long_context_raw) != (threshold is not None):
        raise CatalogError(
            f"{path}.long_context: give both long_context and long_context_threshold, or neither"
        )
    if threshold is not None and (not isinstance(threshold, int) or threshold <= 0):
        raise CatalogError(f"{path}.long_context_threshold: a positive token count is required")
    long_context = {
        name: _decimal(value, f"{path}.long_context.{name}")
        for name, value in long_context_raw.items()
        if name in _RATE_FIELDS
    }
    per_request = entry.get("per_request")
    return CatalogModelPrice(
        provider=str(entry["provider"]),
        model=str(entry["model"]),
        input=rates["input"],
        output=rates["output"],
        cached_input=rates.get("cached_input"),
        cache_write=rates.get("cache_write"),
        reasoning=rates.get("reasoning"),
        per_request=None if per_request is None else _decimal(per_request, f"{path}.per_request"),
        long_context_threshold=threshold,
        long_context=long_context,
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),  # type: ignore[attr-defined]
        patterns=tuple(str(p) for p in entry.get("patterns") or ()),  # type: ignore[attr-defined]
        valid_from=_date(entry.get("valid_from"), f"{path}.valid_from"),
        source=str(entry["source"]),
        as_of=_date(entry["as_of"], f"{path}.as_of"),
    )


def load_catalog(path: Path | None = None) -> list[CatalogModelPrice]:
    """Return the model prices of the shipped catalog (or of another catalog file)."""
    data = json.loads((path or DEFAULT_CATALOG_PATH).read_text(encoding="utf-8"))
    models = data.get("models")
    if not isinstance(models, list):
        raise CatalogError("models: a list is required")
    return [parse_catalog_entry(entry, f"models.{i}") for i, entry in enumerate(models)]

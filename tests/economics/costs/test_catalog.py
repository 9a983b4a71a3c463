from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from economics.costs.catalog import (
    CatalogError,
    CatalogModelPrice,
    load_catalog,
    parse_catalog_entry,
)
from economics.costs.litellm import parse_litellm_price_map
from tests.data import LITELLM_MAP


def test_the_default_catalog_covers_openai_anthropic_and_google_with_sources() -> None:
    catalog = load_catalog()

    providers = {entry.provider for entry in catalog}
    assert providers == {"openai", "anthropic", "gemini"}
    assert len(catalog) == 27
    for entry in catalog:
        assert entry.source.startswith("https://"), entry.model
        assert entry.as_of is not None, entry.model
        assert entry.input >= 0 and entry.output >= 0


def test_the_catalog_keeps_the_o3_price_cut_as_two_dated_entries() -> None:
    o3 = [(e.valid_from, e.input, e.output) for e in load_catalog() if e.model == "o3"]

    assert o3 == [(dt.date(2025, 4, 16), D(10), D(40)), (dt.date(2025, 6, 10), D(2), D(8))]


def test_catalog_rates_agree_with_the_public_litellm_map() -> None:
    imported = parse_litellm_price_map(json.loads(LITELLM_MAP.read_text(encoding="utf-8"))).prices
    by_model = {(p.provider, name): p for p in imported for name in (p.model, *p.aliases)}
    latest: dict[tuple[str, str], CatalogModelPrice] = {}
    for entry in load_catalog():
        latest[(entry.provider, entry.model)] = entry  # later entries supersede earlier ones

    compared = 0
    for key, entry in latest.items():
        mapped = by_model.get(key)
        if mapped is None:
            continue
        compared += 1
        assert (entry.input, entry.cached_input, entry.output) == (
            mapped.input,
            mapped.cached_input,
            mapped.output,
        ), key
        if mapped.cache_write is not None:
            assert entry.cache_write == mapped.cache_write, key
        if mapped.long_context_threshold is not None:
            assert (entry.long_context_threshold, entry.long_context) == (
                mapped.long_context_threshold,
                mapped.long_context,
            ), key
    assert compared == 26  # every model of the catalog is listed in the map


def test_a_catalog_entry_with_a_bad_rate_names_the_field() -> None:
    with pytest.raises(CatalogError, match=r"models\.3\.output: 'ten' is not a decimal"):
        parse_catalog_entry(
            {
                "provider": "x",
                "model": "y",
                "input": "1",
                "output": "ten",
                "source": "https://x",
                "as_of": "2025-01-01",
            },
            "models.3",
        )


def test_a_catalog_entry_needs_both_tier_fields_or_neither() -> None:
    with pytest.raises(CatalogError, match=r"models\.0\.long_context: give both"):
        parse_catalog_entry(
            {
                "provider": "x",
                "model": "y",
                "input": "1",
                "output": "2",
                "long_context": {"input": "2"},
                "source": "https://x",
                "as_of": "2025-01-01",
            },
            "models.0",
        )

"""Parse LiteLLM's model price map (model_prices_and_context_window.json).

The map gives USD per token as JSON floats. Each is converted with
Decimal(str(x)) (the shortest repr of the float, never its binary expansion)
and scaled to USD per 1M tokens. Keys this module does not know are ignored.
Pure: takes the decoded JSON, returns plain records for the cost book.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# Modes whose requests are priced per token; image, audio, video, rerank,
# search and the like are priced per unit this cost book does not model.
TOKEN_MODES = frozenset({"chat", "completion", "responses", "embedding"})

SAMPLE_KEY = "sample_spec"

# Context tiers: input_cost_per_token_above_200k_tokens etc. Service-tier
# variants (_batches, _flex, _priority) and cache-TTL variants (_above_1hr)
# do not match and are ignored.
_TIER_KEY = re.compile(
    r"^(?P<field>input_cost_per_token|output_cost_per_token|cache_read_input_token_cost"
    r"|cache_creation_input_token_cost|output_cost_per_reasoning_token)"
    r"_above_(?P<k>\d+)k_tokens$"
)

_TIER_FIELDS = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cached_input",
    "cache_creation_input_token_cost": "cache_write",
    "output_cost_per_reasoning_token": "reasoning",
}


@dataclass(frozen=True, slots=True)
class ImportedModelPrice:
    """One model price read from the map (rates in USD per 1M tokens)."""

    model: str  # the map's key, e.g. "gemini/gemini-2.5-pro"
    provider: str
    aliases: tuple[str, ...]  # the key without its "provider/" prefix, when it has one
    mode: str
    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    per_request: Decimal | None = None  # USD per request
    long_context_threshold: int | None = None  # prompt tokens
    long_context: dict[str, Decimal] = field(default_factory=dict)  # bucket -> USD per 1M


@dataclass(slots=True)
class LitellmParseResult:
    prices: list[ImportedModelPrice]
    skipped: Counter[str]  # reason -> entries
    warnings: list[str]


def per_million(value: object) -> Decimal:
    """Return a per-token float from the map as an exact USD per 1M tokens."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not a number: {value!r}")
    amount = Decimal(str(value)).scaleb(6)
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def _optional(entry: Mapping[str, object], key: str) -> Decimal | None:
    value = entry.get(key)
    if value is None:
        return None
    return per_million(value)


def parse_litellm_entry(key: str, entry: Mapping[str, object]) -> ImportedModelPrice | str:
    """Return the price read from one entry, or the reason it is skipped."""
    mode = entry.get("mode")
    if mode is None and "input_cost_per_token" in entry:
        mode = "chat"  # LiteLLM treats an entry without a mode as chat
    if not isinstance(mode, str) or mode not in TOKEN_MODES:
        return f"mode:{mode}"
    if entry.get("input_cost_per_token") is None:
        return "no_token_price"
    if entry.get("output_cost_per_token") is None and mode != "embedding":
        return "no_token_price"
    provider = str(entry.get("litellm_provider") or "")
    # "gemini/gemini-2.5-pro" also answers to "gemini-2.5-pro"; an exact key
    # elsewhere in the map (the bare "gpt-4o" of openai) still wins over an alias.
    aliases = (key[len(provider) + 1 :],) if provider and key.startswith(provider + "/") else ()
    try:
        input_rate = per_million(entry["input_cost_per_token"])
        output_rate = _optional(entry, "output_cost_per_token") or Decimal(0)
        cached = _optional(entry, "cache_read_input_token_cost")
        if cached is None:
            cached = _optional(entry, "input_cost_per_token_cache_hit")
        cache_write = _optional(entry, "cache_creation_input_token_cost")
        reasoning = _optional(entry, "output_cost_per_reasoning_token")
        per_request = entry.get("input_cost_per_request")
        request_fee = Decimal(str(per_request)) if isinstance(per_request, int | float) else None
        tiers: dict[int, dict[str, Decimal]] = {}
        for name, value in entry.items():
            match = _TIER_KEY.match(name)
            if match is None or value is None:
                continue
            above = int(match.group("k")) * 1000
            tiers.setdefault(above, {})[_TIER_FIELDS[match.group("field")]] = per_million(value)
    except (TypeError, ValueError, ArithmeticError):
        return "bad_number"
    threshold: int | None = None
    long_context: dict[str, Decimal] = {}
    if tiers:
        threshold = min(tiers)  # the cost book keeps one tier: the first one reached
        long_context = tiers[threshold]
    return ImportedModelPrice(
        model=key,
        provider=provider,
        aliases=aliases,
        mode=mode,
        input=input_rate,
        output=output_rate,
        cached_input=cached,
        cache_write=cache_write,
        reasoning=reasoning,
        per_request=request_fee,
        long_context_threshold=threshold,
        long_context=long_context,
    )


def parse_litellm_price_map(data: Mapping[str, object]) -> LitellmParseResult:
    """Return the token-priced models of a LiteLLM price map, and what was skipped."""
    skipped: Counter[str] = Counter()
    warnings: list[str] = []
    prices: list[ImportedModelPrice] = []
    for key, entry in data.items():
        if key == SAMPLE_KEY:
            skipped["sample_spec"] += 1
            continue
        if not isinstance(entry, Mapping):
            skipped["not_an_object"] += 1
            continue
        parsed = parse_litellm_entry(key, entry)
        if isinstance(parsed, str):
            skipped[parsed] += 1
            continue
        tier_count = len({m.group("k") for k in entry if (m := _TIER_KEY.match(k))})
        if tier_count > 1:
            warnings.append(f"{key}: {tier_count} context tiers, kept the lowest")
        prices.append(parsed)
    return LitellmParseResult(prices=prices, skipped=skipped, warnings=warnings)

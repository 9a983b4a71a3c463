"""Cost of one inference request from its usage and the resolved price entries.

Pure functions over Decimals: no ORM, no I/O. The cost book (models, services)
resolves which price entries were in force for an event and hands them here.

Token buckets are disjoint: a token is counted in exactly one of input, cached
input, cache write, output or reasoning. Rates are USD per 1M tokens, GPU rates
USD per GPU-hour, service rates USD per call.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

ZERO = Decimal(0)
ONE_MILLION = Decimal(1_000_000)
SECONDS_PER_HOUR = Decimal(3600)

# Stored costs carry 10 decimal places (UsageEvent's cost columns). Token and
# per-call costs at realistic rates are exact at this scale; GPU cost (rate / 3600)
# can need more and is rounded half-up here. Rounding to cents happens at invoices.
COST_PLACES = 10
COST_QUANTUM = Decimal(1).scaleb(-COST_PLACES)

TOKEN_BUCKETS: tuple[str, ...] = ("input", "cached_input", "cache_write", "output", "reasoning")

STATUS_PRICED = "priced"
STATUS_UNPRICED = "unpriced"

# Wide enough that no multiplication of realistic usage by a rate is inexact.
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class TokenRates:
    """USD per 1M tokens per bucket; None falls back (see ModelPrice.rates_for)."""

    input: Decimal | None = None
    cached_input: Decimal | None = None
    cache_write: Decimal | None = None
    output: Decimal | None = None
    reasoning: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """One model price entry in force for an event."""

    input: Decimal  # USD per 1M input tokens
    output: Decimal  # USD per 1M output tokens
    cached_input: Decimal | None = None  # USD per 1M cached input tokens; None: input rate
    cache_write: Decimal | None = None  # USD per 1M cache write tokens; None: input rate
    reasoning: Decimal | None = None  # USD per 1M reasoning tokens; None: output rate
    per_request: Decimal = ZERO  # USD per request
    # Above this many prompt tokens (input + cached + cache write), the
    # long-context rates apply to the whole request, not just the excess.
    long_context_threshold: int | None = None
    long_context: TokenRates | None = None
    id: object = None  # the cost book entry id, echoed into cost_detail

    def base_rates(self) -> dict[str, Decimal]:
        """Return the resolved per-bucket rates of the base tier."""
        return {
            "input": self.input,
            "cached_input": self.input if self.cached_input is None else self.cached_input,
            "cache_write": self.input if self.cache_write is None else self.cache_write,
            "output": self.output,
            "reasoning": self.output if self.reasoning is None else self.reasoning,
        }

    def rates_for(self, prompt_tokens: int) -> tuple[str, dict[str, Decimal]]:
        """Return the tier name and resolved per-bucket rates for a prompt size."""
        base = self.base_rates()
        tier = self.long_context
        if tier is None or self.long_context_threshold is None:
            return "base", base
        if prompt_tokens <= self.long_context_threshold:
            return "base", base
        long_input = base["input"] if tier.input is None else tier.input
        # A bucket the tier leaves open keeps its base rate, unless the base rate
        # itself was "same as input", in which case it follows the tier's input.
        rates = {
            "input": long_input,
            "cached_input": _tier_rate(tier.cached_input, self.cached_input, long_input),
            "cache_write": _tier_rate(tier.cache_write, self.cache_write, long_input),
            "output": base["output"] if tier.output is None else tier.output,
        }
        # Reasoning tokens are billed as output: a tier that changes output changes them too.
        if tier.reasoning is not None:
            rates["reasoning"] = tier.reasoning
        elif tier.output is not None:
            rates["reasoning"] = tier.output
        else:
            rates["reasoning"] = base["reasoning"]
        return "long_context", rates


def _tier_rate(
    tier_rate: Decimal | None, base_rate: Decimal | None, tier_input: Decimal
) -> Decimal:
    if tier_rate is not None:
        return tier_rate
    return tier_input if base_rate is None else base_rate


@dataclass(frozen=True, slots=True)
class GpuRate:
    usd_per_gpu_hour: Decimal  # USD per GPU-hour
    id: object = None


@dataclass(frozen=True, slots=True)
class ServiceRate:
    usd_per_call: Decimal  # USD per call
    id: object = None


@dataclass(frozen=True, slots=True)
class Usage:
    """What one event consumed. Token buckets are disjoint."""

    model: str = ""
    input_tokens: int = 0
    cached_input_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    requests: int = 1
    gpu_seconds: Decimal = ZERO
    gpu_type: str = ""
    service_calls: Mapping[str, int] = field(default_factory=dict)  # service name -> calls
    external_cost: Decimal = ZERO  # USD, already priced by the caller

    def tokens(self) -> dict[str, int]:
        """Return token counts keyed by bucket."""
        return {
            "input": self.input_tokens,
            "cached_input": self.cached_input_tokens,
            "cache_write": self.cache_write_tokens,
            "output": self.output_tokens,
            "reasoning": self.reasoning_tokens,
        }

    @property
    def prompt_tokens(self) -> int:
        return self.input_tokens + self.cached_input_tokens + self.cache_write_tokens

    @property
    def total_tokens(self) -> int:
        return sum(self.tokens().values())


@dataclass(frozen=True, slots=True)
class Missing:
    """A price the event needed and the cost book did not have."""

    kind: str  # "model" | "gpu" | "service"
    key: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key}


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """USD amounts at COST_PLACES; partial (known parts only) when unpriced."""

    status: str
    tokens: Decimal
    gpu: Decimal
    services: Decimal
    external: Decimal
    total: Decimal
    token_buckets: dict[str, Decimal]
    request_fee: Decimal
    service_buckets: dict[str, Decimal]
    tier: str | None
    missing: tuple[Missing, ...]
    price_ids: dict[str, object]

    @property
    def priced(self) -> bool:
        return self.status == STATUS_PRICED

    def detail(self) -> dict[str, object]:
        """Return a JSON-ready description: what was charged, at which entries."""
        return {
            "tier": self.tier,
            "token_buckets": {k: format_usd(v) for k, v in self.token_buckets.items()},
            "request_fee": format_usd(self.request_fee),
            "services": {k: format_usd(v) for k, v in self.service_buckets.items()},
            "price_ids": self.price_ids,
            "missing": [m.as_dict() for m in self.missing],
        }


def format_usd(amount: Decimal) -> str:
    """Return an amount as a plain decimal string without trailing zeros."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def quantize_cost(amount: Decimal) -> Decimal:
    """Return a USD amount at the stored cost scale (10 places, half-up)."""
    return amount.quantize(COST_QUANTUM, rounding=ROUND_HALF_UP, context=_EXACT)


def token_cost(tokens: int, usd_per_million: Decimal) -> Decimal:
    """Return the exact USD cost of a number of tokens at a per-1M rate."""
    with localcontext(_EXACT):
        return quantize_cost(Decimal(tokens) * usd_per_million / ONE_MILLION)


def gpu_cost(gpu_seconds: Decimal, usd_per_gpu_hour: Decimal) -> Decimal:
    """Return the USD cost of GPU-seconds at a per-GPU-hour rate."""
    with localcontext(_EXACT):
        return quantize_cost(gpu_seconds * usd_per_gpu_hour / SECONDS_PER_HOUR)


def compute_cost(
    usage: Usage,
    *,
    model_price: ModelPrice | None,
    gpu_rate: GpuRate | None = None,
    service_rates: Mapping[str, ServiceRate] | None = None,
) -> CostBreakdown:
    """Return the cost breakdown of one event; unpriced when a needed price is missing.

    A model price is needed when the event used tokens; a GPU rate when it used
    GPU-seconds; a service rate for every service it called. A missing one makes
    the event unpriced: the known parts are still returned, never a silent $0.
    """
    service_rates = service_rates or {}
    missing: list[Missing] = []
    price_ids: dict[str, object] = {}

    token_buckets: dict[str, Decimal] = {}
    request_fee = ZERO
    tier: str | None = None
    counts = usage.tokens()
    if model_price is not None:
        tier, rates = model_price.rates_for(usage.prompt_tokens)
        for bucket in TOKEN_BUCKETS:
            token_buckets[bucket] = token_cost(counts[bucket], rates[bucket])
        with localcontext(_EXACT):
            request_fee = quantize_cost(model_price.per_request * usage.requests)
        price_ids["model_price"] = model_price.id
    elif usage.total_tokens > 0:
        missing.append(Missing("model", usage.model))

    gpu = ZERO
    if usage.gpu_seconds > 0:
        if gpu_rate is None:
            missing.append(Missing("gpu", usage.gpu_type))
        else:
            gpu = gpu_cost(usage.gpu_seconds, gpu_rate.usd_per_gpu_hour)
            price_ids["gpu_rate"] = gpu_rate.id

    service_buckets: dict[str, Decimal] = {}
    service_ids: dict[str, object] = {}
    for name in sorted(usage.service_calls):
        calls = usage.service_calls[name]
        if calls <= 0:
            continue
        rate = service_rates.get(name)
        if rate is None:
            missing.append(Missing("service", name))
            continue
        with localcontext(_EXACT):
            service_buckets[name] = quantize_cost(rate.usd_per_call * calls)
        service_ids[name] = rate.id
    if service_ids:
        price_ids["service_rates"] = service_ids

    with localcontext(_EXACT):
        tokens = sum(token_buckets.values(), ZERO) + request_fee
        services = sum(service_buckets.values(), ZERO)
        external = quantize_cost(usage.external_cost)
        total = tokens + gpu + services + external
    return CostBreakdown(
        status=STATUS_UNPRICED if missing else STATUS_PRICED,
        tokens=quantize_cost(tokens),
        gpu=gpu,
        services=services if services else quantize_cost(ZERO),
        external=external,
        total=quantize_cost(total),
        token_buckets=token_buckets,
        request_fee=request_fee,
        service_buckets=service_buckets,
        tier=tier,
        missing=tuple(missing),
        price_ids=price_ids,
    )


# ---------------------------------------------------------------------------
# Matching an event's model name to a price entry

# Dated snapshot suffixes: gpt-4o-2024-08-06, claude-haiku-4-5-20251001,
# claude-3-5-sonnet@20240620, o3-mini-2025-01-31.
_SNAPSHOT_SUFFIX = re.compile(r"(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{8}))$")


def normalise_model_name(name: str) -> str:
    """Return a model name in the form used for matching (trimmed, lower case)."""
    return name.strip().lower()


def snapshot_base(name: str) -> str:
    """Return a model name without its dated snapshot suffix (or unchanged)."""
    return _SNAPSHOT_SUFFIX.sub("", normalise_model_name(name))


@dataclass(frozen=True, slots=True)
class PricedModel:
    """A model price entry with the names it answers to and when it took effect."""

    provider: str
    model: str
    valid_from: datetime
    price: ModelPrice
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # fnmatch-style globs, e.g. "gpt-4o-20??-??-??"


def _glob_to_regex(pattern: str) -> re.Pattern[str]:
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.lower()]
    return re.compile("".join(parts) + r"\Z")


SeriesKey = tuple[str, str]  # (provider, model), normalised


class ModelPriceIndex:
    """Model price entries indexed by name; each (provider, model) is one dated series.

    A name matches, best first: 0 a model itself, 1 an alias, 2 the name minus its
    dated snapshot suffix equals a model or alias, 3 a pattern (longest first).
    The entry in force is the series' latest with valid_from <= the event's time.
    """

    def __init__(self, entries: Iterable[PricedModel]) -> None:
        self._starts: dict[SeriesKey, list[datetime]] = defaultdict(list)
        self._prices: dict[SeriesKey, list[ModelPrice]] = defaultdict(list)
        self._exact: dict[str, set[SeriesKey]] = defaultdict(set)
        self._alias: dict[str, set[SeriesKey]] = defaultdict(set)
        self._patterns: list[tuple[re.Pattern[str], int, SeriesKey]] = []
        ordered = sorted(entries, key=lambda e: e.valid_from)
        for entry in ordered:
            key = (entry.provider.strip().lower(), normalise_model_name(entry.model))
            self._starts[key].append(entry.valid_from)
            self._prices[key].append(entry.price)
            self._exact[key[1]].add(key)
            for alias in entry.aliases:
                self._alias[normalise_model_name(alias)].add(key)
            for pattern in entry.patterns:
                self._patterns.append((_glob_to_regex(pattern), len(pattern), key))

    def candidates(self, name: str, provider: str = "") -> list[SeriesKey]:
        """Return the series a model name matches, best first."""
        wanted = normalise_model_name(name)
        base = snapshot_base(wanted)
        ranked: list[tuple[int, int, SeriesKey]] = []
        ranked.extend((0, 0, key) for key in self._exact.get(wanted, ()))
        ranked.extend((1, 0, key) for key in self._alias.get(wanted, ()))
        if base != wanted:
            ranked.extend((2, 0, key) for key in self._exact.get(base, ()))
            ranked.extend((2, 1, key) for key in self._alias.get(base, ()))
        ranked.extend(
            (3, -length, key) for regex, length, key in self._patterns if regex.match(wanted)
        )
        wanted_provider = provider.strip().lower()
        if wanted_provider:
            ranked = [r for r in ranked if r[2][0] in (wanted_provider, "")]
        ranked.sort()
        out: list[SeriesKey] = []
        for _, _, key in ranked:
            if key not in out:
                out.append(key)
        return out

    def in_force(self, key: SeriesKey, moment: datetime) -> ModelPrice | None:
        """Return the entry of a series in force at a moment, or None before its first."""
        i = bisect.bisect_right(self._starts[key], moment)
        return self._prices[key][i - 1] if i else None

    def resolve(self, name: str, moment: datetime, provider: str = "") -> ModelPrice | None:
        """Return the price in force for a model name at a moment, or None."""
        for key in self.candidates(name, provider):
            price = self.in_force(key, moment)
            if price is not None:
                return price
        return None

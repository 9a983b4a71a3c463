from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from decimal import Decimal as D

from economics.costs.costing import (
    STATUS_PRICED,
    STATUS_UNPRICED,
    GpuRate,
    Missing,
    ModelPrice,
    ModelPriceIndex,
    PricedModel,
    ServiceRate,
    TokenRates,
    Usage,
    compute_cost,
    gpu_cost,
    snapshot_base,
    token_cost,
)

GPT_4O = ModelPrice(id=1, input=D("2.5"), cached_input=D("1.25"), output=D(10))
SONNET = ModelPrice(
    id=2,
    input=D(3),
    cached_input=D("0.3"),
    cache_write=D("3.75"),
    output=D(15),
    long_context_threshold=200_000,
    long_context=TokenRates(
        input=D(6), cached_input=D("0.6"), cache_write=D("7.5"), output=D("22.5")
    ),
)


def test_each_token_bucket_is_charged_exactly_at_its_rate() -> None:
    usage = Usage(
        model="claude-sonnet-4-5",
        input_tokens=1_200,
        cached_input_tokens=10_000,
        cache_write_tokens=4_000,
        output_tokens=800,
        reasoning_tokens=200,
    )

    cost = compute_cost(usage, model_price=SONNET)

    assert cost.status == STATUS_PRICED
    assert cost.tier == "base"
    assert cost.token_buckets == {
        "input": D("0.0036"),
        "cached_input": D("0.003"),
        "cache_write": D("0.015"),
        "output": D("0.012"),
        "reasoning": D("0.003"),
    }
    assert cost.tokens == D("0.0366")
    assert cost.total == D("0.0366")
    assert cost.gpu == D(0) and cost.services == D(0) and cost.external == D(0)
    assert cost.price_ids == {"model_price": 2}


def test_cached_tokens_are_charged_at_the_cached_rate_not_the_input_rate() -> None:
    cost = compute_cost(
        Usage(input_tokens=1_000, cached_input_tokens=2_000, output_tokens=500), model_price=GPT_4O
    )

    assert cost.token_buckets["input"] == D("0.0025")
    assert cost.token_buckets["cached_input"] == D("0.0025")
    assert cost.token_buckets["output"] == D("0.005")
    assert cost.total == D("0.01")


def test_missing_cached_and_cache_write_rates_fall_back_to_the_input_rate() -> None:
    price = ModelPrice(input=D(5), output=D(15))

    cost = compute_cost(
        Usage(cached_input_tokens=1_000, cache_write_tokens=1_000), model_price=price
    )

    assert cost.token_buckets["cached_input"] == D("0.005")
    assert cost.token_buckets["cache_write"] == D("0.005")


def test_reasoning_tokens_default_to_the_output_rate() -> None:
    cost = compute_cost(Usage(output_tokens=100, reasoning_tokens=900), model_price=GPT_4O)

    assert cost.token_buckets["reasoning"] == D("0.009")
    assert cost.tokens == D("0.01")


def test_reasoning_tokens_use_their_own_rate_when_one_is_set() -> None:
    price = ModelPrice(input=D(1), output=D(4), reasoning=D("3.5"))

    cost = compute_cost(Usage(reasoning_tokens=2_000), model_price=price)

    assert cost.token_buckets["reasoning"] == D("0.007")


def test_long_context_rates_apply_to_the_whole_request_above_the_threshold() -> None:
    at_threshold = Usage(
        input_tokens=150_000,
        cached_input_tokens=40_000,
        cache_write_tokens=10_000,
        output_tokens=1_000,
    )
    above = Usage(
        input_tokens=150_001,
        cached_input_tokens=40_000,
        cache_write_tokens=10_000,
        output_tokens=1_000,
    )

    base = compute_cost(at_threshold, model_price=SONNET)
    long = compute_cost(above, model_price=SONNET)

    assert base.tier == "base"
    assert base.token_buckets == {
        "input": D("0.45"),
        "cached_input": D("0.012"),
        "cache_write": D("0.0375"),
        "output": D("0.015"),
        "reasoning": D(0),
    }
    assert long.tier == "long_context"
    assert long.token_buckets == {
        "input": D("0.900006"),
        "cached_input": D("0.024"),
        "cache_write": D("0.075"),
        "output": D("0.0225"),
        "reasoning": D(0),
    }
    assert long.total == D("1.021506")


def test_long_context_tier_without_a_reasoning_rate_charges_reasoning_at_the_tier_output() -> None:
    price = ModelPrice(
        input=D("1.25"),
        output=D(10),
        long_context_threshold=200_000,
        long_context=TokenRates(input=D("2.5"), output=D(15)),
    )

    cost = compute_cost(
        Usage(input_tokens=200_001, cached_input_tokens=1_000, reasoning_tokens=1_000),
        model_price=price,
    )

    assert cost.token_buckets["reasoning"] == D("0.015")
    # No cached rate anywhere: cached input follows the tier's input rate.
    assert cost.token_buckets["cached_input"] == D("0.0025")


def test_per_request_fee_is_charged_per_request_in_token_cost() -> None:
    price = ModelPrice(input=D(0), output=D("2.8"), per_request=D("0.005"))

    cost = compute_cost(Usage(output_tokens=1_000, requests=3), model_price=price)

    assert cost.request_fee == D("0.015")
    assert cost.tokens == D("0.0178")


def test_gpu_seconds_are_charged_per_gpu_hour_at_ten_places() -> None:
    assert gpu_cost(D("1.4"), D("5.40")) == D("0.0021")
    assert gpu_cost(D("1.4"), D("2.50")) == D("0.0009722222")
    assert gpu_cost(D("0.000018"), D(2)) == D("0.0000000100")  # 1.0e-8 exactly
    assert gpu_cost(D("0.000001"), D(2)) == D("0.0000000006")  # 5.5556e-10, half-up


def test_token_cost_of_one_token_at_a_fractional_rate_is_exact() -> None:
    assert token_cost(1, D("0.005")) == D("0.000000005")
    assert token_cost(1_000_000_000, D(168)) == D(168000)


def test_services_and_external_spend_are_added_to_the_total() -> None:
    usage = Usage(
        gpu_seconds=D(2),
        gpu_type="h100",
        service_calls={"retrieval": 3, "serpapi": 1},
        external_cost=D("0.0125"),
    )

    cost = compute_cost(
        usage,
        model_price=None,
        gpu_rate=GpuRate(id=7, usd_per_gpu_hour=D("3.60")),
        service_rates={
            "retrieval": ServiceRate(id=8, usd_per_call=D("0.0004")),
            "serpapi": ServiceRate(id=9, usd_per_call=D("0.01")),
        },
    )

    assert cost.status == STATUS_PRICED
    assert cost.gpu == D("0.002")
    assert cost.service_buckets == {"retrieval": D("0.0012"), "serpapi": D("0.01")}
    assert cost.services == D("0.0112")
    assert cost.external == D("0.0125")
    assert cost.total == D("0.0257")
    assert cost.price_ids == {"gpu_rate": 7, "service_rates": {"retrieval": 8, "serpapi": 9}}


def test_tokens_without_a_model_price_make_the_event_unpriced_never_zero() -> None:
    cost = compute_cost(
        Usage(model="mystery-1", input_tokens=10, gpu_seconds=D(1), gpu_type="a10g"),
        model_price=None,
        gpu_rate=GpuRate(usd_per_gpu_hour=D(36)),
    )

    assert cost.status == STATUS_UNPRICED
    assert cost.priced is False
    assert cost.missing == (Missing("model", "mystery-1"),)
    assert cost.gpu == D("0.01")  # the known part is still computed
    assert cost.detail()["missing"] == [{"kind": "model", "key": "mystery-1"}]


def test_gpu_seconds_without_a_rate_and_calls_to_an_unpriced_service_are_listed_as_missing() -> (
    None
):
    cost = compute_cost(
        Usage(gpu_seconds=D(1), gpu_type="h200", service_calls={"retrieval": 1, "rerank": 0}),
        model_price=None,
    )

    assert cost.status == STATUS_UNPRICED
    assert cost.missing == (Missing("gpu", "h200"), Missing("service", "retrieval"))


def test_an_event_without_tokens_needs_no_model_price() -> None:
    cost = compute_cost(
        Usage(model="self-hosted", gpu_seconds=D("0.5"), gpu_type="l4"),
        model_price=None,
        gpu_rate=GpuRate(usd_per_gpu_hour=D("0.72")),
    )

    assert cost.status == STATUS_PRICED
    assert cost.total == D("0.0001")


def test_design_example_endpoint_a_costs_about_one_and_a_half_cents() -> None:
    # Doc summarise: ~1.4 GPU-s, ~$0.011 tokens, ~$0.002 retrieval.
    usage = Usage(
        model="gpt-4o",
        input_tokens=2_000,
        cached_input_tokens=800,
        output_tokens=500,
        gpu_seconds=D("1.4"),
        gpu_type="a10g",
        service_calls={"retrieval": 2},
    )

    cost = compute_cost(
        usage,
        model_price=GPT_4O,
        gpu_rate=GpuRate(usd_per_gpu_hour=D("5.40")),
        service_rates={"retrieval": ServiceRate(usd_per_call=D("0.001"))},
    )

    assert (cost.tokens, cost.gpu, cost.services, cost.total) == (
        D("0.011"),
        D("0.0021"),
        D("0.002"),
        D("0.0151"),
    )


def test_design_example_endpoint_b_costs_about_four_hundredths_of_a_cent() -> None:
    # Classify: ~0.05 GPU-s, ~$0.0002 tokens, no retrieval.
    nano = ModelPrice(input=D("0.1"), cached_input=D("0.025"), output=D("0.4"))
    usage = Usage(
        model="gpt-4.1-nano",
        input_tokens=1_200,
        output_tokens=200,
        gpu_seconds=D("0.05"),
        gpu_type="h100",
    )

    cost = compute_cost(usage, model_price=nano, gpu_rate=GpuRate(usd_per_gpu_hour=D("14.40")))

    assert (cost.tokens, cost.gpu, cost.services, cost.total) == (
        D("0.0002"),
        D("0.0002"),
        D(0),
        D("0.0004"),
    )


def test_detail_lists_what_was_charged_as_strings() -> None:
    cost = compute_cost(Usage(input_tokens=1_000), model_price=GPT_4O)

    assert cost.detail() == {
        "tier": "base",
        "token_buckets": {
            "input": "0.0025",
            "cached_input": "0",
            "cache_write": "0",
            "output": "0",
            "reasoning": "0",
        },
        "request_fee": "0",
        "services": {},
        "price_ids": {"model_price": 1},
        "missing": [],
    }


def test_dated_snapshots_match_their_model() -> None:
    assert snapshot_base("gpt-4o-2024-08-06") == "gpt-4o"
    assert snapshot_base("claude-haiku-4-5-20251001") == "claude-haiku-4-5"
    assert snapshot_base("claude-3-5-sonnet@20240620") == "claude-3-5-sonnet"
    assert snapshot_base("gpt-4o-mini") == "gpt-4o-mini"


def priced(provider: str, model: str, rate: str, **names: tuple[str, ...]) -> PricedModel:
    return PricedModel(
        provider=provider,
        model=model,
        valid_from=datetime(2024, 1, 1, tzinfo=UTC),
        price=ModelPrice(input=D(rate), output=D(rate)),
        **names,
    )


def test_names_match_exact_then_alias_then_snapshot_then_the_most_specific_pattern() -> None:
    index = ModelPriceIndex(
        [
            priced("openai", "gpt-4o", "2.5", patterns=("gpt-4o-20??-??-??",)),
            priced("openai", "gpt-4o-2024-05-13", "5"),
            priced("openai", "gpt", "99", patterns=("gpt-*",)),
            priced("openai", "gpt-4o-mini", "0.15", aliases=("4o-mini",)),
            priced("azure", "azure/gpt-4o", "2.75", aliases=("gpt-4o",)),
        ]
    )
    moment = datetime(2025, 1, 1, tzinfo=UTC)

    def rate(name: str, provider: str = "") -> Decimal | None:
        price = index.resolve(name, moment, provider)
        return None if price is None else price.input

    assert rate("GPT-4o") == D("2.5")
    assert rate("gpt-4o-2024-05-13") == D(5)  # its own entry beats the snapshot pattern
    assert rate("gpt-4o-2024-08-06") == D("2.5")
    assert rate("gpt-4o-mini-2024-07-18") == D("0.15")  # snapshot of a model beats "gpt-*"
    assert rate("4o-mini") == D("0.15")
    assert rate("gpt-4.5-preview") == D(99)
    assert rate("gpt-4o", provider="azure") == D("2.75")
    assert rate("claude-opus-4-5") is None


def test_the_entry_in_force_is_the_latest_that_started_at_or_before_the_moment() -> None:
    def entry(day: int, rate: str) -> PricedModel:
        return PricedModel(
            provider="openai",
            model="o3",
            valid_from=datetime(2025, 6, day, tzinfo=UTC),
            price=ModelPrice(input=D(rate), output=D(rate)),
        )

    index = ModelPriceIndex([entry(10, "2"), entry(1, "10")])

    assert index.resolve("o3", datetime(2025, 5, 31, 23, 59, tzinfo=UTC)) is None
    assert index.resolve("o3", datetime(2025, 6, 1, tzinfo=UTC)).input == D(10)  # type: ignore[union-attr]
    assert index.resolve("o3", datetime(2025, 6, 9, 23, 59, tzinfo=UTC)).input == D(10)  # type: ignore[union-attr]
    assert index.resolve("o3-2025-04-16", datetime(2025, 6, 10, tzinfo=UTC)).input == D(2)  # type: ignore[union-attr]

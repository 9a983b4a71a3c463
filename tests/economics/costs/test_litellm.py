from __future__ import annotations

import json
from decimal import Decimal as D

from economics.costs.litellm import parse_litellm_entry, parse_litellm_price_map, per_million
from tests.data import LITELLM_MAP


def test_per_token_floats_become_exact_usd_per_million() -> None:
    assert per_million(2.5e-06) == D("2.5")
    assert str(per_million(2.5e-06)) == "2.5"
    assert str(per_million(1e-05)) == "10"
    assert str(per_million(3e-07)) == "0.3"  # Decimal(3e-07) would be 0.29999999999999997...
    assert str(per_million(1.875e-06)) == "1.875"
    assert str(per_million(5e-09)) == "0.005"
    assert str(per_million(0.000168)) == "168"
    assert str(per_million(0)) == "0"


def test_a_chat_entry_maps_every_token_bucket_and_ignores_unknown_keys() -> None:
    entry = {
        "litellm_provider": "anthropic",
        "mode": "chat",
        "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05,
        "cache_read_input_token_cost": 3e-07,
        "cache_creation_input_token_cost": 3.75e-06,
        "cache_creation_input_token_cost_above_1hr": 6e-06,
        "output_cost_per_reasoning_token": 1.2e-05,
        "input_cost_per_token_batches": 1.5e-06,
        "search_context_cost_per_query": {"search_context_size_low": 0.01},
        "some_key_from_the_future": 42,
        "max_input_tokens": 200000,
    }

    price = parse_litellm_entry("claude-sonnet-4-5", entry)

    assert not isinstance(price, str)
    assert (price.provider, price.model, price.aliases, price.mode) == (
        "anthropic",
        "claude-sonnet-4-5",
        (),
        "chat",
    )
    assert (price.input, price.cached_input, price.cache_write, price.output, price.reasoning) == (
        D(3),
        D("0.3"),
        D("3.75"),
        D(15),
        D(12),
    )
    assert price.per_request is None
    assert price.long_context_threshold is None and price.long_context == {}


def test_above_nnnk_tokens_keys_become_the_long_context_tier() -> None:
    entry = {
        "litellm_provider": "gemini",
        "mode": "chat",
        "input_cost_per_token": 1.25e-06,
        "input_cost_per_token_above_200k_tokens": 2.5e-06,
        "output_cost_per_token": 1e-05,
        "output_cost_per_token_above_200k_tokens": 1.5e-05,
        "cache_read_input_token_cost": 1.25e-07,
        "cache_read_input_token_cost_above_200k_tokens": 2.5e-07,
        "input_cost_per_token_above_200k_tokens_priority": 5e-06,
        "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 9e-06,
    }

    price = parse_litellm_entry("gemini/gemini-2.5-pro", entry)

    assert not isinstance(price, str)
    assert (price.model, price.aliases) == ("gemini/gemini-2.5-pro", ("gemini-2.5-pro",))
    assert price.long_context_threshold == 200_000
    assert price.long_context == {"input": D("2.5"), "output": D(15), "cached_input": D("0.25")}


def test_entries_not_priced_per_token_are_skipped_with_a_reason() -> None:
    assert (
        parse_litellm_entry("dall-e-3", {"mode": "image_generation", "output_cost_per_image": 0.04})
        == "mode:image_generation"
    )
    assert (
        parse_litellm_entry(
            "whisper-1", {"mode": "audio_transcription", "input_cost_per_second": 0.0001}
        )
        == "mode:audio_transcription"
    )
    assert (
        parse_litellm_entry("odd-chat", {"mode": "chat", "input_cost_per_second": 0.1})
        == "no_token_price"
    )


def test_embeddings_are_imported_with_a_zero_output_rate() -> None:
    price = parse_litellm_entry(
        "text-embedding-3-small",
        {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08},
    )

    assert not isinstance(price, str)
    assert (price.input, price.output) == (D("0.02"), D(0))


def test_an_entry_without_a_mode_but_with_token_prices_is_read_as_chat() -> None:
    price = parse_litellm_entry(
        "fireworks-ai-default",
        {
            "litellm_provider": "fireworks_ai",
            "input_cost_per_token": 0.0,
            "output_cost_per_token": 0.0,
        },
    )

    assert not isinstance(price, str)
    assert price.mode == "chat"


def test_per_request_fee_is_kept_in_usd_per_request() -> None:
    price = parse_litellm_entry(
        "perplexity/sonar",
        {
            "litellm_provider": "perplexity",
            "mode": "chat",
            "input_cost_per_token": 1e-06,
            "output_cost_per_token": 1e-06,
            "input_cost_per_request": 0.005,
        },
    )

    assert not isinstance(price, str)
    assert price.per_request == D("0.005")


def test_the_sample_spec_is_skipped_and_prefixed_keys_answer_to_their_bare_name() -> None:
    chat = {
        "litellm_provider": "deepseek",
        "mode": "chat",
        "input_cost_per_token": 2.8e-07,
        "output_cost_per_token": 4.2e-07,
    }
    data = {
        "sample_spec": {"mode": "one of: chat, embedding", "input_cost_per_token": 0.0},
        "deepseek/deepseek-chat": chat,
        "deepseek-chat": chat,
    }

    result = parse_litellm_price_map(data)

    assert [(p.model, p.aliases, p.input) for p in result.prices] == [
        ("deepseek/deepseek-chat", ("deepseek-chat",), D("0.28")),
        ("deepseek-chat", (), D("0.28")),
    ]
    assert dict(result.skipped) == {"sample_spec": 1}


def test_the_whole_litellm_map_parses() -> None:
    data = json.loads(LITELLM_MAP.read_text(encoding="utf-8"))

    result = parse_litellm_price_map(data)

    assert len(data) == 4553
    assert len(result.prices) == 3480
    assert sum(result.skipped.values()) == 4553 - 3480
    assert result.skipped["sample_spec"] == 1
    assert result.skipped["mode:image_generation"] == 414
    assert result.skipped["no_token_price"] == 181
    assert "duplicate" not in result.skipped
    assert sum(1 for p in result.prices if p.long_context_threshold is not None) == 287
    assert sum(1 for p in result.prices if p.cached_input is not None) == 1671
    assert sum(1 for p in result.prices if p.reasoning is not None) == 68
    assert result.warnings == ["kyma/qwen3.7-flash: 2 context tiers, kept the lowest"]
    by_key = {p.model: p for p in result.prices}
    gpt_4o = by_key["gpt-4o"]
    assert (gpt_4o.provider, gpt_4o.input, gpt_4o.cached_input, gpt_4o.output) == (
        "openai",
        D("2.5"),
        D("1.25"),
        D(10),
    )
    gpt_56 = by_key["gpt-5.6"]
    assert gpt_56.long_context_threshold == 272_000
    assert gpt_56.long_context == {
        "input": D(8),
        "output": D(30),
        "cached_input": D("0.8"),
        "cache_write": D(10),
    }
    # Every rate is the float's shortest decimal form, scaled by 10**6.
    for price in result.prices:
        source = data[price.model]
        assert price.input == D(str(source["input_cost_per_token"])).scaleb(6)

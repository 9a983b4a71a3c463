"""The event validator: every rule, its exact message and its field path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from metering.event_schema import (
    MalformedBody,
    NormalisedEvent,
    decode_body,
    validate_events,
)

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def base(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": "evt-1",
        "customer_id": "cust-1",
        "request_class": "doc-summarise",
    }
    event.update(overrides)
    return event


def errors_of(event: Any, **window: Any) -> list[tuple[str, str]]:
    [result] = validate_events([event], batch=False, now=NOW, **window)
    return result.errors


def valid(event: dict[str, Any], **window: Any) -> NormalisedEvent:
    [result] = validate_events([event], batch=False, now=NOW, **window)
    assert result.errors == []
    assert result.event is not None
    return result.event


def test_a_minimal_event_gets_the_documented_defaults() -> None:
    event = valid(base())
    assert msgspec.structs.asdict(event) | {"payload_hash": ""} == {
        "event_id": "evt-1",
        "customer_id": "cust-1",
        "timestamp": NOW,
        "request_class": "doc-summarise",
        "model": "",
        "provider": "",
        "input_tokens": 0,
        "cached_input_tokens": 0,
        "cache_write_tokens": 0,
        "output_tokens": 0,
        "reasoning_tokens": 0,
        "requests": 1,
        "gpu_seconds": Decimal(0),
        "gpu_type": "",
        "retrieval_calls": 0,
        "external_cost": Decimal(0),
        "outcome": None,
        "outcome_value": None,
        "latency_ms": None,
        "trace_id": "",
        "properties": {},
        "payload_hash": "",
    }
    assert len(event.payload_hash) == 64


def test_a_full_event_is_kept_as_sent() -> None:
    body = (
        b'{"event_id": "e-9", "customer_id": "acme", "timestamp": '
        b'"2026-11-23T16:30:00+02:00", "request_class": "chat", "model": "gpt-4o",'
        b' "provider": "openai", "input_tokens": 1200, "cached_input_tokens": 300,'
        b' "cache_write_tokens": 50, "output_tokens": 400, "reasoning_tokens": 20,'
        b' "requests": 2, "gpu_seconds": 1.40, "gpu_type": "a100",'
        b' "retrieval_calls": 3, "external_cost": "0.0020", "outcome": "success",'
        b' "outcome_value": 12.5, "latency_ms": 812, "trace_id": "run-7",'
        b' "properties": {"tier": "pro", "beta": true, "score": 0.5, "n": 3,'
        b' "none": null}}'
    )
    raws, batch = decode_body(body)
    [result] = validate_events(raws, batch=batch, now=NOW)
    assert result.errors == []
    event = result.event
    assert event is not None
    assert event.timestamp == datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    assert event.timestamp.tzinfo is UTC
    assert (event.input_tokens, event.cached_input_tokens) == (1200, 300)
    assert (event.cache_write_tokens, event.output_tokens) == (50, 400)
    assert (event.reasoning_tokens, event.requests, event.retrieval_calls) == (20, 2, 3)
    assert event.gpu_seconds == Decimal("1.40")
    assert event.external_cost == Decimal("0.0020")
    assert event.outcome_value == Decimal("12.5")
    assert (event.outcome, event.latency_ms, event.trace_id) == (
        "success",
        812,
        "run-7",
    )
    assert (event.model, event.provider, event.gpu_type) == ("gpt-4o", "openai", "a100")
    assert event.properties == {
        "tier": "pro",
        "beta": True,
        "score": 0.5,
        "n": 3,
        "none": None,
    }


@pytest.mark.parametrize("field", ["event_id", "customer_id", "request_class"])
def test_a_missing_required_field_is_named(field: str) -> None:
    event = base()
    del event[field]
    assert errors_of(event) == [(field, "This field is required.")]


@pytest.mark.parametrize("field", ["event_id", "customer_id", "request_class"])
def test_a_null_required_field_is_named(field: str) -> None:
    assert errors_of(base(**{field: None})) == [(field, "This field may not be null.")]


def test_null_optional_fields_mean_not_given() -> None:
    event = valid(base(model=None, input_tokens=None, gpu_seconds=None, outcome=None))
    assert (event.model, event.input_tokens, event.gpu_seconds) == ("", 0, Decimal(0))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Must be 1 to 128 characters long."),
        ("x" * 129, "Must be 1 to 128 characters long."),
        (17, "Must be a string."),
        ("a\x00b", "Must not contain the NUL character."),
    ],
)
def test_event_id_is_a_string_of_1_to_128_characters(value: Any, message: str) -> None:
    assert errors_of(base(event_id=value)) == [("event_id", message)]


def test_event_id_of_128_characters_is_accepted() -> None:
    assert valid(base(event_id="x" * 128)).event_id == "x" * 128


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Use 1-128 letters, digits or _ . : @ - characters."),
        ("c" * 129, "Use 1-128 letters, digits or _ . : @ - characters."),
        ("acme corp", "Use 1-128 letters, digits or _ . : @ - characters."),
        (42, "Must be a string."),
    ],
)
def test_customer_id_uses_the_customer_alphabet(value: Any, message: str) -> None:
    assert errors_of(base(customer_id=value)) == [("customer_id", message)]


def test_customer_id_accepts_the_customer_alphabet() -> None:
    assert valid(base(customer_id="org:acme_1.eu@x-y")).customer_id == "org:acme_1.eu@x-y"


@pytest.mark.parametrize(
    ("field", "limit"),
    [("model", 200), ("provider", 64), ("gpu_type", 64), ("trace_id", 128)],
)
def test_optional_strings_have_a_length_limit(field: str, limit: int) -> None:
    assert getattr(valid(base(**{field: "m" * limit})), field) == "m" * limit
    assert errors_of(base(**{field: "m" * (limit + 1)})) == [
        (field, f"Must be at most {limit} characters long.")
    ]


def test_an_unknown_field_is_rejected() -> None:
    assert errors_of(base(input_token=5, extra=None)) == [
        ("input_token", "Unknown field."),
        ("extra", "Unknown field."),
    ]


@pytest.mark.parametrize(
    "field",
    [
        "input_tokens",
        "cached_input_tokens",
        "cache_write_tokens",
        "output_tokens",
        "reasoning_tokens",
        "retrieval_calls",
    ],
)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Must be greater than or equal to 0."),
        (1.5, "Must be an integer."),
        (True, "Must be an integer."),
        ("5", "Must be an integer."),
        (10**12 + 1, "Must be less than or equal to 1000000000000."),
    ],
)
def test_counts_are_non_negative_integers(field: str, value: Any, message: str) -> None:
    raw = msgspec.json.encode(base(**{field: value}))
    [result] = validate_events(decode_body(raw)[0], batch=False, now=NOW)
    assert result.errors == [(field, message)]


def test_zero_and_the_maximum_count_are_accepted() -> None:
    event = valid(base(input_tokens=0, output_tokens=10**12))
    assert (event.input_tokens, event.output_tokens) == (0, 10**12)


def test_requests_is_at_least_one() -> None:
    assert errors_of(base(requests=0)) == [("requests", "Must be greater than or equal to 1.")]
    assert valid(base(requests=3)).requests == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "gpu_seconds",
            "abc",
            "Must be a decimal number (a JSON number or a numeric string).",
        ),
        (
            "gpu_seconds",
            "NaN",
            "Must be a decimal number (a JSON number or a numeric string).",
        ),
        (
            "gpu_seconds",
            "1_000",
            "Must be a decimal number (a JSON number or a numeric string).",
        ),
        (
            "gpu_seconds",
            True,
            "Must be a decimal number (a JSON number or a numeric string).",
        ),
        (
            "gpu_seconds",
            [1],
            "Must be a decimal number (a JSON number or a numeric string).",
        ),
        ("gpu_seconds", "-0.5", "Must be greater than or equal to 0."),
        ("gpu_seconds", "0.0000001", "Must have at most 6 decimal places."),
        ("gpu_seconds", "1e12", "Must be less than 10^12."),
        ("external_cost", "0.00000000001", "Must have at most 10 decimal places."),
        ("external_cost", "-1", "Must be greater than or equal to 0."),
        ("outcome_value", "1e400", "Must be less than 10^14."),
        ("outcome_value", "0.0000001", "Must have at most 6 decimal places."),
    ],
)
def test_decimals_are_finite_non_negative_and_fit_the_column(
    field: str, value: Any, message: str
) -> None:
    assert errors_of(base(**{field: value})) == [(field, message)]


def test_decimals_keep_their_exact_value() -> None:
    raws, _ = decode_body(
        b'{"event_id": "e", "customer_id": "c", "request_class": "r",'
        b' "gpu_seconds": 0.1, "external_cost": "0.0000000025", "outcome_value": 3,'
        b' "retrieval_calls": 0}'
    )
    [result] = validate_events(raws, batch=False, now=NOW)
    assert result.event is not None
    assert result.event.gpu_seconds == Decimal("0.1")
    assert result.event.external_cost == Decimal("0.0000000025")
    assert result.event.outcome_value == Decimal(3)


def test_trailing_zeros_beyond_the_scale_are_accepted() -> None:
    assert valid(base(gpu_seconds="1.50000000")).gpu_seconds == Decimal("1.5")


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-23",
        "2026-11-23T14:00:00",
        "23/11/2026 14:00",
        "2026-11-23T25:00:00Z",
        1700000000,
    ],
)
def test_timestamp_must_be_rfc3339_with_an_offset(value: Any) -> None:
    assert errors_of(base(timestamp=value)) == [
        (
            "timestamp",
            "Must be an RFC 3339 date-time with a UTC offset, e.g. 2026-11-23T15:04:05Z.",
        )
    ]


def test_timestamp_window_defaults_to_35_days_back_and_5_minutes_ahead() -> None:
    oldest = NOW - timedelta(days=35)
    newest = NOW + timedelta(minutes=5)
    assert valid(base(timestamp=oldest.isoformat())).timestamp == oldest
    assert valid(base(timestamp=newest.isoformat())).timestamp == newest
    too_old = (oldest - timedelta(microseconds=1)).isoformat()
    too_new = (newest + timedelta(seconds=1)).isoformat()
    assert errors_of(base(timestamp=too_old)) == [
        ("timestamp", "Must not be more than 35 days in the past.")
    ]
    assert errors_of(base(timestamp=too_new)) == [
        ("timestamp", "Must not be more than 5 minutes in the future.")
    ]


def test_timestamp_window_is_given_by_the_caller() -> None:
    window = {"max_age": timedelta(days=7), "max_future": timedelta(seconds=90)}
    eight_days = (NOW - timedelta(days=8)).isoformat()
    two_minutes = (NOW + timedelta(minutes=2)).isoformat()
    assert errors_of(base(timestamp=eight_days), **window) == [
        ("timestamp", "Must not be more than 7 days in the past.")
    ]
    assert errors_of(base(timestamp=two_minutes), **window) == [
        ("timestamp", "Must not be more than 90 seconds in the future.")
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("doc summarise", "Must be a slug: letters, digits, hyphens and underscores."),
        ("chat.v2", "Must be a slug: letters, digits, hyphens and underscores."),
        ("", "Must be 1 to 64 characters long."),
        ("c" * 65, "Must be 1 to 64 characters long."),
        (3, "Must be a string."),
    ],
)
def test_request_class_is_a_slug_of_at_most_64(value: Any, message: str) -> None:
    assert errors_of(base(request_class=value)) == [("request_class", message)]


def test_request_class_accepts_slugs() -> None:
    assert valid(base(request_class="Doc_summarise-2")).request_class == "Doc_summarise-2"


@pytest.mark.parametrize("value", ["maybe", "SUCCESS", 1, True])
def test_outcome_is_success_failure_or_null(value: Any) -> None:
    assert errors_of(base(outcome=value)) == [("outcome", 'Must be "success", "failure" or null.')]


def test_latency_is_a_non_negative_integer_of_milliseconds() -> None:
    assert valid(base(latency_ms=0)).latency_ms == 0
    assert errors_of(base(latency_ms=-3)) == [("latency_ms", "Must be greater than or equal to 0.")]
    assert errors_of(base(latency_ms=86_400_001)) == [
        ("latency_ms", "Must be less than or equal to 86400000.")
    ]


def test_properties_must_be_a_flat_object_of_scalars() -> None:
    assert errors_of(base(properties=["a"])) == [
        ("properties", "Must be an object of string keys to scalar values.")
    ]
    assert errors_of(base(properties={"a": {"b": 1}, "c": [1], "d": "ok"})) == [
        ("properties.a", "Must be a string, a finite number, a boolean or null."),
        ("properties.c", "Must be a string, a finite number, a boolean or null."),
    ]
    assert errors_of(base(properties={"a": "x\x00"})) == [
        ("properties.a", "Must not contain the NUL character.")
    ]


def test_properties_hold_at_most_50_keys() -> None:
    fifty = {f"k{i}": i for i in range(50)}
    assert valid(base(properties=fifty)).properties == fifty
    assert errors_of(base(properties=fifty | {"k50": 50})) == [
        ("properties", "Must have at most 50 keys; got 51.")
    ]


def test_properties_encode_to_at_most_4096_bytes() -> None:
    # {"a":"..."} is 8 bytes of JSON around the value.
    fits = {"a": "x" * 4088}
    assert valid(base(properties=fits)).properties == fits
    assert errors_of(base(properties={"a": "x" * 4089})) == [
        ("properties", "Must encode to at most 4096 bytes of JSON.")
    ]


def test_an_event_reports_all_its_errors_at_once() -> None:
    assert errors_of({"event_id": "", "input_tokens": -1, "outcome": "meh"}) == [
        ("event_id", "Must be 1 to 128 characters long."),
        ("input_tokens", "Must be greater than or equal to 0."),
        ("outcome", 'Must be "success", "failure" or null.'),
        ("customer_id", "This field is required."),
        ("request_class", "This field is required."),
    ]


def test_batch_errors_are_prefixed_with_the_event_index() -> None:
    results = validate_events(
        [base(), base(event_id="e2", output_tokens=-4), "nope", base(event_id=5)],
        batch=True,
        now=NOW,
    )
    assert [(r.index, r.event_id, r.errors) for r in results] == [
        (0, "evt-1", []),
        (1, "e2", [("events.1.output_tokens", "Must be greater than or equal to 0.")]),
        (2, None, [("events.2", "Must be an object.")]),
        (3, None, [("events.3.event_id", "Must be a string.")]),
    ]
    assert results[0].event is not None
    assert [r.event for r in results[1:]] == [None, None, None]


def test_a_single_non_object_event_is_reported_without_a_path() -> None:
    [result] = validate_events([3], batch=False, now=NOW)
    assert result.errors == [("non_field_errors", "Must be an object.")]


# --- OpenTelemetry GenAI aliases ------------------------------------------------


def test_otel_inclusive_totals_are_split_into_exclusive_buckets() -> None:
    event = valid(
        base(
            **{
                "gen_ai.usage.input_tokens": 1000,
                "gen_ai.usage.cache_read.input_tokens": 600,
                "gen_ai.usage.cache_creation.input_tokens": 100,
                "gen_ai.usage.output_tokens": 500,
                "gen_ai.usage.reasoning.output_tokens": 120,
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.response.model": "gpt-4o-2024-08-06",
                "gen_ai.provider.name": "openai",
            }
        )
    )
    assert (
        event.input_tokens,
        event.cached_input_tokens,
        event.cache_write_tokens,
    ) == (
        300,
        600,
        100,
    )
    assert (event.output_tokens, event.reasoning_tokens) == (380, 120)
    assert (event.model, event.provider) == ("gpt-4o-2024-08-06", "openai")


def test_otel_request_model_is_used_without_a_response_model() -> None:
    assert valid(base(**{"gen_ai.request.model": "claude-x"})).model == "claude-x"


def test_otel_totals_combine_with_native_cache_counts() -> None:
    event = valid(
        base(
            cached_input_tokens=40,
            reasoning_tokens=5,
            **{"gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 10},
        )
    )
    assert (event.input_tokens, event.cached_input_tokens) == (60, 40)
    assert (event.output_tokens, event.reasoning_tokens) == (5, 5)


def test_an_otel_event_hashes_like_its_native_twin() -> None:
    otel = valid(
        base(
            **{
                "gen_ai.usage.input_tokens": 100,
                "gen_ai.usage.cache_read.input_tokens": 30,
                "gen_ai.usage.output_tokens": 50,
                "gen_ai.response.model": "m",
            }
        )
    )
    native = valid(base(input_tokens=70, cached_input_tokens=30, output_tokens=50, model="m"))
    assert otel.payload_hash == native.payload_hash


def test_a_field_given_under_both_names_is_ambiguous() -> None:
    assert errors_of(
        base(
            input_tokens=5,
            model="a",
            cached_input_tokens=1,
            **{
                "gen_ai.usage.input_tokens": 9,
                "gen_ai.request.model": "b",
                "gen_ai.usage.cache_read.input_tokens": 1,
            },
        )
    ) == [
        (
            "gen_ai.usage.cache_read.input_tokens",
            ("Give either cached_input_tokens or gen_ai.usage.cache_read.input_tokens, not both."),
        ),
        (
            "gen_ai.request.model",
            "Give either model or gen_ai.request.model, not both.",
        ),
        (
            "gen_ai.usage.input_tokens",
            "Give either input_tokens or gen_ai.usage.input_tokens, not both.",
        ),
    ]


def test_an_otel_total_smaller_than_its_parts_is_rejected() -> None:
    assert errors_of(
        base(
            **{
                "gen_ai.usage.input_tokens": 10,
                "gen_ai.usage.cache_read.input_tokens": 8,
                "gen_ai.usage.cache_creation.input_tokens": 4,
                "gen_ai.usage.output_tokens": 1,
                "gen_ai.usage.reasoning.output_tokens": 2,
            }
        )
    ) == [
        (
            "gen_ai.usage.input_tokens",
            ("Includes cached_input_tokens + cache_write_tokens (12), so it must be at least 12."),
        ),
        (
            "gen_ai.usage.output_tokens",
            "Includes reasoning_tokens (2), so it must be at least 2.",
        ),
    ]


def test_otel_values_are_validated_under_their_own_name() -> None:
    assert errors_of(base(**{"gen_ai.usage.output_tokens": -1})) == [
        ("gen_ai.usage.output_tokens", "Must be greater than or equal to 0.")
    ]


# --- payload hash -----------------------------------------------------------------


def test_a_retry_without_a_timestamp_hashes_the_same() -> None:
    first = valid(base(input_tokens=3))
    [retry] = validate_events([base(input_tokens=3)], batch=False, now=NOW + timedelta(minutes=3))
    assert retry.event is not None
    assert retry.event.timestamp != first.timestamp
    assert retry.event.payload_hash == first.payload_hash


def test_equal_values_hash_the_same_and_different_values_do_not() -> None:
    a = valid(base(gpu_seconds="1.40", properties={"x": 1, "y": "z"}))
    b = valid(base(gpu_seconds="1.4", properties={"y": "z", "x": 1}))
    c = valid(base(gpu_seconds="1.41", properties={"y": "z", "x": 1}))
    d = valid(base(timestamp=NOW.isoformat()))
    e = valid(base(timestamp="2026-11-23T17:00:00+02:00"))
    assert a.payload_hash == b.payload_hash
    assert a.payload_hash != c.payload_hash
    assert d.payload_hash == e.payload_hash
    assert d.payload_hash != valid(base()).payload_hash


# --- the body as a whole -------------------------------------------------------------


def test_a_single_event_body_is_one_event() -> None:
    assert decode_body(b'{"event_id": "e"}') == ([{"event_id": "e"}], False)


def test_a_batch_body_is_a_list_of_events() -> None:
    assert decode_body(b'{"events": [{"a": 1}, 2]}') == ([{"a": 1}, 2], True)


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (b"", 400, "The request body is empty."),
        (
            b"[1, 2]",
            400,
            'The request body must be an event object or {"events": [...]}.',
        ),
        (b'"x"', 400, 'The request body must be an event object or {"events": [...]}.'),
        (
            b'{"events": [], "x": 1, "a": 2}',
            400,
            'A batch body holds only "events"; unexpected keys: a, x.',
        ),
        (b'{"events": {"a": 1}}', 400, '"events" must be a list of event objects.'),
        (b'{"events": []}', 400, '"events" must hold at least one event.'),
        (b"{not json", 400, "The request body is not valid JSON: JSON is malformed:"),
        (b'{"a": "\xff"}', 400, "The request body is not valid JSON:"),
    ],
)
def test_a_malformed_body_is_refused_whole(body: bytes, status: int, detail: str) -> None:
    with pytest.raises(MalformedBody) as caught:
        decode_body(body)
    assert caught.value.status == status
    assert caught.value.detail.startswith(detail)


def test_a_batch_holds_at_most_10000_events() -> None:
    events, batch = decode_body(msgspec.json.encode({"events": [{}] * 10_000}))
    assert (len(events), batch) == (10_000, True)
    with pytest.raises(MalformedBody) as caught:
        decode_body(msgspec.json.encode({"events": [{}] * 10_001}))
    assert (caught.value.status, caught.value.detail) == (
        413,
        "A batch holds at most 10000 events; got 10001.",
    )

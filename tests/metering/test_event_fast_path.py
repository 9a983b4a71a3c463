"""The msgspec fast path accepts only what the reference validator accepts, identically."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from metering.event_fast import _FAST_BATCH, _FAST_EVENT, _NotFast, _parse_fast, parse_events
from metering.event_schema import decode_body, validate_events

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
EARLIEST, LATEST = NOW - timedelta(days=35), NOW + timedelta(minutes=5)


def base(**fields: Any) -> dict[str, Any]:
    event = {"event_id": "e", "customer_id": "c", "request_class": "chat"}
    event.update(fields)
    return event


def reference(body: bytes) -> list[Any]:
    raws, batch = decode_body(body)
    return validate_events(raws, batch=batch, now=NOW)


VALID = [
    base(),
    base(timestamp="2026-11-23T16:00:00+02:00", model="m", provider="p", gpu_type="g"),
    base(input_tokens=0, cached_input_tokens=1, cache_write_tokens=2, output_tokens=3),
    base(reasoning_tokens=10**12, requests=7, retrieval_calls=2, latency_ms=0, trace_id="t"),
    base(gpu_seconds=1.40, external_cost="0.0000000025", outcome_value=3, outcome="failure"),
    base(gpu_seconds="1.500000000", external_cost=0, outcome_value="1E2", outcome="success"),
    base(gpu_seconds=None, model=None, outcome=None, outcome_value=None, properties=None),
    # At the edges of each field's digits (plain decimals skip the full check).
    base(gpu_seconds="999999999999.999999", external_cost="9999999999.9999999999"),
    base(gpu_seconds=12.5, outcome_value="00012.500000"),
    base(gpu_seconds="2.0000000", external_cost=12.0, outcome_value=99999999999999),
    base(properties={"a": "x", "b": 1, "c": 0.1, "d": True, "e": None, "f": 1e2}),
    base(properties={f"k{i}": i for i in range(50)}),
    base(properties={"a": "x" * 4088}),
    base(event_id="x" * 128, customer_id="org:acme_1.eu@x-y", request_class="A_b-9"),
    base(timestamp=(NOW - timedelta(days=35)).isoformat()),
]

INVALID = [
    {"event_id": "e"},
    base(event_id=""),
    base(event_id="x" * 129),
    base(event_id="a\x00"),
    base(customer_id="c\n"),
    # The three ids are checked as one text, joined by newlines: no newline slips through.
    base(event_id="a\nb"),
    base(customer_id="a\nb"),
    base(customer_id="c\nchat", request_class="\nchat"),
    base(event_id="e\nc", customer_id="chat\nx"),
    base(customer_id=""),
    base(request_class=""),
    base(event_id="-a"),
    base(customer_id="has space"),
    base(request_class="chat\n"),
    base(request_class="c" * 65),
    base(model="a\x00"),
    base(input_tokens=-1),
    base(input_tokens=True),
    base(input_tokens=1.0),
    base(input_tokens="5"),
    base(output_tokens=10**12 + 1),
    base(requests=0),
    base(gpu_seconds="1_000"),
    base(gpu_seconds=" 1"),
    base(gpu_seconds="NaN"),
    base(gpu_seconds=True),
    base(gpu_seconds=[1]),
    base(gpu_seconds="-0.5"),
    base(gpu_seconds="0.0000001"),
    base(gpu_seconds="1000000000000"),
    base(gpu_seconds=1000000000000.5),
    base(external_cost="0.00000000001"),
    base(outcome_value="100000000000000"),
    base(gpu_seconds="1."),
    base(gpu_seconds=".5"),
    base(outcome_value="1e400"),
    base(outcome="SUCCESS"),
    base(latency_ms=86_400_001),
    base(timestamp="2026-11-23T14:00:00"),
    base(timestamp=(NOW - timedelta(days=36)).isoformat()),
    base(timestamp=(NOW + timedelta(minutes=6)).isoformat()),
    base(properties=[1]),
    base(properties={"a": {"b": 1}}),
    base(properties={"a": 1.5e308}),
    base(properties={"a": 2**63}),
    base(properties={"a\x00": 1}),
    base(properties={f"k{i}": i for i in range(51)}),
    base(properties={"a": "x" * 4089}),
    base(extra=1),
]


def test_otel_names_take_the_reference_path_with_the_same_result() -> None:
    body = msgspec.json.encode({"events": [base(**{"gen_ai.usage.input_tokens": 5})]})
    with pytest.raises(msgspec.ValidationError):
        _FAST_BATCH.decode(body)
    results, batch = parse_events(body, now=NOW)
    assert (batch, results[0].errors, results[0].event.input_tokens) == (True, [], 5)


@pytest.mark.parametrize("event", VALID)
def test_the_fast_path_matches_the_reference_on_valid_events(event: dict[str, Any]) -> None:
    body = msgspec.json.encode({"events": [event, event | {"event_id": "e2"}]})
    fast = _parse_fast(_FAST_BATCH.decode(body).events, NOW, EARLIEST, LATEST)
    assert [msgspec.structs.asdict(r) for r in fast] == [
        msgspec.structs.asdict(r) for r in reference(body)
    ]


@pytest.mark.parametrize("event", INVALID)
def test_the_fast_path_never_accepts_an_invalid_event(event: dict[str, Any]) -> None:
    body = msgspec.json.encode({"events": [base(event_id="ok"), event]})
    with pytest.raises((_NotFast, msgspec.ValidationError)):
        _parse_fast(_FAST_BATCH.decode(body).events, NOW, EARLIEST, LATEST)
    assert reference(body)[1].errors != []
    results, batch = parse_events(body, now=NOW)
    assert batch is True
    assert [r.errors for r in results] == [r.errors for r in reference(body)]


def test_a_single_event_body_takes_the_fast_path_too() -> None:
    body = msgspec.json.encode(base(input_tokens=4))
    results, batch = parse_events(body, now=NOW)
    assert batch is False
    assert [msgspec.structs.asdict(r) for r in results] == [
        msgspec.structs.asdict(r) for r in reference(body)
    ]


# Decimal shapes at and around the plain form the fast path reads by pattern: leading and
# trailing zeros, the edges of each field's digits, and the forms it hands to the full check.
DECIMAL_TEXTS = [
    "0",
    "00",
    "0.0",
    "000.000000000000",
    "0.5",
    "00.50",
    "1",
    "100",
    "1.4",
    "1.40",
    "10.10",
    "0012.500",
    "0.000001",
    "0.0000001",
    "0.00000010",
    "1.0000000",
    "1.1000001",
    "999999999999",
    "0999999999999.9",
    "1000000000000",
    "9999999999.9999999999",
    "9999999999.99999999990",
    "99999999999999.999999",
    "1e2",
    "1E-2",
    "-0",
    "-1.5",
    "1.",
    ".5",
    "",
    " 1",
    "1 ",
    "+1",
    "1_0",
    "NaN",
]


@pytest.mark.parametrize("field", ["gpu_seconds", "external_cost", "outcome_value"])
def test_decimals_read_by_pattern_match_the_reference(field: str) -> None:
    events = [base(event_id=f"s{i}", **{field: text}) for i, text in enumerate(DECIMAL_TEXTS)]
    # The same values as JSON numbers, where the text is one.
    for i, text in enumerate(DECIMAL_TEXTS):
        try:
            number = msgspec.json.decode(text.encode())
        except msgspec.DecodeError:
            continue
        if type(number) in (int, float):
            events.append(base(event_id=f"n{i}", **{field: msgspec.Raw(text.strip().encode())}))
    for event in events:
        body = msgspec.json.encode({"events": [event]})
        expected = reference(body)
        results, _ = parse_events(body, now=NOW)
        assert [msgspec.structs.asdict(r) for r in results] == [
            msgspec.structs.asdict(r) for r in expected
        ], event


@pytest.mark.parametrize(
    "timestamp",
    [
        "2026-11-23T14:00:00Z",
        "2026-11-23T14:00:00.000001Z",
        "2026-11-23T14:00:00.5+01:00",
        "2026-11-23T09:30:00.123456-04:30",
        "2026-10-20T00:00:00+00:00",
    ],
)
@pytest.mark.parametrize(
    ("event_id", "customer_id"), [("e", "c"), ("Z" * 128, "Z"), ("a.b:c@d-e_f", "x" * 128)]
)
def test_the_fast_payload_hash_is_the_reference_hash(
    timestamp: str, event_id: str, customer_id: str
) -> None:
    event = base(
        event_id=event_id, customer_id=customer_id, timestamp=timestamp, gpu_seconds="2.50"
    )
    body = msgspec.json.encode(event)
    [fast] = _parse_fast([_FAST_EVENT.decode(body)], NOW, EARLIEST, LATEST)
    [expected] = reference(body)
    assert fast.event is not None and expected.event is not None
    assert fast.event.payload_hash == expected.event.payload_hash


# Hashes stored by earlier releases: the keys already stored compare against these, so the
# hash of a payload never changes (a change would turn every retry of an old event into a
# conflict).
STORED_HASHES = [
    (
        {"event_id": "evt-1", "customer_id": "cust-1", "request_class": "doc-summarise"},
        "8016112c63b444e78b4a1177bbfc5bbde38c72c485331080fc5fd54da0262ee0",
    ),
    (
        {
            "event_id": "evt-2",
            "customer_id": "org:acme@eu",
            "request_class": "chat",
            "timestamp": "2026-11-23T16:04:05.25+02:00",
            "model": "gpt-4o",
            "provider": "openai",
            "input_tokens": 1200,
            "cached_input_tokens": 300,
            "cache_write_tokens": 7,
            "output_tokens": 400,
            "reasoning_tokens": 12,
            "requests": 2,
            "gpu_seconds": "1.400",
            "gpu_type": "h100",
            "retrieval_calls": 2,
            "external_cost": 0.0025,
            "outcome": "success",
            "outcome_value": "12.50",
            "latency_ms": 812,
            "trace_id": "conv-9",
            "properties": {"tier": "pro", "n": 3, "f": 0.5, "ok": True, "none": None},
        },
        "e1d7f1c8fbe3c71e556a77f5eb816157b82f09a5f6b81929745779316b537a18",
    ),
]


@pytest.mark.parametrize(("event", "stored"), STORED_HASHES)
def test_a_payload_hashes_as_it_always_has(event: dict[str, Any], stored: str) -> None:
    for body in (msgspec.json.encode(event), msgspec.json.encode({"events": [event]})):
        [fast], _ = parse_events(body, now=NOW)
        [slow] = reference(body)
        assert fast.event is not None and slow.event is not None
        assert (fast.event.payload_hash, slow.event.payload_hash) == (stored, stored)

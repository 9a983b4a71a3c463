"""The msgspec fast path accepts only what the reference validator accepts, identically."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from metering.event_fast import _FAST_BATCH, _NotFast, _parse_fast, parse_events
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

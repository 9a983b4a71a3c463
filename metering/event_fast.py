"""The fast path of event validation, and `parse_events`, the entry ingest calls.

A typed msgspec decode checks most rules in C while parsing. It only ever *accepts*: an
event it cannot prove valid (any rule broken, an OpenTelemetry alias, anything unusual)
sends the whole body through the reference validator (metering/event_schema.py), which
words every error. So the fast path changes speed, never verdicts or messages
(tests/metering compare the two).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from hashlib import sha256
from typing import Annotated, Any, Literal

import msgspec

from metering.event_schema import (
    DEFAULT_MAX_AGE,
    DEFAULT_MAX_FUTURE,
    EVENT_ID_PATTERN,
    EXTERNAL_COST_DIGITS,
    GPU_SECONDS_DIGITS,
    HASH_ENCODER,
    JSON_ENCODER,
    MAX_BATCH_EVENTS,
    MAX_COUNT,
    MAX_GPU_TYPE_LENGTH,
    MAX_LATENCY_MS,
    MAX_MODEL_LENGTH,
    MAX_PROPERTIES,
    MAX_PROPERTIES_BYTES,
    MAX_PROVIDER_LENGTH,
    MAX_REQUEST_CLASS_LENGTH,
    MAX_TRACE_ID_LENGTH,
    OUTCOME_VALUE_DIGITS,
    RFC3339,
    EventResult,
    NormalisedEvent,
    canonical_decimal,
    check_decimal,
    decode_body,
    payload_hash,
    validate_events,
)

_ZERO = Decimal(0)

_Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]
_NoRaw = msgspec.Raw(b"")


def _text_type(max_length: int) -> Any:
    return Annotated[str, msgspec.Meta(max_length=max_length)]


class _FastEvent(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    # Their alphabets are checked by `_IDS` (one pattern call, not three).
    event_id: str
    customer_id: str
    request_class: str
    timestamp: RFC3339 | None = None
    model: _text_type(MAX_MODEL_LENGTH) | None = None  # type: ignore[valid-type]
    provider: _text_type(MAX_PROVIDER_LENGTH) | None = None  # type: ignore[valid-type]
    input_tokens: _Count | None = None
    cached_input_tokens: _Count | None = None
    cache_write_tokens: _Count | None = None
    output_tokens: _Count | None = None
    reasoning_tokens: _Count | None = None
    requests: Annotated[int, msgspec.Meta(ge=1, le=MAX_COUNT)] | None = None
    gpu_seconds: msgspec.Raw = _NoRaw
    gpu_type: _text_type(MAX_GPU_TYPE_LENGTH) | None = None  # type: ignore[valid-type]
    retrieval_calls: _Count | None = None
    external_cost: msgspec.Raw = _NoRaw
    outcome: Literal["success", "failure"] | None = None
    outcome_value: msgspec.Raw = _NoRaw
    latency_ms: Annotated[int, msgspec.Meta(ge=0, le=MAX_LATENCY_MS)] | None = None
    trace_id: _text_type(MAX_TRACE_ID_LENGTH) | None = None  # type: ignore[valid-type]
    properties: dict[str, Any] | None = None


# event_id, customer_id and request_class, joined by newlines (in none of their alphabets).
_IDS = re.compile(
    rf"{EVENT_ID_PATTERN}\n[A-Za-z0-9_.:@\-]{{1,128}}\n[-a-zA-Z0-9_]{{1,{MAX_REQUEST_CLASS_LENGTH}}}"
).fullmatch


class _FastBatch(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    events: list[_FastEvent]


_FAST_BATCH = msgspec.json.Decoder(_FastBatch)
_FAST_EVENT = msgspec.json.Decoder(_FastEvent)
_INT64 = 2**63


class _NotFast(Exception):
    """The fast path cannot vouch for this body; use the reference validator."""


def parse_events(
    body: bytes,
    *,
    now: datetime,
    max_age: timedelta = DEFAULT_MAX_AGE,
    max_future: timedelta = DEFAULT_MAX_FUTURE,
) -> tuple[list[EventResult], bool]:
    """Decode and validate a request body: (one result per event, was it a batch).

    Raises MalformedBody like `decode_body`. Same verdicts as `decode_body` followed by
    `validate_events`, faster when every event is valid.
    """
    earliest, latest = now - max_age, now + max_future
    # A deep body never passes the fast path (its properties hold scalars only); the
    # reference path refuses it with its path before decoding it.
    try:
        return _parse_fast(_FAST_BATCH.decode(body).events, now, earliest, latest), True
    except (_NotFast, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        pass
    try:
        return _parse_fast([_FAST_EVENT.decode(body)], now, earliest, latest), False
    except (_NotFast, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        pass
    raw_events, batch = decode_body(body)
    results = validate_events(
        raw_events, batch=batch, now=now, max_age=max_age, max_future=max_future
    )
    return results, batch


def _parse_fast(
    events: list[_FastEvent], now: datetime, earliest: datetime, latest: datetime
) -> list[EventResult]:
    if not events or len(events) > MAX_BATCH_EVENTS:
        raise _NotFast
    results = []
    for index, fast in enumerate(events):
        event = _normalise_fast(fast, now, earliest, latest)
        results.append(EventResult(index, event.event_id, event, []))
    return results


# Plain decimals, a JSON number or a string of one: digits, perhaps a point and more digits.
# Such a decimal is valid for its field by its shape alone when, without its leading zeros, at
# most (max digits - places) digits come before the point and, without its trailing zeros
# (which the reference accepts past the places: the value is unchanged), at most `places`
# after it. What remains of both is the canonical text the payload hash uses
# (`canonical_decimal`). Anything else goes through `check_decimal`.
_PLAIN_DECIMAL = re.compile(rb'"?([0-9]+)(?:\.([0-9]+))?"?').fullmatch
# (max digits, places) -> (digits before the point, places)
_LIMITS = {
    digits: (digits[0] - digits[1], digits[1])
    for digits in (GPU_SECONDS_DIGITS, EXTERNAL_COST_DIGITS, OUTCOME_VALUE_DIGITS)
}
_ZERO_TEXT = (_ZERO, "0")
_NONE_TEXT = (None, None)


def _fast_decimal(raw: msgspec.Raw, digits: tuple[int, int]) -> tuple[Decimal | None, str | None]:
    """(the value, its canonical text for the payload hash), (None, None) when not given."""
    plain = _PLAIN_DECIMAL(raw)  # type: ignore[call-overload]
    if plain is not None:
        whole, fraction = plain.group(1, 2)
        whole = whole.lstrip(b"0") or b"0"
        if fraction is not None:
            fraction = fraction.rstrip(b"0")
        before, places = _LIMITS[digits]
        if len(whole) <= before and (not fraction or len(fraction) <= places):
            text = (whole + b"." + fraction if fraction else whole).decode()
            return Decimal(text), text
    data = bytes(raw)
    if not data or data == b"null":
        return _NONE_TEXT
    value: Any
    first = data[:1]
    if first == b'"':
        value = data[1:-1].decode() if b"\\" not in data else msgspec.json.decode(data)
    elif first == b"-" or first.isdigit():
        # A JSON number, already checked by the parser: exact, as the reference reads it.
        text = data.decode()
        is_int = "." not in text and "e" not in text and "E" not in text
        value = int(text) if is_int else Decimal(text)
    else:
        raise _NotFast
    number, message = check_decimal(value, digits)
    if message is not None or number is None:
        raise _NotFast
    return number, canonical_decimal(number)


def _normalise_fast(
    fast: _FastEvent, now: datetime, earliest: datetime, latest: datetime
) -> NormalisedEvent:
    if _IDS(f"{fast.event_id}\n{fast.customer_id}\n{fast.request_class}") is None:
        raise _NotFast
    timestamp = fast.timestamp
    if timestamp is not None:
        if timestamp.tzinfo is not UTC:
            timestamp = timestamp.astimezone(UTC)
        if not earliest <= timestamp <= latest:
            raise _NotFast
    # The ids cannot hold NUL: `_IDS` excludes it.
    for text in (fast.model, fast.provider, fast.gpu_type, fast.trace_id):
        if text is not None and "\x00" in text:
            raise _NotFast
    properties = fast.properties
    if properties:
        if len(properties) > MAX_PROPERTIES:
            raise _NotFast
        for key, item in properties.items():
            kind = type(item)
            if "\x00" in key:
                raise _NotFast
            if kind is str:
                if "\x00" in item:
                    raise _NotFast
            elif kind is int:
                if not -_INT64 <= item < _INT64:
                    raise _NotFast
            elif kind is float:
                if not abs(item) < 1e308:  # also rejects inf and nan
                    raise _NotFast
            elif not (kind is bool or item is None):
                raise _NotFast
        if len(JSON_ENCODER.encode(properties)) > MAX_PROPERTIES_BYTES:
            raise _NotFast
    else:
        properties = {}
    # An absent decimal is an empty Raw: no call for it.
    raw = fast.gpu_seconds
    gpu_seconds, gpu_text = _fast_decimal(raw, GPU_SECONDS_DIGITS) if raw else _NONE_TEXT
    if gpu_seconds is None:
        gpu_seconds, gpu_text = _ZERO_TEXT
    raw = fast.external_cost
    external_cost, cost_text = _fast_decimal(raw, EXTERNAL_COST_DIGITS) if raw else _NONE_TEXT
    if external_cost is None:
        external_cost, cost_text = _ZERO_TEXT
    raw = fast.outcome_value
    outcome_value, value_text = _fast_decimal(raw, OUTCOME_VALUE_DIGITS) if raw else _NONE_TEXT
    # Positional, in the field order of NormalisedEvent (cheaper than keywords).
    event = NormalisedEvent(
        fast.event_id,
        fast.customer_id,
        timestamp or now,
        fast.request_class,
        fast.model or "",
        fast.provider or "",
        fast.input_tokens or 0,
        fast.cached_input_tokens or 0,
        fast.cache_write_tokens or 0,
        fast.output_tokens or 0,
        fast.reasoning_tokens or 0,
        fast.requests or 1,
        gpu_seconds,
        fast.gpu_type or "",
        fast.retrieval_calls or 0,
        external_cost,
        fast.outcome,
        outcome_value,
        fast.latency_ms,
        fast.trace_id or "",
        properties,
        "",
    )
    # The payload of `payload_hash`, with the canonical decimals already at hand, and the
    # timestamp encoded by msgspec: as `isoformat()` but with "Z" for "+00:00", which is put
    # back below at its known offset (event_id and customer_id are ASCII with nothing to
    # escape, so their encoded lengths are their lengths).
    data = HASH_ENCODER.encode(
        [
            event.event_id,
            event.customer_id,
            timestamp,
            event.request_class,
            event.model,
            event.provider,
            event.input_tokens,
            event.cached_input_tokens,
            event.cache_write_tokens,
            event.output_tokens,
            event.reasoning_tokens,
            event.requests,
            gpu_text,
            event.gpu_type,
            event.retrieval_calls,
            cost_text,
            event.outcome,
            value_text,
            event.latency_ms,
            event.trace_id,
            properties,
        ]
    )
    if timestamp is not None:
        # '["' event_id '","' customer_id '","' 19 characters [7 more] 'Z"'
        z = len(event.event_id) + len(event.customer_id) + (34 if timestamp.microsecond else 27)
        if data[z] != 90:  # "Z"
            event.payload_hash = payload_hash(event, timestamp_given=True)
            return event
        data = data[:z] + b"+00:00" + data[z + 1 :]
    event.payload_hash = sha256(data).hexdigest()
    return event

"""Validate and normalise usage events posted to ``POST /v1/events``.

Pure functions over the decoded JSON body: no Django, no ORM. The ingest view
decodes the raw request body once with msgspec, then checks every event here
and reports every problem of an event with a field path
(``events.3.input_tokens`` in a batch, ``input_tokens`` for a single event).

Token buckets are exclusive of each other: ``input_tokens`` does not count
cached or cache-write tokens, ``output_tokens`` does not count reasoning tokens.
OpenTelemetry GenAI attribute names are accepted as aliases (see
``OTEL_ALIASES``); the OTel totals are inclusive, so they are split into the
exclusive buckets:

    input_tokens  = gen_ai.usage.input_tokens
                    - cached_input_tokens - cache_write_tokens
    output_tokens = gen_ai.usage.output_tokens - reasoning_tokens

where the cache and reasoning counts come from either their own names or their
OTel aliases. ``gen_ai.response.model`` wins over ``gen_ai.request.model``.
A field given under both its own name and an alias is rejected as ambiguous.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

import msgspec

from config.api.jsondepth import json_depth_error, too_deep_message

MAX_BATCH_EVENTS = 10_000
MAX_EVENT_ID_LENGTH = 128
MAX_CUSTOMER_ID_LENGTH = 128
MAX_REQUEST_CLASS_LENGTH = 64
MAX_MODEL_LENGTH = 200
MAX_PROVIDER_LENGTH = 64
MAX_GPU_TYPE_LENGTH = 64
MAX_TRACE_ID_LENGTH = 128
MAX_PROPERTIES = 50
MAX_PROPERTIES_BYTES = 4096
# No single inference request carries a trillion tokens; the cap also keeps sums
# of millions of events inside a 64-bit column.
MAX_COUNT = 1_000_000_000_000
MAX_LATENCY_MS = 86_400_000  # one day, in milliseconds

DEFAULT_MAX_AGE = timedelta(days=35)
DEFAULT_MAX_FUTURE = timedelta(minutes=5)

# (max digits, decimal places) of the database columns.
GPU_SECONDS_DIGITS = (18, 6)  # seconds
EXTERNAL_COST_DIGITS = (20, 10)  # USD
OUTCOME_VALUE_DIGITS = (20, 6)  # USD

# (max digits, places) -> (smallest value too large, the smallest step kept)
_DECIMAL_BOUNDS = {
    digits: (Decimal(10) ** (digits[0] - digits[1]), Decimal(1).scaleb(-digits[1]))
    for digits in (GPU_SECONDS_DIGITS, EXTERNAL_COST_DIGITS, OUTCOME_VALUE_DIGITS)
}

TOKEN_BUCKETS = (
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
)

# OTel name -> the field it fills. The two inclusive totals are split later.
OTEL_ALIASES = {
    "gen_ai.usage.input_tokens": "input_tokens",
    "gen_ai.usage.cache_read.input_tokens": "cached_input_tokens",
    "gen_ai.usage.cache_creation.input_tokens": "cache_write_tokens",
    "gen_ai.usage.output_tokens": "output_tokens",
    "gen_ai.usage.reasoning.output_tokens": "reasoning_tokens",
    "gen_ai.request.model": "model",
    "gen_ai.response.model": "model",
    "gen_ai.provider.name": "provider",
}

_OTEL_NAMES = frozenset(OTEL_ALIASES)
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# The same alphabet as customers created through /v1/customers, so both address the same ids.
_CUSTOMER_ID = re.compile(r"[A-Za-z0-9_.:@\-]{1,128}")
# Characters that stand for themselves in a URL path, so /v1/events/{event_id} (read, void,
# amend) reaches every stored event; the first one alphanumeric, so no id is "." or "..".
EVENT_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.:@\-]{0,127}"
_EVENT_ID = re.compile(EVENT_ID_PATTERN)
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
RFC3339 = Annotated[datetime, msgspec.Meta(tz=True)]
_DECODER = msgspec.json.Decoder(float_hook=Decimal)
HASH_ENCODER = msgspec.json.Encoder(order="sorted")
JSON_ENCODER = msgspec.json.Encoder()

REQUIRED = "This field is required."
NOT_NULL = "This field may not be null."
UNKNOWN = "Unknown field."
NOT_OBJECT = "Must be an object."
NOT_STRING = "Must be a string."
NUL_CHAR = "Must not contain the NUL character."
NOT_INTEGER = "Must be an integer."
NEGATIVE = "Must be greater than or equal to 0."
NOT_DECIMAL = "Must be a decimal number (a JSON number or a numeric string)."
BAD_TIMESTAMP = "Must be an RFC 3339 date-time with a UTC offset, e.g. 2026-11-23T15:04:05Z."
BAD_CUSTOMER_ID = "Use 1-128 letters, digits or _ . : @ - characters."
BAD_EVENT_ID = "Use 1-128 letters, digits or _ . : @ - characters, starting with a letter or digit."
BAD_SLUG = "Must be a slug: letters, digits, hyphens and underscores."
BAD_OUTCOME = 'Must be "success", "failure" or null.'
BAD_PROPERTY = "Must be a string, a finite number, a boolean or null."


class MalformedBody(Exception):
    """The request body as a whole is unusable: nothing of it is stored.

    `field` is the dotted path of the part at fault when there is one (a container nested
    too deep), None when the body as a whole is.
    """

    def __init__(self, status: int, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field


def check_depth(body: bytes) -> None:
    """Raise MalformedBody (with the path) for a body nested past MAX_JSON_DEPTH levels."""
    too_deep = json_depth_error(body)
    if too_deep is not None:
        raise MalformedBody(400, too_deep_message(), field=too_deep)


class NormalisedEvent(msgspec.Struct, gc=False):
    """One valid event, in the exclusive buckets, ready to store."""

    event_id: str
    customer_id: str
    timestamp: datetime  # UTC
    request_class: str
    model: str
    provider: str
    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int
    requests: int
    gpu_seconds: Decimal  # seconds
    gpu_type: str
    retrieval_calls: int
    external_cost: Decimal  # USD
    outcome: str | None
    outcome_value: Decimal | None  # USD
    latency_ms: int | None
    trace_id: str
    properties: dict[str, Any]
    payload_hash: str  # sha256 hex of the normalised payload


class EventResult(msgspec.Struct, gc=False):
    """The verdict of the validator on one posted event."""

    index: int
    event_id: str | None  # as posted, when it was a string
    event: NormalisedEvent | None
    errors: list[tuple[str, str]]  # (field path, message)


def decode_body(body: bytes) -> tuple[list[Any], bool]:
    """Decode a request body into (raw events, was it a batch); raise MalformedBody."""
    if not body:
        raise MalformedBody(400, "The request body is empty.")
    check_depth(body)
    try:
        data = _DECODER.decode(body)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise MalformedBody(400, f"The request body is not valid JSON: {exc}.") from exc
    if not isinstance(data, dict):
        raise MalformedBody(400, 'The request body must be an event object or {"events": [...]}.')
    if "events" not in data:
        return [data], False
    if len(data) != 1:
        extra = ", ".join(sorted(k for k in data if k != "events"))
        raise MalformedBody(400, f'A batch body holds only "events"; unexpected keys: {extra}.')
    events = data["events"]
    if not isinstance(events, list):
        raise MalformedBody(400, '"events" must be a list of event objects.')
    if not events:
        raise MalformedBody(400, '"events" must hold at least one event.')
    if len(events) > MAX_BATCH_EVENTS:
        raise MalformedBody(
            413,
            f"A batch holds at most {MAX_BATCH_EVENTS} events; got {len(events)}.",
        )
    return events, True


def validate_events(
    raw_events: Iterable[Any],
    *,
    batch: bool,
    now: datetime,
    max_age: timedelta = DEFAULT_MAX_AGE,
    max_future: timedelta = DEFAULT_MAX_FUTURE,
) -> list[EventResult]:
    """Validate and normalise each raw event; one result per event, in order."""
    earliest = now - max_age
    latest = now + max_future
    window = (now, earliest, latest, max_age, max_future)
    results = []
    for index, raw in enumerate(raw_events):
        prefix = f"events.{index}." if batch else ""
        results.append(_validate_one(index, raw, prefix, window))
    return results


def validate_event(
    raw: Any,
    *,
    prefix: str,
    now: datetime,
    max_age: timedelta = DEFAULT_MAX_AGE,
    max_future: timedelta = DEFAULT_MAX_FUTURE,
) -> EventResult:
    """Validate one raw event whose field paths start with `prefix` (e.g. "event.")."""
    window = (now, now - max_age, now + max_future, max_age, max_future)
    return _validate_one(0, raw, prefix, window)


def _describe(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0 and seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def _text(value: Any, max_length: int, min_length: int = 0) -> str | None:
    """Return an error message for a bad string, else None."""
    if type(value) is not str:
        return NOT_STRING
    length = len(value)
    if length < min_length or length > max_length:
        if min_length:
            return f"Must be {min_length} to {max_length} characters long."
        return f"Must be at most {max_length} characters long."
    if "\x00" in value:
        return NUL_CHAR
    return None


def _count(value: Any, minimum: int = 0, maximum: int = MAX_COUNT) -> str | None:
    if type(value) is not int:
        return NOT_INTEGER
    if value < minimum:
        return NEGATIVE if minimum == 0 else f"Must be greater than or equal to {minimum}."
    if value > maximum:
        return f"Must be less than or equal to {maximum}."
    return None


def check_decimal(value: Any, digits: tuple[int, int]) -> tuple[Decimal | None, str | None]:
    if type(value) is Decimal:
        number = value
    elif type(value) is int or type(value) is str and _NUMBER.fullmatch(value):
        number = Decimal(value)
    else:
        return None, NOT_DECIMAL
    if not number.is_finite():
        return None, NOT_DECIMAL
    if number < 0:
        return None, NEGATIVE
    max_digits, places = digits
    limit, quantum = _DECIMAL_BOUNDS[digits]
    if number >= limit:
        return None, f"Must be less than 10^{max_digits - places}."
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -places and number != number.quantize(quantum):
        return None, f"Must have at most {places} decimal places."
    return number, None


def _properties(value: Any, path: str, errors: list[tuple[str, str]]) -> dict[str, Any]:
    if type(value) is not dict:
        errors.append((path, "Must be an object of string keys to scalar values."))
        return {}
    if len(value) > MAX_PROPERTIES:
        errors.append((path, f"Must have at most {MAX_PROPERTIES} keys; got {len(value)}."))
        return {}
    clean: dict[str, Any] = {}
    ok = True
    for key, item in value.items():
        kind = type(item)
        if "\x00" in key:
            errors.append((f"{path}.{key}", "The key must not contain the NUL character."))
            ok = False
        elif kind is str:
            if "\x00" in item:
                errors.append((f"{path}.{key}", NUL_CHAR))
                ok = False
            clean[key] = item
        elif kind is bool or item is None:
            clean[key] = item
        elif kind is int:
            if -(2**63) <= item < 2**63:
                clean[key] = item
            else:
                errors.append((f"{path}.{key}", "Must fit in a signed 64-bit integer."))
                ok = False
        elif kind is Decimal and item.is_finite() and abs(item) < Decimal("1e308"):
            # Properties are descriptive metadata, stored as JSON numbers.
            clean[key] = float(item)
        else:
            errors.append((f"{path}.{key}", BAD_PROPERTY))
            ok = False
    if ok and len(JSON_ENCODER.encode(clean)) > MAX_PROPERTIES_BYTES:
        errors.append((path, f"Must encode to at most {MAX_PROPERTIES_BYTES} bytes of JSON."))
    return clean


_STRINGS = {
    # field: (max length, min length)
    "event_id": (MAX_EVENT_ID_LENGTH, 1),
    "model": (MAX_MODEL_LENGTH, 0),
    "provider": (MAX_PROVIDER_LENGTH, 0),
    "gpu_type": (MAX_GPU_TYPE_LENGTH, 0),
    "trace_id": (MAX_TRACE_ID_LENGTH, 0),
    "gen_ai.request.model": (MAX_MODEL_LENGTH, 0),
    "gen_ai.response.model": (MAX_MODEL_LENGTH, 0),
    "gen_ai.provider.name": (MAX_PROVIDER_LENGTH, 0),
}
_COUNTS = {
    # field: minimum
    "input_tokens": 0,
    "cached_input_tokens": 0,
    "cache_write_tokens": 0,
    "output_tokens": 0,
    "reasoning_tokens": 0,
    "retrieval_calls": 0,
    "requests": 1,
    "gen_ai.usage.input_tokens": 0,
    "gen_ai.usage.cache_read.input_tokens": 0,
    "gen_ai.usage.cache_creation.input_tokens": 0,
    "gen_ai.usage.output_tokens": 0,
    "gen_ai.usage.reasoning.output_tokens": 0,
}
_DECIMALS = {
    "gpu_seconds": GPU_SECONDS_DIGITS,
    "external_cost": EXTERNAL_COST_DIGITS,
    "outcome_value": OUTCOME_VALUE_DIGITS,
}
_OTHER = frozenset(
    {"customer_id", "timestamp", "request_class", "outcome", "latency_ms", "properties"}
)
_ZERO = Decimal(0)


def _validate_one(
    index: int,
    raw: Any,
    prefix: str,
    window: tuple[datetime, datetime, datetime, timedelta, timedelta],
) -> EventResult:
    if type(raw) is not dict:
        return EventResult(index, None, None, [(prefix[:-1] or "non_field_errors", NOT_OBJECT)])
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None:
            # null means "not given" for optional fields; required ones say so below.
            if name in ("event_id", "customer_id", "request_class"):
                errors.append((prefix + name, NOT_NULL))
                values[name] = None
            elif (
                name not in _STRINGS
                and name not in _COUNTS
                and name not in _DECIMALS
                and name not in _OTHER
            ):
                errors.append((prefix + name, UNKNOWN))
            continue
        if name == "properties":
            before = len(errors)
            value = _properties(value, prefix + name, errors)
            if len(errors) > before:
                values[name] = None
                continue
            message = None
        else:
            value, message = _field(name, value, window)
        if message is not None:
            errors.append((prefix + name, message))
            values[name] = None
        else:
            values[name] = value

    event_id = raw.get("event_id")
    posted_id = event_id if type(event_id) is str else None
    for name in ("event_id", "customer_id", "request_class"):
        if name not in raw:
            errors.append((prefix + name, REQUIRED))

    _merge_aliases(values, raw, prefix, errors)
    if errors:
        return EventResult(index, posted_id, None, errors)

    get = values.get
    given_timestamp = get("timestamp")
    event = NormalisedEvent(
        event_id=values["event_id"],
        customer_id=values["customer_id"],
        timestamp=given_timestamp or window[0],
        request_class=values["request_class"],
        model=get("model") or "",
        provider=get("provider") or "",
        input_tokens=get("input_tokens") or 0,
        cached_input_tokens=get("cached_input_tokens") or 0,
        cache_write_tokens=get("cache_write_tokens") or 0,
        output_tokens=get("output_tokens") or 0,
        reasoning_tokens=get("reasoning_tokens") or 0,
        requests=get("requests") or 1,
        gpu_seconds=get("gpu_seconds") or _ZERO,
        gpu_type=get("gpu_type") or "",
        retrieval_calls=get("retrieval_calls") or 0,
        external_cost=get("external_cost") or _ZERO,
        outcome=get("outcome"),
        outcome_value=get("outcome_value"),
        latency_ms=get("latency_ms"),
        trace_id=get("trace_id") or "",
        properties=get("properties") or {},
        payload_hash="",
    )
    event.payload_hash = payload_hash(event, timestamp_given=given_timestamp is not None)
    return EventResult(index, posted_id, event, errors)


def _field(
    name: str, value: Any, window: tuple[datetime, datetime, datetime, timedelta, timedelta]
) -> tuple[Any, str | None]:
    """Check one non-null field: (its normalised value, or the message saying what is wrong)."""
    message: str | None
    if name in _COUNTS:
        message = _count(value, _COUNTS[name])
    elif name in _STRINGS:
        limits = _STRINGS[name]
        message = _text(value, limits[0], limits[1])
        if message is None and name == "event_id" and not _EVENT_ID.fullmatch(value):
            message = BAD_EVENT_ID
    elif name in _DECIMALS:
        value, message = check_decimal(value, _DECIMALS[name])
    elif name == "timestamp":
        value, message = _timestamp(value, window)
    elif name == "customer_id":
        message = NOT_STRING if type(value) is not str else None
        if message is None and not _CUSTOMER_ID.fullmatch(value):
            message = BAD_CUSTOMER_ID
    elif name == "request_class":
        message = _text(value, MAX_REQUEST_CLASS_LENGTH, 1)
        if message is None and not _SLUG.fullmatch(value):
            message = BAD_SLUG
    elif name == "outcome":
        message = None if value in ("success", "failure") and type(value) is str else BAD_OUTCOME
    elif name == "latency_ms":
        message = _count(value, 0, MAX_LATENCY_MS)
    else:
        message = UNKNOWN
    return value, message


def _timestamp(
    value: Any, window: tuple[datetime, datetime, datetime, timedelta, timedelta]
) -> tuple[Any, str | None]:
    if type(value) is not str:
        return value, BAD_TIMESTAMP
    try:
        value = msgspec.convert(value, RFC3339).astimezone(UTC)
    except msgspec.ValidationError:
        return value, BAD_TIMESTAMP
    _, earliest, latest, max_age, max_future = window
    if value < earliest:
        return value, f"Must not be more than {_describe(max_age)} in the past."
    if value > latest:
        return value, f"Must not be more than {_describe(max_future)} in the future."
    return value, None


def _merge_aliases(
    values: dict[str, Any],
    raw: dict[str, Any],
    prefix: str,
    errors: list[tuple[str, str]],
) -> None:
    """Fold the OTel aliases present in ``values`` into the exclusive fields."""
    if _OTEL_NAMES.isdisjoint(values):
        return
    otel_input = values.pop("gen_ai.usage.input_tokens", None)
    otel_output = values.pop("gen_ai.usage.output_tokens", None)
    # The response model is the one that served the request.
    response_model = values.pop("gen_ai.response.model", None)
    if response_model is not None:
        values.pop("gen_ai.request.model", None)
        values["gen_ai.response.model"] = response_model
    for alias, field in OTEL_ALIASES.items():
        if alias not in values:
            continue
        if raw.get(field) is not None:
            errors.append((prefix + alias, f"Give either {field} or {alias}, not both."))
        values[field] = values.pop(alias)
    for alias, total, field, parts in (
        (
            "gen_ai.usage.input_tokens",
            otel_input,
            "input_tokens",
            ("cached_input_tokens", "cache_write_tokens"),
        ),
        (
            "gen_ai.usage.output_tokens",
            otel_output,
            "output_tokens",
            ("reasoning_tokens",),
        ),
    ):
        if total is None:
            continue
        if raw.get(field) is not None:
            errors.append((prefix + alias, f"Give either {field} or {alias}, not both."))
            continue
        included = sum(values.get(part) or 0 for part in parts)
        if total < included:
            names = " + ".join(parts)
            errors.append(
                (
                    prefix + alias,
                    f"Includes {names} ({included}), so it must be at least {included}.",
                )
            )
            continue
        values[field] = total - included


def payload_hash(event: NormalisedEvent, *, timestamp_given: bool) -> str:
    """Hash what the client sent, normalised: a retry hashes the same.

    A defaulted timestamp is left out, so a retried event without one is a
    duplicate rather than a conflict. Decimals are normalised (1.40 == 1.4).
    """
    payload = [
        event.event_id,
        event.customer_id,
        event.timestamp.isoformat() if timestamp_given else None,
        event.request_class,
        event.model,
        event.provider,
        event.input_tokens,
        event.cached_input_tokens,
        event.cache_write_tokens,
        event.output_tokens,
        event.reasoning_tokens,
        event.requests,
        canonical_decimal(event.gpu_seconds),
        event.gpu_type,
        event.retrieval_calls,
        canonical_decimal(event.external_cost),
        event.outcome,
        None if event.outcome_value is None else canonical_decimal(event.outcome_value),
        event.latency_ms,
        event.trace_id,
        event.properties,
    ]
    return hashlib.sha256(HASH_ENCODER.encode(payload)).hexdigest()


def canonical_decimal(number: Decimal) -> str:
    """A decimal as the payload hash writes it: 1.40 and 1.4 both as "1.4", zero as "0"."""
    return "0" if not number else format(number.normalize(), "f")

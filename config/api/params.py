"""Query parameters read the same way by every endpoint: instants, [from, to) ranges, months.

An instant is an RFC 3339 date-time with an offset (`2026-11-01T00:00:00Z`,
`2026-11-01T01:00:00+01:00`) or a plain date (`2026-11-01`, meaning 00:00 UTC that day); it is
returned in UTC. A range is half-open, [from, to). A month is written YYYY-MM and returned as its
first day. An empty value counts as an absent one. Bad input is a ValidationError on the
parameter's name, which renders as a 400 problem with `errors: [{field, message}]`.

The OpenAPI declarations of these parameters live here too, one schema each.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

INSTANT_MESSAGE = "Must be an RFC 3339 date-time with a UTC offset, e.g. 2026-11-01T00:00:00Z."
ORDER_MESSAGE = "Must be after from."
MONTH_MESSAGE = "Use a month written YYYY-MM."

# An empty value counts as an absent one (a form that leaves the field blank).
INSTANT_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "date"},
        {"type": "string", "maxLength": 0},
    ]
}
MONTH_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"
MONTH_SCHEMA: dict[str, Any] = {"type": "string", "pattern": MONTH_PATTERN, "example": "2026-11"}
# A month query parameter may be left empty, meaning absent.
MONTH_PARAMETER_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^([1-9]\d{3}-(0[1-9]|1[0-2]))?$",
    "example": "2026-11",
}
BOOL_MESSAGE = 'Use "true" or "false".'
DATE_MESSAGE = "Use a date written YYYY-MM-DD."
_INSTANT_FORMS = (
    "An RFC 3339 date-time with an offset (2026-11-01T00:00:00Z) or a date (2026-11-01, "
    "meaning 00:00 UTC)."
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(MONTH_PATTERN)
# RFC 3339 date-time: a "T" (or "t"), seconds, optional fraction, and "Z" or an offset.
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
)
# A "+" in an unencoded query string arrives as a space: "...T00:00:00 01:00".
_SPACE_BEFORE_OFFSET = re.compile(r" (?=\d{2}:?\d{2}$)")


def parse_instant(raw: str) -> datetime:
    """Read an RFC 3339 date-time with an offset, or a date as its 00:00 UTC; else ValueError."""
    if _DATE.fullmatch(raw):
        return datetime.combine(date.fromisoformat(raw), time.min, tzinfo=UTC)
    raw = _SPACE_BEFORE_OFFSET.sub("+", raw)
    if not _DATE_TIME.fullmatch(raw):
        raise ValueError("not an RFC 3339 date-time with an offset")
    value = datetime.fromisoformat(raw.upper())
    if value.tzinfo is None:
        raise ValueError("a date-time needs an offset")
    return value.astimezone(UTC)


def parse_month(raw: str) -> date:
    """Read a YYYY-MM month as its first day; else ValueError."""
    if _MONTH.fullmatch(raw) is None:
        raise ValueError("not YYYY-MM")
    return date(int(raw[:4]), int(raw[5:7]), 1)


def instant_param(params: Mapping[str, str], name: str) -> datetime | None:
    """The instant in query parameter `name` (UTC), or None when absent."""
    raw = params.get(name)
    if not raw:
        return None
    try:
        return parse_instant(raw)
    except ValueError as exc:
        raise ValidationError({name: [INSTANT_MESSAGE]}) from exc


def range_params(params: Mapping[str, str]) -> tuple[datetime | None, datetime | None]:
    """The [from, to) filter of a list; either bound may be absent, from must precede to."""
    errors: dict[str, list[str]] = {}
    bounds: list[datetime | None] = []
    for name in ("from", "to"):
        raw = params.get(name)
        try:
            bounds.append(parse_instant(raw) if raw else None)
        except ValueError:
            errors[name] = [INSTANT_MESSAGE]
    if errors:
        raise ValidationError(errors)
    start, end = bounds
    if start is not None and end is not None and start >= end:
        raise ValidationError({"to": [ORDER_MESSAGE]})
    return start, end


def report_range_params(
    params: Mapping[str, str], *, default_start: Callable[[datetime], datetime]
) -> tuple[datetime, datetime]:
    """The [from, to) of a report: `to` defaults to now, `from` to `default_start(to)`."""
    start, end = range_params(params)
    end = end or datetime.now(UTC)
    start = start or default_start(end)
    if start >= end:
        raise ValidationError({"to": [ORDER_MESSAGE]})
    return start, end


def month_param(
    params: Mapping[str, str], name: str = "month", *, message: str = MONTH_MESSAGE
) -> date | None:
    """The month in query parameter `name` (its first day), or None when absent."""
    raw = params.get(name)
    if not raw:
        return None
    try:
        return parse_month(raw)
    except ValueError as exc:
        raise ValidationError({name: [message]}) from exc


def bool_param(params: Mapping[str, str], name: str) -> bool | None:
    """The boolean in query parameter `name` ("true" or "false"), or None when absent."""
    raw = params.get(name)
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise ValidationError({name: [BOOL_MESSAGE]})
    return raw == "true"


def choice_param(params: Mapping[str, str], name: str, choices: Iterable[str]) -> str | None:
    """The value of query parameter `name` if it is one of `choices`; None when absent."""
    raw = params.get(name)
    if raw is None:
        return None
    allowed = list(choices)
    if raw not in allowed:
        raise ValidationError({name: [f"Use one of: {', '.join(allowed)}."]})
    return raw


def date_param(params: Mapping[str, str], name: str, *, message: str = DATE_MESSAGE) -> date | None:
    """The YYYY-MM-DD date in query parameter `name`, or None when absent."""
    raw = params.get(name)
    if not raw:
        return None
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({name: [message]}) from exc


def current_month() -> date:
    """The first day of the current UTC month (the default of every month parameter)."""
    return datetime.now(UTC).date().replace(day=1)


@extend_schema_field(copy.deepcopy(MONTH_SCHEMA))
class MonthField(serializers.Field):
    """A calendar month written YYYY-MM in a request or response body."""

    default_error_messages = {"invalid": MONTH_MESSAGE}

    def to_internal_value(self, data: Any) -> date:
        try:
            return parse_month(str(data))
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")


# ----------------------------------------------------------------------------- OpenAPI


def instant_parameter(name: str, description: str) -> OpenApiParameter:
    """Declare an instant query parameter; `description` says what it means and its default."""
    return OpenApiParameter(
        name, copy.deepcopy(INSTANT_SCHEMA), description=f"{description} {_INSTANT_FORMS}"
    )


def range_parameters(
    *, from_default: str | None = None, to_default: str | None = None
) -> list[OpenApiParameter]:
    """Declare `from` and `to`; a default names the bound used when the parameter is absent."""
    return [
        instant_parameter(
            "from",
            f"Start of the [from, to) range, inclusive; default: {from_default}."
            if from_default
            else "Start of the [from, to) range, inclusive; absent: no lower bound.",
        ),
        instant_parameter(
            "to",
            f"End of the range, exclusive; default: {to_default}."
            if to_default
            else "End of the range, exclusive; absent: no upper bound.",
        ),
    ]


def month_parameter(name: str = "month", *, default: str | None = "this month") -> OpenApiParameter:
    """Declare a YYYY-MM month query parameter; `default` None makes it an optional filter."""
    description = (
        f"Calendar month, YYYY-MM; default: {default}."
        if default
        else "Only this calendar month, YYYY-MM."
    )
    return OpenApiParameter(name, copy.deepcopy(MONTH_PARAMETER_SCHEMA), description=description)


# --------------------------------------------------------------------------- idempotency keys

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def idempotency_key(headers: Mapping[str, str]) -> str:
    """The request's Idempotency-Key header ("" when absent); a malformed one is a 400."""
    raw = headers.get(IDEMPOTENCY_KEY_HEADER, "")
    if raw and not _IDEMPOTENCY_KEY.fullmatch(raw):
        raise ValidationError(
            {IDEMPOTENCY_KEY_HEADER: ["Use 1-255 visible ASCII characters, without spaces."]}
        )
    return raw


def idempotency_key_parameter(what: str) -> OpenApiParameter:
    """The Idempotency-Key request header of an operation that creates a job."""
    return OpenApiParameter(
        IDEMPOTENCY_KEY_HEADER,
        str,
        location=OpenApiParameter.HEADER,
        required=False,
        description=(
            f"A key of your choosing (1-255 visible ASCII characters). Retrying with the same "
            f"key and the same body returns the {what} the first request created instead of "
            f"a second one; the same key with another body is a 409."
        ),
    )

"""Time ranges and months are read by one parser, the same way on every endpoint."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIClient

from config.api.params import (
    INSTANT_MESSAGE,
    MONTH_MESSAGE,
    month_param,
    parse_instant,
    range_params,
    report_range_params,
)


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in exc.value.detail.items()}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-01T00:00:00Z", datetime(2026, 11, 1, tzinfo=UTC)),
        ("2026-11-01t00:00:00z", datetime(2026, 11, 1, tzinfo=UTC)),
        ("2026-11-01T01:30:00+01:00", datetime(2026, 11, 1, 0, 30, tzinfo=UTC)),
        ("2026-11-01T01:30:00 01:00", datetime(2026, 11, 1, 0, 30, tzinfo=UTC)),
        ("2026-10-31T20:00:00.250-04:00", datetime(2026, 11, 1, 0, 0, 0, 250000, tzinfo=UTC)),
        ("2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
    ],
)
def test_an_instant_is_an_rfc_3339_date_time_or_a_date_read_in_utc(
    raw: str, expected: datetime
) -> None:
    value = parse_instant(raw)
    assert value == expected
    assert value.tzinfo is UTC


@pytest.mark.parametrize(
    "raw", ["yesterday", "2026-11-01T00:00:00", "2026-13-01", "2026-11", "1730419200"]
)
def test_an_instant_without_an_offset_or_out_of_the_calendar_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_instant(raw)


def test_a_range_is_half_open_and_either_bound_may_be_absent_or_empty() -> None:
    assert range_params({}) == (None, None)
    assert range_params({"from": "", "to": "2026-11-02"}) == (
        None,
        datetime(2026, 11, 2, tzinfo=UTC),
    )
    assert range_params({"from": "2026-11-01", "to": "2026-11-01T00:00:01Z"}) == (
        datetime(2026, 11, 1, tzinfo=UTC),
        datetime(2026, 11, 1, 0, 0, 1, tzinfo=UTC),
    )


def test_a_range_reports_every_bad_bound_and_an_empty_range_on_to() -> None:
    with pytest.raises(ValidationError) as both:
        range_params({"from": "soon", "to": "later"})
    assert errors_of(both) == {"from": [INSTANT_MESSAGE], "to": [INSTANT_MESSAGE]}
    with pytest.raises(ValidationError) as empty:
        range_params({"from": "2026-11-02", "to": "2026-11-01T23:59:59Z"})
    assert errors_of(empty) == {"to": ["Must be after from."]}


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC), tick=False)
def test_a_report_range_defaults_to_now_and_a_start_derived_from_the_end() -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    week = timedelta(days=7)
    assert report_range_params({}, default_start=lambda end: end - week) == (now - week, now)
    assert report_range_params({"to": "2026-11-10"}, default_start=lambda end: end - week) == (
        datetime(2026, 11, 3, tzinfo=UTC),
        datetime(2026, 11, 10, tzinfo=UTC),
    )
    with pytest.raises(ValidationError) as exc:
        report_range_params({"from": "2026-12-01"}, default_start=lambda end: end - week)
    assert errors_of(exc) == {"to": ["Must be after from."]}


def test_a_month_is_yyyy_mm_read_as_its_first_day() -> None:
    assert month_param({"month": "2026-02"}) == date(2026, 2, 1)
    assert month_param({"month": ""}) is None
    assert month_param({}) is None
    for raw in ("2026-2", "2026-13", "February", "2026-02-01"):
        with pytest.raises(ValidationError) as exc:
            month_param({"month": raw})
        assert errors_of(exc) == {"month": [MONTH_MESSAGE]}


def test_every_range_endpoint_takes_a_plain_date_and_refuses_a_date_time_without_offset(
    api: APIClient,
) -> None:
    for url in (
        "/v1/events",
        "/v1/usage",
        "/v1/costs/unpriced",
        "/v1/economics/request-classes",
    ):
        ok = api.get(f"{url}?from=2026-11-01&to=2026-11-02")
        assert ok.status_code == 200, (url, ok.content)
        bad = api.get(f"{url}?from=2026-11-01T00:00:00")
        assert bad.status_code == 400, url
        assert bad.json()["errors"] == [{"field": "from", "message": INSTANT_MESSAGE}], url


def test_the_usage_summary_echoes_a_date_range_as_utc_instants(api: APIClient) -> None:
    body = api.get("/v1/usage?from=2026-11-01&to=2026-11-02").json()
    assert (body["from"], body["to"]) == ("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")

"""UTC calendar helpers shared by every economics package: buckets, days and months.

Instants are timezone-aware datetimes in UTC; months are named by their first day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def hour_floor(moment: datetime) -> datetime:
    """The start of the UTC hour holding `moment`."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_floor(moment: datetime) -> datetime:
    """UTC midnight of the day holding `moment`."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def day_ceil(moment: datetime) -> datetime:
    """`moment` when it is a UTC midnight, else the next UTC midnight."""
    floor = day_floor(moment)
    return floor if floor == moment else floor + DAY


def month_floor(moment: datetime) -> datetime:
    """UTC midnight of the first day of the month holding `moment`."""
    return day_floor(moment).replace(day=1)


def next_month(moment: datetime) -> datetime:
    """The same day and time of the next month, for a `moment` on the first of a month."""
    return (moment.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_start(day: date) -> date:
    """The first day of the month holding `day`."""
    return day.replace(day=1)


def next_month_start(day: date) -> date:
    """The first day of the month after the one holding `day`."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def instant(day: date) -> datetime:
    """UTC midnight at the start of `day`."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def day_range(day: date) -> tuple[datetime, datetime]:
    """The half-open UTC range [start, end) of one day."""
    start = instant(day)
    return start, start + DAY


def month_range(month: date) -> tuple[datetime, datetime]:
    """The half-open UTC range [start, end) of the month holding `month`."""
    start = instant(month_start(month))
    return start, next_month(start)


def month_label(label: str) -> date:
    """The first day of a "YYYY-MM" month, or ValueError."""
    parsed = datetime.strptime(label, "%Y-%m")  # noqa: DTZ007  a date, not an instant
    return date(parsed.year, parsed.month, 1)

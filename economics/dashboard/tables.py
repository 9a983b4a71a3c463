"""What every page shares: its date range, its tables, and their CSV download."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class DateRange:
    """The days a page shows, first to last inclusive: [first 00:00, last + 1 00:00) UTC."""

    first: date
    last: date
    error: str = ""

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def api_query(self, **extra: str) -> str:
        """The API's half-open range for these days: from the first, to the day after the last."""
        return urlencode(
            {"from": self.first.isoformat(), "to": (self.last + timedelta(1)).isoformat(), **extra}
        )

    def page_query(self, **extra: str) -> str:
        return urlencode({"from": self.first.isoformat(), "to": self.last.isoformat(), **extra})


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def date_range(request: HttpRequest, *, today: date | None = None) -> DateRange:
    """The page's days from ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive); the last 30 by default."""
    today = today or datetime.now(UTC).date()
    raw_first, raw_last = request.GET.get("from"), request.GET.get("to")
    first, last = _day(raw_first), _day(raw_last)
    error = ""
    if (raw_first and first is None) or (raw_last and last is None):
        error = "Dates are written YYYY-MM-DD; showing the last 30 days."
        first = last = None
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        error = "The first day is after the last; showing the 30 days to the last."
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    if (last - first).days >= MAX_DAYS:
        error = f"At most {MAX_DAYS} days at once; showing the {MAX_DAYS} to the last."
        first = last - timedelta(days=MAX_DAYS - 1)
    return DateRange(first=first, last=last, error=error)


@dataclass
class Table:
    """A page's table: its CSV download holds exactly these cells."""

    name: str
    caption: str
    columns: Sequence[str]
    rows: list[list[str]] = field(default_factory=list)
    row_classes: list[str] = field(default_factory=list)  # CSS class of each row ("loss")
    links: list[str] = field(default_factory=list)  # per row: where its first cell links to
    download: str = ""  # the page's URL query that downloads this table as CSV

    def add(self, cells: Sequence[Any], *, css: str = "", link: str = "") -> None:
        self.rows.append([cell_text(cell) for cell in cells])
        self.row_classes.append(css)
        self.links.append(link)

    def html_rows(self) -> SafeString:
        """The <tr> elements of the body, escaped (built here: a template loop per cell is slow
        on a table of thousands of cells)."""
        out = []
        for cells, css, link in zip(self.rows, self.row_classes, self.links, strict=True):
            first = escape(cells[0]) if cells else ""
            if link:
                first = f'<a href="{escape(link)}">{first}</a>'
            rest = "".join(f"<td>{escape(cell)}</td>" for cell in cells[1:])
            css_attr = f' class="{escape(css)}"' if css else ""
            out.append(f'<tr{css_attr}><th scope="row">{first}</th>{rest}</tr>')
        if not out:
            out.append(f'<tr><td colspan="{len(self.columns)}">Nothing in this range.</td></tr>')
        return mark_safe("\n".join(out))  # noqa: S308 (every value is escaped)


def cell_text(value: Any) -> str:
    """A cell as the API writes the value: null empty, booleans lower case, else str()."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def row_of(data: Mapping[str, Any], columns: Sequence[str]) -> list[Any]:
    """The values of `columns` (dotted paths allowed) from a serialised API object."""
    cells = []
    for column in columns:
        value: Any = data
        for part in column.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        cells.append(value)
    return cells


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{table.name}.csv"'
    return response


def wanted_csv(request: HttpRequest, tables: Sequence[Table]) -> Table | None:
    """The table asked for with ?download=<table name>, if any."""
    name = request.GET.get("download")
    if not name:
        return None
    return next((t for t in tables if t.name == name), None)

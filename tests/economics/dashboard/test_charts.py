"""The SVG charts: values placed around zero, losses red, text escaped, bins counted."""

from __future__ import annotations

import re
from decimal import Decimal

from economics.dashboard import charts


def test_a_negative_bar_hangs_below_the_zero_line_in_red():
    svg = charts.bar_chart(
        [
            charts.Group("win", [charts.Bar("margin", "margin", Decimal("2"))]),
            charts.Group("lose", [charts.Bar("loss", "margin", Decimal("-1"))], loss=True),
        ],
        title="Margins",
    )
    zero = float(re.search(r'class="zero" x1="\d+" x2="\d+" y1="([\d.]+)"', svg).group(1))
    bars = {
        group: (float(y), float(h), fill)
        for group, y, h, fill in re.findall(
            r'data-group="(\w+)"[^>]*y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="([^"]+)"',
            svg,
        )
    }
    win_y, win_h, win_fill = bars["win"]
    lose_y, lose_h, lose_fill = bars["lose"]
    assert abs(win_y + win_h - zero) < 0.2 and win_fill == "#2e7d32"  # stands on the line
    assert abs(lose_y - zero) < 0.2 and lose_fill == "#c62828"  # hangs from it
    assert abs(win_h - 2 * lose_h) < 0.2  # heights in proportion to the values
    assert '<text class="group-label loss"' in svg


def test_labels_are_escaped():
    svg = charts.bar_chart(
        [charts.Group("<script>", [charts.Bar("cost", "x", Decimal("1"))])], title="a & b"
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_a_one_point_series_is_still_drawn():
    svg = charts.line_chart(["m1", "m2"], [charts.Series("c", [Decimal("3"), None])], title="t")
    assert svg.count("<circle") == 1


def test_histogram_bins_count_every_value_once():
    values = [Decimal(v) for v in ("-3", "-1", "0", "0", "2", "9")]
    bins = charts.histogram_bins(values, bins=4)
    assert sum(count for _, count in bins) == len(values)
    assert bins[0] == ("-3.00", 2)  # labelled by their lower bound
    assert charts.histogram_bins([], bins=4) == []

"""Charts as inline SVG, built on the server: no script, no CDN, nothing fetched at run time.

Each function returns a complete <svg> element (escaped, safe to put in a template). Figures
arrive as Decimals; they become floats only to place pixels, never to be shown. A chart is a
picture of the table printed beside it, which is its text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 16, 56

# Fills are attributes as well as classes, so the colours survive without the stylesheet.
FILLS = {
    "cost": "#8d8d8d",
    "revenue": "#1f5fa8",
    "margin": "#2e7d32",
    "loss": "#c62828",  # a losing class, or a negative figure
    "blended": "#5e35b1",
}
PALETTE = ("#1f5fa8", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#455a64")


@dataclass(frozen=True)
class Bar:
    series: str  # "cost", "revenue", "margin", "loss", "blended": picks the fill
    label: str  # what the bar is, for its tooltip
    value: Decimal | None


@dataclass(frozen=True)
class Group:
    label: str
    bars: Sequence[Bar]
    loss: bool = False  # the group's label is marked too


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | None]  # one per x label; None leaves a gap
    loss: bool = False


@dataclass(frozen=True)
class Point:
    label: str
    x: Decimal
    y: Decimal
    loss: bool = False


def _f(value: Decimal | int | float) -> float:
    return float(value)


def _scale(low: float, high: float) -> tuple[float, float]:
    """A value range that includes zero and is never empty."""
    low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = low + 1.0
    pad = (high - low) * 0.05
    return (low - pad if low < 0 else low), high + pad


def _fmt(value: float) -> str:
    """An axis tick label: few digits, enough to tell ticks apart."""
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:,.2f}"
    return f"{value:.2g}" if magnitude < 0.001 else f"{value:.4f}".rstrip("0")


def _svg(title: str, body: list[str], *, css: str) -> SafeString:
    head = (
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet"><title>{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 (every text is escaped)


def _axis(low: float, high: float, y: object) -> list[str]:
    parts = []
    for i in range(5):
        value = low + (high - low) * i / 4
        py = y(value)  # type: ignore[operator]
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py:.1f}" y2="{py:.1f}" '
            'stroke="#e0e0e0"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{py + 4:.1f}" text-anchor="end" '
            f'font-size="11">{escape(_fmt(value))}</text>'
        )
    zero = y(0.0)  # type: ignore[operator]
    parts.append(
        f'<line class="zero" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" '
        'stroke="#424242"/>'
    )
    return parts


def bar_chart(groups: Sequence[Group], *, title: str, css: str = "bars") -> SafeString:
    """Grouped vertical bars around a zero line; a `loss` bar is red."""
    values = [_f(b.value) for g in groups for b in g.bars if b.value is not None]
    low, high = _scale(min(values, default=0.0), max(values, default=0.0))
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    body = _axis(low, high, y)
    slot = (WIDTH - LEFT - RIGHT) / max(len(groups), 1)
    for gi, group in enumerate(groups):
        n = max(len(group.bars), 1)
        width = slot * 0.8 / n
        x0 = LEFT + gi * slot + slot * 0.1
        for bi, bar in enumerate(group.bars):
            if bar.value is None:
                continue
            value = _f(bar.value)
            top, bottom = sorted((y(value), y(0.0)))
            fill = FILLS.get(bar.series, FILLS["cost"])
            body.append(
                f'<rect class="bar bar-{escape(bar.series)}" data-group="{escape(group.label)}" '
                f'data-value="{escape(str(bar.value))}" x="{x0 + bi * width:.1f}" '
                f'y="{top:.1f}" width="{width * 0.92:.1f}" height="{max(bottom - top, 0.5):.1f}" '
                f'fill="{fill}"><title>{escape(group.label)}: {escape(bar.label)} '
                f"{escape(str(bar.value))}</title></rect>"
            )
        label_fill = FILLS["loss"] if group.loss else "#212121"
        body.append(
            f'<text class="group-label{" loss" if group.loss else ""}" '
            f'x="{x0 + slot * 0.4:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="12" fill="{label_fill}">{escape(group.label)}</text>'
        )
    return _svg(title, body, css=css)


def line_chart(
    x_labels: Sequence[str], series: Sequence[Series], *, title: str, css: str = "lines"
) -> SafeString:
    """One line per series over the x labels (days); a losing series is drawn red and dashed."""
    values = [_f(v) for s in series for v in s.values if v is not None]
    low, high = _scale(min(values, default=0.0), max(values, default=0.0))
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(len(x_labels), 1)

    def x(index: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (index + 0.5) / n

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    body = _axis(low, high, y)
    step = max(1, n // 8)
    for i, label in enumerate(x_labels):
        if i % step == 0:
            body.append(
                f'<text class="tick" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle" font-size="11">{escape(label)}</text>'
            )
    for si, s in enumerate(series):
        colour = FILLS["loss"] if s.loss else PALETTE[si % len(PALETTE)]
        points = " ".join(
            f"{x(i):.1f},{y(_f(v)):.1f}" for i, v in enumerate(s.values) if v is not None
        )
        dash = ' stroke-dasharray="6 3"' if s.loss else ""
        body.append(
            f'<polyline class="line{" loss" if s.loss else ""}" data-series="{escape(s.label)}" '
            f'points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}>'
            f"<title>{escape(s.label)}</title></polyline>"
        )
        if n <= 12:  # few points (months): mark each, so a one-point series shows too
            body.extend(
                f'<circle cx="{x(i):.1f}" cy="{y(_f(v)):.1f}" r="3" fill="{colour}"/>'
                for i, v in enumerate(s.values)
                if v is not None
            )
        lx = LEFT + (si % 4) * 160
        ly = HEIGHT - 22 + (si // 4) * 14
        body.append(
            f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text class="legend" x="{lx + 14}" y="{ly}" font-size="11">{escape(s.label)}</text>'
        )
    return _svg(title, body, css=css)


def scatter(
    points: Sequence[Point], *, title: str, x_label: str, y_label: str, css: str = "scatter"
) -> SafeString:
    """Points on x/y axes from zero, with the y = x diagonal (LTV equal to CAC) for reference."""
    xs = [_f(p.x) for p in points]
    ys = [_f(p.y) for p in points]
    x_low, x_high = _scale(min(xs, default=0.0), max(xs, default=0.0))
    y_low, y_high = _scale(min(ys, default=0.0), max(ys, default=0.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(value: float) -> float:
        return LEFT + (value - x_low) / (x_high - x_low) * plot_w

    def py(value: float) -> float:
        return TOP + (y_high - value) / (y_high - y_low) * plot_h

    body = _axis(y_low, y_high, py)
    for i in range(5):
        value = x_low + (x_high - x_low) * i / 4
        body.append(
            f'<text class="tick" x="{px(value):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle" font-size="11">{escape(_fmt(value))}</text>'
        )
    edge = min(x_high, y_high)
    if edge > 0:
        body.append(
            f'<line class="parity" x1="{px(0):.1f}" y1="{py(0):.1f}" x2="{px(edge):.1f}" '
            f'y2="{py(edge):.1f}" stroke="#9e9e9e" stroke-dasharray="4 4"/>'
        )
    for p in points:
        fill = FILLS["loss"] if p.loss else FILLS["revenue"]
        body.append(
            f'<circle class="point{" loss" if p.loss else ""}" data-label="{escape(p.label)}" '
            f'cx="{px(_f(p.x)):.1f}" cy="{py(_f(p.y)):.1f}" r="5" fill="{fill}" '
            f'fill-opacity="0.8"><title>{escape(p.label)}: {escape(x_label)} {escape(str(p.x))}, '
            f"{escape(y_label)} {escape(str(p.y))}</title></circle>"
        )
    body.append(
        f'<text class="axis-label" x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 12}" '
        f'text-anchor="middle" font-size="12">{escape(x_label)}</text>'
        f'<text class="axis-label" x="14" y="{TOP + plot_h / 2:.1f}" font-size="12" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.1f})" text-anchor="middle">'
        f"{escape(y_label)}</text>"
    )
    return _svg(title, body, css=css)


def histogram_bins(values: Sequence[Decimal], *, bins: int = 12) -> list[tuple[str, int]]:
    """Counts of values in equal-width bins from the smallest to the largest, labelled."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [(str(low), len(values))]
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    return [(_fmt(_f(low + width * i)), count) for i, count in enumerate(counts)]


def histogram(
    values: Sequence[Decimal], *, title: str, bins: int = 12, css: str = "histogram"
) -> SafeString:
    """How many values fall in each bin; bins below zero are red."""
    counted = histogram_bins(values, bins=bins)
    groups = [
        Group(
            label=label,
            bars=[Bar("loss" if label.startswith("-") else "revenue", "customers", Decimal(n))],
        )
        for label, n in counted
    ]
    return bar_chart(groups, title=title, css=css)

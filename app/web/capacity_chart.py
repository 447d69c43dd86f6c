"""A server-rendered SVG bar chart: each week's peak officers required against the district's capacity.

Presentation attributes only (no style attributes), so it renders under a strict Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 16, 40


@dataclass(frozen=True)
class WeekLoad:
    """One week: its Monday, the highest hourly officer load, and how many hours were over capacity."""

    week_start: date
    peak: int
    over_hours: int = 0


def _nice_max(value: int) -> int:
    for step in (50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def weekly_chart(weeks: list[WeekLoad], capacity: int, label_week: str = "uge",
                 label_capacity: str = "kapacitet") -> Markup:
    top = _nice_max(max([capacity, *[w.peak for w in weeks]]) + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(weeks), 1)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [f'<svg class="capacity-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="cap-title" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="cap-title">{escape(label_capacity.capitalize())}: {capacity}</title>']
    for tick in range(0, top + 1, max(top // 5, 1)):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="#d0d0d0" stroke-width="1"/>'
                     f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
                     f'fill="#222">{tick}</text>')
    for i, w in enumerate(weeks):
        x = LEFT + i * slot + slot * 0.18
        over = w.peak > capacity
        colour = "#b2182b" if over else "#2166ac"
        parts.append(f'<rect class="bar{" over" if over else ""}" x="{x:.1f}" y="{y(w.peak):.1f}" '
                     f'width="{slot * 0.64:.1f}" height="{y(0) - y(w.peak):.1f}" fill="{colour}">'
                     f"<title>{escape(label_week)} {w.week_start.isocalendar()[1]}: {w.peak}</title></rect>")
        parts.append(f'<text x="{x + slot * 0.32:.1f}" y="{y(w.peak) - 4:.1f}" text-anchor="middle" '
                     f'font-size="12" fill="#111">{w.peak}</text>')
        parts.append(f'<text x="{x + slot * 0.32:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                     f'font-size="12" fill="#222">{escape(label_week)} {w.week_start.isocalendar()[1]}</text>')
    parts.append(f'<line class="capacity-line" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(capacity):.1f}" '
                 f'y2="{y(capacity):.1f}" stroke="#000" stroke-width="2" stroke-dasharray="6 4"/>'
                 f'<text x="{WIDTH - RIGHT}" y="{y(capacity) - 5:.1f}" text-anchor="end" font-size="12" '
                 f'font-weight="bold" fill="#000">{escape(label_capacity)} {capacity}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text piece above is escaped)

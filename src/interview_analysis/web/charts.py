"""Server-rendered SVG charts: no script and no library, so they print, scale and work without JavaScript.

The SVG holds only the marks and stretches to its box (``preserveAspectRatio="none"``, strokes
that do not scale), while every label is HTML placed by percentage beside it: text stays
readable from a 375 px phone to a desktop, and no label is squeezed by the stretch. All time
charts map 0..duration onto x = 0..1000, so stacked on the page they share one time axis, and
the page's script can place a cursor or turn a click into a time from ``data-t1`` alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

X_UNITS = 1000
Y_UNITS = 100
TIME_STEPS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
MAX_TICKS = 7
LANE_PX = 26

Point = tuple[float, float | None]  # (t seconds, value or None when not measured)
Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: Sequence[Point]
    css: str  # class naming its colour in report.css


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    intervals: Sequence[Interval]
    css: str


@dataclass(frozen=True, slots=True)
class Tick:
    pos: float  # percent: from the left for x, from the top for y
    label: str


@dataclass(frozen=True, slots=True)
class Mark:
    left: float  # percent
    top: float  # percent
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    svg: Markup
    height_px: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    marks: list[Mark] = field(default_factory=list)  # value labels drawn over the plot


def clock(seconds: float) -> str:
    """1:05 for 65 s; what every label and caption shows."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Axis:
    """Seconds 0..duration onto 0..X_UNITS, the same for every time chart of a report."""

    duration_s: float

    def x(self, t: float) -> float:
        span = max(self.duration_s, 1e-9)
        return X_UNITS * min(max(t, 0.0), span) / span

    def ticks(self) -> list[Tick]:
        step = next((s for s in TIME_STEPS_S if self.duration_s / s < MAX_TICKS), TIME_STEPS_S[-1])
        count = int(self.duration_s // step) + 1
        return [Tick(100 * self.x(i * step) / X_UNITS, clock(i * step)) for i in range(count)]


def _svg(body: list[str], label: str, css: str, height: float, axis: Axis | None) -> Markup:
    data = f' data-t1="{axis.duration_s:g}"' if axis else ""
    return Markup(
        f'<svg class="chart {css}" viewBox="0 0 {X_UNITS} {_f(height)}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}"{data}>' + "".join(body) + "</svg>"
    )


def _grid(axis: Axis, height: float) -> list[str]:
    xs = [_f(X_UNITS * t.pos / 100) for t in axis.ticks()]
    out = [f'<line class="grid" x1="{x}" x2="{x}" y1="0" y2="{_f(height)}"/>' for x in xs]
    # The cursor that the report's script moves to a clicked moment; hidden until then.
    out.append(f'<line class="cursor" x1="0" x2="0" y1="0" y2="{_f(height)}" visibility="hidden"/>')
    return out


def _y(value: float, lo: float, hi: float) -> float:
    """Value onto 0..Y_UNITS (top = hi), clamped."""
    share = (min(max(value, lo), hi) - lo) / (hi - lo) if hi > lo else 0.0
    return Y_UNITS * (1.0 - share)


def stacked_area(axis: Axis, rows: Sequence[dict[str, float | None]], keys: Sequence[tuple[str, str, str]]) -> Chart:
    """Shares per second stacked to 1: ``keys`` are (field, label, css); rows hold ``t`` and each field.

    Each second is a step of its own width; a second whose fields are null (no face) is a gap, not a zero.
    """
    body = _grid(axis, Y_UNITS)
    for index, (_, label, css) in enumerate(keys):
        paths: list[str] = []
        for row in rows:
            values = [row.get(k) for k, _, _ in keys]
            if any(v is None for v in values):
                continue
            low = sum(float(v or 0.0) for v in values[:index])
            high = low + float(values[index] or 0.0)
            if high - low <= 0.0005:
                continue
            x0, x1 = axis.x(float(row["t"] or 0.0)), axis.x(float(row["t"] or 0.0) + 1.0)
            y0, y1 = _y(low, 0, 1), _y(high, 0, 1)
            paths.append(f"M{_f(x0)} {_f(y0)}H{_f(x1)}V{_f(y1)}H{_f(x0)}Z")
        if paths:
            body.append(f'<path class="{css}" d="{"".join(paths)}"><title>{escape(label)}</title></path>')
    y_ticks = [Tick(0.0, "100%"), Tick(50.0, "50%"), Tick(100.0, "0%")]
    return Chart(_svg(body, "감정 확률 타임라인", "stacked", Y_UNITS, axis), 140, axis.ticks(), y_ticks)


def lines(
    axis: Axis,
    series: Sequence[Series],
    lo: float,
    hi: float,
    unit: str = "",
    bands: Sequence[Lane] = (),
    height_px: int = 120,
) -> Chart:
    """A line per series over the shared axis; None breaks a line; ``bands`` shade intervals behind it."""
    body = _grid(axis, Y_UNITS)
    for band in bands:
        for start, end in band.intervals:
            x0, x1 = axis.x(start), axis.x(end)
            body.append(
                f'<rect class="{band.css}" x="{_f(x0)}" y="0" width="{_f(max(x1 - x0, 2.0))}" height="{Y_UNITS}">'
                f"<title>{escape(band.label)} {clock(start)}–{clock(end)}</title></rect>"
            )
    for one in series:
        run: list[tuple[float, float]] = []
        for t, value in [*one.points, (0.0, None)]:
            if value is not None:
                run.append((t, _y(value, lo, hi)))
                continue
            if len(run) == 1:  # a lone second: a step as wide as the second it stands for
                (t0, y0) = run[0]
                run = [(t0 - 0.5, y0), (t0 + 0.5, y0)]
            if run:
                points = " ".join(f"{_f(axis.x(t + 0.5))},{_f(y)}" for t, y in run)
                body.append(f'<polyline class="line {one.css}" points="{points}"/>')
            run = []
    y_ticks = [Tick(0.0, f"{hi:g}{unit}"), Tick(50.0, f"{(lo + hi) / 2:g}{unit}"), Tick(100.0, f"{lo:g}{unit}")]
    label = ", ".join(s.label for s in series) or "타임라인"
    return Chart(_svg(body, label, "lines", Y_UNITS, axis), height_px, axis.ticks(), y_ticks)


def lanes(axis: Axis, rows: Sequence[Lane]) -> Chart:
    """One horizontal lane per kind of interval (absent face, another face, off-screen ...)."""
    height = 10.0 * len(rows)
    body = _grid(axis, height)
    y_ticks = []
    for i, row in enumerate(rows):
        top = 10.0 * i
        body.append(f'<rect class="lane-bg" x="0" y="{_f(top + 1)}" width="{X_UNITS}" height="8"/>')
        y_ticks.append(Tick(100 * (top + 5) / height, row.label))
        for start, end in row.intervals:
            x0, x1 = axis.x(start), axis.x(end)
            body.append(
                f'<rect class="{row.css}" x="{_f(x0)}" y="{_f(top + 1)}" width="{_f(max(x1 - x0, 3.0))}" height="8">'
                f"<title>{escape(row.label)} {clock(start)}–{clock(end)}</title></rect>"
            )
    label = ", ".join(r.label for r in rows)
    return Chart(_svg(body, label, "lanes", height, axis), LANE_PX * len(rows), axis.ticks(), y_ticks)


def trend(values: Sequence[float | None], labels: Sequence[str], hi: float, css: str = "s-trend") -> Chart:
    """A score over sessions (x = session, oldest first), each point marked and labelled with its value."""
    count = len(values)
    xs = [X_UNITS * (i + 0.5) / max(count, 1) for i in range(count)]
    pad = 12.0  # keeps a point at 0 or at the maximum inside the box, with room for its label

    def y(value: float) -> float:
        return pad + (Y_UNITS - 2 * pad) * (1.0 - min(max(value, 0.0), hi) / hi)

    known = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
    body = [
        f'<line class="grid" x1="0" x2="{X_UNITS}" y1="{_f(y(level))}" y2="{_f(y(level))}"/>'
        for level in (0, hi / 2, hi)
    ]
    if len(known) > 1:
        points = " ".join(f"{_f(x)},{_f(y(v))}" for x, v in known)
        body.append(f'<polyline class="line {css}" points="{points}"/>')
    # Zero-length round-capped lines draw as circles even when the SVG is stretched.
    body += [f'<line class="dot {css}" x1="{_f(x)}" x2="{_f(x)}" y1="{_f(y(v))}" y2="{_f(y(v))}"/>' for x, v in known]
    marks = [Mark(100 * x / X_UNITS, y(v), f"{v:g}") for x, v in known]
    x_ticks = [Tick(100 * x / X_UNITS, label) for x, label in zip(xs, labels, strict=True)]
    y_ticks = [Tick(y(hi), f"{hi:g}"), Tick(y(hi / 2), f"{hi / 2:g}"), Tick(y(0), "0")]
    return Chart(_svg(body, "회차별 점수 추이", "trend", Y_UNITS, None), 140, x_ticks, y_ticks, marks)

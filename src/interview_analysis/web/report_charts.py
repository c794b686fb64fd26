"""The report's timelines, built from a completed result: one shared time axis, each with a text alternative."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interview_analysis.web.charts import Axis, Chart, Interval, Lane, Series, clock, lanes, lines, stacked_area

EMOTIONS = (
    ("happy", "기쁨", "s-happy"),
    ("neutral", "무표정", "s-neutral"),
    ("surprise", "놀람", "s-surprise"),
    ("sad", "슬픔", "s-sad"),
    ("fear", "두려움", "s-fear"),
    ("angry", "화남", "s-angry"),
    ("disgust", "혐오", "s-disgust"),
)

EVENT_LANES = {
    "phone": "휴대전화",
    "multiple_person": "다른 사람",
    "multiple_face": "여러 얼굴",
    "no_face": "얼굴 없음",
}
"""Short lane labels; the caption keeps each event's full Korean label."""


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    title: str
    chart: Chart
    caption: str  # the text alternative: the key figures in words
    has_data: bool
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, css)


def _rows(result: dict[str, Any], section: str) -> list[dict[str, Any]]:
    timeline = (result.get(section) or {}).get("timeline")
    return [r for r in timeline if isinstance(r, dict) and "t" in r] if isinstance(timeline, list) else []


def _intervals(value: Any) -> list[Interval]:
    out: list[Interval] = []
    for item in value or []:
        if isinstance(item, list | tuple) and len(item) == 2:
            out.append((float(item[0]), float(item[1])))
        elif isinstance(item, dict) and "start" in item and "end" in item:
            out.append((float(item["start"]), float(item["end"])))
    return out


def _spans(intervals: list[Interval]) -> str:
    if not intervals:
        return "없음"
    shown = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in intervals[:5])
    return shown + (f" 외 {len(intervals) - 5}건" if len(intervals) > 5 else "")


def duration_of(result: dict[str, Any]) -> float:
    media = result.get("media") or {}
    if isinstance(media.get("duration_s"), int | float) and media["duration_s"] > 0:
        return float(media["duration_s"])
    longest = [len(_rows(result, s)) for s in ("emotion_analysis", "eye_tracking", "voice_analysis")]
    return float(max([*longest, 1]))


def emotion_figure(axis: Axis, result: dict[str, Any]) -> Figure:
    rows = _rows(result, "emotion_analysis")
    measured = [r for r in rows if r.get("happy") is not None]
    means = (result.get("emotion_analysis") or {}).get("emotions") or {}
    top = sorted(((means.get(k) or 0.0, name) for k, name, _ in EMOTIONS), reverse=True)[:3]
    caption = f"{len(measured)}초 측정. 평균: " + ", ".join(f"{name} {100 * v:.0f}%" for v, name in top)
    return Figure(
        "emotion",
        "감정 확률 (초 단위, 누적)",
        stacked_area(axis, rows, EMOTIONS),
        caption,
        bool(measured),
        [(name, css) for _, name, css in EMOTIONS],
    )


def gaze_figure(axis: Axis, result: dict[str, Any]) -> Figure:
    eye = result.get("eye_tracking") or {}
    rows = _rows(result, "eye_tracking")
    points = [(float(r["t"]), None if r.get("on_screen") is None else 100 * float(r["on_screen"])) for r in rows]
    episodes = _intervals(eye.get("off_screen_episodes"))
    ratio = eye.get("on_screen_ratio")
    caption = (
        f"화면 응시 비율 {100 * ratio:.0f}%" if isinstance(ratio, int | float) else "화면 응시 비율 측정 안 됨"
    ) + f". 화면 밖 응시 구간: {_spans(episodes)}"
    svg = lines(axis, [Series("화면 응시", points, "s-gaze")], 0, 100, "%", [Lane("화면 밖 응시", episodes, "b-off")])
    legend = [("화면 응시 비율", "s-gaze"), ("화면 밖 응시", "b-off")]
    return Figure("gaze", "시선: 화면 응시", svg, caption, any(v is not None for _, v in points), legend)


def presence_figure(axis: Axis, result: dict[str, Any]) -> Figure:
    eye = result.get("eye_tracking") or {}
    integrity = result.get("integrity") or {}
    none = _intervals(eye.get("no_face_intervals") or integrity.get("no_face_intervals"))
    many = _intervals(eye.get("multiple_face_intervals") or integrity.get("multiple_face_intervals"))
    rows = _rows(result, "eye_tracking")
    one = [(float(r["t"]), float(r["t"]) + 1) for r in rows if r.get("face_count") == 1]
    ratio = eye.get("face_presence_ratio")
    caption = (
        f"얼굴 인식 비율 {100 * ratio:.0f}%. " if isinstance(ratio, int | float) else ""
    ) + f"얼굴 없음: {_spans(none)}. 여러 얼굴: {_spans(many)}"
    rows_ = [
        Lane("한 얼굴", _merge(one), "b-face"),
        Lane("얼굴 없음", none, "b-none"),
        Lane("여러 얼굴", many, "b-many"),
    ]
    return Figure("presence", "얼굴 인식", lanes(axis, rows_), caption, bool(rows), [(r.label, r.css) for r in rows_])


def head_figure(axis: Axis, result: dict[str, Any]) -> Figure:
    eye = result.get("eye_tracking") or {}
    rows = _rows(result, "eye_tracking")
    yaw = [(float(r["t"]), r.get("yaw")) for r in rows]
    pitch = [(float(r["t"]), r.get("pitch")) for r in rows]
    movement = eye.get("head_movement") or {}
    speed = movement.get("mean_speed_deg_s")
    caption = "고개 좌우(yaw)·상하(pitch) 각도." + (
        f" 평균 움직임 {speed:g}°/초 ({movement.get('level')})." if isinstance(speed, int | float) else ""
    )
    series = [Series("좌우 (yaw)", yaw, "s-yaw"), Series("상하 (pitch)", pitch, "s-pitch")]
    has = any(v is not None for _, v in yaw)
    return Figure(
        "head", "머리 움직임 (도)", lines(axis, series, -30, 30, "°"), caption, has, [(s.label, s.css) for s in series]
    )


def voice_figures(axis: Axis, result: dict[str, Any]) -> list[Figure]:
    voice = result.get("voice_analysis") or {}
    rows = _rows(result, "voice_analysis")
    level = [(float(r["t"]), r.get("level_dbfs")) for r in rows]
    pitch = [(float(r["t"]), r.get("f0_hz")) for r in rows]
    pauses = _intervals(voice.get("long_pauses"))
    quiet = _merge([(float(r["t"]), float(r["t"]) + 1) for r in rows if r.get("voiced") is False])
    bands = [Lane("무음(초)", quiet, "b-quiet"), Lane("긴 멈춤", pauses, "b-pause")]
    mean = voice.get("level_mean_dbfs")
    level_caption = (f"평균 음량 {mean:g} dBFS. " if isinstance(mean, int | float) else "") + (
        f"멈춤 {voice.get('pause_count')}회, 긴 멈춤: {_spans(pauses)}"
    )
    f0 = voice.get("f0_median_hz")
    spread = voice.get("f0_variation_st")
    pitch_caption = (f"음높이 중앙값 {f0:g} Hz" if isinstance(f0, int | float) else "음높이 측정 안 됨") + (
        f", 변화 폭 {spread:g} 반음" if isinstance(spread, int | float) else ""
    )
    voiced = [v for _, v in pitch if isinstance(v, int | float)]
    top = max(300.0, max(voiced, default=0.0) + 20)
    return [
        Figure(
            "level",
            "음성: 음량 (dBFS)과 멈춤",
            lines(axis, [Series("음량", level, "s-level")], -60, 0, "", bands),
            level_caption,
            any(v is not None for _, v in level),
            [("음량", "s-level"), ("무음", "b-quiet"), ("긴 멈춤", "b-pause")],
        ),
        Figure(
            "pitch",
            "음성: 음높이 (Hz)",
            lines(axis, [Series("음높이", pitch, "s-pitch")], 50, round(top, -1), "", bands[1:]),
            pitch_caption,
            bool(voiced),
            [("음높이", "s-pitch"), ("긴 멈춤", "b-pause")],
        ),
    ]


def integrity_figure(axis: Axis, result: dict[str, Any]) -> Figure:
    integrity = result.get("integrity") or {}
    events = [e for e in integrity.get("integrity_events") or [] if isinstance(e, dict)]
    kinds: dict[str, list[Interval]] = {}
    names: dict[str, str] = {}
    for event in events:
        kinds.setdefault(str(event.get("type")), []).extend(_intervals([event]))
        names[str(event.get("type"))] = str(event.get("label") or event.get("type"))
    measured = integrity.get("status") == "measured"
    # The checked span is drawn too, so a clean answer reads as "checked, nothing found", not as no data.
    checked = [Lane("검사한 구간", [(0.0, axis.duration_s)] if measured else [], "b-checked")]
    rows_ = checked + [Lane(EVENT_LANES.get(k, names[k]), v, f"b-{k}") for k, v in kinds.items()]
    caption = f"사건 {len(events)}건" + (
        ": " + "; ".join(f"{names[k]} {_spans(v)}" for k, v in kinds.items()) if events else " (검토할 장면 없음)"
    )
    return Figure(
        "integrity",
        "화면 점검 사건",
        lanes(axis, rows_),
        caption,
        measured or bool(events),
        [(r.label, r.css) for r in rows_],
    )


def _merge(intervals: list[Interval]) -> list[Interval]:
    """Adjacent one-second cells into runs, so a lane draws a few bars instead of hundreds."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 1e-6:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def timeline_figures(result: dict[str, Any]) -> tuple[Axis, list[Figure]]:
    axis = Axis(duration_of(result))
    figures = [emotion_figure(axis, result), gaze_figure(axis, result), presence_figure(axis, result)]
    figures += [head_figure(axis, result), *voice_figures(axis, result), integrity_figure(axis, result)]
    return axis, figures

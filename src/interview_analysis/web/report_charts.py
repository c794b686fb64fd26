"""The report's timelines, built from a completed result: one shared time axis, each with a text alternative."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_analysis.results import AnalysisResult, Emotions, EmotionSecond, SectionStatus
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


def _shares(emotions: Emotions | EmotionSecond) -> dict[str, float | None]:
    """The expression probabilities by name (the keys of ``EMOTIONS``)."""
    return {
        "happy": emotions.happy,
        "neutral": emotions.neutral,
        "surprise": emotions.surprise,
        "sad": emotions.sad,
        "fear": emotions.fear,
        "angry": emotions.angry,
        "disgust": emotions.disgust,
    }


def _intervals(value: list[Interval] | None) -> list[Interval]:
    return list(value or [])


def _spans(intervals: list[Interval]) -> str:
    if not intervals:
        return "없음"
    shown = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in intervals[:5])
    return shown + (f" 외 {len(intervals) - 5}건" if len(intervals) > 5 else "")


def duration_of(result: AnalysisResult) -> float:
    if result.media.duration_s > 0:
        return float(result.media.duration_s)
    eye, emotion, voice = result.eye_tracking, result.emotion_analysis, result.voice_analysis
    longest = [
        len(emotion.timeline) if emotion else 0,
        len(eye.timeline or []) if eye else 0,
        len(voice.timeline) if voice else 0,
    ]
    return float(max([*longest, 1]))


def emotion_figure(axis: Axis, result: AnalysisResult) -> Figure:
    emotion = result.emotion_analysis
    rows = emotion.timeline if emotion else []
    measured = [r for r in rows if r.happy is not None]
    means = _shares(emotion.emotions) if emotion and emotion.emotions else {}
    top = sorted(((means.get(k) or 0.0, name) for k, name, _ in EMOTIONS), reverse=True)[:3]
    caption = f"{len(measured)}초 측정. 평균: " + ", ".join(f"{name} {100 * v:.0f}%" for v, name in top)
    return Figure(
        "emotion",
        "감정 확률 (초 단위, 누적)",
        stacked_area(axis, [{"t": float(r.t), **_shares(r)} for r in rows], EMOTIONS),
        caption,
        bool(measured),
        [(name, css) for _, name, css in EMOTIONS],
    )


def gaze_figure(axis: Axis, result: AnalysisResult) -> Figure:
    eye = result.eye_tracking
    rows = (eye.timeline or []) if eye else []
    points = [(float(r.t), None if r.on_screen is None else 100 * float(r.on_screen)) for r in rows]
    episodes = _intervals(eye.off_screen_episodes if eye else None)
    ratio = eye.on_screen_ratio if eye else None
    caption = (
        f"화면 응시 비율 {100 * ratio:.0f}%" if ratio is not None else "화면 응시 비율 측정 안 됨"
    ) + f". 화면 밖 응시 구간: {_spans(episodes)}"
    svg = lines(axis, [Series("화면 응시", points, "s-gaze")], 0, 100, "%", [Lane("화면 밖 응시", episodes, "b-off")])
    legend = [("화면 응시 비율", "s-gaze"), ("화면 밖 응시", "b-off")]
    return Figure("gaze", "시선: 화면 응시", svg, caption, any(v is not None for _, v in points), legend)


def presence_figure(axis: Axis, result: AnalysisResult) -> Figure:
    eye, integrity = result.eye_tracking, result.integrity
    none = _intervals((eye.no_face_intervals if eye else None) or (integrity.no_face_intervals if integrity else None))
    many = _intervals(
        (eye.multiple_face_intervals if eye else None) or (integrity.multiple_face_intervals if integrity else None)
    )
    rows = (eye.timeline or []) if eye else []
    one = [(float(r.t), float(r.t) + 1) for r in rows if r.face_count == 1]
    ratio = eye.face_presence_ratio if eye else None
    caption = (
        f"얼굴 인식 비율 {100 * ratio:.0f}%. " if ratio is not None else ""
    ) + f"얼굴 없음: {_spans(none)}. 여러 얼굴: {_spans(many)}"
    rows_ = [
        Lane("한 얼굴", _merge(one), "b-face"),
        Lane("얼굴 없음", none, "b-none"),
        Lane("여러 얼굴", many, "b-many"),
    ]
    return Figure("presence", "얼굴 인식", lanes(axis, rows_), caption, bool(rows), [(r.label, r.css) for r in rows_])


def head_figure(axis: Axis, result: AnalysisResult) -> Figure:
    eye = result.eye_tracking
    rows = (eye.timeline or []) if eye else []
    yaw = [(float(r.t), r.yaw) for r in rows]
    pitch = [(float(r.t), r.pitch) for r in rows]
    movement = eye.head_movement if eye else None
    caption = "고개 좌우(yaw)·상하(pitch) 각도." + (
        f" 평균 움직임 {movement.mean_speed_deg_s:g}°/초 ({movement.level})." if movement else ""
    )
    series = [Series("좌우 (yaw)", yaw, "s-yaw"), Series("상하 (pitch)", pitch, "s-pitch")]
    has = any(v is not None for _, v in yaw)
    return Figure(
        "head", "머리 움직임 (도)", lines(axis, series, -30, 30, "°"), caption, has, [(s.label, s.css) for s in series]
    )


def voice_figures(axis: Axis, result: AnalysisResult) -> list[Figure]:
    voice = result.voice_analysis
    rows = voice.timeline if voice else []
    level = [(float(r.t), r.level_dbfs) for r in rows]
    pitch = [(float(r.t), r.f0_hz) for r in rows]
    pauses = _intervals(voice.long_pauses if voice else None)
    quiet = _merge([(float(r.t), float(r.t) + 1) for r in rows if not r.voiced])
    bands = [Lane("무음(초)", quiet, "b-quiet"), Lane("긴 멈춤", pauses, "b-pause")]
    mean = voice.level_mean_dbfs if voice else None
    level_caption = (f"평균 음량 {mean:g} dBFS. " if mean is not None else "") + (
        f"멈춤 {voice.pause_count if voice else None}회, 긴 멈춤: {_spans(pauses)}"
    )
    f0 = voice.f0_median_hz if voice else None
    spread = voice.f0_variation_st if voice else None
    pitch_caption = (f"음높이 중앙값 {f0:g} Hz" if f0 is not None else "음높이 측정 안 됨") + (
        f", 변화 폭 {spread:g} 반음" if spread is not None else ""
    )
    voiced = [v for _, v in pitch if v is not None]
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


def integrity_figure(axis: Axis, result: AnalysisResult) -> Figure:
    integrity = result.integrity
    events = integrity.integrity_events if integrity else []
    kinds: dict[str, list[Interval]] = {}
    names: dict[str, str] = {}
    for event in events:
        kind = event.type.value
        kinds.setdefault(kind, []).append((event.start, event.end))
        names[kind] = event.label or kind
    measured = integrity is not None and integrity.status == SectionStatus.MEASURED
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


def timeline_figures(result: AnalysisResult) -> tuple[Axis, list[Figure]]:
    axis = Axis(duration_of(result))
    figures = [emotion_figure(axis, result), gaze_figure(axis, result), presence_figure(axis, result)]
    figures += [head_figure(axis, result), *voice_figures(axis, result), integrity_figure(axis, result)]
    return axis, figures

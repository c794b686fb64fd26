"""Which score each result section carries, and its ``score_breakdown`` as readable "why this number" rows.

The report's score cards and the progress figures both read scores through ``SCORES``, so a
section added here shows up in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_analysis.results import (
    AnalysisResult,
    EmotionAnalysis,
    EyeTracking,
    Integrity,
    SectionStatus,
    VoiceAnalysis,
)

ScoredSection = EmotionAnalysis | EyeTracking | VoiceAnalysis | Integrity


@dataclass(frozen=True, slots=True)
class ScoreSpec:
    key: str  # the name used in progress JSON
    section: str  # the result section: an attribute of ``AnalysisResult``
    field: str  # the score: an attribute of that section
    band_field: str
    max: float
    title: str
    breakdown_path: tuple[str, ...] = ()  # where this score's breakdown sits inside ``score_breakdown``


SCORES: tuple[ScoreSpec, ...] = (
    ScoreSpec("emotion", "emotion_analysis", "interview_score", "interview_band", 60.0, "표정"),
    ScoreSpec("attention", "eye_tracking", "attention_score", "attention_band", 100.0, "시선"),
    ScoreSpec("voice", "voice_analysis", "voice_score", "voice_band", 100.0, "음성 전달", ("voice_score",)),
    ScoreSpec("integrity", "integrity", "integrity_score", "integrity_band", 100.0, "화면 점검"),
)

LABELS_KO = {
    "on_screen_ratio": "화면 응시 비율",
    "face_presence_ratio": "얼굴 인식 비율",
    "gaze_stability": "시선 안정성",
    "positivity": "긍정적 표정",
    "composure": "부정적 표정 절제",
    "steadiness": "표정 안정성",
    "speech_rate": "말하기 속도",
    "pauses": "멈춤",
    "intonation": "억양",
    "loudness": "음량",
    "phone": "휴대전화",
    "other_person": "다른 사람",
    "absence": "자리 비움",
    "value": "측정값",
    "weight": "가중치",
    "points": "점수",
    "max": "만점",
    "full_at": "만점 기준",
    "zero_at": "0점 기준",
    "score": "점수",
    "inputs": "입력",
    "thresholds": "기준",
    "formula": "계산식",
    "flagged_s": "해당 시간(초)",
    "cap": "최대 감점",
    "full_s": "최대 감점 시간(초)",
    "points_lost": "감점",
    "checked": "검사함",
    "label": "판정",
    "z": "표준점수",
    "norm": "기준 분포",
    "events": "사건",
    "weights": "가중치",
    "settings": "설정",
    "baseline": "기준 방향",
    "gaze_spread_deg": "시선 분산(도)",
}
_SKIP = {"band", "bands", "components", "formula", "label"}


@dataclass(frozen=True, slots=True)
class WhyRow:
    term: str
    detail: str


@dataclass(frozen=True, slots=True)
class ScoreCard:
    spec: ScoreSpec
    score: float | None
    band: str | None
    status: SectionStatus | None
    message: str | None
    formula: str | None
    why: list[WhyRow]

    @property
    def percent(self) -> float:
        return 0.0 if self.score is None else max(0.0, min(100.0, 100.0 * self.score / self.spec.max))


def label(name: str) -> str:
    return LABELS_KO.get(name, name)


def describe(value: Any) -> str:
    """One line for a breakdown value: numbers trimmed, dicts as "이름 값" pairs, lists joined."""
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{label(k)} {describe(v)}" for k, v in value.items() if k not in _SKIP)
    if isinstance(value, list):
        return ", ".join(describe(v) for v in value)
    return str(value)


def why_rows(breakdown: dict[str, Any]) -> list[WhyRow]:
    rows = []
    for name, part in (breakdown.get("components") or {}).items():
        term = part.get("label") if isinstance(part, dict) and name not in LABELS_KO else label(name)
        detail = describe(part)
        if isinstance(part, dict) and part.get("formula"):
            detail = f"{detail} ({part['formula']})"
        rows.append(WhyRow(str(term), detail))
    for name, value in breakdown.items():
        if name not in _SKIP and name not in ("max", "score") and value not in (None, {}, []):
            rows.append(WhyRow(label(name), describe(value)))
    return rows


def dig(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for step in path:
        found = data.get(step) if isinstance(data, dict) else None
        data = found if isinstance(found, dict) else {}
    return data


def section_of(result: AnalysisResult, spec: ScoreSpec) -> ScoredSection | None:
    """The section that carries ``spec``'s score, or None when the analysis has none."""
    section = getattr(result, spec.section, None)
    return section if isinstance(section, ScoredSection) else None


def _text(section: ScoredSection, name: str) -> str | None:
    value = getattr(section, name, None)
    return value if isinstance(value, str) else None


def score_of(result: AnalysisResult, spec: ScoreSpec) -> float | None:
    section = section_of(result, spec)
    value = getattr(section, spec.field, None) if section is not None else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def score_cards(result: AnalysisResult) -> list[ScoreCard]:
    cards = []
    for spec in SCORES:
        section = section_of(result, spec)
        if section is None:
            continue
        breakdown = dig(section.score_breakdown or {}, spec.breakdown_path)
        cards.append(
            ScoreCard(
                spec=spec,
                score=score_of(result, spec),
                band=_text(section, spec.band_field) or breakdown.get("band"),
                status=section.status,
                message=section.message,
                formula=breakdown.get("formula"),
                why=why_rows(breakdown),
            )
        )
    return cards

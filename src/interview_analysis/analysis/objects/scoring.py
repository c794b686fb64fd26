"""The integrity score: 100 minus capped penalties for what was seen, each traceable to its events.

``integrity_score = 100 − Σ cap × min(1, flagged_seconds / full_s)``, one term per kind of finding
(docs/integrity.md). A term saturates: ten seconds of a phone in view costs as much as ten minutes,
because what matters is that it happened and where, which the events give to the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_analysis.results import EventSource, EventType, IntegrityEvent

EVENT_LABELS_KO = {
    EventType.PHONE: "휴대전화가 화면에 보임",
    EventType.MULTIPLE_PERSON: "응시자 외 다른 사람이 화면에 보임",
    EventType.MULTIPLE_FACE: "얼굴이 두 개 이상 보임",
    EventType.NO_FACE: "응시자의 얼굴이 보이지 않음",
}


@dataclass(frozen=True, slots=True)
class Event:
    type: EventType
    start: float
    end: float
    confidence: float
    source: EventSource

    def as_model(self) -> IntegrityEvent:
        return IntegrityEvent(
            type=self.type,
            start=self.start,
            end=self.end,
            confidence=round(self.confidence, 3),
            source=self.source,
            label=EVENT_LABELS_KO[self.type],
        )


@dataclass(frozen=True, slots=True)
class Penalty:
    """``cap`` points are lost once the finding covers ``full_s`` seconds; proportionally before."""

    cap: float
    full_s: float
    events: tuple[EventType, ...]  # overlapping events of these types count once


# Another person in view is one finding whether the detector or the face pass saw it.
PENALTIES: dict[str, Penalty] = {
    "phone": Penalty(cap=40.0, full_s=10.0, events=(EventType.PHONE,)),
    "other_person": Penalty(cap=35.0, full_s=10.0, events=(EventType.MULTIPLE_PERSON, EventType.MULTIPLE_FACE)),
    "absence": Penalty(cap=25.0, full_s=30.0, events=(EventType.NO_FACE,)),
}
OBJECT_EVENTS = frozenset({EventType.PHONE, EventType.MULTIPLE_PERSON})

BANDS = ((90.0, "이상 없음"), (70.0, "경미"), (50.0, "주의"), (0.0, "검토 필요"))
FORMULA = "100 − Σ cap × min(1, flagged_s / full_s); phone 40/10 s, other_person 35/10 s, absence 25/30 s"


def band(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


def covered_seconds(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of ``[start, end]`` intervals: overlaps count once."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def union_intervals(intervals: list[list[float]]) -> list[list[float]]:
    """``[start, end]`` intervals merged where they overlap or touch, sorted by start."""
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def integrity(events: list[Event], objects_checked: bool) -> tuple[float, dict[str, Any]]:
    """Score and breakdown. Without the object check, its findings are unknown, not absent: they cost nothing
    and the breakdown says they were not checked."""
    components: dict[str, Any] = {}
    for name, rule in PENALTIES.items():
        types = [t for t in rule.events if objects_checked or t not in OBJECT_EVENTS]
        if not types:
            components[name] = {"checked": False, "cap": rule.cap, "full_s": rule.full_s, "points_lost": 0.0}
            continue
        seconds = covered_seconds([(e.start, e.end) for e in events if e.type in types])
        lost = rule.cap * min(1.0, seconds / rule.full_s)
        components[name] = {
            "checked": True,
            "events": [t.value for t in types],
            "flagged_s": round(seconds, 2),
            "cap": rule.cap,
            "full_s": rule.full_s,
            "points_lost": round(lost, 1),
        }
    score = round(max(0.0, 100.0 - sum(c["points_lost"] for c in components.values())), 1)
    return score, {
        "formula": FORMULA,
        "components": components,
        "band": band(score),
        "bands": [{"min": floor, "label": label} for floor, label in BANDS],
    }

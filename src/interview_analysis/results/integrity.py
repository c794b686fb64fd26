"""The ``integrity`` section: persons and phones in view, face presence, one explainable score."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from interview_analysis.results.base import Interval, ResultModel, SectionCode, SectionStatus


class EventType(StrEnum):
    PHONE = "phone"
    MULTIPLE_PERSON = "multiple_person"
    MULTIPLE_FACE = "multiple_face"
    NO_FACE = "no_face"


class EventSource(StrEnum):
    OBJECTS = "yolo"  # the person/phone detector
    FACES = "face_mesh"  # the shared landmark pass


class IntegrityEvent(ResultModel):
    type: EventType
    start: float
    end: float
    confidence: float
    source: EventSource
    label: str  # Korean, for the feedback


class ObjectCheck(ResultModel):
    """``measured`` with what ran, or ``skipped`` with the reason (English) and a Korean message."""

    status: SectionStatus
    backend: str | None = None
    weights: str | None = None
    frames_checked: int | None = None
    detector_runs: int | None = None
    check_fps: float | None = None
    idle_stride: int | None = None
    imgsz: int | None = None
    person_imgsz: int | None = None
    reason: str | None = None
    message: str | None = None


class Integrity(ResultModel):
    """Observations for a reviewer, not verdicts; the detector fields are null when it was skipped."""

    status: SectionStatus  # measured | not_measurable
    code: SectionCode | None = None
    message: str | None = None
    integrity_score: float | None = None
    integrity_band: str | None = None
    score_breakdown: dict[str, Any] | None = None
    integrity_events: list[IntegrityEvent] = Field(default_factory=list)
    other_person_intervals: list[Interval] | None = None
    person_count_max: int | None = None
    multiple_person_intervals: list[Interval] | None = None
    multiple_person_share: float | None = None
    phone_intervals: list[Interval] | None = None
    no_face_intervals: list[Interval] | None = None
    multiple_face_intervals: list[Interval] | None = None
    object_check: ObjectCheck | None = None

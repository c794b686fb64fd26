"""``AnalysisResult``: the whole completed analysis, as stores keep it and the API serves it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from interview_analysis.results.base import LENIENT, ResultModel
from interview_analysis.results.face import EmotionAnalysis, EyeTracking
from interview_analysis.results.integrity import Integrity
from interview_analysis.results.transcript import Transcript
from interview_analysis.results.voice import VoiceAnalysis

SCHEMA_VERSION = 2
"""1: the same JSON as a dict without a model; 2: built from these models (the JSON did not change)."""


class Media(ResultModel):
    """What the decode pass measured; every figure is read from the file, none assumed."""

    container: str
    size_bytes: int
    video_codec: str
    width: int
    height: int
    declared_duration_s: float | None = None
    duration_s: float
    fps_measured: float
    frames_read: int
    frames_sampled: int
    sample_fps: float
    has_audio: bool
    audio_codec: str | None = None
    audio_sample_rate: int
    audio_duration_s: float


class ResultWarning(ResultModel):
    code: str  # TRUNCATED
    message: str  # Korean


class AnalysisResult(ResultModel):
    """Each section is absent when its analyzer is not configured; ``timings_s`` and ``cpu_s`` vary by run."""

    schema_version: int = SCHEMA_VERSION
    media: Media
    warnings: list[ResultWarning] = Field(default_factory=list)
    eye_tracking: EyeTracking | None = None
    emotion_analysis: EmotionAnalysis | None = None
    voice_analysis: VoiceAnalysis | None = None
    integrity: Integrity | None = None
    transcript: Transcript | None = None
    timings_s: dict[str, float] = Field(default_factory=dict)
    cpu_s: dict[str, float] = Field(default_factory=dict)

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> AnalysisResult:
        """A stored row of any version: what this version knows is kept, the rest dropped."""
        return cls.model_validate(data, context=LENIENT)

"""The ``voice_analysis`` section: delivery measured from the sound alone, no words needed."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from interview_analysis.results.base import Interval, ResultModel, SectionStatus


class VoiceSecond(ResultModel):
    t: int
    voiced: bool
    level_dbfs: float | None = None
    f0_hz: float | None = None


class VoiceAnalysis(ResultModel):
    """Pace, pauses, loudness and intonation; the figures are null unless ``status`` is measured."""

    status: SectionStatus  # measured | absent | no_speech
    message: str
    audio_duration_s: float
    speech_rate_sps: float | None = None
    speech_rate_spm: float | None = None
    articulation_rate_sps: float | None = None
    syllable_count: int | None = None
    speaking_time_s: float | None = None
    phonation_time_s: float | None = None
    time_to_first_word_s: float | None = None
    pause_count: int | None = None
    pause_mean_s: float | None = None
    pause_longest_s: float | None = None
    silence_ratio: float | None = None
    long_pauses: list[Interval] | None = None
    level_mean_dbfs: float | None = None
    level_variation_db: float | None = None
    clipping_ratio: float | None = None
    f0_median_hz: float | None = None
    f0_variation_st: float | None = None
    monotone: bool | None = None
    speech_rate_score: float | None = None
    speech_rate_band: str | None = None
    voice_score: float | None = None
    voice_band: str | None = None
    score_breakdown: dict[str, Any] = Field(default_factory=dict)
    timeline: list[VoiceSecond] = Field(default_factory=list)

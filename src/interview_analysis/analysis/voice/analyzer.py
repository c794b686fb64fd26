"""The ``voice_analysis`` section: speech activity, rate, pauses, loudness, pitch and their scores.

Voice needs no pixels: it is an audio pass, run on the 16 kHz mono track as soon as it is decoded. A file without an
audio track, or one that never speaks, completes with a status and a Korean
message instead of failing the whole analysis.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.voice import scoring
from interview_analysis.analysis.voice.loudness import loudness_stats
from interview_analysis.analysis.voice.pauses import pause_stats
from interview_analysis.analysis.voice.pitch import pitch_stats, track_pitch
from interview_analysis.analysis.voice.spans import merge_gaps
from interview_analysis.analysis.voice.syllables import rate_stats, syllable_nuclei
from interview_analysis.analysis.voice.timeline import per_second
from interview_analysis.analysis.voice.vad import SAMPLE_RATE, load_vad, speech_spans
from interview_analysis.config import Settings
from interview_analysis.results import SectionStatus, VoiceAnalysis, VoiceSecond
from interview_analysis.results.messages import VOICE_MESSAGES_KO

log = structlog.get_logger(__name__)

T = TypeVar("T")

SILENT_PEAK = 10.0 ** (-90.0 / 20.0)  # below -90 dBFS the track is digital silence: skip the model
MIN_PITCH_S = 1.0  # too little voiced sound to call the melody monotone or not


FIGURES = (
    "speech_rate_sps",
    "speech_rate_spm",
    "articulation_rate_sps",
    "syllable_count",
    "speaking_time_s",
    "phonation_time_s",
    "time_to_first_word_s",
    "pause_count",
    "pause_mean_s",
    "pause_longest_s",
    "silence_ratio",
    "long_pauses",
    "level_mean_dbfs",
    "level_variation_db",
    "clipping_ratio",
    "f0_median_hz",
    "f0_variation_st",
    "monotone",
    "speech_rate_score",
    "speech_rate_band",
    "voice_score",
    "voice_band",
)


@dataclass(frozen=True, slots=True)
class VoiceReport:
    result: VoiceAnalysis
    timings_ms: dict[str, float]


def _opt(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


class VoiceAnalyzer:
    name = "voice_analysis"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings.voice
        self._model_path = settings.vad_model_path

    def analyse_audio(self, audio: NDArray[np.float32]) -> VoiceAnalysis:
        """The section from the 16 kHz mono track alone; an empty track is a file without audio."""
        if audio.size == 0:
            return self._unmeasured(SectionStatus.ABSENT, 0.0, [])
        report = self.analyze(audio)
        log.info("analysis.voice.done", status=report.result.status.value, timings_ms=report.timings_ms)
        return report.result

    def analyze(self, audio: NDArray[np.float32]) -> VoiceReport:
        """Every figure of one 16 kHz mono track, with the milliseconds each step took."""
        timings: dict[str, float] = {}

        def timed(step: str, fn: Callable[[], T]) -> T:
            start = time.perf_counter()
            value = fn()
            timings[step] = round((time.perf_counter() - start) * 1000.0, 2)
            return value

        cfg = self._settings
        duration = audio.size / SAMPLE_RATE
        if audio.size == 0 or max(float(audio.max()), -float(audio.min())) < SILENT_PEAK:  # no |audio| copy
            silent = per_second(audio, SAMPLE_RATE, track_pitch(audio, SAMPLE_RATE, []))
            return VoiceReport(self._unmeasured(SectionStatus.NO_SPEECH, duration, silent), timings)
        vad = timed("vad_load", lambda: load_vad(self._model_path))
        probs = timed("vad", lambda: vad.probabilities(audio))
        speech = merge_gaps(speech_spans(probs, cfg.vad_threshold, duration), cfg.min_pause_s)
        pitch = timed("pitch", lambda: track_pitch(audio, SAMPLE_RATE, speech))
        timeline = timed("timeline", lambda: per_second(audio, SAMPLE_RATE, pitch))
        if not speech:
            return VoiceReport(self._unmeasured(SectionStatus.NO_SPEECH, duration, timeline), timings)
        nuclei = timed("syllables", lambda: syllable_nuclei(audio, SAMPLE_RATE, speech, pitch))
        loud = timed("loudness", lambda: loudness_stats(audio, SAMPLE_RATE, speech))
        rate = rate_stats(nuclei, speech)
        pauses = pause_stats(speech, cfg.long_pause_s)
        tone = pitch_stats(pitch)
        monotone = (
            None
            if tone.variation_st is None or tone.voiced_s < MIN_PITCH_S
            else tone.variation_st < cfg.monotone_max_st
        )

        rate_part = scoring.speech_rate_score(rate.speech_rate_spm)
        parts = {
            "speech_rate": rate_part,
            "pauses": scoring.pause_score(pauses.silence_ratio, len(pauses.long_pauses), rate.speaking_s),
            "loudness": scoring.loudness_score(loud.mean_dbfs, loud.clipping_ratio),
        }
        if monotone is not None and tone.variation_st is not None:
            parts["intonation"] = scoring.intonation_score(tone.variation_st)
        voice, voice_detail = scoring.voice_score(parts)
        figures: dict[str, Any] = {
            "speech_rate_sps": round(rate.speech_rate_sps, 3),
            "speech_rate_spm": round(rate.speech_rate_spm, 1),
            "articulation_rate_sps": round(rate.articulation_rate_sps, 3),
            "syllable_count": rate.syllables,
            "speaking_time_s": round(rate.speaking_s, 3),
            "phonation_time_s": round(rate.phonation_s, 3),
            "time_to_first_word_s": round(pauses.time_to_first_word_s, 3),
            "pause_count": pauses.count,
            "pause_mean_s": round(pauses.mean_s, 3),
            "pause_longest_s": round(pauses.longest_s, 3),
            "silence_ratio": round(pauses.silence_ratio, 4),
            "long_pauses": [[round(p.start_s, 3), round(p.end_s, 3)] for p in pauses.long_pauses],
            "level_mean_dbfs": round(loud.mean_dbfs, 2),
            "level_variation_db": round(loud.variation_db, 2),
            "clipping_ratio": round(loud.clipping_ratio, 6),
            "f0_median_hz": _opt(tone.median_hz, 1),
            "f0_variation_st": _opt(tone.variation_st, 3),
            "monotone": monotone,
            "speech_rate_score": rate_part[0],
            "speech_rate_band": scoring.band(rate_part[0]),
            "voice_score": voice,
            "voice_band": scoring.band(voice),
        }
        result = VoiceAnalysis(
            status=SectionStatus.MEASURED,
            message=self._summary(figures, rate_part[1]["label"], cfg.long_pause_s),
            audio_duration_s=round(duration, 3),
            **figures,
            score_breakdown={
                "speech_rate_score": rate_part[1],
                "voice_score": voice_detail,
                "settings": {
                    "vad_threshold": cfg.vad_threshold,
                    "min_pause_s": cfg.min_pause_s,
                    "long_pause_s": cfg.long_pause_s,
                    "monotone_max_st": cfg.monotone_max_st,
                },
            },
            timeline=timeline,
        )
        return VoiceReport(result, timings)

    @staticmethod
    def _summary(figures: dict[str, Any], rate_label: str, long_pause_s: float) -> str:
        text = (
            f"음성 전달력 {figures['voice_score']:.0f}점({figures['voice_band']}). "
            f"말하기 속도는 분당 {figures['speech_rate_spm']:.0f}음절로 {rate_label}이며, "
            f"말 사이 멈춤은 {figures['pause_count']}회"
            f"({long_pause_s:g}초 넘는 긴 멈춤 {len(figures['long_pauses'])}회)입니다."
        )
        if figures["monotone"]:
            text += " 억양 변화가 적어 단조롭게 들릴 수 있습니다."
        return text

    @staticmethod
    def _unmeasured(status: SectionStatus, duration: float, timeline: list[VoiceSecond]) -> VoiceAnalysis:
        return VoiceAnalysis(
            status=status,
            message=VOICE_MESSAGES_KO[status],
            audio_duration_s=round(duration, 3),
            **dict.fromkeys(FIGURES),
            score_breakdown={},
            timeline=timeline,
        )

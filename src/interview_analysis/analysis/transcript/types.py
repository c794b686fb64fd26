"""What every speech-recognition backend returns, and how it fails.

The local and the HTTP backend hand back the same ``Transcript``, so the measures and
the result section never know which one ran. Failures are domain errors with a
stable code; the analyzer turns them into a ``failed``/``skipped`` section, never a
failed analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

SAMPLE_RATE = 16_000  # the decode pass resamples every audio track to 16 kHz mono


class TranscriptStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"


class TranscriptCode(StrEnum):
    ASR_DISABLED = "ASR_DISABLED"
    ASR_MODEL_MISSING = "ASR_MODEL_MISSING"
    ASR_TIMEOUT = "ASR_TIMEOUT"
    ASR_FAILED = "ASR_FAILED"
    ASR_BAD_RESPONSE = "ASR_BAD_RESPONSE"
    NO_AUDIO = "NO_AUDIO"


MESSAGES_KO: dict[TranscriptCode, str] = {
    TranscriptCode.ASR_DISABLED: "음성 인식이 꺼져 있어 답변 내용을 분석하지 않았습니다.",
    TranscriptCode.ASR_MODEL_MISSING: (
        "음성 인식 모델이 설치되어 있지 않아 답변 내용을 분석하지 않았습니다. 다른 분석 결과는 그대로 제공됩니다."
    ),
    TranscriptCode.ASR_TIMEOUT: "음성 인식 서버가 제한 시간 안에 응답하지 않아 답변 내용을 분석하지 못했습니다.",
    TranscriptCode.ASR_FAILED: (
        "음성 인식 중 오류가 발생해 답변 내용을 분석하지 못했습니다. 다른 분석 결과는 그대로 제공됩니다."
    ),
    TranscriptCode.ASR_BAD_RESPONSE: "음성 인식 서버의 응답을 해석할 수 없어 답변 내용을 분석하지 못했습니다.",
    TranscriptCode.NO_AUDIO: "영상에 오디오 트랙이 없어 답변 내용을 분석하지 않았습니다.",
}


class TranscriptionError(RuntimeError):
    """A backend could not produce a transcript; ``code`` says why in a stable form."""

    def __init__(self, code: TranscriptCode, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class Word:
    start: float
    end: float
    word: str  # stripped of surrounding spaces; backends differ on leading spaces


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

    def transcribe(self, audio: NDArray[np.float32], duration_s: float) -> Transcript: ...

    def warm_up(self) -> None: ...

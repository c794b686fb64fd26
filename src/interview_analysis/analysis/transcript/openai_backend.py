"""``ASR_BACKEND=openai``: any OpenAI-compatible ``POST /v1/audio/transcriptions``.

OpenAI itself, vLLM, faster-whisper-server or a GPU box on the user's network. The
audio goes up as a 16-bit WAV of the track the decode pass collected; the answer is
``verbose_json`` with segment and, where the server offers them, word times. The raw
body is validated here rather than trusted to the SDK's lenient parsing, so a server
that answers something else gives ``ASR_BAD_RESPONSE`` instead of an empty transcript.
The worker process is synchronous, so this uses the SDK's synchronous client.
"""

from __future__ import annotations

import io
import wave

import numpy as np
import openai
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, ValidationError

from interview_analysis.analysis.transcript.types import (
    SAMPLE_RATE,
    Segment,
    Transcript,
    TranscriptionError,
    Word,
)
from interview_analysis.results import SectionCode


class _Segment(BaseModel):
    model_config = ConfigDict(extra="ignore")
    start: float
    end: float
    text: str
    avg_logprob: float | None = None  # Whisper servers send them in verbose_json; the gate uses them
    no_speech_prob: float | None = None


class _Word(BaseModel):
    model_config = ConfigDict(extra="ignore")
    start: float
    end: float
    word: str


class _Verbose(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str
    language: str | None = None
    segments: list[_Segment] | None = None
    words: list[_Word] | None = None


def wav_bytes(audio: NDArray[np.float32]) -> bytes:
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


_LANGUAGE_NAMES = {"korean": "ko", "english": "en", "japanese": "ja", "chinese": "zh"}


class OpenAITranscriber:
    backend = "openai"

    def __init__(
        self, base_url: str | None, api_key: str | None, model: str, language: str, timeout_s: float, max_retries: int
    ) -> None:
        self._client = openai.OpenAI(
            api_key=api_key or "not-needed", base_url=base_url, timeout=timeout_s, max_retries=max_retries
        )
        self._language = language
        self.model = model

    def warm_up(self) -> None:
        """Nothing to load here; the server is not called before a job needs it."""

    def transcribe(
        self, audio: NDArray[np.float32], duration_s: float, speech_probs: NDArray[np.float32] | None = None
    ) -> Transcript:
        try:
            raw = self._client.audio.transcriptions.with_raw_response.create(
                file=("answer.wav", wav_bytes(audio), "audio/wav"),
                model=self.model,
                language=self._language,
                response_format="verbose_json",
                timestamp_granularities=["segment", "word"],
            )
            body = raw.http_response.content
        except openai.APITimeoutError as exc:
            raise TranscriptionError(SectionCode.ASR_TIMEOUT) from exc
        except (openai.APIStatusError, openai.APIConnectionError) as exc:
            raise TranscriptionError(SectionCode.ASR_FAILED, type(exc).__name__) from exc
        try:
            answer = _Verbose.model_validate_json(body)
        except ValidationError as exc:
            raise TranscriptionError(SectionCode.ASR_BAD_RESPONSE, f"{exc.error_count()} errors") from exc
        return self._transcript(answer, duration_s)

    def _transcript(self, answer: _Verbose, duration_s: float) -> Transcript:
        def clip(t: float) -> float:
            return round(min(max(0.0, t), duration_s), 3)

        segments = tuple(
            Segment(clip(s.start), clip(s.end), s.text.strip(), s.avg_logprob, s.no_speech_prob)
            for s in answer.segments or []
            if s.text.strip()
        )
        if not segments and answer.text.strip():
            segments = (Segment(0.0, round(duration_s, 3), answer.text.strip()),)  # a server without segment times
        words = tuple(Word(clip(w.start), clip(w.end), w.word.strip()) for w in answer.words or [] if w.word.strip())
        language = (answer.language or self._language).lower()
        return Transcript(
            text=" ".join(s.text for s in segments),
            language=_LANGUAGE_NAMES.get(language, language),
            model=self.model,
            segments=segments,
            words=words,
        )

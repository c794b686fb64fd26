"""Speech-recognition backends by name (``ASR_BACKEND``), each built and warmed up once per process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import structlog

from interview_analysis.analysis.transcript.local import WhisperOptions
from interview_analysis.analysis.transcript.types import Transcriber
from interview_analysis.config import AsrBackend, TranscriptSettings

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class AsrConfig:
    """The hashable part of ``TranscriptSettings`` that decides which backend object a process holds."""

    backend: str
    model_dir: Path
    device: str
    compute_type: str
    threads: int
    base_url: str | None
    model: str
    api_key: str | None = field(repr=False)  # never in a log line or a repr
    timeout_s: float
    max_retries: int
    options: WhisperOptions
    vad_model: Path | None = None  # the service's Silero VAD for ``local``; None: faster-whisper's own

    @classmethod
    def from_settings(cls, settings: TranscriptSettings, models_dir: Path, vad_model: Path | None = None) -> AsrConfig:
        return cls(
            backend=settings.asr_backend.value,
            model_dir=settings.model_dir(models_dir).resolve(),
            device=settings.asr_device,
            compute_type=settings.asr_compute_type,
            threads=settings.asr_threads if settings.asr_threads is not None else 1,
            base_url=settings.asr_base_url,
            model=settings.asr_model,
            api_key=settings.asr_api_key.get_secret_value() if settings.asr_api_key else None,
            timeout_s=settings.asr_timeout_s,
            max_retries=settings.asr_max_retries,
            options=WhisperOptions(
                language=settings.asr_language,
                beam_size=settings.asr_beam_size,
                temperature_fallback=settings.asr_temperature_fallback,
                vad_filter=settings.asr_vad_filter,
                compression_ratio_threshold=settings.asr_compression_ratio_threshold,
                no_speech_threshold=settings.asr_no_speech_threshold,
                condition_on_previous_text=settings.asr_condition_on_previous_text,
                no_repeat_ngram_size=settings.asr_no_repeat_ngram_size,
                hotwords=settings.asr_hotwords or None,
                initial_prompt=settings.asr_initial_prompt or None,
            ),
            vad_model=vad_model.resolve() if vad_model is not None else None,
        )


def _local(config: AsrConfig) -> Transcriber:
    from interview_analysis.analysis.transcript.local import LocalWhisper

    return LocalWhisper(
        config.model_dir,
        config.device,
        config.compute_type,
        config.threads,
        config.options,
        config.timeout_s,
        config.vad_model,
    )


def _openai(config: AsrConfig) -> Transcriber:
    from interview_analysis.analysis.transcript.openai_backend import OpenAITranscriber

    return OpenAITranscriber(
        base_url=config.base_url,
        api_key=config.api_key,
        model=config.model,
        language=config.options.language,
        timeout_s=config.timeout_s,
        max_retries=config.max_retries,
    )


# Plug-ins as data: a backend is a name mapped to its loader; loaders import their runtimes lazily.
BACKENDS: dict[str, Callable[[AsrConfig], Transcriber]] = {
    AsrBackend.LOCAL.value: _local,
    AsrBackend.OPENAI.value: _openai,
}


@lru_cache(maxsize=2)
def _load(config: AsrConfig) -> Transcriber:
    transcriber = BACKENDS[config.backend](config)
    transcriber.warm_up()
    log.info("transcript.backend.loaded", backend=config.backend, model=transcriber.model)
    return transcriber


def load_transcriber(
    settings: TranscriptSettings, models_dir: Path, vad_model: Path | None = None
) -> Transcriber | None:
    """The process's transcriber for these settings, or None when ``ASR_BACKEND=none``.

    Raises ``TranscriptionError`` (``ASR_MODEL_MISSING``, ``ASR_FAILED``) when the backend
    cannot be built; failures are not cached, so a model installed later is picked up.
    """
    if settings.asr_backend is AsrBackend.NONE:
        return None
    return _load(AsrConfig.from_settings(settings, models_dir, vad_model))

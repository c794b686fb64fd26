"""The whole analysis of one video, as the worker process and the CLI both run it.

One streaming decode pass that feeds every frame
analyzer, while the audio track (decoded on its own first) is analysed beside it:
speech recognition, the longest stage, starts at once instead of after the last
frame. Then each analyzer's summary. Progress is reported as (stage, 0..1) over the
whole job so a poller sees one bar move forward.

Threads, and why they do not change results: see ``frame_pass.py``. Each model's own
intra-op threads are sized by ``Settings.threads_per_worker`` (cores / WORKER_PROCESSES).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.base import AnswerContext, AudioAnalyzer, FrameAnalyzer, ModelUnavailable
from interview_analysis.analysis.emotion import EmotionAnalyzer, load_classifier
from interview_analysis.analysis.eye.analyzer import EyeTrackingAnalyzer
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.analysis.objects import IntegrityAnalyzer, warm_up_detector
from interview_analysis.analysis.transcript import TranscriptAnalyzer, warm_up_transcriber
from interview_analysis.analysis.voice.analyzer import VoiceAnalyzer
from interview_analysis.analysis.voice.vad import load_vad
from interview_analysis.config import Settings
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.media.audio import decode_audio
from interview_analysis.media.decode import MediaReader
from interview_analysis.pipeline.frame_pass import LANE_NICENESS, run_frame_pass
from interview_analysis.pipeline.stages import (
    POOL_THREADS,
    CpuStage,
    StageClock,
    lower_thread_priority,
    name_thread,
    on_named_thread,
    release_free_memory,
)
from interview_analysis.results import SCHEMA_VERSION, AnalysisResult, Media, ResultModel, ResultWarning
from interview_analysis.storage.models import Stage

MAX_FACES = 2  # the candidate plus one more is enough to flag "someone else is in view"

Reporter = Callable[[Stage, float], None]

# Share of the progress bar each stage owns: decoding dominates the time.
DOWNLOAD_SHARE = (0.0, 0.1)
_DECODE = (0.1, 0.9)
_ANALYSE = 0.9

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class FramePass:
    """Runs per frame, on a lane (a thread) of its own, off the landmarks' critical path."""

    factory: Callable[[Settings], FrameAnalyzer]
    stage: CpuStage


@dataclass(frozen=True, slots=True)
class AudioPass:
    """Needs no pixels: the whole track, as soon as it is decoded; the words are held against the question."""

    factory: Callable[[Settings, AnswerContext], AudioAnalyzer]
    stage: CpuStage


# Analyzers as data: each result section names the class that produces it and its CPU stage.
FRAME_PASSES: dict[str, FramePass] = {
    "eye_tracking": FramePass(EyeTrackingAnalyzer, CpuStage.EYE),
    "emotion_analysis": FramePass(EmotionAnalyzer, CpuStage.EMOTION),
    "integrity": FramePass(IntegrityAnalyzer, CpuStage.OBJECTS),
}
AUDIO_PASSES: dict[str, AudioPass] = {
    "voice_analysis": AudioPass(lambda settings, _: VoiceAnalyzer(settings), CpuStage.VOICE),
    "transcript": AudioPass(TranscriptAnalyzer, CpuStage.TRANSCRIPTION),
}


def _landmarks() -> None:
    with FaceLandmarker(max_faces=MAX_FACES) as landmarker:
        landmarker.detect(np.zeros((240, 320, 3), dtype=np.uint8))


def warm_up(settings: Settings) -> dict[str, float]:
    """Pay for imports and model loads when a worker starts, not on its first job; seconds per model.

    A model that fails to load is logged and left out: its jobs then fail ``MODEL_UNAVAILABLE``
    (or skip an optional check), and /health already names the file.
    """
    steps: dict[str, Callable[[], object]] = {
        "landmarks": _landmarks,
        "voice_activity": lambda: load_vad(settings.vad_model_path),
        "emotion": lambda: load_classifier(settings.models),
        "objects": lambda: warm_up_detector(settings.objects),  # returns without weights: the check is skipped
        "transcript": lambda: warm_up_transcriber(settings),  # likewise without a speech model
    }
    seconds: dict[str, float] = {}
    for name, step in steps.items():
        started = time.perf_counter()
        try:
            if name in POOL_THREADS:
                on_named_thread(POOL_THREADS[name], step)
            else:
                step()
        except Exception:
            log.exception("worker.warm_up.failed", model=name)
            continue
        seconds[name] = round(time.perf_counter() - started, 3)
    release_free_memory()
    return seconds


def progress_span(bounds: tuple[float, float], fraction: float) -> float:
    low, high = bounds
    return low + (high - low) * max(0.0, min(1.0, fraction))


def analyse_file(
    path: Path,
    settings: Settings,
    report: Reporter,
    analysis_id: str = "-",
    context: AnswerContext | None = None,
) -> AnalysisResult:
    """Decode once, feed every analyzer, and assemble the result sections.

    A model that cannot be loaded is a deployment fault with its own code, not an internal error.
    """
    try:
        return _analyse_file(path, settings, report, analysis_id, context or AnswerContext())
    except ModelUnavailable as exc:
        log.error("analysis.model_unavailable", analysis_id=analysis_id, reason=str(exc))
        raise AppError(ErrorCode.MODEL_UNAVAILABLE) from exc


def _analyse_file(
    path: Path, settings: Settings, report: Reporter, analysis_id: str, context: AnswerContext
) -> AnalysisResult:
    frame_passes = {name: (spec.factory(settings), spec.stage) for name, spec in FRAME_PASSES.items()}
    audio_passes = {name: (spec.factory(settings, context), spec.stage) for name, spec in AUDIO_PASSES.items()}
    clock = StageClock()
    started = time.perf_counter()
    report(Stage.DECODING, _DECODE[0])
    max_s = settings.media.max_video_duration_s
    # The reader probes the file first: one that is no video fails here, before any audio work starts.
    with (
        MediaReader(path, sample_fps=settings.media.sample_fps, max_duration_s=max_s) as reader,
        ThreadPoolExecutor(max_workers=1 + len(audio_passes), thread_name_prefix="ia-audio") as pool,
    ):
        audio = pool.submit(_timed, clock, CpuStage.DECODE, lambda: decode_audio(path, max_duration_s=max_s))
        speech = {name: pool.submit(_on_audio, audio, a, stage, clock) for name, (a, stage) in audio_passes.items()}
        reader.audio_from(audio.result)
        with FaceLandmarker(max_faces=MAX_FACES) as landmarker:  # one tracker per video
            run_frame_pass(
                reader,
                landmarker,
                {stage.value: [(analyzer, stage)] for analyzer, stage in frame_passes.values()},
                clock,
                lambda: report(Stage.DECODING, progress_span(_DECODE, reader.progress)),
            )
            facts = reader.facts
            track = reader.audio()
        decoded = time.perf_counter()
        log.info(
            "analysis.decode.done",
            analysis_id=analysis_id,
            frames=facts.frames_read,
            sampled=facts.frames_sampled,
            seconds=round(decoded - started, 3),
        )
        report(Stage.ANALYSING, _ANALYSE)
        sections: dict[str, ResultModel] = {}
        for name, (analyzer, stage) in frame_passes.items():
            with clock.timed(stage):
                sections[name] = analyzer.finish(facts, track)
        for name, future in speech.items():
            sections[name] = future.result()
    return AnalysisResult(
        schema_version=SCHEMA_VERSION,  # set, so that it is written
        media=Media(**{f: getattr(facts, f) for f in Media.model_fields}),
        warnings=[ResultWarning(code=w.code, message=w.message) for w in facts.warnings],
        **sections,
        timings_s={"decode": round(decoded - started, 3), "total": round(time.perf_counter() - started, 3)},
        cpu_s=clock.seconds(),
    )


def _timed(clock: StageClock, stage: CpuStage, work: Callable[[], NDArray[np.float32]]) -> NDArray[np.float32]:
    name_thread("ia-audio")
    with clock.timed(stage):
        return work()


def _on_audio(
    audio: Future[NDArray[np.float32]], analyzer: AudioAnalyzer, stage: CpuStage, clock: StageClock
) -> ResultModel:
    """An audio analyzer's section, computed as soon as the track is decoded (on its own thread)."""
    track = audio.result()
    name_thread(f"ia-{stage.value}")  # for top -H and the bench (CTranslate2's pool is named at warm-up)
    lower_thread_priority(LANE_NICENESS)  # needed at the end only, like the lanes
    with clock.timed(stage):
        return analyzer.analyse_audio(track)

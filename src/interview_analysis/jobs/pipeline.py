"""The whole analysis of one video, as the worker process and the CLI both run it.

Fetch to a scratch folder, then one streaming decode pass that feeds every
analyzer, then each analyzer's summary. Progress is reported as (stage, 0..1)
over the whole job so a poller sees one bar move forward.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import structlog

from interview_analysis.analysis.base import FrameAnalyzer, ModelUnavailable
from interview_analysis.analysis.emotion import EmotionAnalyzer, load_classifier
from interview_analysis.analysis.eye.analyzer import EyeTrackingAnalyzer
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.analysis.objects import IntegrityAnalyzer, warm_up_detector
from interview_analysis.analysis.transcript import TranscriptAnalyzer, warm_up_transcriber
from interview_analysis.analysis.voice.analyzer import VoiceAnalyzer
from interview_analysis.analysis.voice.vad import load_vad
from interview_analysis.config import Settings
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.jobs.messages import JobSpec
from interview_analysis.media.decode import MediaReader
from interview_analysis.media.fetch import make_fetcher
from interview_analysis.storage.models import Stage

RESULT_SCHEMA_VERSION = 1
MAX_FACES = 2  # the candidate plus one more is enough to flag "someone else is in view"

Reporter = Callable[[Stage, float], None]

# Share of the progress bar each stage owns: decoding dominates the time.
_DOWNLOAD = (0.0, 0.1)
_DECODE = (0.1, 0.9)
_ANALYSE = 0.9

log = structlog.get_logger(__name__)


# Analyzers as data: each result section names the class that produces it.
ANALYZERS: dict[str, Callable[[Settings], FrameAnalyzer]] = {
    "eye_tracking": EyeTrackingAnalyzer,
    "emotion_analysis": EmotionAnalyzer,
    "voice_analysis": VoiceAnalyzer,
    "integrity": IntegrityAnalyzer,
    "transcript": TranscriptAnalyzer,
}


def build_analyzers(settings: Settings) -> list[FrameAnalyzer]:
    return [factory(settings) for factory in ANALYZERS.values()]


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
        "voice_activity": lambda: load_vad(settings.models.models_dir / settings.voice.vad_model_file),
        "emotion": lambda: load_classifier(settings.models),
        "objects": lambda: warm_up_detector(settings.objects),  # returns without weights: the check is skipped
        "transcript": lambda: warm_up_transcriber(settings),  # likewise without a speech model
    }
    seconds: dict[str, float] = {}
    for name, step in steps.items():
        started = time.perf_counter()
        try:
            step()
        except Exception:
            log.exception("worker.warm_up.failed", model=name)
            continue
        seconds[name] = round(time.perf_counter() - started, 3)
    return seconds


def _span(bounds: tuple[float, float], fraction: float) -> float:
    low, high = bounds
    return low + (high - low) * max(0.0, min(1.0, fraction))


def fetch_video(job: JobSpec, settings: Settings, report: Reporter) -> Path:
    """The local path of the video: an upload is read in place, an object is downloaded to the work dir."""
    if job.local_path is not None:
        return Path(job.local_path)
    assert job.s3_bucket is not None
    assert job.s3_key is not None
    dest = Path(job.work_dir) / "video"
    fetcher = make_fetcher(settings)
    report(Stage.DOWNLOADING, 0.0)
    size = fetcher.fetch(job.s3_bucket, job.s3_key, dest, lambda f: report(Stage.DOWNLOADING, _span(_DOWNLOAD, f)))
    log.info("analysis.fetch.done", analysis_id=job.analysis_id, bytes=size)
    return dest


def analyse_file(path: Path, settings: Settings, report: Reporter, analysis_id: str = "-") -> dict[str, Any]:
    """Decode once, feed every analyzer, and assemble the result sections.

    A model that cannot be loaded is a deployment fault with its own code, not an internal error.
    """
    try:
        return _analyse_file(path, settings, report, analysis_id)
    except ModelUnavailable as exc:
        log.error("analysis.model_unavailable", analysis_id=analysis_id, reason=str(exc))
        raise AppError(ErrorCode.MODEL_UNAVAILABLE) from exc


def _analyse_file(path: Path, settings: Settings, report: Reporter, analysis_id: str) -> dict[str, Any]:
    analyzers = build_analyzers(settings)
    started = time.perf_counter()
    report(Stage.DECODING, _DECODE[0])
    with (
        MediaReader(
            path, sample_fps=settings.media.sample_fps, max_duration_s=settings.media.max_video_duration_s
        ) as reader,
        FaceLandmarker(max_faces=MAX_FACES) as landmarker,  # one tracker per video
    ):
        for frame in reader.frames():
            faces = landmarker.detect(frame.image, frame.t)
            for analyzer in analyzers:
                analyzer.consume(frame, faces)
            report(Stage.DECODING, _span(_DECODE, reader.progress))
        facts = reader.facts
        audio = reader.audio()
    decoded = time.perf_counter()
    log.info(
        "analysis.decode.done",
        analysis_id=analysis_id,
        frames=facts.frames_read,
        sampled=facts.frames_sampled,
        seconds=round(decoded - started, 3),
    )
    report(Stage.ANALYSING, _ANALYSE)
    sections = {analyzer.name: analyzer.finish(facts, audio) for analyzer in analyzers}
    media = dataclasses.asdict(facts)
    warnings = media.pop("warnings")
    return {
        "schema_version": RESULT_SCHEMA_VERSION,
        "media": media,
        "warnings": warnings,
        **sections,
        "timings_s": {"decode": round(decoded - started, 3), "total": round(time.perf_counter() - started, 3)},
    }


def run_job(job: JobSpec, settings: Settings, report: Reporter) -> dict[str, Any]:
    path = fetch_video(job, settings, report)
    return analyse_file(path, settings, report, job.analysis_id)

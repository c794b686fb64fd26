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

import structlog

from interview_analysis.analysis.base import FrameAnalyzer
from interview_analysis.config import Settings
from interview_analysis.jobs.messages import JobSpec
from interview_analysis.media.decode import MediaReader
from interview_analysis.media.fetch import make_fetcher
from interview_analysis.storage.models import Stage

RESULT_SCHEMA_VERSION = 1

Reporter = Callable[[Stage, float], None]

# Share of the progress bar each stage owns: decoding dominates the time.
_DOWNLOAD = (0.0, 0.1)
_DECODE = (0.1, 0.9)
_ANALYSE = 0.9

log = structlog.get_logger(__name__)


def build_analyzers(settings: Settings) -> list[FrameAnalyzer]:
    """The analyzers of this build; each later capability registers here."""
    return []


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
    """Decode once, feed every analyzer, and assemble the result sections."""
    analyzers = build_analyzers(settings)
    started = time.perf_counter()
    report(Stage.DECODING, _DECODE[0])
    with MediaReader(
        path, sample_fps=settings.media.sample_fps, max_duration_s=settings.media.max_video_duration_s
    ) as reader:
        for frame in reader.frames():
            for analyzer in analyzers:
                analyzer.consume(frame)
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

"""One queued job in a worker process: fetch the video (an upload is read in place, an object is downloaded
to the job's scratch folder), then analyse it (``pipeline``)."""

from __future__ import annotations

from pathlib import Path

import structlog

from interview_analysis.analysis.base import AnswerContext
from interview_analysis.config import Settings
from interview_analysis.jobs.messages import JobSpec
from interview_analysis.media.fetch import make_fetcher
from interview_analysis.pipeline.analyse import DOWNLOAD_SHARE, Reporter, analyse_file, progress_span
from interview_analysis.results import AnalysisResult
from interview_analysis.storage.models import Stage

log = structlog.get_logger(__name__)


def fetch_video(job: JobSpec, settings: Settings, report: Reporter) -> Path:
    """The local path of the video: an upload is read in place, an object is downloaded to the work dir."""
    if job.local_path is not None:
        return Path(job.local_path)
    assert job.s3_bucket is not None
    assert job.s3_key is not None
    dest = Path(job.work_dir) / "video"
    fetcher = make_fetcher(settings)
    report(Stage.DOWNLOADING, 0.0)
    size = fetcher.fetch(
        job.s3_bucket, job.s3_key, dest, lambda f: report(Stage.DOWNLOADING, progress_span(DOWNLOAD_SHARE, f))
    )
    log.info("analysis.fetch.done", analysis_id=job.analysis_id, bytes=size)
    return dest


def run_job(job: JobSpec, settings: Settings, report: Reporter) -> AnalysisResult:
    path = fetch_video(job, settings, report)
    return analyse_file(path, settings, report, job.analysis_id, AnswerContext(question=job.question))

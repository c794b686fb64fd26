"""What the supervisor and a worker process say to each other over their pipe (all picklable)."""

from __future__ import annotations

from dataclasses import dataclass

from interview_analysis.results import AnalysisResult
from interview_analysis.storage.models import Stage


@dataclass(frozen=True, slots=True)
class JobSpec:
    analysis_id: str
    work_dir: str
    s3_bucket: str | None = None
    s3_key: str | None = None
    local_path: str | None = None  # an uploaded file, read in place
    question: str | None = None  # the question answered, for the transcript's relevance measure


@dataclass(frozen=True, slots=True)
class Progress:
    stage: Stage
    progress: float


@dataclass(frozen=True, slots=True)
class Done:
    result: AnalysisResult


@dataclass(frozen=True, slots=True)
class Failed:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class WarmedUp:
    """Sent once when a worker process has loaded its models: seconds per model, for the metrics."""

    load_s: dict[str, float]


WorkerMessage = Progress | Done | Failed | WarmedUp

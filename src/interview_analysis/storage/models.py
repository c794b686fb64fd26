"""The analysis record as every store keeps it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_validator

from interview_analysis.results import AnalysisResult


class JobStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED)


class Stage(StrEnum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    DECODING = "decoding"
    ANALYSING = "analysing"
    SAVING = "saving"
    WRITING_FEEDBACK = "writing_feedback"
    DONE = "done"


class SourceKind(StrEnum):
    OBJECT_STORE = "object_store"  # s3_bucket/s3_key through the configured fetcher
    UPLOAD = "upload"  # a file posted to /analyze/upload, kept under DATA_DIR/uploads


class StoredError(BaseModel):
    code: str
    message: str


LOCAL_TENANT = "local"
"""The tenant of every analysis when authentication is off (the embedded default)."""


class NewAnalysis(BaseModel):
    tenant_id: str = LOCAL_TENANT
    user_id: str
    session_id: str
    source: SourceKind
    s3_bucket: str | None = None
    s3_key: str | None = None
    upload_path: str | None = None
    idempotency_key: str | None = None
    question: str | None = None  # the interview question answered, as the candidate saw it
    question_id: str | None = None  # its id in a question bank (the practice page's, or the caller's own)


class AnalysisRecord(NewAnalysis):
    analysis_id: str
    status: JobStatus = JobStatus.QUEUED
    stage: Stage = Stage.QUEUED
    progress: float = 0.0
    attempts: int = 0
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    error: StoredError | None = None
    result: AnalysisResult | None = Field(default=None, description="The analysis sections, once completed")

    @field_validator("result", mode="before")
    @classmethod
    def _read_leniently(cls, value: Any) -> Any:
        """A stored row of any version reads: what this version knows is kept."""
        return AnalysisResult.from_stored(value) if isinstance(value, dict) else value


def utcnow() -> datetime:
    return datetime.now(UTC)


def idempotency_key(user_id: str, session_id: str, bucket: str, key: str, tenant_id: str = LOCAL_TENANT) -> str:
    """Same tenant, user, session and object -> same analysis; NUL separators keep fields apart."""
    raw = "\0".join((tenant_id, user_id, session_id, bucket, key)).encode()
    return hashlib.sha256(raw).hexdigest()

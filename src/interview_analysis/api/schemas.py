"""Request and response bodies. Field names here are a contract with the frontend: add, never rename."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from interview_analysis.results import (
    AnalysisResult,
    EmotionAnalysis,
    EyeTracking,
    Integrity,
    Media,
    ResultWarning,
    Transcript,
    VoiceAnalysis,
)
from interview_analysis.storage.feedback_models import (
    CategoryScore,
    FeedbackChecks,
    FeedbackPoint,
    FeedbackRecord,
    FeedbackStatus,
    WriterKind,
)
from interview_analysis.storage.models import AnalysisRecord, JobStatus, Stage

PublicStatus = Literal["processing", "completed", "failed"]


def public_status(status: JobStatus) -> PublicStatus:
    """The frontend knows three states; a queued job is 'processing' at stage 'queued'."""
    if status is JobStatus.COMPLETED:
        return "completed"
    if status is JobStatus.FAILED:
        return "failed"
    return "processing"


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,127}$"
"""user_id and session_id: what frontends use (numbers, uuids, emails), nothing that can hide a path or markup."""
BUCKET_PATTERN = r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"  # S3's bucket naming rules
KEY_PATTERN = r"^[^/\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"  # no leading /, no control characters
QUESTION_MAX = 1000
QUESTION_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f]*$"  # printable text; line breaks and tabs allowed


class AnalyzeRequest(BaseModel):
    s3_bucket: str = Field(pattern=BUCKET_PATTERN, examples=["interview-videos"])
    s3_key: str = Field(min_length=1, max_length=1024, pattern=KEY_PATTERN, examples=["user-1/session-7/answer-1.webm"])
    user_id: str = Field(pattern=ID_PATTERN, examples=["user-1"])
    session_id: str = Field(pattern=ID_PATTERN, examples=["session-7"])
    question: str | None = Field(
        default=None, max_length=QUESTION_MAX, pattern=QUESTION_PATTERN, examples=["1분 동안 자기소개를 해 주세요."]
    )
    question_id: str | None = Field(default=None, pattern=ID_PATTERN, examples=["intro-1"])

    @field_validator("s3_key")
    @classmethod
    def _no_parent_segments(cls, key: str) -> str:
        if ".." in key.split("/"):
            raise ValueError("s3_key must not contain '..' segments")
        return key


class AnalyzeResponse(BaseModel):
    analysis_id: str
    status: PublicStatus = "processing"
    message: str
    estimated_completion: datetime


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: str
    detail: str


class AnalysisSummary(BaseModel):
    analysis_id: str
    status: PublicStatus
    stage: Stage
    progress: float
    user_id: str
    session_id: str
    s3_bucket: str | None
    s3_key: str | None
    question: str | None = None
    question_id: str | None = None
    attempts: int
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    error: ErrorBody | None

    @classmethod
    def from_record(cls, record: AnalysisRecord) -> AnalysisSummary:
        return cls(
            analysis_id=record.analysis_id,
            status=public_status(record.status),
            stage=record.stage,
            progress=round(record.progress, 3),
            user_id=record.user_id,
            session_id=record.session_id,
            s3_bucket=record.s3_bucket,
            s3_key=record.s3_key,
            question=record.question,
            question_id=record.question_id,
            attempts=record.attempts,
            created_at=record.created_at,
            updated_at=record.updated_at,
            started_at=record.started_at,
            completed_at=record.finished_at,
            error=ErrorBody(code=record.error.code, message=record.error.message) if record.error else None,
        )


class AnalysisResponse(AnalysisSummary):
    """The summary plus, once completed, every result section (``interview_analysis.results``).

    Served with ``response_model_exclude_unset``: a section appears only when the analysis has it, and
    inside a section exactly the fields its analyzer wrote, as the frontend has always received them.
    """

    schema_version: int | None = None
    media: Media | None = None
    warnings: list[ResultWarning] | None = None
    eye_tracking: EyeTracking | None = None
    emotion_analysis: EmotionAnalysis | None = None
    voice_analysis: VoiceAnalysis | None = None
    integrity: Integrity | None = None
    transcript: Transcript | None = None
    timings_s: dict[str, float] | None = None
    cpu_s: dict[str, float] | None = None

    @classmethod
    def from_record(cls, record: AnalysisRecord) -> AnalysisResponse:
        summary = AnalysisSummary.from_record(record)
        sections = _set_fields(record.result) if record.result is not None else {}
        return cls(**{name: getattr(summary, name) for name in summary.model_fields_set}, **sections)


def _set_fields(result: AnalysisResult) -> dict[str, Any]:
    """The result's fields as set, models kept as they are (so each keeps its own set fields)."""
    return {name: getattr(result, name) for name in result.model_fields_set}


class RecentResponse(BaseModel):
    count: int
    analyses: list[AnalysisSummary]


class FeedbackResponse(BaseModel):
    """The written feedback; content fields are null until ``status`` is ``completed``."""

    analysis_id: str
    status: Literal["pending", "completed", "failed"]
    writer: WriterKind | None = None
    message: str
    summary: str | None = None
    strengths: list[FeedbackPoint] = []
    improvements: list[FeedbackPoint] = []
    category_scores: list[CategoryScore] = []
    checks: FeedbackChecks | None = None  # LLM feedback: what the validator had the model repair or dropped
    keywords: list[str] = []
    keyword_scores: dict[str, float] = {}
    next_practice: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: int | None = None
    fallback: ErrorBody | None = None
    error: ErrorBody | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_record(cls, record: FeedbackRecord) -> FeedbackResponse:
        content = record.content
        failed = record.status is FeedbackStatus.FAILED
        problem = ErrorBody(code=record.error_code, message=record.error_message or "") if record.error_code else None
        return cls(
            analysis_id=record.analysis_id,
            status=record.status.value,
            writer=record.writer,
            message=_FEEDBACK_MESSAGES[record.status],
            summary=content.summary if content else None,
            strengths=content.strengths if content else [],
            improvements=content.improvements if content else [],
            category_scores=content.category_scores if content else [],
            checks=content.checks if content else None,
            keywords=content.keywords if content else [],
            keyword_scores=record.keyword_scores,
            next_practice=content.next_practice if content else None,
            model=record.model,
            prompt_version=record.prompt_version,
            prompt_tokens=record.prompt_tokens,
            completion_tokens=record.completion_tokens,
            latency_ms=record.latency_ms,
            fallback=problem if not failed else None,
            error=problem if failed else None,
            updated_at=record.updated_at,
        )


_FEEDBACK_MESSAGES = {
    FeedbackStatus.PENDING: "피드백을 작성하고 있습니다. 잠시 후 다시 확인해 주세요.",
    FeedbackStatus.COMPLETED: "피드백이 준비되었습니다.",
    FeedbackStatus.FAILED: "피드백을 작성하지 못했습니다. 다시 생성을 요청해 주세요.",
}


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    checks: dict[str, dict[str, Any]]

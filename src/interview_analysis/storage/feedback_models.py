"""Written feedback as it is generated, validated and stored (the LLM's structured output schema too)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class FeedbackStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"


class WriterKind(StrEnum):
    LLM = "llm"
    RULES = "rules"


class FeedbackPoint(BaseModel):
    """A strength or an improvement, tied to the measured figure (and moment) it comes from."""

    text: str = Field(description="한국어 한두 문장")
    metric: str | None = Field(default=None, description="근거가 된 측정 항목, 예: eye_tracking.attention_score")
    value: float | None = Field(default=None, description="그 항목의 측정값")
    at_s: float | None = Field(default=None, description="해당 장면의 시각(초), 있으면")


class CategoryScore(BaseModel):
    category: str = Field(description="표정, 시선, 음성 전달, 태도/자세 ...")
    score: int = Field(ge=0, le=100)
    reason: str


class ContentAspect(StrEnum):
    RELEVANCE = "relevance"  # does the answer answer the question
    STRUCTURE = "structure"  # situation-task-action-result (STAR) or another clear order
    EVIDENCE = "evidence"  # numbers, examples, results that back the claims
    LENGTH = "length"  # against the 1-2 minute norm of a spoken interview answer


class ContentPoint(BaseModel):
    """A remark on what was said (needs a transcript), quoting the phrase it rests on and when it was said."""

    aspect: ContentAspect = Field(description="relevance | structure | evidence | length")
    met: bool | None = Field(default=None, description="이 기준을 충족했는지")
    text: str = Field(description="한국어 한두 문장")
    quote: str | None = Field(default=None, description="근거가 된 답변 속 구절, 전사문 그대로")
    at_s: float | None = Field(default=None, description="그 구절을 말한 시각(초)")


class LLMFeedback(BaseModel):
    """What a language model writes: words only. Scores and figures come from the service (``FeedbackContent``)."""

    summary: str
    strengths: list[FeedbackPoint]
    improvements: list[FeedbackPoint]
    keywords: list[str]
    next_practice: str
    # Added with transcripts: optional, so feedback stored before them still validates.
    content_points: list[ContentPoint] | None = Field(
        default=None, description="답변 내용 평가 (전사문이 있을 때만): 질문 적합성, 구조, 구체적 근거, 길이"
    )


class DroppedPoint(BaseModel):
    where: str  # strengths[0], improvements[1]
    text: str
    reason: str


class FeedbackChecks(BaseModel):
    """What the validator (``feedback/validate.py``) did to a model's answer before it was stored."""

    repaired: list[str] = Field(default_factory=list, description="problems the model fixed in its repair round")
    dropped: list[DroppedPoint] = Field(default_factory=list, description="points still wrong after the repair")


class FeedbackContent(LLMFeedback):
    category_scores: list[CategoryScore]
    checks: FeedbackChecks | None = None  # LLM feedback only


class FeedbackRecord(BaseModel):
    analysis_id: str
    status: FeedbackStatus = FeedbackStatus.PENDING
    writer: WriterKind | None = None
    content: FeedbackContent | None = None
    keyword_scores: dict[str, float] = Field(default_factory=dict, description="keyword -> weight 0..1")
    model: str | None = None
    prompt_version: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: int | None = None
    error_code: str | None = None
    error_message: str | None = None
    created_at: datetime
    updated_at: datetime

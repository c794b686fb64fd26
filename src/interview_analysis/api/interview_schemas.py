"""Bodies of the ``/interviews`` routes. Field names are a contract with the interview page: add, never rename."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from interview_analysis.api.schemas import BUCKET_PATTERN, ID_PATTERN, KEY_PATTERN, ErrorBody
from interview_analysis.interview.models import FollowUpReason, QuestionSource
from interview_analysis.interview.report_models import InterviewStatus, QuestionStatus
from interview_analysis.storage.interview_models import InterviewMode

POSTING_MAX_CHARS = 20_000  # a long posting is a few thousand characters; more is refused with 413
TITLE_PATTERN = r"^[^\x00-\x1f\x7f<>]*$"  # one printable line, no markup


class CreateInterviewRequest(BaseModel):
    user_id: str = Field(pattern=ID_PATTERN, examples=["user-1"])
    job_title: str | None = Field(default=None, max_length=80, pattern=TITLE_PATTERN, examples=["데이터 엔지니어"])
    company: str | None = Field(default=None, max_length=80, pattern=TITLE_PATTERN, examples=["한빛물류"])
    job_posting: str | None = Field(default=None, description=f"채용공고 본문 (최대 {POSTING_MAX_CHARS}자)")
    self_intro: str | None = Field(default=None, description=f"자기소개서 본문 (최대 {POSTING_MAX_CHARS}자)")
    question_count: int = Field(default=5, ge=1, le=10)
    mode: InterviewMode = InterviewMode.PRACTICE
    prep_s: int = Field(default=30, ge=0, le=300)
    answer_s: int = Field(default=90, ge=10, le=600)


class AnswerS3Request(BaseModel):
    s3_bucket: str = Field(pattern=BUCKET_PATTERN)
    s3_key: str = Field(min_length=1, max_length=1024, pattern=KEY_PATTERN)


class QuestionState(BaseModel):
    question_id: str
    text: str
    category: str
    source: QuestionSource
    cue: str | None = None
    prep_s: int
    answer_s: int
    parent_id: str | None = None  # set on a follow-up
    reason: FollowUpReason | None = None
    cue_at_s: float | None = None
    required: bool  # False: a practice-mode follow-up the candidate may skip
    skipped: bool = False
    takes: int = 0
    analysis_id: str | None = None  # the take that counts (the last)
    status: QuestionStatus
    error: ErrorBody | None = None


class InterviewResponse(BaseModel):
    interview_id: str
    user_id: str
    job_title: str | None
    company: str | None
    mode: InterviewMode
    prep_s: int
    answer_s: int
    planner: str  # "rules" or "llm"
    status: InterviewStatus
    next_question_id: str | None  # the first question still to answer (follow-ups come right after their question)
    created_at: datetime
    questions: list[QuestionState]


class AnswerResponse(BaseModel):
    interview_id: str
    question_id: str
    analysis_id: str
    take: int  # 1 for the first take
    status: str = "processing"
    message: str
    estimated_completion: datetime


class InterviewList(BaseModel):
    count: int
    interviews: list[InterviewResponse]

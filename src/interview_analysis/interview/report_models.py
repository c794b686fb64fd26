"""The interview report as JSON (``GET /interviews/{id}/summary``) and as the report page reads it.

Built by ``interview/report.py`` from the interview, its analyses and their feedback. Field names are
a contract with the interview page: add, never rename.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from interview_analysis.interview.models import QuestionSource

QuestionStatus = Literal["unanswered", "skipped", "processing", "completed", "failed", "deleted"]
InterviewStatus = Literal["in_progress", "analysing", "completed"]


class CardScore(BaseModel):
    key: str  # emotion | attention | voice | integrity (web/scores.py SCORES)
    title: str  # 표정, 시선, ...
    value: float | None
    max: float
    band: str | None = None


class CardTranscript(BaseModel):
    text: str
    usable: bool  # the quality gate trusts it; when False only ``notice`` may be judged
    notice: str | None = None
    filler_count: int | None = None
    fillers: list[str] = Field(default_factory=list)  # the filler words said, most frequent first
    words_per_min: float | None = None


class QuestionCard(BaseModel):
    question_id: str
    number: str  # "1", "2", "2-1" for the follow-up of question 2
    text: str
    category: str
    source: QuestionSource
    source_ko: str  # 기본 질문, 채용공고, 자기소개서, 꼬리질문
    cue: str | None = None
    parent_id: str | None = None
    status: QuestionStatus
    analysis_id: str | None = None
    takes: int = 0
    error_message: str | None = None  # Korean, when failed
    scores: list[CardScore] = Field(default_factory=list)
    transcript: CardTranscript | None = None
    points: list[str] = Field(default_factory=list)  # the two or three feedback points to read first
    follow_up: str | None = None  # the follow-up this answer led to


class OverallScore(BaseModel):
    key: str
    title: str
    value: float | None  # the mean over completed answers
    max: float
    answers: int  # how many answers carried it


class Change(BaseModel):
    key: str
    title: str
    first: float
    last: float
    delta: float  # last - first
    unit: str  # "점" or "회/분" ...
    better: bool | None  # True when the change is an improvement


class HistoryRow(BaseModel):
    interview_id: str
    created_at: datetime
    job_title: str | None
    answered: int
    scores: dict[str, float | None]  # key -> the interview's mean score
    current: bool


class InterviewSummary(BaseModel):
    interview_id: str
    user_id: str
    job_title: str | None
    company: str | None
    mode: str
    created_at: datetime
    status: InterviewStatus  # completed: every answered question's analysis and feedback are final
    answered: int
    failed: int
    cards: list[QuestionCard]
    overall: list[OverallScore]
    changes: list[Change]  # from the first completed answer to the last
    practise_next: list[str]  # three things, most frequent or most costly first
    history: list[HistoryRow]  # this interview and the user's previous ones, newest first

"""A mock interview as every store keeps it: one document with its questions and their takes.

The whole interview is one record, updated by compare-and-set on ``version``: a take, a follow-up
or a skip rewrites the document only if nobody else did in between, so two uploads racing for the
one take of a ``real`` interview cannot both win, on SQLite and on MongoDB alike.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from interview_analysis.interview.models import FollowUpReason, QuestionSource
from interview_analysis.storage.models import LOCAL_TENANT


class InterviewMode(StrEnum):
    PRACTICE = "practice"  # retakes allowed; a follow-up may be skipped
    REAL = "real"  # one take per question; a follow-up is asked


class InterviewQuestion(BaseModel):
    question_id: str  # "q1".."q10" in planned order; a follow-up is its main question's id + "f"
    text: str
    category: str
    source: QuestionSource
    cue: str | None = None  # the posting / 자기소개서 / answer words it quotes
    bank_id: str | None = None  # the planner's id (a bank id, or source + hash of the cue)
    prep_s: int
    answer_s: int
    parent_id: str | None = None  # a follow-up: the main question it follows
    reason: FollowUpReason | None = None  # a follow-up: why it was asked
    cue_at_s: float | None = None  # a follow-up: when the cued words were said in the parent's answer
    required: bool = True  # False for a follow-up in practice mode: the candidate may skip it
    skipped: bool = False
    analysis_ids: list[str] = Field(default_factory=list)  # every take, oldest first; the last one counts
    follow_up_checked: bool = False  # a main question whose answer has been looked at for a follow-up

    @property
    def analysis_id(self) -> str | None:
        return self.analysis_ids[-1] if self.analysis_ids else None


class NewInterview(BaseModel):
    tenant_id: str = LOCAL_TENANT
    user_id: str
    job_title: str | None = None
    company: str | None = None
    mode: InterviewMode = InterviewMode.PRACTICE
    prep_s: int
    answer_s: int
    planner: str  # "rules" or "llm": who chose the questions
    questions: list[InterviewQuestion]


class InterviewRecord(NewInterview):
    interview_id: str
    version: int = 0
    created_at: datetime
    updated_at: datetime

    def question(self, question_id: str) -> InterviewQuestion | None:
        return next((q for q in self.questions if q.question_id == question_id), None)

    def analysis_ids(self) -> list[str]:
        return [a for q in self.questions for a in q.analysis_ids]

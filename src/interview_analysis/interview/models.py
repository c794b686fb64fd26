"""What the mock-interview planner and the follow-up writer hand back.

Every model forbids unknown fields so a caller that drifts from the contract fails where it builds one.
``cue`` always carries the words a question reacts to, so the candidate can see why it was asked.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class QuestionSource(StrEnum):
    BANK = "bank"  # the shipped question bank (interview/questions.yaml)
    POSTING = "posting"  # a phrase of the job posting (or the job title)
    SELF_INTRO = "self_intro"  # an experience claimed in the 자기소개서
    FOLLOW_UP = "follow_up"  # asked after an answer


class FollowUpReason(StrEnum):
    MISSING_RESULT = "missing_result"  # a story without its outcome
    MISSING_ROLE = "missing_role"  # only 저희/우리 acted
    CLAIM_WITHOUT_EVIDENCE = "claim_without_evidence"  # an action with no figure, span or named result
    KEY_NOUN = "key_noun"  # nothing missing: dig into the answer's main topic


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlannedQuestion(_Model):
    id: str = Field(pattern=r"^[a-z0-9-]{1,64}$")  # a bank id, or the source + a hash of the cue
    text: str = Field(min_length=1)
    category: str
    source: QuestionSource
    cue: str | None = None  # the posting / 자기소개서 phrase it quotes
    prep_s: int = Field(ge=0)
    answer_s: int = Field(ge=1)


class FollowUp(_Model):
    text: str = Field(min_length=1)
    reason: FollowUpReason
    cue: str  # the answer's words it reacts to
    at_s: float | None = None  # where those words were said, when known


class ParsedPosting(_Model):
    """Short noun phrases only: a posting is untrusted, so nothing longer ever leaves the parser."""

    duties: list[str] = Field(default_factory=list)  # 주요업무 / 담당업무
    skills: list[str] = Field(default_factory=list)  # 자격요건 / 지원자격
    preferred: list[str] = Field(default_factory=list)  # 우대사항

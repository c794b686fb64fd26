"""``transcript.content``: what the answer says, each finding with the words it rests on and their time.

Every measure quotes its evidence (``Quote``): the feedback may only cite what is quoted here, and
the candidate can jump to the moment. Precision comes before recall: a measure that is unsure stays
silent rather than flag a sentence wrongly.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from interview_analysis.results.base import ResultModel


class StarPart(StrEnum):
    SITUATION = "situation"  # 상황
    TASK = "task"  # 과제
    ACTION = "action"  # 행동
    RESULT = "result"  # 결과


class BlindKind(StrEnum):
    """What 공정채용 (blind hiring) guidance tells candidates to leave out of an answer."""

    SCHOOL = "school"
    PARENT_JOB = "parent_job"
    HOMETOWN = "hometown"
    AGE = "age"
    FAMILY = "family"


class Quote(ResultModel):
    """One finding: ``cue`` (the words that triggered it) inside ``sentence``, at ``start``..``end`` s."""

    kind: str  # the cue family, e.g. a StarPart, "number", "time_span", "hedge", "i", "we", a BlindKind
    cue: str
    sentence: str
    start: float
    end: float


class Star(ResultModel):
    covered: list[StarPart] = Field(default_factory=list)
    missing: list[StarPart] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)  # kind = the StarPart


class Concreteness(ResultModel):
    """Numbers, named results and time spans: what makes a claim checkable."""

    count: int = 0
    quotes: list[Quote] = Field(default_factory=list)  # kind: "number" | "result" | "time_span"


class Hedging(ResultModel):
    count: int = 0
    quotes: list[Quote] = Field(default_factory=list)  # kind: "hedge"


class Ownership(ResultModel):
    """Who did it: 제가/저는 against 저희/우리 (a company named 저희 회사 is not a "we")."""

    i_count: int = 0
    we_count: int = 0
    i_share: float | None = None  # i / (i + we); None when neither was said
    quotes: list[Quote] = Field(default_factory=list)  # kind: "i" | "we"


class Relevance(ResultModel):
    """The answer's key nouns against the question's (and a job posting's, when there is one)."""

    score: float | None = None  # share of the question's key nouns the answer uses; None without a question
    question_nouns: list[str] = Field(default_factory=list)
    matched: list[str] = Field(default_factory=list)
    posting_score: float | None = None  # the same against the posting's key nouns; None without a posting
    posting_matched: list[str] = Field(default_factory=list)


class ContentAnalysis(ResultModel):
    star: Star
    concreteness: Concreteness
    hedging: Hedging
    ownership: Ownership
    relevance: Relevance
    blind_hiring: list[Quote] = Field(default_factory=list)  # kind: a BlindKind; a gentle reminder each

"""A user's scores over their completed analyses: per session, per score and per question category.

Pure: it takes the records (as the analyses store returns them) and the question bank. Changes
are against the previous session that has the same score, and against the user's own average of
that score over every session listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from statistics import fmean

from pydantic import BaseModel, Field

from interview_analysis.interview.bank import QuestionBank
from interview_analysis.storage.models import AnalysisRecord, JobStatus
from interview_analysis.web.scores import SCORES, score_of

Scores = dict[str, float | None]


class SessionScores(BaseModel):
    analysis_id: str
    created_at: datetime
    question_id: str | None
    question: str | None
    category: str
    scores: Scores = Field(description="score key -> value (null when not measured)")
    change_vs_previous: Scores
    change_vs_average: Scores


class MetricSummary(BaseModel):
    key: str
    title: str
    max: float
    sessions: int = Field(description="sessions in which it was measured")
    average: float | None
    best: float | None
    latest: float | None
    change_vs_previous: float | None = Field(description="latest minus the one before")
    change_vs_average: float | None = Field(description="latest minus the user's own average")


class CategorySummary(BaseModel):
    category: str
    sessions: int
    average: Scores
    latest: Scores


class ProgressResponse(BaseModel):
    user_id: str
    count: int
    sessions: list[SessionScores] = Field(description="oldest first")
    metrics: list[MetricSummary]
    categories: list[CategorySummary]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def _delta(value: float | None, other: float | None) -> float | None:
    return None if value is None or other is None else _r(value - other)


def compute_progress(user_id: str, records: Iterable[AnalysisRecord], bank: QuestionBank) -> ProgressResponse:
    done = sorted(
        ((r, r.result) for r in records if r.status is JobStatus.COMPLETED and r.result is not None),
        key=lambda pair: (pair[0].created_at, pair[0].analysis_id),
    )
    raw = [{spec.key: score_of(result, spec) for spec in SCORES} for _, result in done]
    averages = {spec.key: _mean(row[spec.key] for row in raw) for spec in SCORES}
    sessions: list[SessionScores] = []
    previous: Scores = {}
    for (record, _), scores in zip(done, raw, strict=True):
        sessions.append(
            SessionScores(
                analysis_id=record.analysis_id,
                created_at=record.created_at,
                question_id=record.question_id,
                question=record.question,
                category=bank.category_of(record.question_id),
                scores=scores,
                change_vs_previous={k: _delta(v, previous.get(k)) for k, v in scores.items()},
                change_vs_average={k: _delta(v, averages[k]) for k, v in scores.items()},
            )
        )
        previous.update({k: v for k, v in scores.items() if v is not None})
    return ProgressResponse(
        user_id=user_id,
        count=len(sessions),
        sessions=sessions,
        metrics=[_metric(spec.key, spec.title, spec.max, [row[spec.key] for row in raw]) for spec in SCORES],
        categories=_categories(sessions),
    )


def _metric(key: str, title: str, top: float, values: list[float | None]) -> MetricSummary:
    present = [v for v in values if v is not None]
    latest = present[-1] if present else None
    before = present[-2] if len(present) > 1 else None
    average = _mean(present)
    return MetricSummary(
        key=key,
        title=title,
        max=top,
        sessions=len(present),
        average=_r(average),
        best=max(present) if present else None,
        latest=latest,
        change_vs_previous=_delta(latest, before),
        change_vs_average=_delta(latest, average),
    )


def _categories(sessions: list[SessionScores]) -> list[CategorySummary]:
    groups: dict[str, list[SessionScores]] = {}
    for session in sessions:
        groups.setdefault(session.category, []).append(session)
    return [
        CategorySummary(
            category=name,
            sessions=len(group),
            average={spec.key: _r(_mean(s.scores[spec.key] for s in group)) for spec in SCORES},
            latest=group[-1].scores,
        )
        for name, group in groups.items()
    ]

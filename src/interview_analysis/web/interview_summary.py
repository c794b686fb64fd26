"""The interview report, from the interview, the analysis of each answer and its written feedback.

Scores are read through ``web/scores.py`` (the single-answer report and progress read the same), and
transcript figures only when the quality gate trusts the transcript: an untrusted one shows its notice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from interview_analysis.api.schemas import FeedbackResponse
from interview_analysis.interview.models import QuestionSource
from interview_analysis.interview.report_models import (
    CardScore,
    CardTranscript,
    Change,
    HistoryRow,
    InterviewStatus,
    InterviewSummary,
    OverallScore,
    QuestionCard,
)
from interview_analysis.results import AnalysisResult, SectionStatus
from interview_analysis.storage.interview_models import InterviewQuestion, InterviewRecord
from interview_analysis.storage.models import AnalysisRecord, JobStatus
from interview_analysis.web.scores import SCORES, score_of, section_of

HISTORY_LIMIT = 10
SOURCE_KO = {
    QuestionSource.BANK: "기본 질문",
    QuestionSource.POSTING: "채용공고",
    QuestionSource.SELF_INTRO: "자기소개서",
    QuestionSource.FOLLOW_UP: "꼬리질문",
}
FAILED_KO = "이 답변은 분석하지 못했습니다. 다시 녹화해 주세요."
DELETED_KO = "이 답변의 분석은 삭제되었습니다."
MAX_POINTS = 3
PRACTISE_COUNT = 3
FILLERS_KEY = "fillers_per_min"

Analyses = dict[str, AnalysisRecord | None]


@dataclass(frozen=True, slots=True)
class PastInterview:
    record: InterviewRecord
    analyses: Analyses


def _numbers(record: InterviewRecord) -> dict[str, str]:
    """'1', '2' for main questions; '2-1' for the follow-up of question 2."""
    numbers: dict[str, str] = {}
    main = 0
    for q in record.questions:
        if q.parent_id is None:
            main += 1
            numbers[q.question_id] = str(main)
        else:
            numbers[q.question_id] = f"{numbers.get(q.parent_id, '?')}-1"
    return numbers


def _result(question: InterviewQuestion, analyses: Analyses) -> AnalysisResult | None:
    analysis = analyses.get(question.analysis_id or "")
    return analysis.result if analysis is not None and analysis.status is JobStatus.COMPLETED else None


def _scores(result: AnalysisResult) -> list[CardScore]:
    cards = []
    for spec in SCORES:
        section = section_of(result, spec)
        if section is None:
            continue
        band = getattr(section, spec.band_field, None)
        cards.append(
            CardScore(
                key=spec.key,
                title=spec.title,
                value=score_of(result, spec),
                max=spec.max,
                band=band if isinstance(band, str) else None,
            )
        )
    return cards


def _transcript(result: AnalysisResult) -> CardTranscript | None:
    t = result.transcript
    if t is None or t.status is not SectionStatus.COMPLETED:
        return None
    usable = t.quality is None or t.quality.usable
    if not usable:
        notice = t.quality.message if t.quality is not None else None
        return CardTranscript(text=t.text, usable=False, notice=notice)
    fillers = [word for word, _ in Counter(t.fillers.by_word).most_common()]
    minutes = t.speech_s / 60.0
    wpm = len(t.words) / minutes if t.words and minutes > 0 else None
    return CardTranscript(
        text=t.text,
        usable=True,
        filler_count=t.fillers.count,
        fillers=fillers,
        words_per_min=round(wpm, 1) if wpm is not None else None,
    )


def _points(feedback: FeedbackResponse | None) -> list[str]:
    """Two improvements and one strength: what to change comes first, what to keep closes."""
    if feedback is None or feedback.status != "completed":
        return []
    points = [p.text for p in feedback.improvements[:2]] + [p.text for p in feedback.strengths[:1]]
    return points[:MAX_POINTS]


def _card(
    question: InterviewQuestion,
    number: str,
    analyses: Analyses,
    feedback: dict[str, FeedbackResponse],
    follow_ups: dict[str, str],
) -> QuestionCard:
    analysis = analyses.get(question.analysis_id or "")
    card = QuestionCard(
        question_id=question.question_id,
        number=number,
        text=question.text,
        category=question.category,
        source=question.source,
        source_ko=SOURCE_KO[question.source],
        cue=question.cue,
        parent_id=question.parent_id,
        status="unanswered",
        analysis_id=question.analysis_id,
        takes=len(question.analysis_ids),
        follow_up=follow_ups.get(question.question_id),
    )
    if question.analysis_id is None:
        return card.model_copy(update={"status": "skipped" if question.skipped else "unanswered"})
    if analysis is None:
        return card.model_copy(update={"status": "deleted", "error_message": DELETED_KO})
    if analysis.status is JobStatus.FAILED:
        message = analysis.error.message if analysis.error else FAILED_KO
        return card.model_copy(update={"status": "failed", "error_message": message})
    result = _result(question, analyses)
    if result is None:
        return card.model_copy(update={"status": "processing"})
    return card.model_copy(
        update={
            "status": "completed",
            "scores": _scores(result),
            "transcript": _transcript(result),
            "points": _points(feedback.get(question.analysis_id)),
        }
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def _overall(results: list[AnalysisResult]) -> list[OverallScore]:
    rows = []
    for spec in SCORES:
        values = [score_of(r, spec) for r in results]
        rows.append(
            OverallScore(
                key=spec.key,
                title=spec.title,
                value=_mean(values),
                max=spec.max,
                answers=sum(v is not None for v in values),
            )
        )
    return [row for row in rows if row.answers]


def _fillers_per_min(result: AnalysisResult) -> float | None:
    t = result.transcript
    if t is None or t.status is not SectionStatus.COMPLETED or (t.quality is not None and not t.quality.usable):
        return None
    return t.fillers.per_minute


def _changes(results: list[AnalysisResult]) -> list[Change]:
    """First answer against last, for every figure both carry."""
    if len(results) < 2:
        return []
    first, last = results[0], results[-1]
    changes = []
    for spec in SCORES:
        a, b = score_of(first, spec), score_of(last, spec)
        if a is not None and b is not None:
            delta = round(b - a, 1)
            better = None if delta == 0 else delta > 0
            changes.append(
                Change(key=spec.key, title=spec.title, first=a, last=b, delta=delta, unit="점", better=better)
            )
    a_f, b_f = _fillers_per_min(first), _fillers_per_min(last)
    if a_f is not None and b_f is not None:
        delta = round(b_f - a_f, 1)
        changes.append(
            Change(
                key=FILLERS_KEY,
                title="군말(분당)",
                first=a_f,
                last=b_f,
                delta=delta,
                unit="회/분",
                better=None if delta == 0 else delta < 0,
            )
        )
    return changes


def _practise_next(feedback: list[FeedbackResponse], overall: list[OverallScore]) -> list[str]:
    """The improvements named most often across the answers (by the figure they rest on), the latest
    wording of each; then the weakest overall scores, until there are three."""
    by_metric: Counter[str] = Counter()
    latest: dict[str, str] = {}
    for answer in feedback:
        if answer.status != "completed":
            continue
        for point in answer.improvements:
            topic = point.metric or point.text
            by_metric[topic] += 1
            latest[topic] = point.text
    picked = [latest[topic] for topic, _ in by_metric.most_common(PRACTISE_COUNT)]
    weakest = sorted((row for row in overall if row.value is not None), key=lambda r: (r.value or 0.0) / r.max)
    for row in weakest:
        if len(picked) >= PRACTISE_COUNT:
            break
        picked.append(
            f"{row.title} 점수가 평균 {row.value:g}/{row.max:g}점으로 가장 낮았습니다. 다음 연습에서 먼저 살펴보세요."
        )
    return picked[:PRACTISE_COUNT]


def _history_row(past: PastInterview, current_id: str) -> HistoryRow:
    results = [r for q in past.record.questions if (r := _result(q, past.analyses)) is not None]
    scores = {spec.key: _mean(score_of(r, spec) for r in results) for spec in SCORES}
    return HistoryRow(
        interview_id=past.record.interview_id,
        created_at=past.record.created_at,
        job_title=past.record.job_title,
        answered=sum(bool(q.analysis_ids) for q in past.record.questions),
        scores=scores,
        current=past.record.interview_id == current_id,
    )


def summarise(
    record: InterviewRecord,
    analyses: Analyses,
    feedback: dict[str, FeedbackResponse],
    status: InterviewStatus,
    history: list[PastInterview],
) -> InterviewSummary:
    numbers = _numbers(record)
    follow_ups = {q.parent_id: q.text for q in record.questions if q.parent_id is not None}
    cards = [_card(q, numbers[q.question_id], analyses, feedback, follow_ups) for q in record.questions]
    results = [r for q in record.questions if (r := _result(q, analyses)) is not None]
    overall = _overall(results)
    answered_feedback = [feedback[q.analysis_id] for q in record.questions if q.analysis_id in feedback]
    return InterviewSummary(
        interview_id=record.interview_id,
        user_id=record.user_id,
        job_title=record.job_title,
        company=record.company,
        mode=record.mode.value,
        created_at=record.created_at,
        status=status,
        answered=sum(c.status in ("processing", "completed", "failed") for c in cards),
        failed=sum(c.status == "failed" for c in cards),
        cards=cards,
        overall=overall,
        changes=_changes(results),
        practise_next=_practise_next(answered_feedback, overall),
        history=[_history_row(p, record.interview_id) for p in history],
    )

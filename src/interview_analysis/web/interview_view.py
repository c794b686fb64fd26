"""What the interview report templates need, from the ``InterviewSummary`` the JSON API serves.

Labels, number formats and the direction of a change are decided here so the templates only place
them. Every string from the summary stays a plain string: the templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Le, MaxLen

from interview_analysis.api.interview_schemas import POSTING_MAX_CHARS, CreateInterviewRequest
from interview_analysis.interview.report_models import (
    CardScore,
    CardTranscript,
    Change,
    HistoryRow,
    InterviewSummary,
    OverallScore,
    QuestionCard,
)
from interview_analysis.web.progress_charts import signed
from interview_analysis.web.transcript_view import Token, _split_text

STATUS_KO = {
    "unanswered": "답변하지 않음",
    "skipped": "건너뜀",
    "processing": "분석 중",
    "completed": "분석 완료",
    "failed": "분석 실패",
    "deleted": "삭제됨",
}
MODE_KO = {"practice": "연습 모드", "real": "실전 모드"}
INTERVIEW_STATUS_KO = {"in_progress": "면접 진행 중", "analysing": "분석 중", "completed": "분석 완료"}
FAILED_KO = "이 답변은 분석하지 못했습니다."
NO_VALUE = "–"


@dataclass(frozen=True, slots=True)
class Bounds:
    default: int
    min: int
    max: int


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"expected an integer bound, got {value!r}")
    return value


def _bounds(name: str) -> Bounds:
    field = CreateInterviewRequest.model_fields[name]
    low = next(m.ge for m in field.metadata if isinstance(m, Ge))
    high = next(m.le for m in field.metadata if isinstance(m, Le))
    return Bounds(default=_int(field.default), min=_int(low), max=_int(high))


def _max_length(name: str) -> int:
    return next(m.max_length for m in CreateInterviewRequest.model_fields[name].metadata if isinstance(m, MaxLen))


def setup_form() -> dict[str, Any]:
    """The set-up form's defaults and limits, read from the request model so the page and the API agree."""
    return {
        "count": _bounds("question_count"),
        "prep": _bounds("prep_s"),
        "answer": _bounds("answer_s"),
        "title_max": _max_length("job_title"),
        "company_max": _max_length("company"),
        "text_max": POSTING_MAX_CHARS,
    }


def number(value: float | None) -> str:
    """At most one decimal, no trailing zero: 72, 3.5; a dash when nothing was measured."""
    return NO_VALUE if value is None else f"{round(value, 1):g}"


def percent(value: float | None, top: float) -> float:
    if value is None or top <= 0:
        return 0.0
    return round(min(max(value / top, 0.0), 1.0) * 100, 1)


@dataclass(frozen=True, slots=True)
class ScoreView:
    key: str
    title: str
    value: str  # formatted; NO_VALUE when not measured
    max: str
    percent: float
    band: str | None
    measured: bool


def score_view(score: CardScore | OverallScore) -> ScoreView:
    band = score.band if isinstance(score, CardScore) else None
    return ScoreView(
        key=score.key,
        title=score.title,
        value=number(score.value),
        max=number(score.max),
        percent=percent(score.value, score.max),
        band=band,
        measured=score.value is not None,
    )


@dataclass(frozen=True, slots=True)
class TranscriptCardView:
    tokens: list[Token]  # the text, its filler words marked
    usable: bool
    notice: str | None
    filler_count: int | None
    fillers: list[str]
    words_per_min: str | None


def transcript_card(transcript: CardTranscript | None) -> TranscriptCardView | None:
    """The card's words with its filler words marked by spelling (the card carries no word times)."""
    if transcript is None or not transcript.text.strip():
        return None
    wpm = transcript.words_per_min
    return TranscriptCardView(
        tokens=_split_text(transcript.text.strip(), transcript.fillers),
        usable=transcript.usable,
        notice=transcript.notice,
        filler_count=transcript.filler_count,
        fillers=transcript.fillers,
        words_per_min=None if wpm is None else number(wpm),
    )


@dataclass(frozen=True, slots=True)
class CardView:
    card: QuestionCard
    status_ko: str
    answered: bool
    pending: bool
    error_message: str | None
    scores: list[ScoreView]
    transcript: TranscriptCardView | None


def card_view(card: QuestionCard) -> CardView:
    error = card.error_message or (FAILED_KO if card.status == "failed" else None)
    return CardView(
        card=card,
        status_ko=STATUS_KO.get(card.status, card.status),
        answered=card.status in ("processing", "completed", "failed"),
        pending=card.status == "processing",
        error_message=error,
        scores=[score_view(s) for s in card.scores],
        transcript=transcript_card(card.transcript),
    )


@dataclass(frozen=True, slots=True)
class ChangeView:
    title: str
    first: str
    last: str
    delta: str  # "+3.5점"
    arrow: str  # ▲ ▼ or –, hidden from screen readers; ``verdict`` says it in words
    verdict: str
    css: str


def change_view(change: Change) -> ChangeView:
    if change.delta == 0:
        arrow, verdict, css = "–", "변화 없음", "same"
    elif change.better is None:
        arrow, verdict, css = ("▲" if change.delta > 0 else "▼"), "달라짐", "same"
    else:
        arrow = "▲" if change.delta > 0 else "▼"
        verdict, css = ("좋아짐", "better") if change.better else ("나빠짐", "worse")
    unit = change.unit
    return ChangeView(
        title=change.title,
        first=f"{number(change.first)}{unit}",
        last=f"{number(change.last)}{unit}",
        delta=f"{signed(round(change.delta, 1))}{unit}",
        arrow=arrow,
        verdict=verdict,
        css=css,
    )


@dataclass(frozen=True, slots=True)
class HistoryView:
    interview_id: str
    when: str
    job_title: str
    answered: int
    scores: list[str]  # in the order of ``columns``
    current: bool


def history_views(rows: list[HistoryRow], columns: list[tuple[str, str]]) -> list[HistoryView]:
    return [
        HistoryView(
            interview_id=row.interview_id,
            when=row.created_at.strftime("%Y-%m-%d %H:%M"),
            job_title=row.job_title or "직무 미입력",
            answered=row.answered,
            scores=[number(row.scores.get(key)) for key, _ in columns],
            current=row.current,
        )
        for row in rows
    ]


def _columns(summary: InterviewSummary) -> list[tuple[str, str]]:
    """The history table's score columns: the overall scores' keys, then any other key a row has."""
    columns = [(o.key, o.title) for o in summary.overall]
    known = {key for key, _ in columns}
    for row in summary.history:
        for key in row.scores:
            if key not in known:
                columns.append((key, key))
                known.add(key)
    return columns


def interview_report_context(summary: InterviewSummary) -> dict[str, Any]:
    cards = [card_view(c) for c in summary.cards]
    answered = [c for c in cards if c.answered]
    columns = _columns(summary)
    heading = " · ".join(part for part in (summary.company, summary.job_title) if part)
    return {
        "summary": summary,
        "heading": heading,
        "pending": summary.status != "completed",
        "status_ko": INTERVIEW_STATUS_KO.get(summary.status, summary.status),
        "mode_ko": MODE_KO.get(summary.mode, summary.mode),
        "created_at": summary.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        "answered_count": len(answered),
        "settled_count": sum(1 for c in answered if not c.pending),
        "cards": cards,
        "overall": [score_view(o) for o in summary.overall],
        "overall_answers": {o.key: o.answers for o in summary.overall},
        "changes": [change_view(c) for c in summary.changes],
        "practise_next": summary.practise_next,
        "columns": columns,
        "history": history_views(summary.history, columns),
    }

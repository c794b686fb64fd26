"""What the report templates need, from the same JSON the API serves for an analysis."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interview_analysis.interview import follow_up
from interview_analysis.interview.bank import load_bank
from interview_analysis.results import AnalysisResult, ResultWarning
from interview_analysis.web.report_charts import timeline_figures
from interview_analysis.web.scores import score_cards
from interview_analysis.web.transcript_view import transcript_view

STAGES_KO = {
    "queued": "대기 중",
    "downloading": "영상 받는 중",
    "decoding": "영상 읽는 중",
    "analysing": "분석 중",
    "saving": "저장 중",
    "writing_feedback": "피드백 작성 중",
    "done": "완료",
}
WARNINGS_KO = {"TRUNCATED": "영상 끝부분이 손상되어 읽을 수 있는 부분까지만 분석했습니다."}
FAILED_KO = "분석에 실패했습니다. 다시 시도해 주세요."


def _warning_text(warning: ResultWarning) -> str:
    return warning.message or WARNINGS_KO.get(warning.code, warning.code)


def _sections(analysis: dict[str, Any]) -> AnalysisResult:
    """The result part of the API view; a top-level null is a section (or list) the analysis does not have."""
    return AnalysisResult.from_stored({name: value for name, value in analysis.items() if value is not None})


def report_context(analysis: dict[str, Any], result: AnalysisResult | None = None) -> dict[str, Any]:
    """``analysis`` is ``AnalysisResponse.model_dump()``: the summary fields plus the result sections.

    The sections are read as an ``AnalysisResult``: ``result`` when the caller has it (``record.result``),
    otherwise validated from ``analysis`` itself, whose summary fields are dropped.
    """
    status = analysis.get("status", "processing")
    context: dict[str, Any] = {
        "analysis_id": analysis["analysis_id"],
        "status": status,
        "stage_ko": STAGES_KO.get(str(analysis.get("stage")), str(analysis.get("stage"))),
        "percent": round(100 * float(analysis.get("progress") or 0.0)),
    }
    if status == "failed":
        error = analysis.get("error") or {}
        context["error_message"] = error.get("message") or FAILED_KO
        return context
    if status != "completed":
        return context
    sections = result if result is not None else _sections(analysis)
    axis, figures = timeline_figures(sections)
    created = analysis.get("created_at")
    when = created.strftime("%Y-%m-%d %H:%M UTC") if isinstance(created, datetime) else str(created or "")
    question = analysis.get("question")
    context.update(
        follow_up=follow_up(question, sections.transcript) if question and sections.transcript else None,
        axis=axis,
        figures=figures,
        cards=score_cards(sections),
        transcript=transcript_view(sections),
        question=question,
        category=load_bank().category_of(analysis.get("question_id")),
        created_at=when,
        warnings=[_warning_text(w) for w in sections.warnings],
    )
    return context

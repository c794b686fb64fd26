"""What the ``/interviews`` routes do beyond storing: plan, take answers, add follow-ups, read state.

An interview changes only through ``update``: read, apply a pure change, write back if nobody else
did in between (compare-and-set on ``version``), else read again. So two uploads racing for the one
take of a ``real`` question end with one take and one 409, whichever store is configured.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import structlog

from interview_analysis.api.auth import Principal
from interview_analysis.api.interview_schemas import CreateInterviewRequest, InterviewResponse, QuestionState
from interview_analysis.api.schemas import ErrorBody
from interview_analysis.config import LLMSettings
from interview_analysis.errors import AppError, ErrorCode, NotFoundError
from interview_analysis.interview.followups import follow_up
from interview_analysis.interview.llm_planner import llm_configured, llm_follow_up, llm_plan
from interview_analysis.interview.models import FollowUp, PlannedQuestion, QuestionSource
from interview_analysis.interview.planner import plan_questions
from interview_analysis.interview.report_models import InterviewStatus, QuestionStatus
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.interview_models import (
    InterviewMode,
    InterviewQuestion,
    InterviewRecord,
    NewInterview,
)
from interview_analysis.storage.interviews import InterviewRepository
from interview_analysis.storage.models import AnalysisRecord, JobStatus

log = structlog.get_logger(__name__)

INTERVIEW_NOT_FOUND_KO = "요청한 면접이나 질문을 찾을 수 없습니다."
FOLLOW_UP_CATEGORY = "꼬리질문"
_CAS_TRIES = 8

Analyses = dict[str, AnalysisRecord | None]


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _watch_parent() -> None:
    """In the planner process: a killed API leaves no orphan holding Kiwi (the pool's queue keeps its
    pipe open, so the child would never see the parent go)."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


@functools.cache
def _planner_process() -> ProcessPoolExecutor:
    """Reading a posting needs Kiwi (a few hundred MB): it loads once, in a child process of its own,
    so the API process stays light and its event loop free."""
    spawn = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=1, mp_context=spawn, initializer=_watch_parent)


def _warm() -> None:
    plan_questions(2, job_title="데이터 엔지니어", posting="주요업무\n- 데이터 분석")


def warm_planner() -> None:
    """Start the planner process and load Kiwi there, without waiting: called when the interview page is
    served, so the posting the candidate is about to type is planned in a second, not after the load."""
    _planner_process().submit(_warm)


def stop_planner() -> None:
    if _planner_process.cache_info().currsize:
        _planner_process().shutdown(wait=False, cancel_futures=True)
        _planner_process.cache_clear()


async def plan(llm: LLMSettings, body: CreateInterviewRequest) -> tuple[list[PlannedQuestion], str]:
    """The rules plan, then the LLM's proposal when one is configured and valid. A bank interview (no
    posting, 자기소개서 or job title) needs no Kiwi and is planned in place."""
    make = functools.partial(
        plan_questions,
        question_count=body.question_count,
        job_title=body.job_title,
        posting=body.job_posting,
        self_intro=body.self_intro,
        prep_s=body.prep_s,
        answer_s=body.answer_s,
    )
    if body.job_posting or body.self_intro or body.job_title:
        rules = await asyncio.get_running_loop().run_in_executor(_planner_process(), make)
    else:
        rules = make()
    if llm_configured(llm):
        proposed = await llm_plan(
            llm,
            question_count=body.question_count,
            job_title=body.job_title,
            company=body.company,
            posting=body.job_posting,
            self_intro=body.self_intro,
            prep_s=body.prep_s,
            answer_s=body.answer_s,
            rules_plan=rules,
        )
        if proposed:
            return proposed, "llm"
    return rules, "rules"


def new_interview(
    principal: Principal, body: CreateInterviewRequest, planned: list[PlannedQuestion], planner: str
) -> NewInterview:
    questions = [
        InterviewQuestion(
            question_id=f"q{i}",
            text=q.text,
            category=q.category,
            source=q.source,
            cue=q.cue,
            bank_id=q.id,
            prep_s=q.prep_s,
            answer_s=q.answer_s,
        )
        for i, q in enumerate(planned, start=1)
    ]
    return NewInterview(
        tenant_id=principal.tenant_id,
        user_id=body.user_id,
        job_title=body.job_title,
        company=body.company,
        mode=body.mode,
        prep_s=body.prep_s,
        answer_s=body.answer_s,
        planner=planner,
        questions=questions,
    )


async def visible_interview(repo: InterviewRepository, principal: Principal, interview_id: str) -> InterviewRecord:
    """404 for an unknown id and for another tenant's or user's interview alike."""
    well_formed = len(interview_id) == 32 and all(c in "0123456789abcdef" for c in interview_id)
    record = await repo.get(interview_id) if well_formed else None
    if record is None or record.tenant_id != principal.tenant_id or not principal.may_act_for(record.user_id):
        raise NotFoundError(INTERVIEW_NOT_FOUND_KO)
    return record


async def update(
    repo: InterviewRepository, interview_id: str, change: Callable[[InterviewRecord], InterviewRecord]
) -> InterviewRecord:
    """Apply ``change`` (which may raise AppError) to the stored interview until the write wins."""
    for _ in range(_CAS_TRIES):
        current = await repo.get(interview_id)
        if current is None:
            raise NotFoundError(INTERVIEW_NOT_FOUND_KO)
        stored = await repo.replace(change(current))
        if stored is not None:
            return stored
    raise AppError(ErrorCode.SERVICE_UNAVAILABLE, "면접 기록이 동시에 여러 번 바뀌고 있습니다. 다시 시도해 주세요.")


def _with_question(record: InterviewRecord, question: InterviewQuestion) -> InterviewRecord:
    questions = [question if q.question_id == question.question_id else q for q in record.questions]
    return record.model_copy(update={"questions": questions})


def answerable(record: InterviewRecord, question_id: str) -> InterviewQuestion:
    """The question a take may go to: 404 when unknown, 409 for a second take in ``real`` mode."""
    question = record.question(question_id)
    if question is None:
        raise NotFoundError(INTERVIEW_NOT_FOUND_KO)
    if record.mode is InterviewMode.REAL and question.analysis_ids:
        raise AppError(ErrorCode.TAKE_ALREADY_USED)
    return question


def add_take(question_id: str, analysis_id: str) -> Callable[[InterviewRecord], InterviewRecord]:
    def change(record: InterviewRecord) -> InterviewRecord:
        question = answerable(record, question_id)
        takes = [*question.analysis_ids, analysis_id]
        return _with_question(record, question.model_copy(update={"analysis_ids": takes, "skipped": False}))

    return change


def skip(question_id: str) -> Callable[[InterviewRecord], InterviewRecord]:
    def change(record: InterviewRecord) -> InterviewRecord:
        question = record.question(question_id)
        if question is None:
            raise NotFoundError(INTERVIEW_NOT_FOUND_KO)
        if question.required or question.analysis_ids:
            raise AppError(ErrorCode.QUESTION_NOT_SKIPPABLE)
        return _with_question(record, question.model_copy(update={"skipped": True}))

    return change


def _follow_up_question(record: InterviewRecord, parent: InterviewQuestion, found: FollowUp) -> InterviewQuestion:
    return InterviewQuestion(
        question_id=f"{parent.question_id}f",
        text=found.text,
        category=FOLLOW_UP_CATEGORY,
        source=QuestionSource.FOLLOW_UP,
        cue=found.cue,
        prep_s=record.prep_s,
        answer_s=record.answer_s,
        parent_id=parent.question_id,
        reason=found.reason,
        cue_at_s=found.at_s,
        required=record.mode is InterviewMode.REAL,  # asked in a real interview, offered in practice
    )


def add_follow_up(parent_id: str, found: FollowUp | None) -> Callable[[InterviewRecord], InterviewRecord]:
    """Mark the parent as looked at, and put the follow-up (if any) right after it; once only."""

    def change(record: InterviewRecord) -> InterviewRecord:
        parent = record.question(parent_id)
        if parent is None or parent.follow_up_checked:
            return record  # someone else got there first; replace() still bumps the version harmlessly
        questions: list[InterviewQuestion] = []
        for q in record.questions:
            questions.append(q.model_copy(update={"follow_up_checked": True}) if q.question_id == parent_id else q)
            if q.question_id == parent_id and found is not None:
                questions.append(_follow_up_question(record, parent, found))
        return record.model_copy(update={"questions": questions})

    return change


async def load_analyses(repo: AnalysisRepository, record: InterviewRecord) -> Analyses:
    """The take that counts of each question (the last one)."""
    ids = [q.analysis_id for q in record.questions if q.analysis_id]
    found = await asyncio.gather(*(repo.get(analysis_id) for analysis_id in ids))
    return dict(zip(ids, found, strict=True))


async def _write_follow_up(llm: LLMSettings, question: InterviewQuestion, analysis: AnalysisRecord) -> FollowUp | None:
    transcript = analysis.result.transcript if analysis.result is not None else None
    if transcript is None:
        return None
    if llm_configured(llm):
        written = await llm_follow_up(llm, question.text, transcript)
        if written is not None:
            return written
    return follow_up(question.text, transcript)


async def refresh_follow_ups(
    llm: LLMSettings, repo: InterviewRepository, record: InterviewRecord, analyses: Analyses
) -> InterviewRecord:
    """Give each main question whose answer is analysed its follow-up (or none), once."""
    for question in record.questions:
        analysis = analyses.get(question.analysis_id or "")
        if question.parent_id is not None or question.follow_up_checked or analysis is None:
            continue
        if not analysis.status.terminal:
            continue
        found = await _write_follow_up(llm, question, analysis) if analysis.status is JobStatus.COMPLETED else None
        record = await update(repo, record.interview_id, add_follow_up(question.question_id, found))
        log.info(
            "interview.follow_up",
            interview_id=record.interview_id,
            question_id=question.question_id,
            asked=found is not None,
            reason=found.reason.value if found else None,
        )
    return record


def question_status(question: InterviewQuestion, analyses: Analyses) -> QuestionStatus:
    if question.analysis_id is None:
        return "skipped" if question.skipped else "unanswered"
    analysis = analyses.get(question.analysis_id)
    if analysis is None:
        return "deleted"
    if analysis.status is JobStatus.COMPLETED:
        return "completed"
    return "failed" if analysis.status is JobStatus.FAILED else "processing"


def next_question(record: InterviewRecord) -> str | None:
    pending = (q for q in record.questions if not q.analysis_ids and not q.skipped)
    return next((q.question_id for q in pending), None)


def interview_status(
    record: InterviewRecord, analyses: Analyses, feedback_done: Callable[[str], bool]
) -> InterviewStatus:
    """in_progress while a required question waits; analysing while an answer, its feedback or its
    follow-up is still being worked on; completed after that."""
    if any(q.required and not q.analysis_ids and not q.skipped for q in record.questions):
        return "in_progress"
    for q in record.questions:
        status = question_status(q, analyses)
        if status == "processing":
            return "analysing"
        if status == "completed" and q.analysis_id and not feedback_done(q.analysis_id):
            return "analysing"
        if q.parent_id is None and q.analysis_ids and status in ("completed", "failed") and not q.follow_up_checked:
            return "analysing"
    return "completed"


def response(record: InterviewRecord, analyses: Analyses, status: InterviewStatus) -> InterviewResponse:
    states = []
    for q in record.questions:
        analysis = analyses.get(q.analysis_id or "")
        error = analysis.error if analysis is not None else None
        states.append(
            QuestionState(
                question_id=q.question_id,
                text=q.text,
                category=q.category,
                source=q.source,
                cue=q.cue,
                prep_s=q.prep_s,
                answer_s=q.answer_s,
                parent_id=q.parent_id,
                reason=q.reason,
                cue_at_s=q.cue_at_s,
                required=q.required,
                skipped=q.skipped,
                takes=len(q.analysis_ids),
                analysis_id=q.analysis_id,
                status=question_status(q, analyses),
                error=ErrorBody(code=error.code, message=error.message) if error else None,
            )
        )
    return InterviewResponse(
        interview_id=record.interview_id,
        user_id=record.user_id,
        job_title=record.job_title,
        company=record.company,
        mode=record.mode,
        prep_s=record.prep_s,
        answer_s=record.answer_s,
        planner=record.planner,
        status=status,
        next_question_id=next_question(record),
        created_at=record.created_at,
        questions=states,
    )

"""Mock interviews: planned questions, one analysis per take, follow-ups, one report.

Each answer is an ordinary analysis (session = the interview), so it runs through the same queue,
workers, feedback and retention as ``/analyze``; the interview only records which take answered which
question. Routes stay thin: ``interview_service`` holds the rules, ``web/interview_summary`` the report.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile
from fastapi import Path as PathParam

from interview_analysis.api import interview_service as flow
from interview_analysis.api.analyses import accepted
from interview_analysis.api.auth import Principal, PrincipalDep
from interview_analysis.api.deps import Services, ServicesDep
from interview_analysis.api.fairness import ensure_below_active_limit
from interview_analysis.api.feedback import load_feedback
from interview_analysis.api.interview_schemas import (
    POSTING_MAX_CHARS,
    AnswerResponse,
    AnswerS3Request,
    CreateInterviewRequest,
    InterviewResponse,
)
from interview_analysis.api.retention import erase, erase_interview
from interview_analysis.api.schemas import ErrorResponse, FeedbackResponse
from interview_analysis.api.uploads import save_upload
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.interview.report_models import InterviewSummary
from interview_analysis.storage.interview_models import InterviewRecord
from interview_analysis.storage.models import NewAnalysis, SourceKind, idempotency_key
from interview_analysis.web.interview_summary import HISTORY_LIMIT, PastInterview, summarise

router = APIRouter(tags=["interview"])

_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse, "description": "알 수 없는 면접 또는 질문"},
    422: {"model": ErrorResponse, "description": "요청 형식 오류"},
}
_ANSWER_ERRORS: dict[int | str, dict[str, object]] = {
    **_ERRORS,
    409: {"model": ErrorResponse, "description": "실전 모드에서 두 번째 답변"},
    413: {"model": ErrorResponse, "description": "파일이 너무 큼"},
}
QuestionIdPath = Annotated[str, PathParam(pattern=r"^q[0-9]{1,2}f?$")]


async def _state(services: Services, record: InterviewRecord) -> InterviewResponse:
    analyses = await flow.load_analyses(services.analyses, record)
    record = await flow.refresh_follow_ups(services.feedback_writer.llm_settings, services.interviews, record, analyses)
    feedback = await _feedback_states(services, record)
    status = flow.interview_status(record, analyses, lambda a: feedback.get(a) in ("completed", "failed"))
    return flow.response(record, analyses, status)


async def _feedback_states(services: Services, record: InterviewRecord) -> dict[str, str]:
    ids = [q.analysis_id for q in record.questions if q.analysis_id]
    found = await asyncio.gather(*(services.feedback.get(a) for a in ids))
    return {a: f.status.value for a, f in zip(ids, found, strict=True) if f is not None}


@router.post(
    "/interviews",
    status_code=201,
    response_model=InterviewResponse,
    responses={**_ERRORS, 413: {"model": ErrorResponse, "description": "채용공고가 너무 김"}},
    summary="모의 면접 만들기 (질문 계획)",
)
async def create_interview(
    body: CreateInterviewRequest, services: ServicesDep, principal: PrincipalDep
) -> InterviewResponse:
    """Plans ``question_count`` questions: 자기소개 first, then from the posting, the 자기소개서 and the bank."""
    principal.require_user(body.user_id)
    if max(len(body.job_posting or ""), len(body.self_intro or "")) > POSTING_MAX_CHARS:
        raise AppError(ErrorCode.POSTING_TOO_LARGE)
    planned, planner = await flow.plan(services.feedback_writer.llm_settings, body)
    record = await services.interviews.create(flow.new_interview(principal, body, planned, planner))
    return flow.response(record, {}, "in_progress")


@router.get("/interviews/{interview_id}", response_model=InterviewResponse, responses=_ERRORS, summary="면접 진행 상태")
async def get_interview(interview_id: str, services: ServicesDep, principal: PrincipalDep) -> InterviewResponse:
    """Each question with its analysis status; a follow-up appears after its question once that answer is analysed."""
    return await _state(services, await flow.visible_interview(services.interviews, principal, interview_id))


async def _take(
    services: Services, principal: Principal, record: InterviewRecord, question_id: str, new: NewAnalysis
) -> AnswerResponse:
    """Store the analysis, bind it to the question (the 409 is decided here, atomically), then enqueue."""
    analysis, enqueue = await services.analyses.create(new)
    question = record.question(question_id)
    if not (question and analysis.analysis_id in question.analysis_ids):  # a repeated S3 link is the same take
        try:
            record = await flow.update(
                services.interviews, record.interview_id, flow.add_take(question_id, analysis.analysis_id)
            )
        except AppError:
            if enqueue:
                await erase(services, analysis)  # refused: nothing of this take is kept
            raise
    if enqueue:
        await services.queue.enqueue(analysis.analysis_id)
    taken = record.question(question_id)
    receipt = accepted(services, analysis, enqueue)
    return AnswerResponse(
        interview_id=record.interview_id,
        question_id=question_id,
        analysis_id=analysis.analysis_id,
        take=len(taken.analysis_ids) if taken else 1,
        message=receipt.message,
        estimated_completion=receipt.estimated_completion,
    )


def _analysis(record: InterviewRecord, question_id: str, source: NewAnalysis) -> NewAnalysis:
    """``source`` names the video (upload or object); the interview names who answered what."""
    question = record.question(question_id)
    if question is None:  # checked by flow.answerable before; kept for the type checker
        raise AppError(ErrorCode.NOT_FOUND)
    update = {"tenant_id": record.tenant_id, "user_id": record.user_id, "session_id": record.interview_id}
    return source.model_copy(update={**update, "question": question.text, "question_id": question.bank_id})


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/answer",
    response_model=AnswerResponse,
    responses=_ANSWER_ERRORS,
    summary="질문에 대한 답변 영상 올리기",
)
async def answer_upload(
    interview_id: str,
    question_id: QuestionIdPath,
    services: ServicesDep,
    principal: PrincipalDep,
    file: Annotated[UploadFile, File(description="답변 영상 (webm, mp4 ...)")],
) -> AnswerResponse:
    """The take is analysed like ``/analyze/upload``; in ``real`` mode a second take is refused (409)."""
    record = await flow.visible_interview(services.interviews, principal, interview_id)
    flow.answerable(record, question_id)  # refuse before the body is written to disk
    await ensure_below_active_limit(services, record.user_id, record.tenant_id)
    settings = services.settings
    path: Path = await save_upload(file, settings.uploads_dir, settings.media.max_file_bytes)
    upload = NewAnalysis(
        user_id=record.user_id, session_id=interview_id, source=SourceKind.UPLOAD, upload_path=str(path)
    )
    new = _analysis(record, question_id, upload)
    return await _take(services, principal, record, question_id, new)


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/answer/s3",
    response_model=AnswerResponse,
    responses=_ANSWER_ERRORS,
    summary="S3에 올린 답변 영상 연결",
)
async def answer_s3(
    interview_id: str,
    question_id: QuestionIdPath,
    body: AnswerS3Request,
    services: ServicesDep,
    principal: PrincipalDep,
) -> AnswerResponse:
    """Links ``s3://bucket/key`` as this question's take; linking the same object again returns the same take."""
    allowed = services.settings.security.allowed_buckets
    if allowed and body.s3_bucket not in allowed:
        raise AppError(ErrorCode.BUCKET_NOT_ALLOWED)
    record = await flow.visible_interview(services.interviews, principal, interview_id)
    question = record.question(question_id)
    key = idempotency_key(
        record.user_id, f"{interview_id}/{question_id}", body.s3_bucket, body.s3_key, record.tenant_id
    )
    previous = await services.analyses.get(question.analysis_id) if question and question.analysis_id else None
    if previous is None or previous.idempotency_key != key:
        flow.answerable(record, question_id)
        await ensure_below_active_limit(services, record.user_id, record.tenant_id)
    linked = NewAnalysis(
        user_id=record.user_id,
        session_id=interview_id,
        source=SourceKind.OBJECT_STORE,
        s3_bucket=body.s3_bucket,
        s3_key=body.s3_key,
        idempotency_key=key,
    )
    new = _analysis(record, question_id, linked)
    return await _take(services, principal, record, question_id, new)


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/skip",
    response_model=InterviewResponse,
    responses={**_ERRORS, 409: {"model": ErrorResponse, "description": "건너뛸 수 없는 질문"}},
    summary="연습 모드의 꼬리질문 건너뛰기",
)
async def skip_question(
    interview_id: str, question_id: QuestionIdPath, services: ServicesDep, principal: PrincipalDep
) -> InterviewResponse:
    record = await flow.visible_interview(services.interviews, principal, interview_id)
    return await _state(services, await flow.update(services.interviews, record.interview_id, flow.skip(question_id)))


async def load_summary(services: Services, principal: Principal, interview_id: str) -> InterviewSummary:
    """The report's data: the interview, each answer's analysis and feedback, and the user's earlier interviews."""
    record = await flow.visible_interview(services.interviews, principal, interview_id)
    state = await _state(services, record)
    record = await services.interviews.get(record.interview_id) or record
    analyses = await flow.load_analyses(services.analyses, record)
    feedback: dict[str, FeedbackResponse] = {}
    for analysis_id, analysis in analyses.items():
        if analysis is not None and analysis.status.terminal:
            feedback[analysis_id] = await load_feedback(services, principal, analysis_id)
    past = await services.interviews.of_user(record.tenant_id, record.user_id, HISTORY_LIMIT)
    history = [PastInterview(r, await flow.load_analyses(services.analyses, r)) for r in past]
    return summarise(record, analyses, feedback, state.status, history)


@router.get(
    "/interviews/{interview_id}/summary",
    response_model=InterviewSummary,
    responses=_ERRORS,
    summary="면접 리포트 JSON",
)
async def interview_summary(interview_id: str, services: ServicesDep, principal: PrincipalDep) -> InterviewSummary:
    """One card per question, overall scores, what changed from the first answer to the last, what to practise next."""
    return await load_summary(services, principal, interview_id)


@router.delete("/interviews/{interview_id}", status_code=204, responses=_ERRORS, summary="면접과 답변 분석 삭제")
async def delete_interview(interview_id: str, services: ServicesDep, principal: PrincipalDep) -> Response:
    """Removes every take's analysis, timelines, feedback and upload, then the interview, from every store."""
    record = await flow.visible_interview(services.interviews, principal, interview_id)
    await erase_interview(services, record)
    return Response(status_code=204)

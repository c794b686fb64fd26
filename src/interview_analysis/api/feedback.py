"""The written feedback of an analysis, and asking for it again."""

from __future__ import annotations

from fastapi import APIRouter

from interview_analysis.api.auth import Access, Principal, PrincipalDep, visible_record
from interview_analysis.api.deps import Services, ServicesDep
from interview_analysis.api.schemas import ErrorBody, ErrorResponse, FeedbackResponse
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.storage.feedback_models import FeedbackStatus
from interview_analysis.storage.models import JobStatus

router = APIRouter(tags=["feedback"])

_ERRORS: dict[int | str, dict[str, object]] = {404: {"model": ErrorResponse, "description": "알 수 없는 분석 ID"}}
_WAITING_KO = "분석이 끝나면 피드백을 작성합니다. 잠시 후 다시 확인해 주세요."
_ANALYSIS_FAILED_KO = "분석이 실패하여 피드백을 만들 수 없습니다."


@router.get(
    "/analysis/{analysis_id}/llm-comment", response_model=FeedbackResponse, responses=_ERRORS, summary="서면 피드백"
)
async def llm_comment(analysis_id: str, services: ServicesDep, principal: PrincipalDep) -> FeedbackResponse:
    """``pending`` while the analysis or the feedback is being written; ``writer`` says llm or rules."""
    return await load_feedback(services, principal, analysis_id)


async def load_feedback(services: Services, principal: Principal, analysis_id: str) -> FeedbackResponse:
    """The feedback as the route answers it, (re)scheduling its writer when none is at work; the report
    page renders the same answer, so it calls this rather than the route."""
    record = await visible_record(services, principal, analysis_id)
    if record.status is JobStatus.FAILED:
        error = ErrorBody(code=record.error.code, message=record.error.message) if record.error else None
        return FeedbackResponse(analysis_id=analysis_id, status="failed", message=_ANALYSIS_FAILED_KO, error=error)
    if record.status is not JobStatus.COMPLETED:
        return FeedbackResponse(analysis_id=analysis_id, status="pending", message=_WAITING_KO)
    feedback = await services.feedback.get(analysis_id)
    writer = services.feedback_writer
    if feedback is None or (feedback.status is FeedbackStatus.PENDING and not writer.is_running(analysis_id)):
        writer.schedule(analysis_id)  # never written, or its writer died with a previous process
        return FeedbackResponse(analysis_id=analysis_id, status="pending", message=_WAITING_KO)
    return FeedbackResponse.from_record(feedback)


@router.post(
    "/analysis/{analysis_id}/llm-comment/regenerate",
    response_model=FeedbackResponse,
    status_code=202,
    responses={**_ERRORS, 409: {"model": ErrorResponse, "description": "분석이 아직 끝나지 않음"}},
    summary="서면 피드백 다시 만들기",
)
async def regenerate(analysis_id: str, services: ServicesDep, principal: PrincipalDep) -> FeedbackResponse:
    record = await visible_record(services, principal, analysis_id, Access.REGENERATE)
    if record.status is not JobStatus.COMPLETED:
        raise AppError(ErrorCode.ANALYSIS_NOT_COMPLETED)
    pending = await services.feedback.mark_pending(analysis_id)
    services.feedback_writer.schedule(analysis_id)
    return FeedbackResponse.from_record(pending)

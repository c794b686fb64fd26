"""A user's scores over their completed analyses (``GET /users/{user_id}/progress``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from interview_analysis.api.auth import Principal, PrincipalDep
from interview_analysis.api.deps import Services, ServicesDep
from interview_analysis.api.schemas import ID_PATTERN, ErrorResponse
from interview_analysis.interview.bank import load_bank
from interview_analysis.web.progress import ProgressResponse, compute_progress

router = APIRouter(tags=["progress"])

UserIdPath = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


async def user_progress(services: Services, principal: Principal, user_id: str) -> ProgressResponse:
    """Only the caller's tenant: another tenant's key finds no analyses for the same user_id."""
    principal.require_user(user_id)
    records = await services.analyses.recent(services.settings.recent_limit_max, user_id, principal.tenant_id)
    return compute_progress(user_id, records, load_bank())


@router.get(
    "/users/{user_id}/progress",
    response_model=ProgressResponse,
    responses={403: {"model": ErrorResponse, "description": "이 키로 볼 수 없는 사용자"}},
    summary="회차별 점수 변화",
)
async def progress(user_id: UserIdPath, services: ServicesDep, principal: PrincipalDep) -> ProgressResponse:
    """Each score over the user's completed analyses, oldest first (the newest ``RECENT_LIMIT_MAX``), with
    the change against the previous session and against the user's own average, and per question category."""
    return await user_progress(services, principal, user_id)

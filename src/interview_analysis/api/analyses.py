"""Submitting and reading analyses. Routes stay thin: they store, enqueue and render."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile

from interview_analysis.api.auth import Access, PrincipalDep, visible_record
from interview_analysis.api.deps import Services, ServicesDep
from interview_analysis.api.fairness import ensure_below_active_limit
from interview_analysis.api.retention import erase
from interview_analysis.api.schemas import (
    ID_PATTERN,
    QUESTION_MAX,
    QUESTION_PATTERN,
    AnalysisResponse,
    AnalysisSummary,
    AnalyzeRequest,
    AnalyzeResponse,
    ErrorResponse,
    RecentResponse,
)
from interview_analysis.api.uploads import save_upload
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.storage.keys import ANY_USER
from interview_analysis.storage.models import (
    AnalysisRecord,
    NewAnalysis,
    SourceKind,
    idempotency_key,
    utcnow,
)

router = APIRouter(tags=["analysis"])

_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse, "description": "알 수 없는 분석 ID"},
    422: {"model": ErrorResponse, "description": "요청 형식 오류"},
}
ACCEPTED_KO = "영상 분석을 시작했습니다. 잠시 후 결과를 확인해 주세요."
ALREADY_KO = "같은 영상의 분석이 이미 접수되어 있습니다."


def accepted(services: Services, record: AnalysisRecord, fresh: bool) -> AnalyzeResponse:
    queue = services.queue
    rounds = 1 + queue.pending() // max(1, queue.concurrency)
    eta = utcnow() + timedelta(seconds=services.settings.queue.estimate_s_per_job * rounds)
    return AnalyzeResponse(
        analysis_id=record.analysis_id,
        message=ACCEPTED_KO if fresh else ALREADY_KO,
        estimated_completion=eta,
    )


async def _submit(services: Services, new: NewAnalysis) -> AnalyzeResponse:
    record, enqueue = await services.analyses.create(new)
    if enqueue:
        await services.queue.enqueue(record.analysis_id)  # after the record is stored, never before
    return accepted(services, record, enqueue)


@router.post("/analyze", response_model=AnalyzeResponse, responses=_ERRORS, summary="S3에 올린 영상 분석 요청")
async def analyze(body: AnalyzeRequest, services: ServicesDep, principal: PrincipalDep) -> AnalyzeResponse:
    """Queue the analysis of ``s3://bucket/key``; the same user, session and object returns the same analysis."""
    principal.require_user(body.user_id)
    allowed = services.settings.security.allowed_buckets
    if allowed and body.s3_bucket not in allowed:
        raise AppError(ErrorCode.BUCKET_NOT_ALLOWED)
    await ensure_below_active_limit(services, body.user_id, principal.tenant_id)
    new = NewAnalysis(
        tenant_id=principal.tenant_id,
        user_id=body.user_id,
        session_id=body.session_id,
        source=SourceKind.OBJECT_STORE,
        s3_bucket=body.s3_bucket,
        s3_key=body.s3_key,
        question=body.question,
        question_id=body.question_id,
        idempotency_key=idempotency_key(
            body.user_id, body.session_id, body.s3_bucket, body.s3_key, tenant_id=principal.tenant_id
        ),
    )
    return await _submit(services, new)


@router.post(
    "/analyze/upload",
    response_model=AnalyzeResponse,
    responses={**_ERRORS, 413: {"model": ErrorResponse, "description": "파일이 너무 큼"}},
    summary="영상 파일을 직접 올려 분석 요청",
)
async def analyze_upload(
    services: ServicesDep,
    principal: PrincipalDep,
    file: Annotated[UploadFile, File(description="면접 영상 (webm, mp4 ...)")],
    user_id: Annotated[str, Form(min_length=1, max_length=128, pattern=ID_PATTERN)],
    session_id: Annotated[str, Form(min_length=1, max_length=128, pattern=ID_PATTERN)],
    question: Annotated[str | None, Form(max_length=QUESTION_MAX, pattern=QUESTION_PATTERN)] = None,
    question_id: Annotated[str | None, Form(max_length=128, pattern=ID_PATTERN)] = None,
) -> AnalyzeResponse:
    """For use without S3: the file is kept until its analysis ends, then deleted."""
    principal.require_user(user_id)
    await ensure_below_active_limit(services, user_id, principal.tenant_id)
    settings = services.settings
    path = await save_upload(file, settings.uploads_dir, settings.media.max_file_bytes)
    new = NewAnalysis(
        tenant_id=principal.tenant_id,
        user_id=user_id,
        session_id=session_id,
        source=SourceKind.UPLOAD,
        upload_path=str(path),
        question=question,
        question_id=question_id,
    )
    return await _submit(services, new)


@router.get("/analysis/recent", response_model=RecentResponse, summary="최근 분석 목록")
async def recent(
    services: ServicesDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, description="최대 개수 (서버 상한 RECENT_LIMIT_MAX)")] = 10,
    user_id: Annotated[str | None, Query(max_length=128, pattern=ID_PATTERN)] = None,
) -> RecentResponse:
    """Newest first, only of the caller's tenant (and of ``user_id`` when given)."""
    limit = min(limit, services.settings.recent_limit_max)
    if user_id is not None:
        principal.require_user(user_id)
        records = await services.analyses.recent(limit, user_id, principal.tenant_id)
    else:
        # A key limited to some users sees only theirs: over-fetch within the tenant, then filter.
        wide = limit if principal.may_act_for(ANY_USER) else services.settings.recent_limit_max
        found = await services.analyses.recent(wide, None, principal.tenant_id)
        records = [r for r in found if principal.may_act_for(r.user_id)][:limit]
    return RecentResponse(count=len(records), analyses=[AnalysisSummary.from_record(r) for r in records])


@router.get(
    "/analysis/{analysis_id}",
    response_model=AnalysisResponse,
    response_model_exclude_unset=True,
    responses=_ERRORS,
    summary="분석 상태와 결과",
)
async def get_analysis(analysis_id: str, services: ServicesDep, principal: PrincipalDep) -> AnalysisResponse:
    """While processing: ``stage`` and ``progress``; when failed: ``error.code`` and ``error.message``."""
    return AnalysisResponse.from_record(await visible_record(services, principal, analysis_id))


@router.delete("/analysis/{analysis_id}", status_code=204, responses=_ERRORS, summary="분석과 피드백 삭제")
async def delete_analysis(analysis_id: str, services: ServicesDep, principal: PrincipalDep) -> Response:
    """Removes the analysis, its timelines, its feedback and any kept upload from every store."""
    record = await visible_record(services, principal, analysis_id, Access.DELETE)
    await erase(services, record)
    return Response(status_code=204)

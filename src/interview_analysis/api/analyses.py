"""Submitting and reading analyses. Routes stay thin: they store, enqueue and render."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from interview_analysis.api.deps import Services, ServicesDep
from interview_analysis.api.schemas import (
    AnalysisResponse,
    AnalysisSummary,
    AnalyzeRequest,
    AnalyzeResponse,
    ErrorResponse,
    RecentResponse,
)
from interview_analysis.api.uploads import save_upload
from interview_analysis.errors import NotFoundError
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


def _accepted(services: Services, record: AnalysisRecord, fresh: bool) -> AnalyzeResponse:
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
    return _accepted(services, record, enqueue)


@router.post("/analyze", response_model=AnalyzeResponse, responses=_ERRORS, summary="S3에 올린 영상 분석 요청")
async def analyze(body: AnalyzeRequest, services: ServicesDep) -> AnalyzeResponse:
    """Queue the analysis of ``s3://bucket/key``; the same user, session and object returns the same analysis."""
    new = NewAnalysis(
        user_id=body.user_id,
        session_id=body.session_id,
        source=SourceKind.OBJECT_STORE,
        s3_bucket=body.s3_bucket,
        s3_key=body.s3_key,
        idempotency_key=idempotency_key(body.user_id, body.session_id, body.s3_bucket, body.s3_key),
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
    file: Annotated[UploadFile, File(description="면접 영상 (webm, mp4 ...)")],
    user_id: Annotated[str, Form(min_length=1, max_length=128)],
    session_id: Annotated[str, Form(min_length=1, max_length=128)],
) -> AnalyzeResponse:
    """For use without S3: the file is kept until its analysis ends, then deleted."""
    settings = services.settings
    path = await save_upload(file, settings.uploads_dir, settings.media.max_file_bytes)
    new = NewAnalysis(user_id=user_id, session_id=session_id, source=SourceKind.UPLOAD, upload_path=str(path))
    return await _submit(services, new)


@router.get("/analysis/recent", response_model=RecentResponse, summary="최근 분석 목록")
async def recent(
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, description="최대 개수 (서버 상한 RECENT_LIMIT_MAX)")] = 10,
    user_id: Annotated[str | None, Query(max_length=128)] = None,
) -> RecentResponse:
    limit = min(limit, services.settings.recent_limit_max)
    records = await services.analyses.recent(limit, user_id)
    return RecentResponse(count=len(records), analyses=[AnalysisSummary.from_record(r) for r in records])


async def record_or_404(services: Services, analysis_id: str) -> AnalysisRecord:
    record = await services.analyses.get(analysis_id)
    if record is None:
        raise NotFoundError()
    return record


@router.get("/analysis/{analysis_id}", response_model=AnalysisResponse, responses=_ERRORS, summary="분석 상태와 결과")
async def get_analysis(analysis_id: str, services: ServicesDep) -> AnalysisResponse:
    """While processing: ``stage`` and ``progress``; when failed: ``error.code`` and ``error.message``."""
    return AnalysisResponse.from_record(await record_or_404(services, analysis_id))

"""The shared resources built once in the lifespan and handed to routes, typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, cast

from fastapi import Depends, Request

from interview_analysis.api.rate_limit import RateLimiter
from interview_analysis.config import Settings
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.feedback.service import FeedbackService
from interview_analysis.jobs.queue import JobQueue
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.interviews import InterviewRepository
from interview_analysis.storage.keys import KeyRepository


@dataclass(slots=True)
class Readiness:
    """False until every store has opened; a store down at start-up is retried in the background."""

    ready: bool = False


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    analyses: AnalysisRepository
    queue: JobQueue
    media_source: dict[str, Any]
    feedback: FeedbackRepository
    feedback_writer: FeedbackService
    readiness: Readiness
    keys: KeyRepository
    rate_limiter: RateLimiter
    interviews: InterviewRepository


def get_services(request: Request) -> Services:
    return cast(Services, request.state.services)


def get_ready_services(request: Request) -> Services:
    services = get_services(request)
    if not services.readiness.ready:
        raise AppError(ErrorCode.SERVICE_UNAVAILABLE, "저장소에 연결하는 중입니다. 잠시 후 다시 시도해 주세요.")
    return services


ServicesDep = Annotated[Services, Depends(get_ready_services)]
AnyServicesDep = Annotated[Services, Depends(get_services)]
"""For /health, which must answer while the stores are still down."""

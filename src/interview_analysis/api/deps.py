"""The shared resources built once in the lifespan and handed to routes, typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, cast

from fastapi import Depends, Request

from interview_analysis.config import Settings
from interview_analysis.jobs.queue import JobQueue
from interview_analysis.storage.analyses import AnalysisRepository


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    analyses: AnalysisRepository
    queue: JobQueue
    media_source: dict[str, Any]


def get_services(request: Request) -> Services:
    return cast(Services, request.state.services)


ServicesDep = Annotated[Services, Depends(get_services)]

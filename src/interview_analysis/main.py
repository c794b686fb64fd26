"""The FastAPI application: ``uvicorn --factory interview_analysis.main:create_app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI

from interview_analysis import __version__
from interview_analysis.api import analyses, health
from interview_analysis.api.deps import Services
from interview_analysis.api.errors import install_error_handlers
from interview_analysis.config import Settings
from interview_analysis.jobs.factory import make_queue
from interview_analysis.log_setup import configure_logging
from interview_analysis.media.fetch import make_fetcher
from interview_analysis.storage.factory import make_analysis_repository

log = structlog.get_logger(__name__)

DESCRIPTION = """
면접 연습 영상을 분석합니다: 표정(감정), 시선·눈 깜빡임, 음성 전달, 서면 피드백.

`POST /analyze`로 S3에 올린 영상을 접수하고 `GET /analysis/{id}`를 폴링해 결과를 받습니다.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_dir)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Services]]:
        repo = make_analysis_repository(settings)
        await repo.open()
        queue = make_queue(settings, repo)
        await queue.start()
        services = Services(
            settings=settings, analyses=repo, queue=queue, media_source=make_fetcher(settings).describe()
        )
        log.info("service.started", version=__version__, workers=queue.concurrency)
        try:
            yield {"services": services}
        finally:
            await queue.stop()
            await repo.close()
            log.info("service.stopped")

    app = FastAPI(
        title="Interview Analysis API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url="/redoc",
    )
    install_error_handlers(app)
    app.include_router(analyses.router)
    app.include_router(health.router)
    return app

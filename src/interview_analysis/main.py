"""The FastAPI application: ``uvicorn --factory interview_analysis.main:create_app``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from interview_analysis import __version__
from interview_analysis.api import analyses, feedback, health, interview_pages, interviews, metrics, pages
from interview_analysis.api.deps import Readiness, Services
from interview_analysis.api.errors import install_error_handlers
from interview_analysis.api.interview_service import stop_planner
from interview_analysis.api.limits import BodyLimitMiddleware
from interview_analysis.api.rate_limit import make_rate_limiter
from interview_analysis.api.retention import purge_forever
from interview_analysis.config import LLMBackend, Settings
from interview_analysis.feedback.local_server import LocalLLMError, LocalLLMServer
from interview_analysis.feedback.service import FeedbackService
from interview_analysis.jobs.factory import make_queue
from interview_analysis.log_setup import configure_logging
from interview_analysis.media.fetch import make_fetcher
from interview_analysis.storage.errors import StoreUnavailable
from interview_analysis.storage.factory import (
    make_analysis_repository,
    make_feedback_repository,
    make_interview_repository,
    make_key_repository,
)

log = structlog.get_logger(__name__)

_FIRST_RETRY_S = 1.0
_MAX_RETRY_S = 30.0

DESCRIPTION = """
면접 연습 영상을 분석합니다: 표정(감정), 시선·눈 깜빡임, 음성 전달, 서면 피드백.

`POST /analyze`로 S3에 올린 영상을 접수하고 `GET /analysis/{id}`를 폴링해 결과를 받습니다.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_dir)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Services | LocalLLMServer | None]]:
        local_llm = LocalLLMServer(settings.llm) if settings.llm.llm_backend is LLMBackend.LOCAL else None
        repo = make_analysis_repository(settings)
        feedback_repo = make_feedback_repository(settings)
        writer = FeedbackService(await _writer_settings(settings, local_llm), repo, feedback_repo)
        queue = make_queue(settings, repo, writer.schedule)
        services = Services(
            settings=settings,
            analyses=repo,
            queue=queue,
            media_source=make_fetcher(settings).describe(),
            feedback=feedback_repo,
            feedback_writer=writer,
            readiness=Readiness(),
            keys=make_key_repository(settings),
            rate_limiter=make_rate_limiter(settings),
            interviews=make_interview_repository(settings),
        )
        _warn_if_exposed(settings)
        background = asyncio.create_task(_open_then_run(services), name="open-stores-then-retention")
        try:
            yield {"services": services, "local_llm": local_llm}  # /health reads both from request.state
        finally:
            background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await background
            await services.keys.close()
            await services.interviews.close()
            stop_planner()
            await services.rate_limiter.close()
            if services.readiness.ready:
                await queue.stop()
            await writer.close()
            await feedback_repo.close()
            await repo.close()
            if local_llm is not None:
                await asyncio.to_thread(local_llm.stop)
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
    app.add_middleware(metrics.RequestTimer)
    app.add_middleware(
        BodyLimitMiddleware, max_body=settings.security.max_body_kb * 1024, max_upload=settings.media.max_file_bytes
    )
    if settings.security.cors_origins:  # closed unless origins are named
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.security.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )
    app.include_router(analyses.router)
    app.include_router(feedback.router)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(pages.router)
    app.include_router(interviews.router)
    app.include_router(interview_pages.router)
    return app


async def _writer_settings(settings: Settings, local_llm: LocalLLMServer | None) -> Settings:
    """LLM_BACKEND=local: start llama.cpp (blocking, so on a thread) and point the OpenAI writer at it.

    A model llama.cpp cannot load or that outlives LLM_START_TIMEOUT_S leaves the service up with the rules
    writer and /health at 503 naming the reason: the analyses still work, and the operator sees why.
    """
    if local_llm is None:
        return settings
    try:
        await asyncio.to_thread(local_llm.start)
    except LocalLLMError:
        rules = settings.llm.model_copy(update={"llm_backend": LLMBackend.RULES})
        return settings.model_copy(update={"llm": rules})
    return settings.model_copy(update={"llm": local_llm.writer_settings()})


async def _open_then_run(services: Services) -> None:
    """Open every store, retrying with backoff while one is down, start the workers, then keep
    purging analyses past their retention.

    The API answers meanwhile: /health names the store that is down and other routes
    return 503, instead of the process crashing and a supervisor restarting it in a loop.
    """
    delay = _FIRST_RETRY_S
    for store in (services.analyses, services.feedback, services.keys, services.interviews):
        while True:
            try:
                await store.open()
                break
            except StoreUnavailable as exc:
                log.error(
                    "store.unavailable", store=exc.backend, location=exc.location, retry_in_s=delay, reason=str(exc)
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, _MAX_RETRY_S)
    await services.queue.start()
    services.readiness.ready = True
    log.info(
        "service.started",
        version=__version__,
        workers=services.queue.concurrency,
        feedback_writer=services.feedback_writer.writer,
    )
    await purge_forever(services)


def _warn_if_exposed(settings: Settings) -> None:
    if not settings.security.auth_enabled and not settings.security.loopback_only:
        log.warning(
            "security.auth_disabled_on_network",
            host=settings.security.service_host,
            advice="AUTH_ENABLED=false on a non-loopback address: anyone who reaches this port can read every "
            "interview analysis. Set AUTH_ENABLED=true and create keys with `python -m interview_analysis keys`.",
        )

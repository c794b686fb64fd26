"""Liveness and the state of each dependency, for people and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from interview_analysis import __version__
from interview_analysis.api.deps import AnyServicesDep
from interview_analysis.api.schemas import HealthResponse
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def health(services: AnyServicesDep) -> JSONResponse:
    """200 when every check is ok, 503 with the same body when one is not."""
    checks: dict[str, dict[str, Any]] = {
        "analyses_store": await _store(services.analyses),
        "feedback_store": await _store(services.feedback),
    }
    queue = services.queue.describe()
    queue["status"] = "ok" if queue.get("workers_alive", 0) > 0 else "down"
    checks["queue"] = queue
    checks["media_source"] = {"status": "ok", **services.media_source}
    checks["feedback_writer"] = {"status": "ok", "writer": services.feedback_writer.writer.value}
    ok = services.readiness.ready and all(check["status"] == "ok" for check in checks.values())
    body = HealthResponse(status="ok" if ok else "degraded", version=__version__, checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


async def _store(store: AnalysisRepository | FeedbackRepository) -> dict[str, Any]:
    try:
        await store.ping()
    except Exception as exc:
        return {"status": "down", "reason": type(exc).__name__, **store.describe()}
    return {"status": "ok", **store.describe()}

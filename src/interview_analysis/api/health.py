"""Liveness and the state of each dependency, for people and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from interview_analysis import __version__
from interview_analysis.api.deps import ServicesDep
from interview_analysis.api.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def health(services: ServicesDep) -> JSONResponse:
    """200 when every check is ok, 503 with the same body when one is not."""
    checks: dict[str, dict[str, Any]] = {}
    try:
        await services.analyses.ping()
        checks["analyses_store"] = {"status": "ok"}
    except Exception as exc:
        checks["analyses_store"] = {"status": "down", "reason": type(exc).__name__}
    queue = services.queue.describe()
    queue["status"] = "ok" if queue.get("workers_alive", 0) > 0 else "down"
    checks["queue"] = queue
    checks["media_source"] = {"status": "ok", **services.media_source}
    ok = all(check["status"] == "ok" for check in checks.values())
    body = HealthResponse(status="ok" if ok else "degraded", version=__version__, checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

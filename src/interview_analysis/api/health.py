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
    models: list[dict[str, Any]] = queue.pop("models", [])
    checks["queue"] = queue
    checks["models"] = _models(models)
    checks["media_source"] = {"status": "ok", **services.media_source}
    checks["feedback_writer"] = {"status": "ok", "writer": services.feedback_writer.writer.value}
    ok = services.readiness.ready and all(check["status"] == "ok" for check in checks.values())
    body = HealthResponse(status="ok" if ok else "degraded", version=__version__, checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


def _models(models: list[dict[str, Any]]) -> dict[str, Any]:
    """Down when a required model is missing or corrupt wherever analyses run; unknown before any is checked."""
    unusable = sorted({m["name"] for m in models if m["required"] and m["status"] != "ok"})
    status = "unknown" if not models else "down" if unusable else "ok"
    keys = ("name", "file", "path", "required", "status", "sha256", "worker")
    listed = [{key: m[key] for key in keys if key in m} for m in models]
    return {"status": status, "unusable": unusable, "models": listed}


async def _store(store: AnalysisRepository | FeedbackRepository) -> dict[str, Any]:
    try:
        await store.ping()
    except Exception as exc:
        return {"status": "down", "reason": type(exc).__name__, **store.describe()}
    return {"status": "ok", **store.describe()}

"""Liveness and the state of each dependency, for people and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from interview_analysis import __version__
from interview_analysis.api.deps import AnyServicesDep
from interview_analysis.api.schemas import HealthResponse
from interview_analysis.feedback.local_server import LocalLLMServer
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.feedback_models import WriterKind
from interview_analysis.storage.interviews import InterviewRepository

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def health(services: AnyServicesDep, request: Request) -> JSONResponse:
    """200 when every check is ok, 503 with the same body when one is not."""
    checks: dict[str, dict[str, Any]] = {
        "analyses_store": await _store(services.analyses),
        "feedback_store": await _store(services.feedback),
        "interviews_store": await _store(services.interviews),
    }
    queue = services.queue.describe()
    queue["status"] = "ok" if queue.get("workers_alive", 0) > 0 else "down"
    models: list[dict[str, Any]] = queue.pop("models", [])
    checks["queue"] = queue
    checks["models"] = _models(models)
    checks["media_source"] = {"status": "ok", **services.media_source}
    local_llm: LocalLLMServer | None = getattr(request.state, "local_llm", None)  # LLM_BACKEND=local only
    checks["feedback_writer"] = feedback_writer(services.feedback_writer.writer, local_llm)
    ok = services.readiness.ready and all(check["status"] == "ok" for check in checks.values())
    body = HealthResponse(status="ok" if ok else "degraded", version=__version__, checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


def feedback_writer(writer: WriterKind, local_llm: LocalLLMServer | None) -> dict[str, Any]:
    """With LLM_BACKEND=local, the llama.cpp server's state: not ok (503) while it starts or after it failed,
    when feedback falls back to the rules writer."""
    if local_llm is None:
        return {"status": "ok", "writer": writer.value}
    local = local_llm.state()
    return {"status": local["status"], "writer": writer.value, "local_llm": local}


def _models(models: list[dict[str, Any]]) -> dict[str, Any]:
    """Down when a required model is missing or corrupt wherever analyses run; unknown before any is checked."""
    unusable = sorted({m["name"] for m in models if m["required"] and m["status"] != "ok"})
    status = "unknown" if not models else "down" if unusable else "ok"
    keys = ("name", "file", "path", "required", "status", "sha256", "worker")
    listed = [{key: m[key] for key in keys if key in m} for m in models]
    return {"status": status, "unusable": unusable, "models": listed}


async def _store(store: AnalysisRepository | FeedbackRepository | InterviewRepository) -> dict[str, Any]:
    try:
        await store.ping()
    except Exception as exc:
        return {"status": "down", "reason": type(exc).__name__, **store.describe()}
    return {"status": "ok", **store.describe()}

"""Prometheus metrics, named ``interview_analysis_<thing>_<unit>``, with labels of few values (never an id or a user).

They live in the process that does the work they count: the API process (requests; and, with
the embedded queue, the supervisor that settles every analysis) serves them at ``GET /metrics``;
a Redis worker host serves its own on ``WORKER_METRICS_PORT``.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry()

ANALYSES = Counter(
    "interview_analysis_analyses",
    "Analyses that ended, by final status and error code (empty when completed).",
    ["status", "code"],
    registry=REGISTRY,
)
STAGE_SECONDS = Histogram(
    "interview_analysis_stage_duration_seconds",
    "Wall time of each stage of a completed analysis (the result's timings_s).",
    ["stage"],
    buckets=(0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200),
    registry=REGISTRY,
)
MODEL_LOAD_SECONDS = Histogram(
    "interview_analysis_model_load_seconds",
    "Time a worker process took to load and warm up each model at start.",
    ["model"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "interview_analysis_request_duration_seconds",
    "HTTP request latency by route template, method and status code.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)


def analysis_ended(status: str, code: str | None = None) -> None:
    ANALYSES.labels(status=status, code=code or "").inc()


def stages_timed(timings: Any) -> None:
    """Observe each numeric entry of a result's ``timings_s``."""
    if isinstance(timings, dict):
        for stage, seconds in timings.items():
            if isinstance(seconds, int | float):
                STAGE_SECONDS.labels(stage=str(stage)).observe(float(seconds))


def models_loaded(load_s: dict[str, float]) -> None:
    for model, seconds in load_s.items():
        MODEL_LOAD_SECONDS.labels(model=model).observe(seconds)

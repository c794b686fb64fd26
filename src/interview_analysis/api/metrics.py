"""``GET /metrics`` in Prometheus text format, and the request timer that feeds it."""

from __future__ import annotations

import time
from collections.abc import Iterator

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview_analysis.api.auth import PrincipalDep
from interview_analysis.api.deps import ServicesDep
from interview_analysis.jobs.queue import JobQueue
from interview_analysis.metrics import REGISTRY, REQUEST_SECONDS

router = APIRouter(tags=["health"])


class QueueCollector(Collector):
    """Queue depth and live workers, read from the queue when scraped (never stale, nothing to update)."""

    def __init__(self, queue: JobQueue) -> None:
        self._queue = queue

    def collect(self) -> Iterator[GaugeMetricFamily]:
        state = self._queue.describe()
        gauges = {
            "interview_analysis_queue_depth": ("Analyses waiting for a worker.", "queued"),
            "interview_analysis_queue_running": ("Analyses being analysed now.", "running"),
            "interview_analysis_workers_alive": ("Live worker processes.", "workers_alive"),
        }
        for name, (help_text, key) in gauges.items():
            yield GaugeMetricFamily(name, help_text, value=float(state.get(key, 0)))


@router.get("/metrics", summary="Prometheus 지표", response_class=Response)
async def metrics(services: ServicesDep, _: PrincipalDep) -> Response:
    """Protected like every other route when API keys are on."""
    live = CollectorRegistry()
    live.register(QueueCollector(services.queue))
    body = generate_latest(REGISTRY) + generate_latest(live)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


class RequestTimer:
    """ASGI middleware: request latency by route template (``/analysis/{analysis_id}``, never the id itself)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_timed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_timed)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            REQUEST_SECONDS.labels(route=route, method=scope["method"], status=str(status)).observe(
                time.perf_counter() - started
            )

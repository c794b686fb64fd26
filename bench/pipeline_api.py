"""The API process under bench/pipeline.py ``--api``: idle RSS, what it has loaded, /health latency under load.

The real service is started as tests/fixtures/service.py starts it (uvicorn subprocess, embedded
defaults, a temporary DATA_DIR). Idle RSS is the API process alone (its worker processes are
children with their own RSS). "Loaded" lists the heavy native libraries mapped into the API
process (read from /proc/PID/maps, so nothing in the process is touched). Then two analyses are
submitted at once and /health is polled every 50 ms until both end; throughput is analyses per
minute from the submission to the last completion, with 2 and then 1 worker processes.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import psutil

from tests.fixtures.service import TERMINAL, Service

HEAVY = ("onnxruntime", "mediapipe", "cv2", "ctranslate2", "kiwi", "torch", "tensorflow", "libavcodec")


def _mapped(pid: int) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name in HEAVY if name in maps]


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _round(video: Path, workers: int, asr: str, measure_idle: bool) -> None:
    data = Path(tempfile.mkdtemp(prefix="bench-pipeline-api-"))
    (data / "objects" / "bench").mkdir(parents=True)
    for name in ("a", "b"):
        shutil.copy(video, data / "objects" / "bench" / f"{name}.webm")
    service = Service(data, {"WORKER_PROCESSES": str(workers), "ASR_BACKEND": asr, "LOG_LEVEL": "WARNING"})
    try:
        service.start(timeout_s=180)
        assert service.process is not None
        if measure_idle:
            time.sleep(5.0)  # the workers finish warming up in their own processes; the API has nothing to do
            api = psutil.Process(service.process.pid)
            print(f"API process idle RSS: {api.memory_info().rss / 2**20:.0f} MB (workers not counted)")
            print(f"heavy libraries mapped in the API process: {', '.join(_mapped(api.pid)) or 'none'}")
        started = time.perf_counter()
        ids = [service.submit("bench", f"{name}.webm", session=name) for name in ("a", "b")]
        health: list[float] = []
        statuses: list[str] = []
        polled = 0.0
        while time.perf_counter() - started < 600:
            t0 = time.perf_counter()
            assert service.client.get("/health").status_code == 200
            health.append(time.perf_counter() - t0)
            if time.perf_counter() - polled > 0.25:
                polled = time.perf_counter()
                statuses = [service.client.get(f"/analysis/{i}").json()["status"] for i in ids]
                if all(s in TERMINAL for s in statuses):
                    break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        ms = [1000 * s for s in health]
        print(
            f"WORKER_PROCESSES={workers}, ASR_BACKEND={asr}: two analyses {statuses} in {wall:.1f} s "
            f"= {2 * 60 / wall:.1f} analyses/min; GET /health n={len(ms)} p50={statistics.median(ms):.1f} ms "
            f"p99={_percentile(ms, 0.99):.1f} ms max={max(ms):.1f} ms"
        )
    finally:
        service.stop()
        service.client.close()
        shutil.rmtree(data, ignore_errors=True)


def api_figures(video: Path, asr: str = "none") -> None:
    _round(video, workers=2, asr=asr, measure_idle=True)
    _round(video, workers=1, asr=asr, measure_idle=False)

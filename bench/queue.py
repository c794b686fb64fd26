"""Throughput of the Redis queue with 1 and 2 worker processes, and the latency the queue adds.

    .venv/bin/python bench/queue.py VIDEO [--jobs 8] [--latency-jobs 10]

Needs the Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379/15; a queue name of its own,
removed afterwards). Starts ``python -m interview_analysis.jobs.redis_worker`` (what
``./run_worker.sh`` runs) with WORKER_PROCESSES=1, then 2, and the API with QUEUE_BACKEND=redis,
sharing a temporary DATA_DIR (SQLite store, local objects). Each round first runs one job per
worker process unmeasured, so every process has loaded its models. Throughput: JOBS analyses
submitted at once, analyses per minute from the first submission to the last completion.
Added latency: with the workers idle, one job at a time, claim time minus the time the row was
stored (enqueue, arq's poll, the claim).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

# This file shares its name with the standard library's queue module, which redis imports; python
# puts this folder first on the import path when it runs bench/queue.py, so take it off again.
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]

import httpx  # noqa: E402
import redis  # noqa: E402


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Round:
    """One worker (WORKER_PROCESSES=n) and one API, on a fresh queue."""

    def __init__(self, env: dict[str, str], processes: int) -> None:
        self.port = _port()
        env = {**env, "WORKER_PROCESSES": str(processes)}
        out = subprocess.DEVNULL
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "interview_analysis.jobs.redis_worker"], env=env, stdout=out, stderr=out
        )
        self.api = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "interview_analysis.main:create_app",
                "--port",
                str(self.port),
            ],
            env=env,
            stdout=out,
            stderr=out,
        )
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=10)
        self.submitted = 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                queue = self.client.get("/health").json()["checks"]["queue"]
                if queue.get("workers_alive") == processes:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise TimeoutError("service or worker did not start")

    def submit(self) -> str:
        self.submitted += 1
        # A session of its own: the same user, session and object would return the earlier analysis.
        session = uuid.uuid4().hex
        body = {"s3_bucket": "bench", "s3_key": "answer.webm", "user_id": f"u{self.submitted}", "session_id": session}
        response = self.client.post("/analyze", json=body)
        response.raise_for_status()
        return str(response.json()["analysis_id"])

    def wait(self, analysis_id: str) -> dict[str, Any]:
        while True:
            body: dict[str, Any] = self.client.get(f"/analysis/{analysis_id}").json()
            if body["status"] in {"completed", "failed"}:
                if body["status"] == "failed":
                    raise RuntimeError(f"analysis failed: {body['error']}")
                return body
            time.sleep(0.05)

    def close(self) -> None:
        self.client.close()
        _stop(self.api)
        _stop(self.worker)


def _throughput(round_: Round, jobs: int, processes: int) -> float:
    for analysis_id in [round_.submit() for _ in range(processes)]:  # warm every process
        round_.wait(analysis_id)
    started = time.perf_counter()
    ids = [round_.submit() for _ in range(jobs)]
    for analysis_id in ids:
        round_.wait(analysis_id)
    return jobs / ((time.perf_counter() - started) / 60)


def _latencies(round_: Round, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        body = round_.wait(round_.submit())
        stored, claimed = datetime.fromisoformat(body["created_at"]), datetime.fromisoformat(body["started_at"])
        samples.append((claimed - stored).total_seconds() * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("video", type=Path)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--latency-jobs", type=int, default=10)
    args = parser.parse_args()
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    queue = f"ia-bench-{uuid.uuid4().hex[:8]}"
    data = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    (data / "objects" / "bench").mkdir(parents=True)
    shutil.copy(args.video, data / "objects" / "bench" / "answer.webm")
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "LOG_DIR": str(data / "logs"),
        "QUEUE_BACKEND": "redis",
        "REDIS_URL": url,
        "QUEUE_NAME": queue,
        "MAX_ACTIVE_PER_USER": "0",
    }
    print(f"video {args.video.name}, {args.jobs} jobs per round, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    try:
        for processes in (1, 2):
            round_ = Round(env, processes)
            try:
                rate = _throughput(round_, args.jobs, processes)
                print(f"WORKER_PROCESSES={processes}: {rate:5.1f} analyses/min")
                if processes == 2:
                    ms = sorted(_latencies(round_, args.latency_jobs))
                    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
                    print(
                        f"added latency (row stored -> claimed by an idle worker), n={len(ms)}: "
                        f"p50={statistics.median(ms):.0f} ms  p95={p95:.0f} ms  max={ms[-1]:.0f} ms"
                    )
            finally:
                round_.close()
    finally:
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"{queue}*"))
        if keys:
            client.delete(*keys)
        client.close()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Latency of /health and GET /analysis/{id} while two analyses run (the event loop must stay free).

    .venv/bin/python bench/api_latency.py VIDEO [--seconds 15]

Starts the real service on a free port with embedded defaults in a temporary DATA_DIR, puts VIDEO
in its local object store twice, submits both, and times requests until both analyses end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _summary(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"{name:<22} n={len(ms):4d}  p50={statistics.median(ms):6.1f} ms  p95={p95:6.1f} ms  max={ms[-1]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("video", type=Path)
    parser.add_argument("--seconds", type=float, default=120.0, help="give up after this long")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-api-"))
    for name in ("a", "b"):
        (data / "objects" / "bench").mkdir(parents=True, exist_ok=True)
        shutil.copy(args.video, data / "objects" / "bench" / f"{name}.webm")
    port = _port()
    env = {**os.environ, "DATA_DIR": str(data), "LOG_DIR": str(data / "logs"), "WORKER_PROCESSES": "2"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "interview_analysis.main:create_app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
    try:
        while True:
            try:
                if client.get("/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        ids = [
            client.post(
                "/analyze", json={"s3_bucket": "bench", "s3_key": f"{n}.webm", "user_id": "b", "session_id": n}
            ).json()["analysis_id"]
            for n in ("a", "b")
        ]
        health: list[float] = []
        poll: list[float] = []
        started = time.perf_counter()
        while time.perf_counter() - started < args.seconds:
            t0 = time.perf_counter()
            client.get("/health")
            health.append(time.perf_counter() - t0)
            statuses = []
            for analysis_id in ids:
                t0 = time.perf_counter()
                statuses.append(client.get(f"/analysis/{analysis_id}").json()["status"])
                poll.append(time.perf_counter() - t0)
            if all(s in ("completed", "failed") for s in statuses):
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        print(f"two analyses of {args.video.name} on 2 workers, both ended: {statuses} in {wall:.1f} s")
        print(_summary("GET /health", health))
        print(_summary("GET /analysis/{id}", poll))
    finally:
        server.terminate()
        server.wait(timeout=20)
        client.close()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()

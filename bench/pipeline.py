"""The whole analysis as a worker runs it, beside the decode floor and (optionally) a peer package.

    .venv/bin/python bench/pipeline.py [FILE] [--peer] [--api] [--long] [--workers N]

FILE defaults to a 60 s clip (the generated talk.webm twice, stream-copied; VP8 640x480, cached
under .cache/bench/). Printed side by side, in one run:

- ``ffmpeg -f null``: FFmpeg decoding the file and throwing the frames away (median of 3), the floor;
- the warm in-worker analysis with ``ASR_BACKEND=none`` and ``=local``, each in a fresh process that
  first calls ``pipeline.analyse.warm_up`` (models loaded, as a worker does at start) and then times
  ``analyse_file``: wall, CPU (all threads, plus child processes), CPU seconds per stage (the
  result's ``cpu_s``: thread CPU time of each stage), the CPU of the libraries' own native threads
  (FFmpeg's ``av:*`` frame threads, MediaPipe's graph threads), and peak RSS;
- ``--long``: the ``ASR_BACKEND=none`` run again on a 10-minute clip, for the peak RSS's growth;
- ``--peer``: ``fer==25.10.3``'s own ``Video(...).analyze(FER())`` on the same file (bench/peer_fer.py);
- ``--api``: the real service's idle RSS, the heavy libraries mapped in the API process, and
  ``/health`` latency while two analyses run (bench/pipeline_api.py).

WORKER_PROCESSES (``--workers``, default 1 here: one analysis has the machine) sets the intra-op
threads of each model to ``os.cpu_count() // WORKER_PROCESSES``, as in the service.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO / ".cache" / "bench"
# bench/queue.py would shadow the standard library's queue module (boto3 and redis import it): import the
# bench's helpers as ``bench.*`` from the repository root instead of putting this folder on the path.
sys.path = [str(REPO), *(p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent)]

STAGES = ("decode", "landmarks", "emotion", "eye", "objects", "voice", "transcription")
NATIVE = {
    "av": "FFmpeg frame threads (decode)",
    "mediapipe": "MediaPipe graph threads (landmarks)",
    "ia-pool-objects": "ONNX Runtime threads (objects)",
    "ia-pool-asr": "CTranslate2 threads (transcription)",
}
# The pipeline names its transcription thread (stages.name_thread); the runtimes' own pools started at warm-up
# on threads named after their stage (stages.POOL_THREADS), whose names they inherit.
ASR_THREADS = "ia-transcriptio"


def default_clip() -> Path:
    from tests.fixtures.media import cache_dir, ensure_long_video, ensure_media, media_script

    media = ensure_media(media_script(), cache_dir(media_script()))
    return ensure_long_video(media / "talk.webm", BENCH_DIR / "talk_60s.webm", 60.0, 30.0)


def long_clip() -> Path:
    from tests.fixtures.media import cache_dir, ensure_long_video, ensure_media, media_script

    media = ensure_media(media_script(), cache_dir(media_script()))
    return ensure_long_video(media / "talk.webm", BENCH_DIR / "talk_10min.webm", 600.0, 30.0)


def ffmpeg_null(video: Path, runs: int = 3) -> dict[str, float]:
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-f", "null", "-"], check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus)}


class ThreadCpu:
    """Polls /proc/self/task: CPU seconds per native thread group while the analysis runs."""

    def __init__(self) -> None:
        self._base = {tid: cpu for tid, (_, cpu) in self._read().items()}
        self._last: dict[str, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    @staticmethod
    def _read() -> dict[str, tuple[str, float]]:
        tick = os.sysconf("SC_CLK_TCK")
        found: dict[str, tuple[str, float]] = {}
        for tid in os.listdir("/proc/self/task"):
            try:
                comm = Path(f"/proc/self/task/{tid}/comm").read_text().strip()
                fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the thread ended between listing and reading
            found[tid] = (comm, (int(fields[11]) + int(fields[12])) / tick)
        return found

    def _poll(self) -> None:
        while not self._stop.wait(0.05):
            self._last.update(self._read())

    def __enter__(self) -> ThreadCpu:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._last.update(self._read())

    def groups(self) -> dict[str, float]:
        totals = dict.fromkeys([*NATIVE, ASR_THREADS], 0.0)
        for tid, (comm, cpu) in self._last.items():
            group = comm if comm == ASR_THREADS else comm.replace("/", ":").split(":")[0]
            if group in totals:
                totals[group] += cpu - self._base.get(tid, 0.0)
        return {group: round(seconds, 2) for group, seconds in totals.items()}


def child(video: Path) -> None:
    """One warm analysis in this process (ASR_BACKEND and WORKER_PROCESSES come from the environment)."""
    import logging

    from interview_analysis.config import Settings
    from interview_analysis.jobs.process import configure_worker_process
    from interview_analysis.pipeline.analyse import analyse_file, warm_up

    logging.disable(logging.WARNING)
    settings = Settings(log_level="WARNING")
    configure_worker_process(lower_priority=False)  # as worker_main does, less the nice: see its docstring
    warm_up(settings)
    warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu0, kids0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    with ThreadCpu() as threads:
        started = time.perf_counter()
        result = analyse_file(video, settings, lambda stage, progress: None)
        wall = time.perf_counter() - started
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu0 + (kids1.ru_utime + kids1.ru_stime - kids0.ru_utime - kids0.ru_stime)
    figures = {
        "wall_s": wall,
        "cpu_s": cpu,
        "video_s": result.media.duration_s,
        "stages": result.cpu_s,
        "native": threads.groups(),
        "warm_rss_mb": warm_rss,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "transcript": result.transcript.status if result.transcript else None,
        "phone_intervals": result.integrity.phone_intervals if result.integrity else None,
    }
    print(json.dumps(figures))


def run_child(video: Path, asr: str, workers: int) -> dict[str, Any]:
    env = {**os.environ, "ASR_BACKEND": asr, "WORKER_PROCESSES": str(workers), "LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, __file__, str(video), "--child"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the {asr} run failed:\n{done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _row(label: str, values: list[str]) -> str:
    return f"{label:<44}" + "".join(f"{v:>16}" for v in values)


def report(floor: dict[str, float], runs: dict[str, dict[str, Any]]) -> None:
    names = list(runs)
    print(_row("", names))
    print(_row("wall s", [f"{r['wall_s']:.2f}" for r in runs.values()]))
    print(_row("CPU s (all threads + children)", [f"{r['cpu_s']:.2f}" for r in runs.values()]))
    print(_row("CPU s per video second", [f"{r['cpu_s'] / r['video_s']:.3f}" for r in runs.values()]))
    print(_row("wall / ffmpeg -f null wall", [f"{r['wall_s'] / floor['wall_s']:.2f}x" for r in runs.values()]))
    print(_row("real-time factor (video s / wall s)", [f"{r['video_s'] / r['wall_s']:.1f}x" for r in runs.values()]))
    print("CPU s per stage (thread CPU time of the stage's own work)")
    for r in runs.values():
        # Transcription: its named thread (its CTranslate2 pool: see ASR_THREADS).
        r["stages"]["transcription"] = max(r["stages"].get("transcription", 0.0), r["native"].pop(ASR_THREADS, 0.0))
    for stage in STAGES:
        print(_row(f"  {stage}", [f"{r['stages'].get(stage, 0.0):.2f}" for r in runs.values()]))
    for group, label in NATIVE.items():
        print(_row(f"  + {label}", [f"{r['native'].get(group, 0.0):.2f}" for r in runs.values()]))
    print(
        _row(
            "  unattributed (glue, GC, other native threads)",
            [f"{r['cpu_s'] - sum(r['stages'].values()) - sum(r['native'].values()):.2f}" for r in runs.values()],
        )
    )
    print(_row("RSS after warm-up MB", [f"{r['warm_rss_mb']:.0f}" for r in runs.values()]))
    print(_row("peak RSS MB", [f"{r['peak_rss_mb']:.0f}" for r in runs.values()]))
    print(_row("transcript status", [str(r["transcript"]) for r in runs.values()]))
    if "asr=none" in runs and "asr=local" in runs:
        ratio = runs["asr=local"]["wall_s"] / runs["asr=none"]["wall_s"]
        print(f"with transcription / without: {ratio:.2f}x wall")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("video", type=Path, nargs="?")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peer", action="store_true", help="also run fer==25.10.3's own video analysis")
    parser.add_argument("--api", action="store_true", help="also the API process's idle RSS and /health latency")
    parser.add_argument("--long", action="store_true", help="also a 10-minute clip without transcription")
    parser.add_argument("--workers", type=int, default=1, help="WORKER_PROCESSES for the thread sizing")
    args = parser.parse_args()
    video = args.video or default_clip()
    if args.child:
        child(video)
        return
    floor = ffmpeg_null(video)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{video} ({video.stat().st_size / 1e6:.1f} MB), {os.cpu_count()} cores, WORKER_PROCESSES={args.workers}")
    print(f"load average before the run: {load} (other work on the machine inflates wall and CPU figures)")
    print(f"ffmpeg -f null: {floor['wall_s']:.2f} s wall, {floor['cpu_s']:.2f} s CPU (median of 3)\n")
    runs = {f"asr={asr}": run_child(video, asr, args.workers) for asr in ("none", "local")}
    if args.long:
        runs["10 min, asr=none"] = run_child(long_clip(), "none", args.workers)
    report(floor, runs)
    if args.long:
        growth = runs["10 min, asr=none"]["peak_rss_mb"] / runs["asr=none"]["peak_rss_mb"] - 1
        print(f"peak RSS 10 min vs 60 s: {100 * growth:+.1f}%")
    if args.peer:
        from bench.peer_fer import run_peer

        peer = run_peer(video)
        if isinstance(peer, str):
            print(f"\npeer fer==25.10.3: not run: {peer}")
        else:
            ours = runs["asr=none"]
            print(
                f"\npeer fer==25.10.3 Video.analyze(FER()): {peer['wall_s']:.2f} s wall, {peer['cpu_s']:.2f} s CPU, "
                f"face in {peer['frames_with_face']}/{peer['frames']} frames, peak RSS {peer['peak_rss_mb']:.0f} MB "
                f"(model load {peer['load_wall_s']:.1f} s not counted); "
                f"{peer['wall_s'] / ours['wall_s']:.1f}x our wall, {peer['cpu_s'] / ours['cpu_s']:.1f}x our CPU"
            )
    if args.api:
        from bench.pipeline_api import api_figures

        print()
        api_figures(video)


if __name__ == "__main__":
    main()

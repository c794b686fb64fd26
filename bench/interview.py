"""A five-question mock interview through the API: seconds from the last answer's upload to the report.

    .venv/bin/python -P bench/interview.py --video VIDEO [--asr local|none] [--interval-s 20] [--workers N]
                                            [--rounds 1]

VIDEO is a one-minute answer (a face and real speech). The real service is started as
tests/fixtures/service.py starts it (uvicorn subprocess, embedded defaults, a temporary DATA_DIR).
Each round creates a practice interview of five questions and uploads VIDEO as the answer to q1..q5,
one every ``--interval-s`` seconds: a candidate answers one minute and prepares ``prep_s`` for the next,
so 60 + prep_s is the real spacing, compressed here (default 20 s). Follow-ups that appear are left
unanswered, as practice mode allows. ``GET /interviews/{id}/summary`` and each answer's
``GET /analysis/{id}`` are polled every 0.5 s until the summary's status is ``completed`` (every answer
analysed, its feedback written, its follow-up decided).

Printed per answer: when it was uploaded, the upload's own time, its queue wait and run time (the
analysis record's started/completed stamps), the CPU seconds its stage threads spent (all stages, and
transcription alone: the result's ``cpu_s``, which leaves out the runtimes' own native threads) and
when the poll saw it end. Then the headline figure, the seconds from the last upload's response to the
completed report (goal: <= 20 s with local transcription), the total from the first upload, the API
process's peak RSS and the peak CPU of the API process and of the whole service (API and workers).
Rounds after the first reuse the service.
The load average is printed before and after, with the mean CPU the machine spent outside the service
during the round: figures taken while the machine is busy elsewhere are not comparable.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil

if TYPE_CHECKING:
    from tests.fixtures.service import Service

REPO = Path(__file__).resolve().parents[1]
# bench/queue.py would shadow the standard library's queue module (boto3 and redis import it): import the
# test fixtures as ``tests.*`` from the repository root instead of putting this folder on the path.
sys.path = [str(REPO), *(p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent)]

QUESTIONS = 5
PREP_S = 30
POLL_S = 0.5  # a page polls every second or two; faster polling only takes CPU from the analysis
SAMPLE_S = 0.5  # psutil's CPU percentages need an interval between readings
REPORT_TIMEOUT_S = 900.0  # after the last upload; a stuck report ends the round with what was seen
USER = "bench-user"


@dataclass
class Answer:
    question_id: str
    upload_at_s: float  # offset of the upload's response from the first upload's start
    upload_s: float  # the upload request itself
    analysis_id: str
    ended_at_s: float | None = None
    status: str = "processing"
    queued_s: float | None = None
    run_s: float | None = None
    # cpu_s from the result: each stage thread's CPU time (a runtime's own native threads are not counted)
    cpu_s: float | None = None
    asr_cpu_s: float | None = None
    error: str | None = None


@dataclass
class Usage:
    """Peaks of the API process and of the whole service (API and its worker processes)."""

    api: psutil.Process
    procs: dict[int, psutil.Process] = field(default_factory=dict)
    api_rss_mb: float = 0.0
    tree_rss_mb: float = 0.0
    api_cpu: float = 0.0
    tree_cpu: float = 0.0
    others_cpu: list[float] = field(default_factory=list)  # the machine's busy CPU% not spent by the service
    peak_load: float = 0.0

    def sample(self) -> None:
        try:
            family = [self.api, *self.api.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        cpu = rss = 0.0
        for proc in family:
            known = self.procs.setdefault(proc.pid, proc)  # the same object, so cpu_percent has a previous reading
            try:
                share = known.cpu_percent(interval=None)
                memory = known.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                continue
            cpu += share
            rss += memory
            if known.pid == self.api.pid:
                self.api_cpu = max(self.api_cpu, share)
                self.api_rss_mb = max(self.api_rss_mb, memory)
        self.tree_cpu = max(self.tree_cpu, cpu)
        machine = psutil.cpu_percent(interval=None) * (os.cpu_count() or 1)  # in the same units: 100 per core
        self.others_cpu.append(max(0.0, machine - cpu))
        self.peak_load = max(self.peak_load, os.getloadavg()[0])
        self.tree_rss_mb = max(self.tree_rss_mb, rss)


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if start is None or end is None:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _upload(service: Service, video: Path, interview_id: str, question_id: str) -> tuple[str, float]:
    started = time.perf_counter()
    with video.open("rb") as handle:
        response = service.client.post(
            f"/interviews/{interview_id}/questions/{question_id}/answer",
            files={"file": (video.name, handle, "video/webm")},
            timeout=120.0,  # a busy machine may be slow to take 6 MB; the figure is the wait after it
        )
    if response.status_code != 200:
        raise RuntimeError(f"upload of {question_id} answered {response.status_code}: {response.text}")
    return str(response.json()["analysis_id"]), time.perf_counter() - started


def _poll_answers(service: Service, answers: list[Answer], now_s: float) -> None:
    for answer in answers:
        if answer.ended_at_s is not None:
            continue
        body: dict[str, Any] = service.client.get(f"/analysis/{answer.analysis_id}").json()
        if body["status"] in ("completed", "failed"):
            answer.ended_at_s = now_s
            answer.status = body["status"]
            answer.queued_s = _seconds_between(body["created_at"], body["started_at"])
            answer.run_s = _seconds_between(body["started_at"], body["completed_at"])
            stages: dict[str, float] = body.get("cpu_s") or {}
            answer.cpu_s = sum(stages.values()) if stages else None
            answer.asr_cpu_s = stages.get("transcription")
            if body.get("error"):
                answer.error = f"{body['error'].get('error')}: {body['error'].get('detail')}"


def _round(service: Service, video: Path, interval_s: float, number: int) -> None:
    created = service.client.post(
        "/interviews",
        json={"user_id": USER, "question_count": QUESTIONS, "prep_s": PREP_S, "answer_s": 90, "mode": "practice"},
    )
    if created.status_code != 201:
        raise RuntimeError(f"POST /interviews answered {created.status_code}: {created.text}")
    interview = created.json()
    interview_id = interview["interview_id"]
    main = [q["question_id"] for q in interview["questions"] if q.get("parent_id") is None][:QUESTIONS]
    assert service.process is not None
    usage = Usage(psutil.Process(service.process.pid))
    answers: list[Answer] = []
    transitions: list[tuple[float, str]] = []
    summary: dict[str, Any] = {}
    started = time.perf_counter()
    last_upload_s: float | None = None
    sampled = 0.0
    while True:
        now = time.perf_counter() - started
        if len(answers) < len(main) and now >= len(answers) * interval_s:
            question_id = main[len(answers)]
            analysis_id, took = _upload(service, video, interview_id, question_id)
            now = time.perf_counter() - started
            answers.append(Answer(question_id, now, took, analysis_id))
            if len(answers) == len(main):
                last_upload_s = now
        if now - sampled >= SAMPLE_S:
            sampled = now
            usage.sample()
        _poll_answers(service, answers, now)
        summary = service.client.get(f"/interviews/{interview_id}/summary").json()
        if not transitions or transitions[-1][1] != summary["status"]:
            transitions.append((time.perf_counter() - started, summary["status"]))
        if last_upload_s is not None and summary["status"] == "completed":
            break
        if last_upload_s is not None and now - last_upload_s > REPORT_TIMEOUT_S:
            print(f"!! report not completed {REPORT_TIMEOUT_S:.0f} s after the last upload")
            break
        time.sleep(POLL_S)
    done_s = time.perf_counter() - started
    _poll_answers(service, answers, done_s)
    _print_round(number, interval_s, answers, transitions, summary, usage, done_s, last_upload_s or done_s)


def _fmt(value: float | None, width: int = 7) -> str:
    return f"{value:{width}.1f}" if value is not None else f"{'-':>{width}}"


def _print_round(
    number: int,
    interval_s: float,
    answers: list[Answer],
    transitions: list[tuple[float, str]],
    summary: dict[str, Any],
    usage: Usage,
    done_s: float,
    last_upload_s: float,
) -> None:
    print(f"\nround {number}: {len(answers)} answers, one every {interval_s:g} s")
    print("answer  uploaded_at_s  upload_s  queued_s   run_s   cpu_s  asr_cpu  ended_at_s  status")
    for a in answers:
        print(
            f"{a.question_id:<6}  {a.upload_at_s:13.1f}  {a.upload_s:8.2f}  {_fmt(a.queued_s, 8)}  "
            f"{_fmt(a.run_s)}  {_fmt(a.cpu_s)}  {_fmt(a.asr_cpu_s)}  {_fmt(a.ended_at_s, 10)}  {a.status}"
        )
        if a.error:
            print(f"        error: {a.error}")
    print("summary status: " + ", ".join(f"{status} at {at:.1f} s" for at, status in transitions))
    cards = summary.get("cards", [])
    follow_ups = [c for c in cards if c.get("parent_id")]
    if follow_ups:
        listed = ", ".join(f"{c['question_id']} ({c['status']})" for c in follow_ups)
        print(f"follow-ups offered (left unanswered): {listed}")
    failed = summary.get("failed", 0)
    if failed:
        print(f"!! {failed} answer(s) failed")
    status = summary.get("status", "?")
    print(
        f"REPORT {status} {done_s - last_upload_s:.1f} s after the last upload's response (goal <= 20 s); "
        f"{done_s:.1f} s from the first upload's start"
    )
    print(
        f"API process: peak RSS {usage.api_rss_mb:.0f} MB, peak CPU {usage.api_cpu:.0f}%; "
        f"API + workers: peak RSS {usage.tree_rss_mb:.0f} MB, peak CPU {usage.tree_cpu:.0f}%"
    )
    others = sum(usage.others_cpu[1:]) / max(1, len(usage.others_cpu) - 1)  # the first reading has no interval
    print(
        f"other processes on the machine: mean CPU {others:.0f}% of {100 * (os.cpu_count() or 1)}%; "
        f"peak 1-min load average {usage.peak_load:.2f}"
    )


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--video", type=Path, required=True, help="a one-minute answer with a face and speech")
    parser.add_argument("--asr", choices=("local", "none"), default="local")
    parser.add_argument("--interval-s", type=float, default=20.0, help="between uploads (60 + prep_s, compressed)")
    parser.add_argument("--workers", type=int, default=None, help="WORKER_PROCESSES (default: the service's)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    video: Path = args.video.resolve()
    if not video.is_file():
        parser.error(f"no such video: {video}")

    from tests.fixtures.service import Service

    env = {"ASR_BACKEND": args.asr, "LOG_LEVEL": "WARNING"}
    if args.workers is not None:
        env["WORKER_PROCESSES"] = str(args.workers)
    print(
        f"{os.cpu_count()} CPUs; load average {_load()} (1, 5, 15 min); ASR_BACKEND={args.asr}, "
        f"WORKER_PROCESSES={args.workers or 'service default'}; video {video} ({video.stat().st_size / 2**20:.1f} MB)"
    )
    data = Path(tempfile.mkdtemp(prefix="bench-interview-"))
    service = Service(data, env, cwd=REPO)  # MODELS_DIR defaults to models/ in the checkout
    try:
        started = time.perf_counter()
        service.start(timeout_s=300)  # the workers load and warm up every model first
        print(f"service healthy in {time.perf_counter() - started:.1f} s")
        for number in range(1, args.rounds + 1):
            _round(service, video, args.interval_s, number)
    finally:
        service.stop()
        service.client.close()
        shutil.rmtree(data, ignore_errors=True)
    print(f"\nload average after: {_load()}")


if __name__ == "__main__":
    main()

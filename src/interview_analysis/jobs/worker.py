"""The worker process: runs one job at a time, sent by its supervisor over a pipe.

A worker lives across jobs so models (loaded lazily by the analyzers) are paid
for once per process. It dies with its supervisor: a watchdog thread exits the
process as soon as the parent is gone, so a killed service leaves no orphan
burning CPU on a job nobody will store.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

import structlog

from interview_analysis.config import Settings
from interview_analysis.errors import MESSAGES_KO, AppError, ErrorCode
from interview_analysis.jobs.messages import Done, Failed, JobSpec, Progress, WarmedUp
from interview_analysis.jobs.process import configure_worker_process
from interview_analysis.jobs.run import run_job
from interview_analysis.log_setup import configure_logging
from interview_analysis.pipeline.analyse import warm_up
from interview_analysis.storage.models import Stage

log = structlog.get_logger(__name__)

_REPORT_EVERY_S = 0.5
_REPORT_STEP = 0.01


class _PipeReporter:
    """Sends progress at most every half second or per percent, and on every stage change."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._stage: Stage | None = None
        self._progress = -1.0
        self._sent_at = 0.0

    def __call__(self, stage: Stage, progress: float) -> None:
        now = time.monotonic()
        if stage != self._stage or progress - self._progress >= _REPORT_STEP or now - self._sent_at >= _REPORT_EVERY_S:
            self._conn.send(Progress(stage, progress))
            self._stage, self._progress, self._sent_at = stage, progress, now


def _exit_with_parent(parent: int, work_dirs: list[str]) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            for path in work_dirs:
                shutil.rmtree(path, ignore_errors=True)
            os._exit(1)


def _run_one(conn: Connection, job: JobSpec, settings: Settings) -> None:
    structlog.contextvars.bind_contextvars(analysis_id=job.analysis_id)
    try:
        Path(job.work_dir).mkdir(mode=0o700, parents=True, exist_ok=True)  # a video is personal data
        result = run_job(job, settings, _PipeReporter(conn))
        conn.send(Done(result))
        log.info("analysis.worker.done")
    except AppError as exc:
        log.warning("analysis.worker.failed", code=exc.code.value)
        conn.send(Failed(exc.code.value, exc.message))
    except Exception:
        log.exception("analysis.worker.crashed")
        conn.send(Failed(ErrorCode.INTERNAL.value, MESSAGES_KO[ErrorCode.INTERNAL]))
    finally:
        shutil.rmtree(job.work_dir, ignore_errors=True)
        structlog.contextvars.clear_contextvars()


def worker_main(conn: Connection, settings: Settings) -> None:
    """Process entry point (spawned): serve jobs until the pipe closes or ``None`` arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    # So is SIGTERM sent to the whole process group (systemd, docker stop): the supervisor lets the
    # current job finish within its grace, then closes or kills this process itself.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    configure_logging(settings.log_level, settings.log_dir, process="worker")
    configure_worker_process()  # before any thread starts or any model allocates
    current: list[str] = []
    threading.Thread(target=_exit_with_parent, args=(os.getppid(), current), daemon=True).start()
    load_s = warm_up(settings)  # a model that fails is logged there; its jobs fail MODEL_UNAVAILABLE
    try:
        conn.send(WarmedUp(load_s))
    except (BrokenPipeError, OSError):
        return
    log.info("worker.started", pid=os.getpid(), load_s=load_s)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        current[:] = [job.work_dir]
        try:
            _run_one(conn, job, settings)
        except (BrokenPipeError, OSError):
            return  # the supervisor is gone; the watchdog would end us anyway
        finally:
            current.clear()

"""One worker process and the pipe to it, as seen from the supervisor."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import structlog

from interview_analysis.config import Settings
from interview_analysis.jobs.messages import Done, Failed, JobSpec, Progress, WarmedUp
from interview_analysis.metrics import models_loaded

log = structlog.get_logger(__name__)

_POLL_S = 0.25

ProgressHandler = Callable[[Progress], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Lost:
    """The process died mid-job (killed, out of memory, segfault in a native library)."""

    exitcode: int | None


@dataclass(frozen=True, slots=True)
class TimedOut:
    pass


Outcome = Done | Failed | Lost | TimedOut


def _worker_entry(conn: Connection, settings: Settings) -> None:
    """The worker process's entry. jobs.worker is imported here, in the spawned process: it pulls in the
    pipeline (OpenCV, ONNX Runtime, PyAV, SciPy), which the API process that supervises the slot never needs."""
    from interview_analysis.jobs.worker import worker_main

    worker_main(conn, settings)


class WorkerSlot:
    # spawn, not fork: the parent runs an event loop and threads, which fork would copy half-way.
    _ctx = mp.get_context("spawn")

    def __init__(self, settings: Settings, index: int) -> None:
        self._settings = settings
        self.index = index
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self.analysis_id: str | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def ensure_started(self) -> None:
        if self.alive:
            return
        self.close()
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_entry, args=(child, self._settings), name=f"analysis-worker-{self.index}", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        log.info("worker.spawned", slot=self.index, pid=process.pid)

    def kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=5)

    def close(self) -> None:
        """Ask the process to leave, and kill it if it does not within a few seconds."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
        if self._process is not None:
            self._process.join(timeout=3)
            self.kill()
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    async def run(self, job: JobSpec, timeout_s: float, on_progress: ProgressHandler, heartbeat_s: float) -> Outcome:
        """Hand the job to the process and follow it until it ends, dies or runs out of time."""
        self.ensure_started()
        assert self._conn is not None
        assert self._process is not None
        conn, process = self._conn, self._process
        deadline = time.monotonic() + timeout_s
        last: Progress | None = None
        beat_at = time.monotonic()
        self.analysis_id = job.analysis_id
        try:
            conn.send(job)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.kill()
                    return TimedOut()
                ready = await asyncio.to_thread(conn.poll, min(_POLL_S, remaining))
                if ready:
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):
                        process.join(timeout=2)
                        return Lost(process.exitcode)
                    if isinstance(message, Done | Failed):
                        return message
                    if isinstance(message, WarmedUp):  # the process finished loading before this job reached it
                        models_loaded(message.load_s)
                        continue
                    last = message
                    beat_at = time.monotonic()
                    await on_progress(message)
                elif not process.is_alive():
                    return Lost(process.exitcode)
                elif last is not None and time.monotonic() - beat_at >= heartbeat_s:
                    beat_at = time.monotonic()  # the process is alive and busy: keep the heartbeat fresh
                    await on_progress(last)
        except (BrokenPipeError, OSError):
            return Lost(process.exitcode)
        finally:
            self.analysis_id = None

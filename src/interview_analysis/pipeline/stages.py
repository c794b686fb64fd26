"""CPU seconds per analysis stage, summed over the threads that ran it.

The pipeline overlaps stages on threads, so wall time per stage says little; each stage's
own CPU time (``time.thread_time`` of the thread it ran on) does. Native helper threads that
a library starts for itself (FFmpeg's frame threads, MediaPipe's graph executor, CTranslate2's
OpenMP workers) are not seen here; ``bench/pipeline.py`` adds them by thread name where the
library names them. For that, and for ``top -H``, the pipeline's threads carry OS names
(``name_thread``); a thread a library starts from one of them inherits its name, and the
models whose runtimes keep pools of their own are loaded on named threads (``on_named_thread``,
``POOL_THREADS``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import cache

# OS names of the threads that load the models with thread pools of their own (pipeline/analyse.warm_up).
POOL_THREADS = {"objects": "ia-pool-objects", "transcript": "ia-pool-asr"}


class CpuStage(StrEnum):
    DECODE = "decode"
    LANDMARKS = "landmarks"
    EMOTION = "emotion"
    EYE = "eye"
    OBJECTS = "objects"
    VOICE = "voice"
    TRANSCRIPTION = "transcription"


class StageClock:
    """Thread-safe: each thread adds the CPU time it spent inside ``timed(stage)``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cpu: dict[CpuStage, float] = {}

    @contextmanager
    def timed(self, stage: CpuStage) -> Iterator[None]:
        start = time.thread_time()
        try:
            yield
        finally:
            self.add(stage, time.thread_time() - start)

    def add(self, stage: CpuStage, seconds: float) -> None:
        with self._lock:
            self._cpu[stage] = self._cpu.get(stage, 0.0) + seconds

    def seconds(self) -> dict[str, float]:
        with self._lock:
            return {stage.value: round(self._cpu.get(stage, 0.0), 3) for stage in CpuStage}


_PR_SET_NAME = 15


@cache
def libc() -> ctypes.CDLL | None:
    """The C library on Linux, loaded once per process (threads are named per job; jobs/process.py tunes its
    allocator); None elsewhere."""
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) if sys.platform.startswith("linux") else None


def name_thread(name: str) -> None:
    """Name the calling thread for the OS (Linux: /proc/self/task/*/comm, 15 characters); a no-op elsewhere."""
    lib = libc()
    if lib is not None:
        lib.prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def on_named_thread(name: str, work: Callable[[], object]) -> None:
    """Run ``work`` on a new thread named ``name`` and wait for it, re-raising what it raised.

    A model runtime starts its thread pool when the model loads (CTranslate2, ONNX Runtime with
    more than one intra-op thread), and those threads inherit the loading thread's OS name: loaded
    here, their CPU shows up under ``name`` in ``top -H`` and in the bench instead of as "python"."""
    failure: list[BaseException] = []

    def run() -> None:
        name_thread(name)
        try:
            work()
        except BaseException as exc:  # handed to the caller below
            failure.append(exc)

    thread = threading.Thread(target=run, name=name)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def lower_thread_priority(niceness: int) -> None:
    """Make the calling thread (only it: Linux threads have their own nice value) yield to the others.

    The landmark pass is the analysis's critical path; the threads whose results are only needed at the
    end (the object and expression lanes, voice, speech recognition) give way to it for a core."""
    if not sys.platform.startswith("linux"):
        return  # elsewhere setpriority would lower the whole process
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):  # not permitted: run at the process's priority
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + niceness)


def release_free_memory() -> None:
    """Return the heap's free pages to the system (glibc only; elsewhere nothing to do)."""
    lib = libc()
    if lib is not None and hasattr(lib, "malloc_trim"):
        lib.malloc_trim(0)

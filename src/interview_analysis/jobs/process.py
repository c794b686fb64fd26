"""Process-wide settings of a worker process, applied once at its start, before any thread or model.

- **Lower priority than the API** (``nice`` +5): the API process only stores, queues and renders,
  and must answer /health and polls at once while the workers keep every core busy; the kernel
  then gives it a core the moment it wakes, at little cost to the analyses.
- **Two malloc arenas** (glibc ``M_ARENA_MAX``): each thread that allocates gets an arena of its own
  by default (up to 8 per core), and the pipeline's threads (decoder, lanes, audio) each hold
  freed ~1 MB frames in theirs; two arenas cut the peak RSS of a 60 s analysis by about 45 MB.
- **Freed memory handed back after the models load** (glibc ``malloc_trim``): loading Whisper and
  Kiwi frees more than it keeps (file buffers, conversions), and glibc would hold those pages for
  the life of the process: returning them lowers the worker's resting and peak RSS by about 60 MB.
- **A 1 ms GIL switch interval** (default 5 ms): the landmark thread gets the GIL back sooner after
  each MediaPipe call while the decoder and the lanes run Python between their native calls.
"""

from __future__ import annotations

import os
import sys

import structlog

from interview_analysis.pipeline.stages import libc

log = structlog.get_logger(__name__)

NICENESS = 5
MALLOC_ARENAS = 2
SWITCH_INTERVAL_S = 0.001
_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def configure_worker_process(*, lower_priority: bool = True) -> None:
    """Apply the settings above to the calling process; each one is skipped where the platform lacks it.

    ``lower_priority=False`` (bench/pipeline.py): keep the priority, so that a benchmark on a shared
    machine is not slowed by other work more than a worker beside only its API would be."""
    if lower_priority and hasattr(os, "nice"):
        try:
            os.nice(NICENESS)
        except OSError as exc:  # not permitted here: run at the same priority
            log.warning("worker.nice.failed", error=str(exc))
    lib = libc()
    if lib is not None and hasattr(lib, "mallopt"):
        lib.mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    sys.setswitchinterval(SWITCH_INTERVAL_S)

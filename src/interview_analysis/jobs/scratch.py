"""A Redis worker's scratch root: ``DATA_DIR/tmp/worker-<host>-<pid>/<analysis_id>``.

Several workers may share one DATA_DIR (two ``run_worker.sh`` on a machine, a shared disk,
worker containers on one volume), so none may empty the whole tmp folder at start as the
embedded queue does. Each owns a folder named after its host and process id, and a
starting worker removes a dead worker's leftovers:

- on its own host, the folders whose process is gone;
- of another host (a container replaced by one with a new hostname never comes back to
  its folder), the folders whose worker is not registered in Redis and that nothing has
  touched for ``stale_s``: a live worker touches its folder at every heartbeat, so one that
  is starting, or cut off from Redis for a moment, is never swept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import time
from collections.abc import Collection
from pathlib import Path

_PREFIX = "worker-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _owner(folder: Path) -> tuple[str, int] | None:
    """(host, pid) of a ``worker-<host>-<pid>`` folder; None for anything else."""
    host, _, pid = folder.name.removeprefix(_PREFIX).rpartition("-")
    return (host, int(pid)) if host and pid.isdigit() else None


def _abandoned(folder: Path, host: str, pid: int, live: Collection[str], stale_s: float) -> bool:
    owner = _owner(folder)
    if owner is None:
        return False
    if owner[0] == host:
        # Our own pid here is a previous life of this container or machine: nothing of it runs now.
        return owner[1] == pid or not _alive(owner[1])
    try:
        quiet_s = time.time() - folder.stat().st_mtime
    except FileNotFoundError:
        return False  # another worker swept it first
    return f"{owner[0]}:{owner[1]}" not in live and quiet_s > stale_s


def claim_scratch_root(tmp_dir: Path, live: Collection[str] = (), stale_s: float = float("inf")) -> Path:
    """Sweep dead workers' folders and return an empty folder of this process's own.

    ``live``: the ids (``host:pid``) of the workers registered now; ``stale_s``: how long another
    host's folder must have gone untouched before it counts as abandoned (infinite: never)."""
    host, pid = socket.gethostname(), os.getpid()
    tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in tmp_dir.glob(f"{_PREFIX}*"):
        if folder.is_dir() and _abandoned(folder, host, pid, live, stale_s):
            shutil.rmtree(folder, ignore_errors=True)
    root = tmp_dir / f"{_PREFIX}{host}-{pid}"
    root.mkdir(mode=0o700)
    return root


def touch(root: Path) -> None:
    """Mark the folder as in use (its modification time), for the sweep of other hosts' workers."""
    with contextlib.suppress(FileNotFoundError):  # swept after a long stall: the next analysis recreates it
        os.utime(root)

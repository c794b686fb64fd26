"""A Redis worker's scratch root: ``DATA_DIR/tmp/worker-<host>-<pid>/<analysis_id>``.

Several workers may share one DATA_DIR (two ``run_worker.sh`` on a machine, or a shared
disk), so none may empty the whole tmp folder at start as the embedded queue does. Each
owns a folder named after its host and process id, and a starting worker removes only
the folders of its own host whose process is gone: a dead worker's leftovers.
"""

from __future__ import annotations

import os
import shutil
import socket
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


def claim_scratch_root(tmp_dir: Path) -> Path:
    """Sweep this host's dead workers' folders and return an empty folder of this process's own."""
    host, pid = socket.gethostname(), os.getpid()
    tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in tmp_dir.glob(f"{_PREFIX}{host}-*"):
        owner = folder.name.rsplit("-", 1)[-1]
        # Our own pid here is a previous life of this container or machine: nothing of it runs now.
        if owner.isdigit() and (int(owner) == pid or not _alive(int(owner))):
            shutil.rmtree(folder, ignore_errors=True)
    root = tmp_dir / f"{_PREFIX}{host}-{pid}"
    root.mkdir(mode=0o700)
    return root

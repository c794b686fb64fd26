"""Scratch folders of dead workers are swept, on this host and, once abandoned, of other hosts.

A worker container replaced by one with a new hostname never returns to its folder on a
shared data volume; the next worker to start removes it once the old worker has left the
Redis registry and the folder has gone untouched. Live workers' folders are never touched.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from interview_analysis.jobs.scratch import claim_scratch_root, touch
from tests.fixtures.redis_queue import RedisQueue
from tests.fixtures.service import QueueWorker

HOUR_S = 3600.0


def _folder(tmp: Path, name: str, age_s: float = 0.0) -> Path:
    folder = tmp / name
    (folder / "some-analysis").mkdir(parents=True)
    (folder / "some-analysis" / "video").write_bytes(b"personal data")
    stamp = time.time() - age_s
    os.utime(folder, (stamp, stamp))
    return folder


def _dead_pid() -> int:
    """A pid no process has now (the highest pid the kernel hands out, checked)."""
    pid = int(Path("/proc/sys/kernel/pid_max").read_text()) - 1
    assert not Path(f"/proc/{pid}").exists()
    return pid


def test_another_hosts_abandoned_folder_goes_and_a_registered_or_recently_touched_one_stays(tmp_path: Path) -> None:
    abandoned = _folder(tmp_path, "worker-old-container-7", age_s=HOUR_S)
    registered = _folder(tmp_path, "worker-busy-host-9", age_s=HOUR_S)  # its worker is in the registry
    starting = _folder(tmp_path, "worker-new-host-11")  # touched just now: starting, or Redis is out of reach
    other = _folder(tmp_path, "not-a-worker", age_s=HOUR_S)
    root = claim_scratch_root(tmp_path, live={"busy-host:9"}, stale_s=60.0)
    assert not abandoned.exists()
    assert registered.exists()
    assert starting.exists()
    assert other.exists()
    assert root.name == f"worker-{socket.gethostname()}-{os.getpid()}"
    assert not list(root.iterdir())


def test_without_the_registry_only_this_hosts_dead_workers_are_swept(tmp_path: Path) -> None:
    host = socket.gethostname()
    dead = _folder(tmp_path, f"worker-{host}-{_dead_pid()}")
    alive = _folder(tmp_path, f"worker-{host}-{os.getppid()}")  # the process that started these tests
    elsewhere = _folder(tmp_path, "worker-old-container-7", age_s=HOUR_S)
    claim_scratch_root(tmp_path)  # no registry: other hosts' folders are left alone
    assert not dead.exists()
    assert alive.exists()
    assert elsewhere.exists()


def test_touch_marks_a_folder_in_use_and_ignores_one_already_swept(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "worker-h-1", age_s=HOUR_S)
    touch(folder)
    assert time.time() - folder.stat().st_mtime < 60
    touch(tmp_path / "gone")  # no error


def test_a_starting_worker_sweeps_a_replaced_containers_folder_from_the_shared_volume(
    worker_factory: Any, redis_queue: RedisQueue, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-data"
    replaced = _folder(shared / "tmp", "worker-3f2a9c1b7d4e-1", age_s=HOUR_S)
    neighbour = _folder(shared / "tmp", "worker-8c1d2e3f4a5b-1", age_s=HOUR_S)
    alive_elsewhere = {"worker_id": "8c1d2e3f4a5b:1", "host": "8c1d2e3f4a5b", "pid": 1, "slots": 1, "alive": 1}
    redis_queue.client.set(f"{redis_queue.name}:workers:8c1d2e3f4a5b:1", json.dumps(alive_elsewhere), px=60_000)
    redis_queue.client.set(f"{redis_queue.name}:workers:garbled:2", "{}", px=60_000)  # skipped, not fatal
    worker: QueueWorker = worker_factory(data_dir=shared, **redis_queue.env, WORKER_PROCESSES="1").start()
    assert not replaced.exists()
    assert neighbour.exists()
    assert (shared / "tmp" / f"worker-{socket.gethostname()}-{worker.process.pid}").is_dir()

"""Container health checks of the one image; exit status 0 when healthy.

    python healthcheck.py          the API: GET /health answers 200 (all stores up, a worker alive)
    python healthcheck.py worker   a queue worker: this container's worker is registered in Redis

A worker has no HTTP port; it refreshes a key ``<QUEUE_NAME>:workers:<host>:<pid>`` that expires
within three heartbeats when it stops (jobs/registry.py), so a live key from this host means the
worker is connected and its compute processes are alive. Only the standard library and redis-py.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.request
from typing import cast


def api() -> bool:
    port = os.environ.get("PORT", "8000")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=4) as response:  # 503 raises
        return bool(response.status == 200)


def worker() -> bool:
    import redis

    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), socket_timeout=4)
    pattern = f"{os.environ.get('QUEUE_NAME', 'interview-analysis')}:workers:*"
    host = socket.gethostname()
    for key in client.scan_iter(match=pattern, count=200):
        raw = cast(bytes | None, client.get(key))  # the sync client; its stubs also allow an awaitable
        if raw is not None:
            info = json.loads(raw)
            if info.get("host") == host and info.get("alive", 0) > 0:
                return True
    return False


if __name__ == "__main__":
    role = sys.argv[1] if len(sys.argv) > 1 else "api"
    try:
        healthy = worker() if role == "worker" else api()
    except Exception as exc:  # any failure to ask is unhealthy; say why for `podman inspect`
        print(f"{role}: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
    print(f"{role}: {'healthy' if healthy else 'unhealthy'}")
    sys.exit(0 if healthy else 1)

"""One user cannot fill the queue: MAX_ACTIVE_PER_USER queued or processing analyses, then 429."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.fixtures.service import Service
from tests.s3util import put_file

HANGUL = re.compile(r"[가-힣]")


def test_user_over_the_active_limit_gets_429_in_the_error_shape(
    service_factory: Any, s3_server: str, s3_bucket: str, long_video: Path, media_dir: Path
) -> None:
    service: Service = service_factory(MAX_ACTIVE_PER_USER="2", WORKER_PROCESSES="2")
    service.start()
    put_file(s3_server, s3_bucket, "fair/long.webm", long_video)  # minutes of work: stays active

    service.submit(s3_bucket, "fair/long.webm", user="busy", session="s1")
    missing = service.submit(s3_bucket, "fair/missing.webm", user="busy", session="s2")
    assert service.wait_terminal(missing)["status"] == "failed"  # an ended analysis no longer counts
    service.submit(s3_bucket, "fair/long.webm", user="busy", session="s3")

    refused = service.client.post(
        "/analyze", json={"s3_bucket": s3_bucket, "s3_key": "fair/long.webm", "user_id": "busy", "session_id": "s4"}
    )
    assert refused.status_code == 429
    assert refused.json()["error"] == "TOO_MANY_ANALYSES"
    assert HANGUL.search(refused.json()["detail"])
    with (media_dir / "mp4_named.webm").open("rb") as video:
        upload = service.client.post(
            "/analyze/upload",
            files={"file": ("a.webm", video, "video/webm")},
            data={"user_id": "busy", "session_id": "u"},
        )
    assert upload.status_code == 429
    assert not list((service.data_dir / "uploads").glob("*")), "a refused upload is not kept"
    assert service.submit(s3_bucket, "fair/long.webm", user="other", session="s1")  # others are not held up

"""Putting objects into the moto S3 server the way the frontend would."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.servers import s3_client


def put_file(endpoint: str, bucket: str, key: str, path: Path) -> None:
    s3_client(endpoint).upload_file(str(path), bucket, key)

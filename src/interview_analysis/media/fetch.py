"""Bring a video object onto local disk: from S3 or from the embedded local stand-in.

Both fetchers check the size before reading a byte and again while copying,
because an object can be replaced (and grow) between the two calls. A partial
file is never left behind: the decoder must not mistake it for a short video.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import boto3
import structlog
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    ParamValidationError,
    PartialCredentialsError,
)

from interview_analysis.config import MediaSettings, MediaSourceKind, Settings
from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.types import ProgressFn

log = structlog.get_logger(__name__)

# A worker waiting forever on a dead endpoint looks like a stuck job; fail fast and let the job retry.
_CONNECT_TIMEOUT_S = 5.0
_READ_TIMEOUT_S = 30.0
_MAX_ATTEMPTS = 3

_S3_CODES: dict[str, ErrorCode] = {
    "404": ErrorCode.S3_OBJECT_NOT_FOUND,
    "NoSuchKey": ErrorCode.S3_OBJECT_NOT_FOUND,
    "NoSuchBucket": ErrorCode.S3_OBJECT_NOT_FOUND,
    "NotFound": ErrorCode.S3_OBJECT_NOT_FOUND,
    "403": ErrorCode.S3_ACCESS_DENIED,
    "AccessDenied": ErrorCode.S3_ACCESS_DENIED,
    "InvalidAccessKeyId": ErrorCode.S3_ACCESS_DENIED,
    "SignatureDoesNotMatch": ErrorCode.S3_ACCESS_DENIED,
    "ExpiredToken": ErrorCode.S3_ACCESS_DENIED,
}


class VideoFetcher(Protocol):
    """Copies one stored video to a local path so the decoder can seek in it."""

    def fetch(self, bucket: str, key: str, dest: Path, on_progress: ProgressFn | None = None) -> int:
        """Write the object to ``dest`` and return the bytes written; raise ``MediaError`` on failure."""
        ...

    def describe(self) -> dict[str, str]:
        """Kind and location for /health; must not touch the network."""
        ...


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def _check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise MediaError(ErrorCode.EMPTY_FILE)
    if size > max_bytes:
        raise MediaError(ErrorCode.FILE_TOO_LARGE)


def _copy_limited(
    src: _Readable,
    dest: Path,
    *,
    expected: int,
    max_bytes: int,
    chunk_bytes: int,
    on_progress: ProgressFn | None,
) -> int:
    """Stream ``src`` into ``dest``, refusing to grow past ``max_bytes``; the caller removes ``dest`` on error."""
    written = 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as out:
        while chunk := src.read(chunk_bytes):
            written += len(chunk)
            if written > max_bytes:
                raise MediaError(ErrorCode.FILE_TOO_LARGE)
            out.write(chunk)
            if on_progress is not None:
                on_progress(min(1.0, written / expected))
    if written == 0:
        raise MediaError(ErrorCode.EMPTY_FILE)
    return written


@contextmanager
def _no_partial_file(dest: Path) -> Iterator[None]:
    """Remove ``dest`` if anything goes wrong, interrupts included."""
    try:
        yield
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _client_error_code(err: ClientError) -> ErrorCode:
    info: dict[str, Any] = err.response.get("Error", {})
    code = _S3_CODES.get(str(info.get("Code", "")))
    if code is not None:
        return code
    status = int(err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
    return ErrorCode.S3_UNAVAILABLE if status >= 500 or status == 429 else ErrorCode.INTERNAL


def _s3_error(err: Exception) -> MediaError:
    """Map a boto error to our stable codes; anything transport-shaped means the store is unreachable."""
    if isinstance(err, ClientError):
        code = _client_error_code(err)
    elif isinstance(err, NoCredentialsError | PartialCredentialsError):
        code = ErrorCode.S3_ACCESS_DENIED
    elif isinstance(err, ParamValidationError):
        code = ErrorCode.S3_OBJECT_NOT_FOUND  # a malformed bucket or key names no object
    else:
        code = ErrorCode.S3_UNAVAILABLE
    return MediaError(code)


class S3Fetcher:
    """Downloads from S3 or any S3-protocol server (MinIO, moto) named by ``S3_ENDPOINT_URL``."""

    def __init__(self, settings: MediaSettings) -> None:
        self._endpoint = settings.s3_endpoint_url
        self._region = settings.aws_region
        self._max_bytes = settings.max_file_bytes
        self._chunk_bytes = settings.download_chunk_kb * 1024
        secret = settings.aws_secret_access_key
        self._client: Any = boto3.client(
            "s3",
            endpoint_url=self._endpoint,
            region_name=self._region,
            aws_access_key_id=settings.aws_access_key_id,
            aws_secret_access_key=secret.get_secret_value() if secret is not None else None,
            config=Config(
                connect_timeout=_CONNECT_TIMEOUT_S,
                read_timeout=_READ_TIMEOUT_S,
                retries={"max_attempts": _MAX_ATTEMPTS, "mode": "standard"},
            ),
        )

    def describe(self) -> dict[str, str]:
        return {"kind": MediaSourceKind.S3.value, "endpoint": self._endpoint or "aws", "region": self._region}

    def fetch(self, bucket: str, key: str, dest: Path, on_progress: ProgressFn | None = None) -> int:
        with _no_partial_file(dest):
            try:
                head = self._client.head_object(Bucket=bucket, Key=key)
                size = int(head["ContentLength"])
                _check_size(size, self._max_bytes)
                body = self._client.get_object(Bucket=bucket, Key=key)["Body"]
                try:
                    written = _copy_limited(
                        body,
                        dest,
                        expected=size,
                        max_bytes=self._max_bytes,
                        chunk_bytes=self._chunk_bytes,
                        on_progress=on_progress,
                    )
                finally:
                    body.close()
            except (BotoCoreError, ClientError) as err:
                log.warning("media.fetch.s3_failed", bucket=bucket, key=key, error=repr(err))
                raise _s3_error(err) from err
        log.info("media.fetch.done", source="s3", bucket=bucket, key=key, bytes=written)
        return written


class LocalObjectFetcher:
    """The embedded stand-in for S3: objects live at ``root/<bucket>/<key>`` on local disk."""

    def __init__(self, root: Path, max_bytes: int, chunk_bytes: int = 1024 * 1024) -> None:
        self._root = root
        self._max_bytes = max_bytes
        self._chunk_bytes = chunk_bytes

    def describe(self) -> dict[str, str]:
        return {"kind": MediaSourceKind.LOCAL.value, "root": str(self._root)}

    def _locate(self, bucket: str, key: str) -> Path:
        """Resolve the object path; a bucket or key that climbs out of its bucket names no object."""
        root = self._root.resolve()
        bucket_dir = (root / bucket).resolve()
        path = (bucket_dir / key).resolve()
        if not bucket or bucket_dir.parent != root or not path.is_relative_to(bucket_dir) or path == bucket_dir:
            raise MediaError(ErrorCode.S3_OBJECT_NOT_FOUND)
        if not path.is_file():
            raise MediaError(ErrorCode.S3_OBJECT_NOT_FOUND)
        return path

    def fetch(self, bucket: str, key: str, dest: Path, on_progress: ProgressFn | None = None) -> int:
        src = self._locate(bucket, key)
        with _no_partial_file(dest):
            try:
                fh = src.open("rb")
            except FileNotFoundError as err:  # removed since _locate looked
                raise MediaError(ErrorCode.S3_OBJECT_NOT_FOUND) from err
            with fh:
                size = os.fstat(fh.fileno()).st_size
                _check_size(size, self._max_bytes)
                written = _copy_limited(
                    fh,
                    dest,
                    expected=size,
                    max_bytes=self._max_bytes,
                    chunk_bytes=self._chunk_bytes,
                    on_progress=on_progress,
                )
        log.info("media.fetch.done", source="local", bucket=bucket, key=key, bytes=written)
        return written


def _make_s3(settings: Settings) -> VideoFetcher:
    return S3Fetcher(settings.media)


def _make_local(settings: Settings) -> VideoFetcher:
    media = settings.media
    return LocalObjectFetcher(settings.objects_dir, media.max_file_bytes, media.download_chunk_kb * 1024)


FETCHERS: dict[MediaSourceKind, Callable[[Settings], VideoFetcher]] = {
    MediaSourceKind.S3: _make_s3,
    MediaSourceKind.LOCAL: _make_local,
}


def make_fetcher(settings: Settings) -> VideoFetcher:
    """Build the fetcher that ``MEDIA_SOURCE`` names."""
    return FETCHERS[settings.media.media_source](settings)

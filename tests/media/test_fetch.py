"""Fetching videos from a real S3-protocol server (moto) and from the local object folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from interview_analysis.config import MediaSettings, MediaSourceKind, Settings
from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.fetch import LocalObjectFetcher, S3Fetcher, make_fetcher
from tests.fixtures.servers import free_port, s3_client

PAYLOAD = os.urandom(300_000)  # bigger than one download chunk, so streaming is exercised


def s3_settings(endpoint: str, **overrides: object) -> MediaSettings:
    values: dict[str, object] = {
        "media_source": MediaSourceKind.S3,
        "s3_endpoint_url": endpoint,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": SecretStr("testing"),
        "aws_region": "us-east-1",
        "download_chunk_kb": 64,
        **overrides,
    }
    return MediaSettings.model_validate(values)


def put(endpoint: str, bucket: str, key: str, body: bytes) -> None:
    s3_client(endpoint).put_object(Bucket=bucket, Key=key, Body=body)


def fetch_error(fetcher: S3Fetcher | LocalObjectFetcher, bucket: str, key: str, dest: Path) -> ErrorCode:
    with pytest.raises(MediaError) as info:
        fetcher.fetch(bucket, key, dest)
    return info.value.code


# --- S3 ----------------------------------------------------------------------------------------


def test_s3_object_is_fetched_byte_identical_with_progress(s3_server: str, s3_bucket: str, tmp_path: Path) -> None:
    put(s3_server, s3_bucket, "videos/a.webm", PAYLOAD)
    seen: list[float] = []
    dest = tmp_path / "out" / "a.webm"

    written = S3Fetcher(s3_settings(s3_server)).fetch(s3_bucket, "videos/a.webm", dest, seen.append)

    assert written == len(PAYLOAD)
    assert dest.read_bytes() == PAYLOAD
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(1.0)


def test_s3_missing_key_is_object_not_found(s3_server: str, s3_bucket: str, tmp_path: Path) -> None:
    code = fetch_error(S3Fetcher(s3_settings(s3_server)), s3_bucket, "nope.webm", tmp_path / "a.webm")
    assert code is ErrorCode.S3_OBJECT_NOT_FOUND
    assert not (tmp_path / "a.webm").exists()


def test_s3_missing_bucket_is_object_not_found(s3_server: str, tmp_path: Path) -> None:
    code = fetch_error(S3Fetcher(s3_settings(s3_server)), "no-such-bucket-here", "a.webm", tmp_path / "a.webm")
    assert code is ErrorCode.S3_OBJECT_NOT_FOUND


def test_s3_object_over_the_limit_is_refused_without_leaving_a_file(
    s3_server: str, s3_bucket: str, tmp_path: Path
) -> None:
    put(s3_server, s3_bucket, "big.webm", PAYLOAD)
    fetcher = S3Fetcher(s3_settings(s3_server, max_file_mb=0.1))  # 104,857 bytes < 300,000
    dest = tmp_path / "big.webm"

    assert fetch_error(fetcher, s3_bucket, "big.webm", dest) is ErrorCode.FILE_TOO_LARGE
    assert not dest.exists()


def test_s3_empty_object_is_empty_file(s3_server: str, s3_bucket: str, tmp_path: Path) -> None:
    put(s3_server, s3_bucket, "empty.webm", b"")
    dest = tmp_path / "empty.webm"
    assert fetch_error(S3Fetcher(s3_settings(s3_server)), s3_bucket, "empty.webm", dest) is ErrorCode.EMPTY_FILE
    assert not dest.exists()


def test_s3_unknown_credentials_are_access_denied(s3_server_with_auth: str, tmp_path: Path) -> None:
    code = fetch_error(S3Fetcher(s3_settings(s3_server_with_auth)), "bucket", "a.webm", tmp_path / "a.webm")
    assert code is ErrorCode.S3_ACCESS_DENIED
    assert not (tmp_path / "a.webm").exists()


def test_s3_unreachable_endpoint_is_unavailable(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # bound then released: nothing listens there
    code = fetch_error(S3Fetcher(s3_settings(closed)), "bucket", "a.webm", tmp_path / "a.webm")
    assert code is ErrorCode.S3_UNAVAILABLE
    assert not (tmp_path / "a.webm").exists()


def test_s3_describe_names_the_endpoint_without_network() -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    assert S3Fetcher(s3_settings(closed)).describe() == {"kind": "s3", "endpoint": closed, "region": "us-east-1"}


# --- local stand-in ----------------------------------------------------------------------------


@pytest.fixture
def objects(tmp_path: Path) -> Path:
    root = tmp_path / "objects"
    (root / "bucket" / "videos").mkdir(parents=True)
    (root / "bucket" / "videos" / "a.webm").write_bytes(PAYLOAD)
    (root / "bucket" / "empty.webm").write_bytes(b"")
    (root / "secret.txt").write_bytes(b"outside the bucket")
    (root / "other").mkdir()
    (root / "other" / "b.webm").write_bytes(b"another bucket")
    return root


def test_local_object_is_fetched_byte_identical(objects: Path, tmp_path: Path) -> None:
    seen: list[float] = []
    dest = tmp_path / "out" / "a.webm"
    written = LocalObjectFetcher(objects, 10_000_000, chunk_bytes=65_536).fetch(
        "bucket", "videos/a.webm", dest, seen.append
    )
    assert written == len(PAYLOAD)
    assert dest.read_bytes() == PAYLOAD
    assert seen[-1] == pytest.approx(1.0)


def test_local_missing_object_is_not_found(objects: Path, tmp_path: Path) -> None:
    fetcher = LocalObjectFetcher(objects, 10_000_000)
    assert fetch_error(fetcher, "bucket", "videos/none.webm", tmp_path / "x") is ErrorCode.S3_OBJECT_NOT_FOUND
    assert fetch_error(fetcher, "bucket", "videos", tmp_path / "x") is ErrorCode.S3_OBJECT_NOT_FOUND


@pytest.mark.parametrize(
    ("bucket", "key"),
    [
        ("bucket", "../secret.txt"),
        ("bucket", "../other/b.webm"),
        ("bucket", "videos/../../secret.txt"),
        ("bucket", "/etc/passwd"),
        ("..", "objects/bucket/videos/a.webm"),
        (".", "secret.txt"),
        ("bucket/videos", "a.webm"),
    ],
)
def test_local_path_traversal_is_refused(objects: Path, tmp_path: Path, bucket: str, key: str) -> None:
    dest = tmp_path / "stolen"
    code = fetch_error(LocalObjectFetcher(objects, 10_000_000), bucket, key, dest)
    assert code is ErrorCode.S3_OBJECT_NOT_FOUND
    assert not dest.exists()


def test_local_object_over_the_limit_is_refused_without_leaving_a_file(objects: Path, tmp_path: Path) -> None:
    dest = tmp_path / "a.webm"
    code = fetch_error(LocalObjectFetcher(objects, len(PAYLOAD) - 1), "bucket", "videos/a.webm", dest)
    assert code is ErrorCode.FILE_TOO_LARGE
    assert not dest.exists()


def test_local_empty_object_is_empty_file(objects: Path, tmp_path: Path) -> None:
    code = fetch_error(LocalObjectFetcher(objects, 10_000_000), "bucket", "empty.webm", tmp_path / "e")
    assert code is ErrorCode.EMPTY_FILE


# --- registry ----------------------------------------------------------------------------------


def test_media_source_setting_picks_the_fetcher(tmp_path: Path) -> None:
    local = make_fetcher(Settings(data_dir=tmp_path, media=MediaSettings(media_source=MediaSourceKind.LOCAL)))
    s3 = make_fetcher(Settings(data_dir=tmp_path, media=s3_settings("http://127.0.0.1:9")))
    assert local.describe() == {"kind": "local", "root": str(tmp_path / "objects")}
    assert s3.describe()["kind"] == "s3"

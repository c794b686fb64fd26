"""A cut-off file is reported as TRUNCATED wherever the cut falls and whatever the encoder wrote."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import av
import pytest

from interview_analysis.media.cut import matroska_cut, mp4_cut, read_element
from interview_analysis.media.decode import MediaReader
from interview_analysis.media.types import MediaFacts

SEGMENT, CLUSTER = 0x18538067, 0x1F43B675
SHARES = (0.2, 0.4, 0.6, 0.8)
# Decoding stops at the last whole block before the cut: less than one cluster (about 1 s) of video is lost.
LOST_AT_CUT_S = 1.5
RATE_SWAY_S = 2.5  # the encoder spends more bits on some seconds than others


def _cut(src: Path, share: float, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * share)])
    return dst


def _facts(path: Path) -> MediaFacts:
    with MediaReader(path, sample_fps=1.0, max_duration_s=1800.0) as reader:
        for _ in reader.frames():
            pass
    return reader.facts


def _last_packet(path: Path) -> tuple[int, int]:
    """Where the demuxer's last block sits, as ``MediaReader`` records it (no decoding)."""
    last = (0, 0)
    with av.open(str(path)) as container:
        for packet in container.demux():
            if packet.pos is not None and packet.pos >= 0:
                last = (packet.pos, packet.size)
    return last


def _unknown_size_clusters(data: bytes) -> bytes:
    """The same file with every Cluster's size left unknown, as MediaRecorder writes them."""
    out = bytearray(data)
    _, at, size = read_element(data, data.index(SEGMENT.to_bytes(4, "big")))
    assert size is None  # written live: the Segment's size is unknown too
    while at < len(data):
        element_id, payload, size = read_element(data, at)
        assert size is not None
        if element_id == CLUSTER:
            size_len = payload - at - 4
            out[at + 4] = 0xFF >> (size_len - 1)  # marker bit and all value bits set: "unknown"
            out[at + 5 : payload] = b"\xff" * (size_len - 1)
        at = payload + size
    return bytes(out)


@pytest.mark.parametrize("name", ["talk.webm", "talk_vp9.webm"])
@pytest.mark.parametrize("share", SHARES)
def test_webm_cut_at_any_share_of_its_bytes_is_truncated(
    media_dir: Path, truth: dict[str, Any], tmp_path: Path, name: str, share: float
) -> None:
    facts = _facts(_cut(media_dir / name, share, tmp_path / name))
    assert [w.code for w in facts.warnings] == ["TRUNCATED"]
    # The bytes hold the video at a roughly even rate, so the part read is about the share cut at.
    duration = float(truth["duration_s"])
    assert abs(facts.duration_s - duration * share) < LOST_AT_CUT_S + RATE_SWAY_S


def test_every_cut_near_the_end_is_seen_with_known_and_unknown_cluster_sizes(media_dir: Path, tmp_path: Path) -> None:
    """Cuts one byte apart fall inside a block header, a frame, a cluster header: each one is seen."""
    whole = (media_dir / "talk.webm").read_bytes()
    live = _unknown_size_clusters(whole)
    for label, data in (("known", whole), ("unknown", live)):
        full = tmp_path / f"{label}.webm"
        full.write_bytes(data)
        assert not matroska_cut(full, *_last_packet(full)), label
        for offset in range(len(data) - 20_000, len(data) - 1, 397):
            cut = tmp_path / f"{label}_{offset}.webm"
            cut.write_bytes(data[:offset])
            pos, size = _last_packet(cut)
            assert matroska_cut(cut, pos, size + 4), (label, offset)
            assert matroska_cut(cut), (label, offset)  # from the file's start as well
            cut.unlink()


def test_clip_with_unknown_cluster_sizes_still_decodes_whole_without_a_warning(
    media_dir: Path, truth: dict[str, Any], tmp_path: Path
) -> None:
    live = tmp_path / "live.webm"
    live.write_bytes(_unknown_size_clusters((media_dir / "talk.webm").read_bytes()))
    facts = _facts(live)
    assert facts.warnings == []
    assert facts.duration_s == pytest.approx(float(truth["duration_s"]), abs=0.2)


def test_mp4_cut_inside_its_media_data_is_truncated(media_dir: Path, tmp_path: Path) -> None:
    """With the index first (faststart) a cut MP4 still opens; its ``mdat`` box declares more than is there."""
    fast = tmp_path / "fast.mp4"
    source = str(media_dir / "mp4_named.webm")
    remux = ["ffmpeg", "-v", "error", "-y", "-i", source, "-c", "copy", "-movflags", "+faststart", str(fast)]
    subprocess.run(remux, check=True)
    assert not mp4_cut(fast)
    assert _facts(fast).warnings == []
    cut = _cut(fast, 0.6, tmp_path / "cut.mp4")
    assert mp4_cut(cut)
    assert [w.code for w in _facts(cut).warnings] == ["TRUNCATED"]


def test_bytes_that_stop_being_elements_count_as_damaged(media_dir: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.webm"
    damaged.write_bytes((media_dir / "talk.webm").read_bytes() + b"\x00" * 16)
    assert matroska_cut(damaged)

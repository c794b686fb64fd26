"""Decoding the generated clips; every expected figure comes from truth.json."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.decode import AUDIO_RATE, FrameSampler, MediaReader
from interview_analysis.media.types import MediaFacts, VideoFrame

SAMPLE_FPS = 15.0
MAX_S = 1800.0


def read_all(path: Path, sample_fps: float = SAMPLE_FPS, max_s: float = MAX_S) -> tuple[list[VideoFrame], MediaFacts]:
    """Decode everything, keeping only frame metadata and one image so memory stays flat."""
    kept: list[VideoFrame] = []
    with MediaReader(path, sample_fps=sample_fps, max_duration_s=max_s) as reader:
        for frame in reader.frames():
            kept.append(frame if not kept else VideoFrame(frame.t, frame.index, frame.image[:1, :1]))
    return kept, reader.facts


def decode_code(path: Path, max_s: float = MAX_S) -> ErrorCode:
    with pytest.raises(MediaError) as info:
        read_all(path, max_s=max_s)
    return info.value.code


@pytest.mark.parametrize("name", ["talk.webm", "talk_vp9.webm"])
def test_browser_webm_duration_frames_and_audio_match_truth(media_dir: Path, truth: dict[str, Any], name: str) -> None:
    duration = float(truth["duration_s"])
    with MediaReader(media_dir / name, sample_fps=SAMPLE_FPS, max_duration_s=MAX_S) as reader:
        sampled = sum(1 for _ in reader.frames())
        audio = reader.audio()
        facts = reader.facts

    assert facts.declared_duration_s is None  # written as a live stream, like MediaRecorder
    assert facts.duration_s == pytest.approx(duration, abs=0.2)
    assert sampled == facts.frames_sampled
    assert abs(sampled - duration * SAMPLE_FPS) <= 2
    assert facts.has_audio
    assert facts.audio_codec == "opus"
    assert audio.dtype == np.float32
    assert audio.ndim == 1
    assert abs(audio.size - duration * AUDIO_RATE) <= 0.2 * AUDIO_RATE
    assert facts.audio_duration_s == pytest.approx(audio.size / AUDIO_RATE)
    assert facts.fps_measured == pytest.approx(facts.frames_read / facts.duration_s)
    assert facts.warnings == []
    assert reader.progress == 1.0


def test_sampled_timestamps_rise_strictly_at_the_sample_interval(media_dir: Path) -> None:
    frames, facts = read_all(media_dir / "talk.webm")
    times = np.array([f.t for f in frames])
    gaps = np.diff(times)

    assert times[0] == 0.0
    assert np.all(gaps > 0)
    # webm clocks tick in whole milliseconds, so a sample may land up to one tick off the grid
    assert np.allclose(gaps, 1 / SAMPLE_FPS, atol=0.002)
    assert np.all(np.diff([f.index for f in frames]) > 0)
    assert facts.frames_sampled == len(frames)


def test_sampler_on_variable_frame_rate_neither_drifts_nor_duplicates() -> None:
    """Jittery 30 fps rounded to webm's 1 ms clock, a 2 s freeze, then 10 fps: one frame per grid slot."""
    rng = np.random.default_rng(7)
    times = [round(i / 30 + rng.uniform(-0.004, 0.004), 3) for i in range(300)]  # 0..10 s
    times += [12.0 + i / 10 for i in range(50)]  # resumes after a gap, slower than the grid
    times = sorted(max(t, 0.0) for t in times)
    sampler = FrameSampler(sample_fps=15.0, tolerance_s=0.001)

    kept = [t for t in times if sampler.take(t)]

    slots = [int((t + 0.001) * 15) for t in kept]
    assert len(slots) == len(set(slots))  # never two frames for one slot
    assert np.all(np.diff(kept) > 0)
    before_gap = [t for t in kept if t < 10.0]
    assert abs(len(before_gap) - 10.0 * 15) <= 2  # no drift over 10 s of jitter
    assert [t for t in kept if t >= 12.0] == [t for t in times if t >= 12.0]  # slower source: every frame


def test_sampling_above_the_source_rate_keeps_every_frame_once(media_dir: Path) -> None:
    frames, facts = read_all(media_dir / "mp4_named.webm", sample_fps=1000.0)
    assert facts.frames_sampled == facts.frames_read == len(frames)
    assert [f.index for f in frames] == list(range(len(frames)))


def test_frames_are_rgb_uint8_of_the_video_size(media_dir: Path) -> None:
    with MediaReader(media_dir / "talk.webm", sample_fps=SAMPLE_FPS, max_duration_s=MAX_S) as reader:
        frame = next(iter(reader.frames()))
        facts = reader.facts
    assert frame.image.dtype == np.uint8
    assert frame.image.shape == (facts.height, facts.width, 3)
    assert frame.image.flags["C_CONTIGUOUS"]
    assert frame.image.std() > 0  # an actual picture, not a blank buffer


def test_progress_rises_with_bytes_read(media_dir: Path) -> None:
    seen: list[float] = []
    with MediaReader(media_dir / "talk.webm", sample_fps=1.0, max_duration_s=MAX_S) as reader:
        for _ in reader.frames():
            seen.append(reader.progress)
        assert reader.progress == 1.0
    assert seen == sorted(seen)
    assert 0.0 <= seen[0] < 0.1
    assert seen[-1] > 0.9


def test_video_without_audio_has_empty_audio(media_dir: Path, truth: dict[str, Any]) -> None:
    with MediaReader(media_dir / "no_audio.webm", sample_fps=SAMPLE_FPS, max_duration_s=MAX_S) as reader:
        for _ in reader.frames():
            pass
        audio = reader.audio()
    assert truth["files"]["no_audio.webm"]["voice"] == "absent"
    assert not reader.facts.has_audio
    assert reader.facts.audio_codec is None
    assert audio.size == 0
    assert audio.dtype == np.float32


def test_silent_track_still_counts_as_audio(media_dir: Path, truth: dict[str, Any]) -> None:
    _, facts = read_all(media_dir / "silent.webm")
    assert facts.has_audio
    assert facts.audio_duration_s == pytest.approx(float(truth["duration_s"]), abs=0.2)


def test_empty_file_is_refused_as_empty(media_dir: Path) -> None:
    assert decode_code(media_dir / "empty.webm") is ErrorCode.EMPTY_FILE


def test_missing_file_is_refused_as_empty(tmp_path: Path) -> None:
    assert decode_code(tmp_path / "never-written.webm") is ErrorCode.EMPTY_FILE


def test_text_file_is_not_a_video(media_dir: Path) -> None:
    assert decode_code(media_dir / "not_video.webm") is ErrorCode.NOT_A_VIDEO


def test_mp4_named_webm_is_read_by_content(media_dir: Path) -> None:
    frames, facts = read_all(media_dir / "mp4_named.webm")
    assert facts.container.startswith("mov,mp4")
    assert facts.video_codec == "h264"
    assert facts.declared_duration_s == pytest.approx(5.0)
    assert facts.duration_s == pytest.approx(5.0, abs=0.2)
    assert abs(len(frames) - 5.0 * SAMPLE_FPS) <= 2
    assert not facts.has_audio


def test_truncated_webm_completes_with_a_warning_and_a_shorter_duration(media_dir: Path, truth: dict[str, Any]) -> None:
    """FFmpeg stops quietly at the cut (EOF inside a cluster, no error raised); the container's declared
    sizes show the cut, the reader warns, and the part before the cut is analysed (more cuts: test_cut.py)."""
    frames, facts = read_all(media_dir / "truncated.webm")
    assert [w.code for w in facts.warnings] == ["TRUNCATED"]
    assert facts.warnings[0].message  # Korean text for people
    assert 1.0 < facts.duration_s < float(truth["duration_s"]) - 1.0
    assert abs(len(frames) - facts.duration_s * SAMPLE_FPS) <= 2


def test_video_longer_than_the_limit_is_refused_while_decoding(media_dir: Path, truth: dict[str, Any]) -> None:
    # browser webm declares no duration, so the limit trips on decoded timestamps
    assert decode_code(media_dir / "talk.webm", max_s=float(truth["duration_s"]) / 2) is ErrorCode.VIDEO_TOO_LONG


def test_video_declaring_a_length_over_the_limit_is_refused_at_open(media_dir: Path) -> None:
    with pytest.raises(MediaError) as info:
        MediaReader(media_dir / "mp4_named.webm", sample_fps=SAMPLE_FPS, max_duration_s=2.0)
    assert info.value.code is ErrorCode.VIDEO_TOO_LONG


def test_video_codec_without_a_decoder_is_unsupported(media_dir: Path, tmp_path: Path) -> None:
    """An AVI whose FourCC names no codec FFmpeg knows: the container opens, the video cannot decode."""
    avi = tmp_path / "h264.avi"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(media_dir / "mp4_named.webm"), "-t", "1", "-c:v", "copy", str(avi)],
        check=True,
    )
    data = avi.read_bytes()
    unknown = tmp_path / "unknown_codec.avi"
    unknown.write_bytes(data[:4096].replace(b"avc1", b"ZZZZ").replace(b"H264", b"ZZZZ") + data[4096:])
    assert decode_code(unknown) is ErrorCode.UNSUPPORTED_CODEC


def test_long_video_is_talk_looped_to_the_length_truth_asks(long_video: Path, truth: dict[str, Any]) -> None:
    seconds = float(truth.get("long_video_minutes", 5)) * 60
    with MediaReader(long_video, sample_fps=SAMPLE_FPS, max_duration_s=MAX_S) as reader:
        facts = reader.facts  # opening is enough: the stream-copied file declares its length
    assert facts.declared_duration_s == pytest.approx(seconds, abs=float(truth["duration_s"]))
    assert facts.video_codec == "vp8"

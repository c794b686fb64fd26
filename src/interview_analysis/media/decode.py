"""Decode a video once: sampled RGB frames for the face models, 16 kHz mono audio for the voice.

Video and audio packets are demuxed together in one pass, so a 30-minute file
is read from disk once and only the frames that will be analysed pay for the
RGB conversion. Browser recordings carry no duration and may have a variable
frame rate, so sampling, progress and the measured duration all come from
timestamps and byte positions, never from the header.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import av
import numpy as np
import structlog
from av.audio.frame import AudioFrame
from av.codec.context import ThreadType
from numpy.typing import NDArray

from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.audio import AUDIO_RATE, AudioSink
from interview_analysis.media.cut import matroska_cut, mp4_cut
from interview_analysis.media.probe import NO_DECODER_ERRORS, probe
from interview_analysis.media.types import MediaFacts, MediaWarning, VideoFrame

log = structlog.get_logger(__name__)

__all__ = ["AUDIO_RATE", "FrameSampler", "MediaReader"]

TRUNCATED = MediaWarning(
    code="TRUNCATED",
    message="영상 파일의 뒷부분이 손상되었거나 잘려 있어, 읽을 수 있는 부분까지만 분석했습니다.",
)

# A file that declares its duration but decodes to less than that, minus this slack, was cut short
# (streams may start or end a little apart, so exact agreement is not expected).
_DECLARED_SLACK_S = 1.0
_DECLARED_SLACK_SHARE = 0.02


class FrameSampler:
    """Keeps frames on a fixed time grid, so a variable frame rate neither drifts nor duplicates."""

    def __init__(self, sample_fps: float, tolerance_s: float) -> None:
        self._step = 1.0 / sample_fps
        # Container clocks round (webm to 1 ms), so a frame 0.3 ms early still counts as on time.
        self._tolerance = min(tolerance_s, self._step / 4)
        self._slot = 0

    def take(self, t: float) -> bool:
        if t < self._slot * self._step - self._tolerance:
            return False
        # Jump past every slot this frame covers; grid times are computed, never accumulated.
        self._slot = math.floor((t + self._tolerance) / self._step) + 1
        return True


class MediaReader:
    """Reads one video file; use as a context manager, iterate ``frames()``, then call ``audio()``.

    Constructing it probes the file (``MediaError`` when it is no usable video).
    """

    def __init__(self, path: Path, *, sample_fps: float, max_duration_s: float) -> None:
        if sample_fps <= 0:
            raise ValueError("sample_fps must be positive")
        self._max_duration_s = max_duration_s
        self._path = path
        probed = probe(path, max_duration_s=max_duration_s)
        self._container = probed.container
        self._video = probed.video
        self._audio_stream = probed.audio
        self.facts: MediaFacts = probed.facts
        self.facts.sample_fps = float(sample_fps)
        self._sampler = FrameSampler(sample_fps, float(self._video.time_base or 0.001))
        self._audio = AudioSink()
        self._audio_source: Callable[[], NDArray[np.float32]] | None = None
        self._audio_out = np.zeros(0, dtype=np.float32)
        self._pos = 0
        self._last_block: tuple[int, int] | None = None  # (pos, size) of the last packet demuxed
        self._first_t: float | None = None
        self._last_t = 0.0
        self._started = False
        self._done = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._container.close()

    def audio_from(self, source: Callable[[], NDArray[np.float32]]) -> None:
        """Take the track from ``source`` (``media.audio.decode_audio`` run beforehand, so that speech
        analysis need not wait for the last frame): audio packets are still demuxed, for the file's
        extent, but not decoded again; ``source`` is called when the pass ends."""
        if self._started:
            raise RuntimeError("audio_from() must come before frames()")
        self._audio_source = source

    @property
    def progress(self) -> float:
        """Share of the file read so far, by byte position; webm often declares no duration."""
        if self._done:
            return 1.0
        return min(1.0, self._pos / self.facts.size_bytes)

    def audio(self) -> NDArray[np.float32]:
        """All audio as 16 kHz mono float32; empty when the file has none."""
        if not self._done:
            raise RuntimeError("audio() is ready only after frames() is exhausted")
        return self._audio_out

    def frames(self) -> Iterator[VideoFrame]:
        """Yield sampled RGB frames in time order; fills ``facts`` and the audio as it goes."""
        if self._started:
            raise RuntimeError("frames() can be iterated only once")
        self._started = True
        self._video.codec_context.thread_type = ThreadType.AUTO
        streams = [self._video] if self._audio_stream is None else [self._video, self._audio_stream]
        yield from self._demux(streams)
        self._finish()

    def _demux(self, streams: list[Any]) -> Iterator[VideoFrame]:
        try:
            for packet in self._container.demux(streams):
                if packet.pos is not None and packet.pos >= 0:
                    self._pos = packet.pos
                    self._last_block = (packet.pos, packet.size)
                if self._audio_source is not None and packet.stream.type == "audio":
                    continue
                for frame in packet.decode():
                    if isinstance(frame, AudioFrame):
                        self._audio.add(frame)
                        # A tiny video beside hours of audio must not fill memory either.
                        if self._audio.samples > (self._max_duration_s + 1.0) * AUDIO_RATE:
                            raise MediaError(ErrorCode.VIDEO_TOO_LONG)
                    elif isinstance(frame, av.VideoFrame) and (sampled := self._on_video(frame)) is not None:
                        yield sampled
        except NO_DECODER_ERRORS as err:
            self._fail_or_truncate(err, ErrorCode.UNSUPPORTED_CODEC)
        except av.FFmpegError as err:
            self._fail_or_truncate(err, ErrorCode.NOT_A_VIDEO)

    def _on_video(self, frame: av.VideoFrame) -> VideoFrame | None:
        """Count the frame and convert it to RGB only when the sampler keeps it."""
        raw_t = frame.time
        if self._first_t is None:
            self._first_t = raw_t if raw_t is not None else 0.0
        t = raw_t - self._first_t if raw_t is not None else self._last_t + self._nominal_interval()
        if t > self._max_duration_s:
            raise MediaError(ErrorCode.VIDEO_TOO_LONG)
        index = self.facts.frames_read
        self.facts.frames_read += 1
        self._last_t = max(self._last_t, t)
        if not self._sampler.take(t):
            return None
        self.facts.frames_sampled += 1
        image = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
        return VideoFrame(t=t, index=index, image=image)

    def _nominal_interval(self) -> float:
        rate = self._video.average_rate
        return 1.0 / float(rate) if rate else 1.0 / 30

    def _fail_or_truncate(self, err: Exception, code: ErrorCode) -> None:
        """Before any frame the file is unusable; after one, keep what decoded and say so."""
        if self.facts.frames_read == 0:
            raise MediaError(code) from err
        log.warning("media.decode.truncated", error=repr(err), frames=self.facts.frames_read)
        self.facts.warnings.append(TRUNCATED)

    def _cut_short(self) -> bool:
        """FFmpeg ends a cut-off file quietly (EOF inside a cluster only logs a line), so ask the container:
        an element or box that declares an end past the file's last byte, or a declared duration the
        streams fall short of."""
        container = self.facts.container
        if container.startswith("matroska"):
            pos, size = self._last_block or (None, 0)
            # A block's payload holds the frame plus at least a track number, a timecode and flags.
            if matroska_cut(self._path, pos, size + 4):
                return True
        elif container.startswith("mov") and mp4_cut(self._path):
            return True
        declared = self.facts.declared_duration_s
        if declared is None:
            return False
        # Streams may start or end a little apart, so exact agreement is not expected.
        measured = max(self.facts.duration_s, self.facts.audio_duration_s)
        return measured < declared - max(_DECLARED_SLACK_S, declared * _DECLARED_SLACK_SHARE)

    def _finish(self) -> None:
        facts = self.facts
        last_t = self._last_t
        self._audio_out = self._audio.finish() if self._audio_source is None else self._audio_source()
        if facts.frames_read == 0:
            raise MediaError(ErrorCode.NOT_A_VIDEO)
        # The last frame lasts one frame interval too: 900 frames at 30 fps span 29.967 s but show 30 s.
        interval = last_t / (facts.frames_read - 1) if facts.frames_read > 1 else self._nominal_interval()
        facts.duration_s = last_t + interval
        facts.fps_measured = facts.frames_read / facts.duration_s
        facts.audio_duration_s = self._audio_out.size / AUDIO_RATE
        facts.has_audio = self._audio_out.size > 0
        if TRUNCATED not in facts.warnings and self._cut_short():
            log.warning("media.decode.truncated", last_packet=self._last_block, size_bytes=facts.size_bytes)
            facts.warnings.append(TRUNCATED)
        self._done = True
        log.info(
            "media.decode.done",
            frames=facts.frames_read,
            sampled=facts.frames_sampled,
            duration_s=round(facts.duration_s, 3),
            audio_s=round(facts.audio_duration_s, 3),
            warnings=[w.code for w in facts.warnings],
        )

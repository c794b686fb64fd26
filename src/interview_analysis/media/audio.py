"""The audio track as 16 kHz mono float32, decoded before (or beside) the video pass.

Speech recognition and the voice pass need the whole track, and the video pass only
ends after the last frame. Reading the audio first lets them run while frames are still
being analysed: the container is opened a second time and only the audio stream is
demuxed (the video packets are skipped unread by FFmpeg's discard flag, not decoded).
That costs a fraction of a second a minute, against the minutes recognition takes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import structlog
from av.audio.frame import AudioFrame
from av.container import InputContainer
from numpy.typing import NDArray

from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.probe import NO_DECODER_ERRORS, open_container

log = structlog.get_logger(__name__)

AUDIO_RATE = 16_000
_SLACK_S = 1.0  # resampler delay and rounding: room beyond the packets' own end time


class AudioSink:
    """Resamples decoded audio to 16 kHz mono float32 into one buffer sized once, up front.

    One buffer, not a list of small arrays: thousands of 1 kB chunks allocated between
    the ~1 MB video frames fragment the heap, and a 5-minute file peaked near 1 GB. Sizing
    it from the packets' timestamps (``expected_s``) means no doubling and no final copy,
    so a 10-minute track costs its 38 MB once instead of three times over at the peak.
    """

    def __init__(self, expected_s: float = 60.0) -> None:
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
        self._buffer = np.zeros(math.ceil((expected_s + _SLACK_S) * AUDIO_RATE), dtype=np.float32)
        self.samples = 0

    def add(self, frame: AudioFrame | None) -> None:
        for out in self._resampler.resample(frame):
            chunk = out.to_ndarray().reshape(-1)
            end = self.samples + chunk.size
            if end > self._buffer.size:  # the timestamps undersold the track (rare): grow by half
                grown = np.zeros(max(end, self._buffer.size * 3 // 2), dtype=np.float32)
                grown[: self.samples] = self._buffer[: self.samples]
                self._buffer = grown
            self._buffer[self.samples : end] = chunk
            self.samples = end

    def finish(self) -> NDArray[np.float32]:
        """Flush the resampler and hand over exactly the samples decoded."""
        self.add(None)
        audio = self._buffer
        self._buffer = np.zeros(0, dtype=np.float32)
        if audio.size - self.samples <= _SLACK_S * AUDIO_RATE * 2:
            # Trimming by slicing keeps the (at most two seconds of) spare capacity alive and copies nothing.
            return audio[: self.samples]
        return audio[: self.samples].copy()


def decode_audio(path: Path, *, max_duration_s: float) -> NDArray[np.float32]:
    """The file's first audio stream as 16 kHz mono float32; empty when there is none (or none decodes).

    Two demuxes of the audio packets: the first only reads their timestamps, to size the buffer
    once; the second decodes. Demuxing is cheap (a 10-minute file in about 0.1 s) and holding the
    30,000 packets of 10 minutes between the two would cost more memory (23 MB) than it saves time.
    A damaged stream keeps what decoded before the damage, as the video pass does; whether the
    file as a whole is usable is the video pass's call, so nothing here fails for lack of audio.
    """
    expected_s = _packet_span_s(path)
    if expected_s is None:
        return np.zeros(0, dtype=np.float32)
    if expected_s > max_duration_s + 1.0:  # a tiny video beside hours of audio must not fill memory either
        raise MediaError(ErrorCode.VIDEO_TOO_LONG)
    sink = AudioSink(expected_s)
    container = open_container(path)
    try:
        # The empty packets at the end flush the decoder, exactly as in the video pass's demux loop.
        with av.logging.Capture(local=True):
            for packet in container.demux(container.streams.audio[0]):
                for frame in packet.decode():
                    if isinstance(frame, AudioFrame):
                        sink.add(frame)
                if sink.samples > (max_duration_s + 1.0) * AUDIO_RATE:
                    raise MediaError(ErrorCode.VIDEO_TOO_LONG)
    except NO_DECODER_ERRORS as err:
        log.warning("media.audio.undecodable", error=repr(err))
        return np.zeros(0, dtype=np.float32)
    except av.FFmpegError as err:
        log.warning("media.audio.truncated", error=repr(err), samples=sink.samples)
    finally:
        container.close()
    return sink.finish()


def _packet_span_s(path: Path) -> float | None:
    """Seconds from the first audio packet to the end of the last; None when there is no decodable audio."""
    container = open_container(path)
    try:
        if not container.streams.audio or getattr(container.streams.audio[0], "codec_context", None) is None:
            return None
        first: int | None = None
        end = 0
        base = container.streams.audio[0].time_base
        try:
            with av.logging.Capture(local=True):  # a cut-off file is the video pass's to report, once
                for pts, duration in _timestamps(container):
                    first = pts if first is None else first
                    end = pts + duration
        except av.FFmpegError as err:
            log.warning("media.audio.demux_cut", error=repr(err))
        return float((end - first) * base) if first is not None and base else 0.0
    finally:
        container.close()


def _timestamps(container: InputContainer) -> Iterator[tuple[int, int]]:
    for packet in container.demux(container.streams.audio[0]):
        if packet.size and packet.pts is not None:
            yield packet.pts, packet.duration or 0

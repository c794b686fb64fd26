"""Open a file with PyAV and say what it is, judging by content rather than by name.

Browsers name every recording ``.webm`` whatever they put in it, and users
rename files; FFmpeg's probe reads the bytes, so an mp4 called ``.webm`` opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
from av.audio.stream import AudioStream
from av.container import InputContainer
from av.video.stream import VideoStream

from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.types import MediaFacts, MediaWarning

# Raised by FFmpeg when the stream names a codec this build cannot decode.
NO_DECODER_ERRORS: tuple[type[Exception], ...] = (av.error.DecoderNotFoundError, av.error.PatchWelcomeError)

AUDIO_UNSUPPORTED = MediaWarning(
    code="AUDIO_UNSUPPORTED",
    message="음성 트랙의 코덱을 읽을 수 없어 음성 분석을 건너뜁니다.",
)


@dataclass(slots=True)
class Probed:
    """An open container with the streams we will decode; the caller closes ``container``."""

    container: InputContainer
    video: VideoStream
    audio: AudioStream | None
    facts: MediaFacts


def open_container(path: Path) -> InputContainer:
    """Open ``path`` for reading; an empty or unreadable file becomes a ``MediaError``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise MediaError(ErrorCode.EMPTY_FILE) from err
    if size == 0:
        raise MediaError(ErrorCode.EMPTY_FILE)
    try:
        return av.open(str(path), mode="r")
    except NO_DECODER_ERRORS as err:
        raise MediaError(ErrorCode.UNSUPPORTED_CODEC) from err
    except (av.FFmpegError, OSError, UnicodeDecodeError) as err:
        raise MediaError(ErrorCode.NOT_A_VIDEO) from err


def _has_decoder(stream: VideoStream | AudioStream) -> bool:
    # PyAV leaves codec_context unset when FFmpeg knows no decoder for the stream's codec.
    return getattr(stream, "codec_context", None) is not None


def probe(path: Path, *, max_duration_s: float) -> Probed:
    """Open ``path`` and check it is a decodable video no longer than ``max_duration_s`` as declared."""
    container = open_container(path)
    try:
        return _inspect(container, path, max_duration_s)
    except BaseException:
        container.close()
        raise


def _inspect(container: InputContainer, path: Path, max_duration_s: float) -> Probed:
    if not container.streams.video:
        raise MediaError(ErrorCode.NOT_A_VIDEO)
    video = container.streams.video[0]
    if not _has_decoder(video):
        raise MediaError(ErrorCode.UNSUPPORTED_CODEC)
    # Browser webm is written as a live stream and declares no duration; then only decoding can tell.
    declared = container.duration / 1_000_000 if container.duration is not None else None
    if declared is not None and declared > max_duration_s:
        raise MediaError(ErrorCode.VIDEO_TOO_LONG)

    warnings: list[MediaWarning] = []
    audio = container.streams.audio[0] if container.streams.audio else None
    if audio is not None and not _has_decoder(audio):
        warnings.append(AUDIO_UNSUPPORTED)
        audio = None

    ctx = video.codec_context
    facts = MediaFacts(
        container=container.format.name,
        size_bytes=path.stat().st_size,
        video_codec=ctx.name,
        width=ctx.width,
        height=ctx.height,
        declared_duration_s=declared,
        has_audio=audio is not None,
        audio_codec=audio.codec_context.name if audio is not None else None,
        warnings=warnings,
    )
    return Probed(container=container, video=video, audio=audio, facts=facts)

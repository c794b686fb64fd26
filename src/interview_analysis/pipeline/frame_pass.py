"""The video pass on threads: decoding, landmarks and the object detector overlap instead of taking turns.

- the decode thread runs the reader (demux, VP8/VP9 decode, RGB conversion of sampled frames;
  PyAV releases the GIL inside FFmpeg) and hands frames over a bounded queue;
- the calling thread runs the landmarks (MediaPipe works on its own graph threads while this one
  waits, GIL released), the analysis's critical path, and nothing else;
- each lane (the eye pass, the expression classifier, the object detector) consumes
  ``(frame, faces)`` on a thread of its own, numpy and ONNX Runtime releasing the GIL while they run.

Every analyzer still sees every frame once and in order, with the same faces, so the result is
the one a single thread would compute. Queues are bounded (``QUEUE_FRAMES``), so a slow stage
holds back the decoder instead of piling up frames: memory stays flat with the video's length.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from interview_analysis.analysis.base import FrameAnalyzer
from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.media.decode import MediaReader
from interview_analysis.media.types import VideoFrame
from interview_analysis.pipeline.stages import CpuStage, StageClock, lower_thread_priority, name_thread

LANE_NICENESS = 5  # lanes give way to the landmark thread and MediaPipe's graph threads (stages.py)
QUEUE_FRAMES = 8  # about 7 MB of 640x480 RGB in flight: enough to ride out a slow frame on either side
LANE_FRAMES = 8  # a lane sees every frame but may work on few (the expression net 5 a second): let it lag half a second
_POLL_S = 0.1

T = TypeVar("T")


class _End:
    """Marks the end of a queue's items."""


_END = _End()


@dataclass(slots=True)
class _Channel(Generic[T]):
    """A bounded queue whose producer gives up when the consumer has stopped (``closed``)."""

    items: queue.Queue[T | _End | BaseException]
    closed: threading.Event = field(default_factory=threading.Event)

    def put(self, item: T | _End | BaseException) -> bool:
        while not self.closed.is_set():
            try:
                self.items.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def drain(self) -> Iterator[T]:
        """Items until the end mark; an exception from the producer is raised here."""
        while True:
            item = self.items.get()
            if isinstance(item, _End):
                return
            if isinstance(item, BaseException):
                raise item
            yield item


def _channel(size: int) -> _Channel[T]:
    return _Channel(queue.Queue(maxsize=size))


class _Lane:
    """One thread feeding ``(frame, faces)`` to its analyzers, in order, timing them on the clock."""

    def __init__(self, name: str, analyzers: list[tuple[FrameAnalyzer, CpuStage]], clock: StageClock) -> None:
        self._analyzers = analyzers
        self._clock = clock
        self._inbox: _Channel[tuple[VideoFrame, FrameFaces]] = _channel(LANE_FRAMES)
        self._error: BaseException | None = None
        self._name = f"ia-{name}"
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        name_thread(self._name)
        lower_thread_priority(LANE_NICENESS)
        try:
            for frame, faces in self._inbox.drain():
                for analyzer, stage in self._analyzers:
                    with self._clock.timed(stage):
                        analyzer.consume(frame, faces)
        except BaseException as exc:  # handed to the caller in join(), never lost on a thread
            self._error = exc
            self._inbox.closed.set()

    def send(self, frame: VideoFrame, faces: FrameFaces) -> None:
        if not self._inbox.put((frame, faces)) and self._error is not None:
            raise self._error

    def join(self, *, failed: bool) -> None:
        """Wait for the lane to finish its frames (or, after a failure elsewhere, to stop)."""
        if failed:
            self._inbox.closed.set()
        else:
            self._inbox.put(_END)
        self._thread.join()
        if self._error is not None and not failed:
            raise self._error


def _decode(reader: MediaReader, out: _Channel[VideoFrame], clock: StageClock) -> None:
    name_thread("ia-decode")
    try:
        frames = reader.frames()
        while True:
            with clock.timed(CpuStage.DECODE):
                frame = next(frames, None)
            if frame is None or not out.put(frame):
                break
        out.put(_END)
    except BaseException as exc:  # the consumer re-raises it where the pipeline can map it to an error code
        out.put(exc)


def run_frame_pass(
    reader: MediaReader,
    landmarker: FaceLandmarker,
    lanes: dict[str, list[tuple[FrameAnalyzer, CpuStage]]],
    clock: StageClock,
    on_frame: Callable[[], None],
) -> None:
    """Decode every frame once and feed each analyzer every sampled frame with its faces."""
    frames: _Channel[VideoFrame] = _channel(QUEUE_FRAMES)
    decoder = threading.Thread(target=_decode, args=(reader, frames, clock), name="ia-decode", daemon=True)
    workers = [_Lane(name, analyzers, clock) for name, analyzers in lanes.items() if analyzers]
    decoder.start()
    failed = True
    try:
        for frame in frames.drain():
            with clock.timed(CpuStage.LANDMARKS):
                faces = landmarker.detect(frame.image, frame.t)
            for lane in workers:
                lane.send(frame, faces)
            on_frame()
        failed = False
    finally:
        frames.closed.set()  # a decoder blocked on a full queue gives up
        decoder.join()
        for lane in workers:
            lane.join(failed=failed)

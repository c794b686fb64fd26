"""The ``integrity`` section: persons and phones in view, face presence, and one explainable score.

The detector answers for about one frame a second (``OBJECT_FPS``, the check slots): a phone or a
second person that matters stays in view for seconds. It runs where it pays: on every slot while
something is flagged (a phone, a second person) or the face pass sees a change (the face count
differs from the last run: a second face, the candidate leaving or back), and otherwise on every
``OBJECT_IDLE_STRIDE``-th slot, the slots between carrying the last run's clean answer. A phone
that appears is then found at most ``stride - 1`` slots late, and followed slot by slot until it
is gone. Face counts come from the landmark pass every analyzer shares and are turned into
intervals exactly as ``eye_tracking`` does, so both sections cite the same seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.eye.analyzer import PRESENCE_SMOOTH_S
from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.analysis.intervals import flag_intervals, median_smooth
from interview_analysis.analysis.objects.detector import load_detector
from interview_analysis.analysis.objects.detector_api import DetectorUnavailable, FrameObjects, ObjectDetector
from interview_analysis.analysis.objects.scoring import Event, covered_seconds, integrity, union_intervals
from interview_analysis.config import EyeSettings, ObjectSettings, Settings
from interview_analysis.media.types import MediaFacts, VideoFrame
from interview_analysis.results import EventSource, EventType, Integrity, ObjectCheck, SectionCode
from interview_analysis.results import SectionStatus as CheckStatus
from interview_analysis.results.messages import INTEGRITY_NO_FRAMES_KO, OBJECTS_SKIPPED_KO

log = structlog.get_logger(__name__)


SLOT_SLACK_S = 0.01


def _odd(n: float) -> int:
    k = max(1, round(n))
    return k if k % 2 else k + 1


@dataclass(slots=True)
class _ObjectTrack:
    """Per checked frame: persons counted, the second person's score, the best phone score."""

    times: list[float] = field(default_factory=list)
    persons: list[int] = field(default_factory=list)
    second_person: list[float] = field(default_factory=list)
    phone: list[float] = field(default_factory=list)

    def add(self, t: float, passes: list[FrameObjects], phones: FrameObjects, person_conf: float) -> None:
        """``passes``: the frame at each size; a person counts when any size sees them, phones only at full size."""
        counts = [sum(d.score >= person_conf for d in p.persons) for p in passes]
        seconds = [p.persons[1].score if len(p.persons) > 1 else 0.0 for p in passes]
        self.times.append(t)
        self.persons.append(max(counts))
        self.second_person.append(max(seconds))
        self.phone.append(phones.phones[0].score if phones.phones else 0.0)

    def carry(self, t: float) -> None:
        """A slot the detector skipped: the last run's answer, which was clean, holds."""
        self.times.append(t)
        self.persons.append(self.persons[-1])
        self.second_person.append(self.second_person[-1])
        self.phone.append(self.phone[-1])

    def flagged(self, person_conf: float, phone_conf: float) -> bool:
        return self.persons[-1] >= 2 or self.second_person[-1] >= person_conf or self.phone[-1] >= phone_conf


class IntegrityAnalyzer:
    name = "integrity"

    def __init__(self, settings: Settings) -> None:
        self._cfg: ObjectSettings = settings.objects
        self._eye: EyeSettings = settings.eye
        self._detector: ObjectDetector | None = None
        self._skip_reason: str | None = None
        try:
            self._detector = load_detector(self._cfg)  # per-process cache: loaded and warmed up once
        except DetectorUnavailable as exc:
            self._skip_reason = str(exc)
            log.warning("objects.check.skipped", reason=self._skip_reason)
        self._step = 1.0 / self._cfg.object_fps
        self._next_slot = 0.0
        self._slots_since_run = 0
        self._faces_at_run = -1
        self._runs = 0
        self._track = _ObjectTrack()
        self._face_times: list[float] = []
        self._face_counts: list[int] = []

    def consume(self, frame: VideoFrame, faces: FrameFaces) -> None:
        self._face_times.append(frame.t)
        self._face_counts.append(faces.count)
        if self._detector is None:
            return
        # Container clocks round (webm to 1 ms): a frame due at 1.000 s may read 0.999 s. The slack stays well
        # under one decoded frame, or a frame 67 ms early (at 15 fps) would take the slot and shift every check.
        slack = min(self._step / 4, SLOT_SLACK_S)
        if frame.t < self._next_slot - slack:
            return
        self._next_slot = (math.floor((frame.t + slack) / self._step) + 1) * self._step
        self._slots_since_run += 1
        if self._worth_a_run(faces.count):
            self._run(frame.t, frame.image)
            self._faces_at_run = faces.count
            self._slots_since_run = 0
        else:
            self._track.carry(frame.t)

    def _worth_a_run(self, face_count: int) -> bool:
        cfg = self._cfg
        return (
            not self._track.times
            or self._slots_since_run >= cfg.object_idle_stride
            or face_count != self._faces_at_run
            or self._track.flagged(cfg.person_conf, cfg.phone_conf)
        )

    def _run(self, t: float, image: NDArray[np.uint8]) -> None:
        detector = self._detector
        assert detector is not None
        self._runs += 1
        (full,) = detector.detect([image], self._cfg.object_imgsz)
        person_size = self._cfg.person_imgsz
        passes = [full]
        if person_size and person_size != self._cfg.object_imgsz and detector.accepts(person_size):
            passes.extend(detector.detect([image], person_size))
        self._track.add(t, passes, full, self._cfg.person_conf)

    def finish(self, facts: MediaFacts, audio: NDArray[np.float32]) -> Integrity:
        if not self._face_times:
            return Integrity(
                status=CheckStatus.NOT_MEASURABLE,
                code=SectionCode.NO_FRAMES,
                message=INTEGRITY_NO_FRAMES_KO,
                integrity_score=None,
                integrity_events=[],
            )
        face_events, presence = self._face_events(facts)
        object_check, object_events, objects = self._object_events(facts.duration_s)
        events = sorted(face_events + object_events, key=lambda e: (e.start, e.type.value))
        score, breakdown = integrity(events, objects_checked=object_check.status is CheckStatus.MEASURED)
        # Another person in view is one finding whichever pass saw it, as the score counts it: the face pass
        # sees a second face the detector may miss (small, turned), the detector a person with no face in view.
        seen = presence["multiple_face_intervals"] + (objects["multiple_person_intervals"] or [])
        other_person = union_intervals(seen)
        breakdown["thresholds"] = {
            "person_conf": self._cfg.person_conf,
            "phone_conf": self._cfg.phone_conf,
            "object_smooth_s": self._cfg.object_smooth_s,
            "object_min_interval_s": self._cfg.object_min_interval_s,
            "presence_min_interval_s": self._eye.presence_min_interval_s,
        }
        return Integrity(
            status=CheckStatus.MEASURED,
            integrity_score=score,
            integrity_band=breakdown["band"],
            score_breakdown=breakdown,
            integrity_events=[e.as_model() for e in events],
            other_person_intervals=other_person,
            **objects,
            **presence,
            object_check=object_check,
        )

    def _face_events(self, facts: MediaFacts) -> tuple[list[Event], dict[str, Any]]:
        """The face pass's presence intervals, smoothed and filtered exactly as ``eye_tracking`` does."""
        fps = facts.sample_fps or 15.0
        step = 1.0 / fps
        times = np.asarray(self._face_times, dtype=np.float64)
        raw = np.asarray(self._face_counts, dtype=np.int_)
        counts = median_smooth(raw, _odd(PRESENCE_SMOOTH_S * fps))
        min_len = self._eye.presence_min_interval_s
        no_face = flag_intervals(times, counts == 0, step, min_len)
        multiple = flag_intervals(times, counts >= 2, step, min_len)
        events = [
            *_events(EventType.NO_FACE, EventSource.FACES, no_face, times, (raw == 0).astype(np.float64)),
            *_events(EventType.MULTIPLE_FACE, EventSource.FACES, multiple, times, (raw >= 2).astype(np.float64)),
        ]
        return events, {"no_face_intervals": no_face, "multiple_face_intervals": multiple}

    def _object_events(self, duration_s: float) -> tuple[ObjectCheck, list[Event], dict[str, Any]]:
        cfg = self._cfg
        objects: dict[str, Any]
        if self._detector is None:
            check = ObjectCheck(status=CheckStatus.SKIPPED, reason=self._skip_reason, message=OBJECTS_SKIPPED_KO)
            objects = {
                "person_count_max": None,
                "multiple_person_intervals": None,
                "multiple_person_share": None,
                "phone_intervals": None,
            }
            return check, [], objects
        track = self._track
        detector = self._detector
        check = ObjectCheck(
            status=CheckStatus.MEASURED,
            backend=detector.name,
            weights=detector.config.weights.name,
            frames_checked=len(track.times),
            detector_runs=self._runs,
            check_fps=round(cfg.object_fps, 3),
            idle_stride=cfg.object_idle_stride,
            imgsz=cfg.object_imgsz,
            person_imgsz=cfg.person_imgsz if cfg.person_imgsz and detector.accepts(cfg.person_imgsz) else None,
        )
        times = np.asarray(track.times, dtype=np.float64)
        window = _odd(cfg.object_smooth_s * cfg.object_fps) if cfg.object_smooth_s > 0 else 1
        persons = median_smooth(np.asarray(track.persons, dtype=np.int_), window)
        phone_score = np.asarray(track.phone, dtype=np.float64)
        phone = median_smooth((phone_score >= cfg.phone_conf).astype(np.int_), window) > 0
        # At one check a second, a sample stands for the half second either side of it, not the second after it.
        centred = times - self._step / 2
        multiple = _clip(flag_intervals(centred, persons >= 2, self._step, cfg.object_min_interval_s), duration_s)
        phones = _clip(flag_intervals(centred, phone, self._step, cfg.object_min_interval_s), duration_s)
        second = np.asarray(track.second_person, dtype=np.float64)
        events = [
            *_events(EventType.MULTIPLE_PERSON, EventSource.OBJECTS, multiple, times, second),
            *_events(EventType.PHONE, EventSource.OBJECTS, phones, times, phone_score),
        ]
        share = covered_seconds([(a, b) for a, b in multiple]) / duration_s if duration_s > 0 else 0.0
        objects = {
            "person_count_max": int(persons.max()) if persons.size else 0,
            "multiple_person_intervals": multiple,
            "multiple_person_share": round(share, 3),
            "phone_intervals": phones,
        }
        return check, events, objects


def _clip(intervals: list[list[float]], duration_s: float) -> list[list[float]]:
    """Keep the half steps around the first and last samples inside the video."""
    end_s = duration_s if duration_s > 0 else float("inf")
    return [[round(max(start, 0.0), 2), round(min(end, end_s), 2)] for start, end in intervals]


def _events(
    kind: EventType,
    source: EventSource,
    intervals: list[list[float]],
    times: NDArray[np.float64],
    evidence: NDArray[np.float64],
) -> list[Event]:
    """One event per interval; its confidence is the mean per-sample evidence inside it (a detector score,
    or for the face pass the share of unsmoothed frames that showed the condition)."""
    events: list[Event] = []
    for start, end in intervals:
        inside = (times >= start - 1e-6) & (times < end - 1e-6)
        confidence = float(evidence[inside].mean()) if inside.any() else 0.0
        events.append(Event(kind, start, end, confidence, source))
    return events

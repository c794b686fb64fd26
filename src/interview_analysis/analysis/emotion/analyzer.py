"""``emotion_analysis``: facial expression over the interview, from the shared landmark pass."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.backends import load_classifier
from interview_analysis.analysis.emotion.crop import crop_face
from interview_analysis.analysis.emotion.scoring import summarise
from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.config import Settings
from interview_analysis.media.types import MediaFacts, VideoFrame
from interview_analysis.results import EmotionAnalysis, ModelIdentity, SectionCode, SectionStatus
from interview_analysis.results.messages import EMOTION_NO_FACE_KO

log = structlog.get_logger(__name__)


class EmotionAnalyzer:
    """Classifies the candidate's face (the largest) on a time grid of ``EMOTION_SAMPLE_FPS``.

    Expressions change over seconds, not frames, so 5 crops a second tell as much as 15 at
    a third of the cost. Frames without a face neither count nor use up a grid slot: the
    next frame that shows the face takes it. Crops are batched; only they are kept, never frames.
    """

    name = "emotion_analysis"

    def __init__(self, settings: Settings) -> None:
        cfg = settings.models
        self._classifier = load_classifier(cfg)  # per-process cache: loaded and warmed up once
        self._step = 1.0 / cfg.emotion_sample_fps
        self._batch_size = cfg.emotion_batch_size
        self._min_samples = max(3, math.ceil(cfg.emotion_sample_fps))  # about a second of face
        self._next_slot = 0.0
        self._crops: list[NDArray[np.uint8]] = []
        self._crop_times: list[float] = []
        self._times: list[float] = []
        self._probs: list[NDArray[np.float32]] = []
        self._frames = 0
        self._face_frames = 0

    def consume(self, frame: VideoFrame, faces: FrameFaces) -> None:
        self._frames += 1
        face = faces.primary
        if face is None:
            return
        self._face_frames += 1
        # A quarter-step tolerance, as the decoder's sampler: a frame due at 1.000 s may read 0.999 s.
        slack = self._step / 4
        if frame.t < self._next_slot - slack:
            return
        self._next_slot = (math.floor((frame.t + slack) / self._step) + 1) * self._step
        self._crops.append(crop_face(frame.image, face, self._classifier.crop))
        self._crop_times.append(frame.t)
        if len(self._crops) >= self._batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self._crops:
            return
        self._probs.append(self._classifier.predict(np.stack(self._crops)))
        self._times.extend(self._crop_times)
        self._crops.clear()
        self._crop_times.clear()

    def finish(self, facts: MediaFacts, audio: NDArray[np.float32]) -> EmotionAnalysis:
        self._flush()
        common: dict[str, Any] = {
            "model": ModelIdentity(**self._classifier.identity),
            "frames_classified": len(self._times),
            "face_frames": self._face_frames,
            "frames_seen": self._frames,
            "classify_fps": round(1.0 / self._step, 2),
        }
        if len(self._times) < self._min_samples:
            log.info("emotion.not_measurable", frames_classified=len(self._times), frames_seen=self._frames)
            return EmotionAnalysis(
                status=SectionStatus.NOT_MEASURABLE,
                code=SectionCode.NO_FACE,
                message=EMOTION_NO_FACE_KO,
                emotions=None,
                dominant_emotion=None,
                interview_score=None,
                interview_band=None,
                score_breakdown=None,
                expression_variability=None,
                timeline=[],
                **common,
            )
        times = np.asarray(self._times, dtype=np.float64)
        probs = np.concatenate(self._probs)
        return EmotionAnalysis(status=SectionStatus.MEASURED, **common, **summarise(times, probs, facts.duration_s))

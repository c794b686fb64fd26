"""The two sections read from the face: ``eye_tracking`` and ``emotion_analysis``."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from interview_analysis.results.base import Interval, ResultModel, SectionCode, SectionStatus


class HeadPose(ResultModel):
    yaw_mean_deg: float
    pitch_mean_deg: float
    roll_mean_deg: float
    yaw_std_deg: float
    pitch_std_deg: float
    roll_std_deg: float
    convention: str
    method: str | None = None
    confidence_median: float | None = None  # of the frames kept, 0..1 from the fit's residual
    frames_left_out: int | None = None  # face frames whose pose fit failed its confidence


class GazeMeans(ResultModel):
    horizontal_mean: float
    vertical_mean: float


class HeadMovement(ResultModel):
    mean_speed_deg_s: float
    p90_speed_deg_s: float
    level: str  # low, moderate, high


class EyeSecond(ResultModel):
    """One second of the timeline; angles and ratios are null in a second with no face."""

    t: int
    face_count: int
    yaw: float | None = None
    pitch: float | None = None
    gaze_x: float | None = None
    gaze_y: float | None = None
    on_screen: float | None = None
    eye_openness: float | None = None


class EyeTracking(ResultModel):
    """Presence, head pose, gaze on and off screen, blinks and the attention score (0-100)."""

    status: SectionStatus  # measured | not_measurable
    code: SectionCode | None = None
    message: str | None = None
    face_presence_ratio: float
    face_visible_ratio: float
    no_face_intervals: list[Interval]
    multiple_face_intervals: list[Interval]
    max_faces: int
    attention_score: float | None = None
    attention_band: str | None = None
    gaze_stability: float | None = None
    blink_frequency: float | None = None  # per minute of visible face
    blink_count: int | None = None
    blink_times: list[float] | None = None
    long_eye_closures: int | None = None
    long_eye_closure_intervals: list[Interval] | None = None  # closures longer than a blink that held none
    on_screen_ratio: float | None = None
    off_screen_episodes: list[Interval] | None = None
    head_pose: HeadPose | None = None
    gaze: GazeMeans | None = None
    head_movement: HeadMovement | None = None
    score_breakdown: dict[str, Any] | None = None
    timeline: list[EyeSecond] | None = None


class Emotions(ResultModel):
    """The clip's mean expression probabilities; they sum to 1."""

    happy: float
    neutral: float
    sad: float
    angry: float
    fear: float
    disgust: float
    surprise: float


class EmotionSecond(ResultModel):
    """One second; probabilities are null in a second with no classified face."""

    t: int
    frames: int
    happy: float | None = None
    neutral: float | None = None
    sad: float | None = None
    angry: float | None = None
    fear: float | None = None
    disgust: float | None = None
    surprise: float | None = None
    dominant: str | None = None


class ModelIdentity(ResultModel):
    name: str
    file: str | None = None
    sha256: str | None = None


class EmotionAnalysis(ResultModel):
    """Facial expression over the answer and the interview score (out of 60)."""

    status: SectionStatus  # measured | not_measurable
    code: SectionCode | None = None
    message: str | None = None
    model: ModelIdentity
    frames_classified: int
    face_frames: int
    frames_seen: int
    classify_fps: float
    emotions: Emotions | None = None
    dominant_emotion: str | None = None
    interview_score: float | None = None
    interview_band: str | None = None
    score_breakdown: dict[str, Any] | None = None
    expression_variability: float | None = None
    expression_changes: int | None = None
    expression_changes_per_min: float | None = None
    timeline: list[EmotionSecond] = Field(default_factory=list)

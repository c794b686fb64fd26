"""The ``eye_tracking`` section: presence, head pose, gaze on/off screen, blinks and attention.

Gaze on screen combines head pose with the iris position, each relative to the
candidate's own median over the video: the webcam is rarely at the screen's centre,
so "looking at the screen" is what the candidate does most of the time, clamped so
that a camera far off-axis cannot make looking away count as looking at the screen.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.eye.blinks import detect_blinks
from interview_analysis.analysis.eye.geometry import eye_measures
from interview_analysis.analysis.eye.head_pose import head_pose
from interview_analysis.analysis.eye.scoring import attention, band, gaze_stability
from interview_analysis.analysis.eye.smoothing import one_euro
from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.analysis.intervals import flag_intervals, median_smooth
from interview_analysis.config import EyeSettings, Settings
from interview_analysis.media.types import MediaFacts, VideoFrame
from interview_analysis.results import EyeSecond, EyeTracking, GazeMeans, HeadMovement, HeadPose, SectionCode
from interview_analysis.results import SectionStatus as Status
from interview_analysis.results.messages import EYE_NO_FACE_KO

EYE_YAW_RANGE_DEG = 35.0  # iris at an eye corner ≈ this many degrees of eye rotation
EYE_PITCH_RANGE_DEG = 25.0
BASELINE_CLAMP_DEG = 15.0
PRESENCE_SMOOTH_S = 0.4
GAZE_SMOOTH_S = 0.3
# A pose fit this poor (residual about three times the usual, ``head_pose.py``) is no face-shaped mesh:
# its frame is left out of pose, gaze and blinks rather than averaged in.
MIN_POSE_CONFIDENCE = 0.3
POSE_MAX_GAP_S = 0.5  # longer without a trusted pose, and the pose filter starts afresh


def _odd(n: float) -> int:
    k = max(1, round(n))
    return k if k % 2 else k + 1


def _r(x: float | np.floating[Any], nd: int = 3) -> float:
    return round(float(x), nd)


class EyeTrackingAnalyzer:
    name = "eye_tracking"

    def __init__(self, settings: Settings) -> None:
        self._cfg: EyeSettings = settings.eye
        self._times: list[float] = []
        self._counts: list[int] = []
        self._visible: list[tuple[float, float, float, float, float, float, float, float]] = []

    def consume(self, frame: VideoFrame, faces: FrameFaces) -> None:
        self._times.append(frame.t)
        self._counts.append(faces.count)
        face = faces.primary
        if face is None:
            return
        pose = head_pose(face.landmarks, faces.width, faces.height)
        if pose is None:
            return
        eyes = eye_measures(face.landmarks)
        self._visible.append(
            (frame.t, pose.yaw, pose.pitch, pose.roll, eyes.gaze_x, eyes.gaze_y, eyes.ear, pose.confidence)
        )

    def finish(self, facts: MediaFacts, audio: NDArray[np.float32]) -> EyeTracking:
        fps = facts.sample_fps or 15.0
        step = 1.0 / fps
        times = np.asarray(self._times, dtype=np.float64)
        counts = median_smooth(np.asarray(self._counts, dtype=np.int_), _odd(PRESENCE_SMOOTH_S * fps))
        min_len = self._cfg.presence_min_interval_s
        presence = {
            "face_presence_ratio": _r(np.mean(counts == 1)) if counts.size else 0.0,
            "face_visible_ratio": _r(np.mean(counts >= 1)) if counts.size else 0.0,
            "no_face_intervals": flag_intervals(times, counts == 0, step, min_len),
            "multiple_face_intervals": flag_intervals(times, counts >= 2, step, min_len),
            "max_faces": int(counts.max()) if counts.size else 0,
        }
        trusted = [row for row in self._visible if row[7] >= MIN_POSE_CONFIDENCE]
        if len(trusted) < max(3, fps):  # under a second of face: nothing honest to say
            return EyeTracking(
                status=Status.NOT_MEASURABLE,
                code=SectionCode.NO_FACE,
                message=EYE_NO_FACE_KO,
                attention_score=None,
                gaze_stability=None,
                blink_frequency=None,
                **presence,
            )
        figures = self._measure(facts, fps, presence, times, counts, np.asarray(trusted, dtype=np.float64))
        return EyeTracking(status=Status.MEASURED, **presence, **figures)

    def _measure(
        self,
        facts: MediaFacts,
        fps: float,
        presence: dict[str, Any],
        times: NDArray[np.float64],
        counts: NDArray[np.int_],
        v: NDArray[np.float64],
    ) -> dict[str, Any]:
        cfg = self._cfg
        step = 1.0 / fps
        t, yaw, pitch, roll, gx, gy, ear, confidence = (v[:, i] for i in range(8))
        yaw, pitch, roll = one_euro(t, v[:, 1:4], POSE_MAX_GAP_S).T
        base_yaw = float(np.clip(np.median(yaw), -BASELINE_CLAMP_DEG, BASELINE_CLAMP_DEG))
        base_pitch = float(np.clip(np.median(pitch), -BASELINE_CLAMP_DEG, BASELINE_CLAMP_DEG))
        window = _odd(GAZE_SMOOTH_S * fps)
        horizontal = median_smooth(yaw - base_yaw + (gx - np.median(gx)) * EYE_YAW_RANGE_DEG, window)
        vertical = median_smooth(pitch - base_pitch + (gy - np.median(gy)) * EYE_PITCH_RANGE_DEG, window)
        on_screen = (np.abs(horizontal) <= cfg.on_screen_max_deg) & (np.abs(vertical) <= cfg.on_screen_max_deg)
        spread = float(
            np.sqrt(np.mean((horizontal - np.median(horizontal)) ** 2 + (vertical - np.median(vertical)) ** 2))
        )
        stability = gaze_stability(spread, cfg.gaze_spread_full_deg)
        on_ratio = float(np.mean(on_screen))
        blinks = detect_blinks(t, ear, fps)
        visible_minutes = len(t) * step / 60.0
        blink_frequency = len(blinks.blink_times) / visible_minutes
        score, breakdown = attention(
            {
                "on_screen_ratio": on_ratio,
                "face_presence_ratio": presence["face_presence_ratio"],
                "gaze_stability": stability,
            }
        )
        breakdown["thresholds"] = {
            "on_screen_max_deg": cfg.on_screen_max_deg,
            "gaze_spread_full_deg": cfg.gaze_spread_full_deg,
            "off_screen_min_s": cfg.off_screen_min_s,
        }
        breakdown["gaze_spread_deg"] = _r(spread, 2)
        breakdown["baseline"] = {"yaw_deg": _r(base_yaw, 2), "pitch_deg": _r(base_pitch, 2)}
        return {
            "attention_score": score,
            "attention_band": band(score),
            "gaze_stability": _r(stability),
            "blink_frequency": _r(blink_frequency, 2),
            "blink_count": len(blinks.blink_times),
            "blink_times": blinks.blink_times,
            "long_eye_closures": len(blinks.long_closures),
            "long_eye_closure_intervals": blinks.long_closures,
            "on_screen_ratio": _r(on_ratio),
            "off_screen_episodes": flag_intervals(t, ~on_screen, step, cfg.off_screen_min_s),
            "head_pose": HeadPose(
                yaw_mean_deg=_r(np.mean(yaw), 2),
                pitch_mean_deg=_r(np.mean(pitch), 2),
                roll_mean_deg=_r(np.mean(roll), 2),
                yaw_std_deg=_r(np.std(yaw), 2),
                pitch_std_deg=_r(np.std(pitch), 2),
                roll_std_deg=_r(np.std(roll), 2),
                convention="yaw>0: 화면 오른쪽으로 돌림, pitch>0: 위로, roll>0: 시계 방향 기울임 (영상 좌표)",
                method="rigid fit of the face mesh to MediaPipe's canonical face, One-Euro smoothed",
                confidence_median=_r(np.median(confidence)),
                frames_left_out=len(self._visible) - len(v),
            ),
            "gaze": GazeMeans(horizontal_mean=_r(np.mean(gx)), vertical_mean=_r(np.mean(gy))),
            "head_movement": _head_movement(t, yaw, pitch, roll, window, step),
            "score_breakdown": breakdown,
            "timeline": _timeline(times, counts, t, yaw, pitch, gx, gy, on_screen, blinks.openness, facts.duration_s),
        }


def _head_movement(
    t: NDArray[np.float64],
    yaw: NDArray[np.float64],
    pitch: NDArray[np.float64],
    roll: NDArray[np.float64],
    window: int,
    step: float,
) -> HeadMovement:
    """Mean angular speed of the smoothed head angles, skipping jumps across face gaps."""
    angles = np.stack([median_smooth(a, window) for a in (yaw, pitch, roll)], axis=1)
    dt = np.diff(t)
    ok = dt <= 2.5 * step
    speed = np.linalg.norm(np.diff(angles, axis=0), axis=1)[ok] / dt[ok] if ok.any() else np.zeros(1)
    mean_speed = float(np.mean(speed))
    level = "low" if mean_speed < 10 else "moderate" if mean_speed < 25 else "high"
    return HeadMovement(
        mean_speed_deg_s=_r(mean_speed, 2), p90_speed_deg_s=_r(np.percentile(speed, 90), 2), level=level
    )


def _timeline(
    times: NDArray[np.float64],
    counts: NDArray[np.int_],
    t: NDArray[np.float64],
    yaw: NDArray[np.float64],
    pitch: NDArray[np.float64],
    gx: NDArray[np.float64],
    gy: NDArray[np.float64],
    on_screen: NDArray[np.bool_],
    openness: NDArray[np.float64],
    duration_s: float,
) -> list[EyeSecond]:
    """One row per second; angle fields are null in a second with no face."""
    rows: list[EyeSecond] = []
    seconds = max(1, math.ceil(duration_s - 0.01))  # 30.0003 s of video is 30 rows, not 31
    all_sec = times.astype(np.int64)
    vis_sec = t.astype(np.int64)
    for second in range(seconds):
        in_all = all_sec == second
        sel = vis_sec == second
        row: dict[str, Any] = {
            "t": second,
            "face_count": int(np.round(np.median(counts[in_all]))) if in_all.any() else 0,
        }
        if sel.any():
            row.update(
                yaw=_r(np.mean(yaw[sel]), 1),
                pitch=_r(np.mean(pitch[sel]), 1),
                gaze_x=_r(np.mean(gx[sel])),
                gaze_y=_r(np.mean(gy[sel])),
                on_screen=_r(np.mean(on_screen[sel]), 2),
                eye_openness=_r(np.mean(openness[sel]), 2),
            )
        else:
            row.update(yaw=None, pitch=None, gaze_x=None, gaze_y=None, on_screen=None, eye_openness=None)
        rows.append(EyeSecond(**row))
    return rows

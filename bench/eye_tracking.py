"""Speed of the landmark pass and the whole eye-tracking pass.

    .venv/bin/python bench/eye_tracking.py VIDEO [--sample-fps 15]

Prints decode, landmarks and eye analysis in ms per sampled frame, and the real-time
factor (video seconds / processing seconds) of decode + landmarks + eye tracking.
"""

from __future__ import annotations

import argparse
import logging
import resource
import time
from pathlib import Path

import numpy as np

from interview_analysis.analysis.eye.analyzer import EyeTrackingAnalyzer
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.config import Settings
from interview_analysis.media.decode import MediaReader


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("video", type=Path)
    parser.add_argument("--sample-fps", type=float, default=15.0)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    settings = Settings()
    with FaceLandmarker() as warm:
        warm.detect(np.zeros((480, 640, 3), dtype=np.uint8))
    analyzer = EyeTrackingAnalyzer(settings)
    decode_s = landmarks_s = eye_s = 0.0
    started = time.perf_counter()
    with (
        MediaReader(args.video, sample_fps=args.sample_fps, max_duration_s=7200) as reader,
        FaceLandmarker() as landmarker,
    ):
        frames = reader.frames()
        mark = time.perf_counter()
        for frame in frames:
            now = time.perf_counter()
            decode_s += now - mark
            faces = landmarker.detect(frame.image, frame.t)
            after_landmarks = time.perf_counter()
            landmarks_s += after_landmarks - now
            analyzer.consume(frame, faces)
            mark = time.perf_counter()
            eye_s += mark - after_landmarks
        decode_s += time.perf_counter() - mark
        facts = reader.facts
        audio = reader.audio()
    finish_started = time.perf_counter()
    result = analyzer.finish(facts, audio)
    eye_s += time.perf_counter() - finish_started
    total = time.perf_counter() - started
    n = facts.frames_sampled
    print(
        f"{args.video.name}: {facts.duration_s:.1f} s, {facts.frames_read} frames, {n} sampled at {args.sample_fps} fps"
    )
    print(f"decode (all frames, RGB for sampled)  {1000 * decode_s / n:6.2f} ms per sampled frame")
    print(f"landmarks (face mesh + iris)          {1000 * landmarks_s / n:6.2f} ms per sampled frame")
    print(f"eye tracking (pose, gaze, blinks)     {1000 * eye_s / n:6.2f} ms per sampled frame")
    print(f"total {total:.2f} s, real-time factor {facts.duration_s / total:.1f}x")
    print(
        f"blinks {result.blink_count}, attention {result.attention_score}, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()

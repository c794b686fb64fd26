"""Blink and head-pose accuracy on real faces, the current eye pass against an earlier revision's, in one run.

    .venv/bin/python -P bench/eye_accuracy.py --clip talk.webm --stills DIR [--baseline-rev REV]

- ``--clip``: a clip built by make_media.sh from the carphone loop; its blinks are the hand labels in
  ``tests/fixtures/carphone_blinks.json``. Prints precision and recall of blink onsets within ±0.15 s
  and the long closures, for both detectors.
- ``--stills``: a folder of ``*.webm`` photos held still (the true movement is zero), each with a
  ``*_mirrored.webm``; prints each axis's spread (max - min) and, for the pairs, yaw + mirrored yaw.
- The baseline's ``head_pose.py`` and ``blinks.py`` are read from git at ``--baseline-rev`` (the last
  commit before the rigid fit), so both run on the very same landmarks; per-frame pose times too.

Research data is read from the paths given here, never committed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.eye import blinks, head_pose
from interview_analysis.analysis.eye.analyzer import POSE_MAX_GAP_S
from interview_analysis.analysis.eye.geometry import eye_measures
from interview_analysis.analysis.eye.smoothing import one_euro
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.media.decode import MediaReader

REPO = Path(__file__).resolve().parents[1]
SAMPLE_FPS = 15.0
TOLERANCE_S = 0.15


def _baseline(rev: str, module: str, folder: Path) -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{rev}:src/interview_analysis/analysis/eye/{module}.py"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = folder / f"baseline_{module}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = loaded  # dataclasses look their module up while the class is built
    spec.loader.exec_module(loaded)
    return loaded


def _track(video: Path) -> tuple[NDArray[np.float64], list[NDArray[np.float32]], int, int]:
    times, points = [], []
    with MediaReader(video, sample_fps=SAMPLE_FPS, max_duration_s=7200) as reader, FaceLandmarker() as landmarker:
        for frame in reader.frames():
            faces = landmarker.detect(frame.image, frame.t)
            if faces.primary is not None:
                times.append(frame.t)
                points.append(faces.primary.landmarks)
                width, height = faces.width, faces.height
    return np.asarray(times), points, width, height


def _poses(old: ModuleType, track: tuple[NDArray[np.float64], list[NDArray[np.float32]], int, int]) -> dict[str, Any]:
    times, points, width, height = track
    started = time.perf_counter()
    new = np.array([[(p := head_pose.head_pose(x, width, height)).yaw, p.pitch, p.roll] for x in points])  # type: ignore[union-attr]
    new = one_euro(times, new, POSE_MAX_GAP_S)
    new_ms = (time.perf_counter() - started) * 1000 / len(points)
    started = time.perf_counter()
    before = np.array([[(p := old.head_pose(x, width, height)).yaw, p.pitch, p.roll] for x in points])
    old_ms = (time.perf_counter() - started) * 1000 / len(points)
    return {"new": new, "old": before, "new_ms": new_ms, "old_ms": old_ms}


def _labelled(duration_s: float) -> list[float]:
    labels = json.loads((REPO / "tests" / "fixtures" / "carphone_blinks.json").read_text())
    frames = int(labels["frames"])
    once = [b["closed_from"] / 30 for b in labels["blinks"]] + [
        (2 * frames - 1 - b["closed_to"]) / 30 for b in labels["blinks"]
    ]
    period = 2 * frames / 30
    return sorted(
        t + k * period for k in range(int(duration_s / period) + 1) for t in once if t + k * period < duration_s
    )


def _precision_recall(found: list[float], truth: list[float]) -> tuple[float, float]:
    left, hits = list(found), 0
    for t in truth:
        match = min(left, key=lambda f: abs(f - t), default=None)
        if match is not None and abs(match - t) <= TOLERANCE_S:
            hits += 1
            left.remove(match)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clip", type=Path, required=True)
    parser.add_argument("--stills", type=Path)
    parser.add_argument("--baseline-rev", default="3e92d43")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        old_pose, old_blinks = (
            _baseline(args.baseline_rev, "head_pose", Path(tmp)),
            _baseline(args.baseline_rev, "blinks", Path(tmp)),
        )
        track = _track(args.clip)
        times, points = track[0], track[1]
        ear = np.array([eye_measures(p).ear for p in points])
        truth = _labelled(float(times[-1]) + 1 / SAMPLE_FPS)
        print(f"{args.clip.name}: {len(truth)} labelled blinks, {len(times)} face frames")
        for name, module in (("baseline", old_blinks), ("current", blinks)):
            result = module.detect_blinks(times, ear, SAMPLE_FPS)
            precision, recall = _precision_recall(result.blink_times, truth)
            print(
                f"  blinks {name:8s} found {len(result.blink_times):3d}  precision {precision:.3f}"
                f"  recall {recall:.3f}  long closures {result.long_closures}"
            )
        poses = _poses(old_pose, track)
        print(f"  pose per frame: baseline {poses['old_ms']:.3f} ms, current {poses['new_ms']:.3f} ms (fit and filter)")
        if args.stills is None:
            return
        print(
            f"stills in {args.stills}: spread (max - min) of yaw, pitch, roll in degrees; mirror = yaw + mirrored yaw"
        )
        for video in sorted(args.stills.glob("*.webm")):
            if video.stem.endswith("_mirrored"):
                continue
            still = _poses(old_pose, _track(video))
            mirror = _poses(old_pose, _track(video.with_name(f"{video.stem}_mirrored.webm")))
            for name in ("old", "new"):
                spread = np.ptp(still[name], axis=0)
                mirror_sum = still[name][:, 0].mean() + mirror[name][:, 0].mean()
                print(f"  {video.stem:28s} {name}: spread {spread.round(2)}  mirror {mirror_sum:+.2f}")


if __name__ == "__main__":
    main()

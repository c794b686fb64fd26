"""The peer for bench/pipeline.py: the ``fer`` package's own video analysis, in a virtual environment of its own.

    .venv/bin/python bench/peer_fer.py FILE          # sets the venv up (once), then runs and prints JSON

``fer==25.10.3`` is installed with ``--no-deps`` plus its declared requirements, with
``tensorflow-cpu`` standing in for ``tensorflow``; ``facenet-pytorch`` goes in with ``--no-deps``
too, since fer imports it (and torch) only for ``FER(mtcnn=True)``, which this run does not use.
The venv lives under ``.cache/peer/venv`` and is reused; setting it up is time-boxed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEER_DIR = REPO / ".cache" / "peer"
VENV = PEER_DIR / "venv"
PYTHON = VENV / "bin" / "python"
FER = "fer==25.10.3"
# fer's Requires-Dist (METADATA of the 25.10.3 wheel), tensorflow as its CPU-only build.
REQUIREMENTS = (
    "tensorflow-cpu>=2.0.0",
    "matplotlib",
    "opencv-contrib-python",
    "pandas",
    "requests",
    "tqdm>=4.62.1",
    "moviepy>=1.0.3,<2.0",
    "ffmpeg-python>=0.2.0",
    "Pillow",
    "setuptools<81",  # fer imports pkg_resources
)
NO_DEPS = (FER, "facenet-pytorch")
SETUP_LIMIT_S = 30 * 60

# Runs inside the peer venv: the package's documented video path, with its defaults (Haar faces, every frame).
PEER_SCRIPT = """
import json, resource, sys, time
import cv2
t0 = time.perf_counter(); c0 = time.process_time()
from fer.fer import FER  # 25.10.3's package __init__ exports nothing
from fer.classes import Video
detector = FER()
loaded_wall, loaded_cpu = time.perf_counter() - t0, time.process_time() - c0
video = Video(sys.argv[1], outdir=sys.argv[2])
t1 = time.perf_counter(); c1 = time.process_time()
data = video.analyze(
    detector, display=False, save_frames=False, save_video=False, annotate_frames=False, zip_images=False
)
wall, cpu = time.perf_counter() - t1, time.process_time() - c1
capture = cv2.VideoCapture(sys.argv[1])
frames = 0
while capture.grab():
    frames += 1
with_face = sum(1 for frame in data if frame)
print(json.dumps({
    "load_wall_s": loaded_wall, "load_cpu_s": loaded_cpu, "wall_s": wall, "cpu_s": cpu,
    "frames": frames, "results": len(data), "frames_with_face": with_face,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def ensure_venv() -> str | None:
    """None when the peer venv is ready, else why it could not be set up."""
    marker = PEER_DIR / "ready"
    if marker.is_file() and PYTHON.is_file():
        return None
    PEER_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    log = (PEER_DIR / "setup.log").open("a")
    steps = [
        [sys.executable, "-m", "venv", str(VENV)],
        [str(PYTHON), "-m", "pip", "install", "-q", *REQUIREMENTS],
        [str(PYTHON), "-m", "pip", "install", "-q", "--no-deps", *NO_DEPS],
    ]
    for step in steps:
        remaining = SETUP_LIMIT_S - (time.monotonic() - started)
        if remaining <= 0:
            return f"setting up the peer venv took over {SETUP_LIMIT_S // 60} minutes"
        try:
            subprocess.run(step, check=True, stdout=log, stderr=log, timeout=remaining)
        except subprocess.TimeoutExpired:
            return f"setting up the peer venv took over {SETUP_LIMIT_S // 60} minutes (at: {' '.join(step[:4])})"
        except subprocess.CalledProcessError as exc:
            tail = (PEER_DIR / "setup.log").read_text(errors="replace")[-600:]
            return f"{' '.join(step[:5])} failed ({exc.returncode}): {tail}"
    marker.write_text("ok\n")
    return None


def run_peer(video: Path, timeout_s: float = SETUP_LIMIT_S) -> dict[str, float] | str:
    """The peer's figures, or why there are none."""
    why = ensure_venv()
    if why is not None:
        return why
    out = PEER_DIR / "out"
    out.mkdir(exist_ok=True)
    try:
        done = subprocess.run(
            [str(PYTHON), "-c", PEER_SCRIPT, str(video), str(out)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            cwd=out,  # Video.analyze writes data.csv into the working directory
            env={"TF_CPP_MIN_LOG_LEVEL": "2", "PATH": "/usr/bin:/bin", "HOME": str(PEER_DIR)},
        )
    except subprocess.TimeoutExpired:
        return f"fer's analysis ran over {timeout_s:.0f} s"
    if done.returncode != 0:
        return f"fer's analysis failed ({done.returncode}): {done.stderr[-600:]}"
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


if __name__ == "__main__":
    print(json.dumps(run_peer(Path(sys.argv[1]))))

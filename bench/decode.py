"""Decode speed of the service's path (MediaReader) beside plain ``ffmpeg -f null``.

    .venv/bin/python bench/decode.py FILE

Each measurement runs in its own child process so its peak RSS is its own.
frames/s counts every decoded video frame (the sampled ones are a subset);
ffmpeg's figure uses the same frame count, since it decodes the same stream.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# Above any real frame rate, so the sampler keeps (and converts to RGB) every frame.
EVERY_FRAME_FPS = 1000.0


def run_reader(path: Path, sample_fps: float) -> dict[str, Any]:
    """Child side: decode the file once the way a job does and report figures as JSON."""
    import resource

    from interview_analysis.media.decode import MediaReader

    start = time.perf_counter()
    with MediaReader(path, sample_fps=sample_fps, max_duration_s=float("inf")) as reader:
        for _ in reader.frames():
            pass
        audio = reader.audio()
        facts = reader.facts
    seconds = time.perf_counter() - start
    return {
        "frames": facts.frames_read,
        "sampled": facts.frames_sampled,
        "seconds": seconds,
        "video_s": facts.duration_s,
        "audio_samples": int(audio.size),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_reader(path: Path, sample_fps: float) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(sample_fps), str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def measure_ffmpeg(path: Path) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.Popen(["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"])
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"ffmpeg failed with {proc.returncode}")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024}


def row(name: str, frames: int, seconds: float, rss_mb: float) -> str:
    return f"{name:<34} {frames:>7} {seconds:>8.2f} {frames / seconds:>9.1f} {rss_mb:>9.1f}"


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "--child":
        sys.stdout.write(json.dumps(run_reader(Path(argv[3]), float(argv[2]))) + "\n")
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    path = Path(argv[1])
    from interview_analysis.config import MediaSettings

    default_fps = MediaSettings().sample_fps
    sampled = measure_reader(path, default_fps)
    every = measure_reader(path, EVERY_FRAME_FPS)
    ffmpeg = measure_ffmpeg(path)

    frames = sampled["frames"]
    lines = [
        f"file: {path} ({path.stat().st_size / 1e6:.1f} MB, {sampled['video_s']:.1f} s of video, "
        f"{frames} frames, {os.cpu_count()} CPUs)",
        f"{'path':<34} {'frames':>7} {'seconds':>8} {'frames/s':>9} {'peak MB':>9}",
        row(
            f"MediaReader @ {default_fps:g} fps ({sampled['sampled']} RGB)",
            frames,
            sampled["seconds"],
            sampled["peak_rss_mb"],
        ),
        row(
            f"MediaReader every frame ({every['sampled']} RGB)", every["frames"], every["seconds"], every["peak_rss_mb"]
        ),
        row("ffmpeg -f null (video+audio)", frames, ffmpeg["seconds"], ffmpeg["peak_rss_mb"]),
        f"realtime factor @ {default_fps:g} fps: {sampled['video_s'] / sampled['seconds']:.1f}x",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Speed of the voice pass on one file's audio track, step by step.

    .venv/bin/python bench/voice.py FILE [REPEATS]

FILE is decoded once with MediaReader, as a job does (decode time is shown but not
counted). The first run includes loading and warming up the VAD model, as the first
job of a worker process does; the warm figures are the median of REPEATS further runs
(default 3). Real-time factor = audio seconds / processing seconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__ or "")
        return 2
    path = Path(argv[1])
    repeats = int(argv[2]) if len(argv) == 3 else 3

    from interview_analysis.analysis.voice.analyzer import VoiceAnalyzer
    from interview_analysis.config import Settings
    from interview_analysis.media.decode import AUDIO_RATE, MediaReader

    start = time.perf_counter()
    with MediaReader(path, sample_fps=Settings().media.sample_fps, max_duration_s=float("inf")) as reader:
        for _ in reader.frames():
            pass
        audio = reader.audio()
    decode_s = time.perf_counter() - start
    audio_s = audio.size / AUDIO_RATE
    if audio_s == 0:
        sys.stdout.write(f"file: {path} has no audio track\n")
        return 1

    analyzer = VoiceAnalyzer(Settings())
    start = time.perf_counter()
    cold = analyzer.analyze(audio)
    cold_s = time.perf_counter() - start
    warm_s: list[float] = []
    steps: dict[str, list[float]] = {}
    for _ in range(repeats):
        start = time.perf_counter()
        report = analyzer.analyze(audio)
        warm_s.append(time.perf_counter() - start)
        for step, ms in report.timings_ms.items():
            steps.setdefault(step, []).append(ms)
    warm = statistics.median(warm_s)

    lines = [
        f"file: {path} ({audio_s:.1f} s of audio, status {cold.result['status']}, {os.cpu_count()} CPUs)",
        f"decode (not counted): {decode_s * 1000:.0f} ms",
        f"cold run (model load + warm-up included): {cold_s * 1000:.0f} ms, real-time factor {audio_s / cold_s:.0f}x",
        f"warm run (median of {repeats}): {warm * 1000:.0f} ms, real-time factor {audio_s / warm:.0f}x",
        f"{'step':<12} {'cold ms':>9} {'warm ms':>9} {'ms per audio min':>17}",
    ]
    for step, values in steps.items():
        median = statistics.median(values)
        cold_ms = cold.timings_ms.get(step, 0.0)
        lines.append(f"{step:<12} {cold_ms:>9.1f} {median:>9.1f} {median / (audio_s / 60):>17.1f}")
    other = warm * 1000 - sum(statistics.median(v) for v in steps.values())
    lines.append(f"{'rest':<12} {'':>9} {other:>9.1f} {other / (audio_s / 60):>17.1f}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

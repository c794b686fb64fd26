"""Speed and memory of speech recognition, per backend, on the test clips.

    .venv/bin/python bench/transcript.py [FILE ...] [--repeats N] [--backends local,openai] [--openai-url URL]

FILE defaults to tests/data/test_ko.wav (human Korean speech, 3.9 s); a video is decoded
with MediaReader first, as a job does (decode not counted). ``local`` runs faster-whisper
with Whisper base in this process; ``openai`` posts to ``--openai-url``, or, without one,
starts faster-whisper-server from the tests' virtualenv under .cache/asr-server/ (run
``pytest tests/analysis/test_transcript_backends.py`` once to build it) with the same model.
Cold = the first call (model load and warm-up for local, the server's lazy model load for
openai); warm = median of N further calls. Real-time factor = audio seconds / processing
seconds (above 1 is faster than real time). Peak RSS is the process's high-water mark
(VmHWM): this process for local, the server process for openai.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = REPO / "tests" / "data" / "test_ko.wav"


def load_audio(path: Path) -> NDArray[np.float32]:
    if path.suffix == ".wav":
        with wave.open(str(path)) as clip:
            pcm = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
        return (pcm.astype(np.float32) / 32768.0).astype(np.float32)
    from interview_analysis.media.decode import MediaReader

    with MediaReader(path, sample_fps=1.0, max_duration_s=float("inf")) as reader:
        for _ in reader.frames():
            pass
        return reader.audio()


def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    sys.path.insert(0, str(REPO))
    from tests.fixtures.asr_server import _CONFIG, MODEL_DIR, _wait_healthy, server_venv
    from tests.fixtures.servers import free_port

    config = Path(tempfile.mkdtemp(prefix="asr-bench-")) / "config.yaml"
    config.write_text(_CONFIG.format(model=MODEL_DIR), encoding="utf-8")
    port = free_port()
    binary = server_venv() / "bin" / "faster-whisper-server"
    process = subprocess.Popen(
        [str(binary), "--config", str(config), "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_healthy(f"http://127.0.0.1:{port}/health", process, timeout_s=60)
    return process, f"http://127.0.0.1:{port}/v1"


def run_backend(name: str, clips: dict[Path, NDArray[np.float32]], repeats: int, url: str | None) -> list[str]:
    from interview_analysis.analysis.transcript.backends import load_transcriber
    from interview_analysis.config import TranscriptSettings

    extra: dict[str, Any] = {"asr_base_url": url, "asr_timeout_s": 600} if name == "openai" else {}
    settings = TranscriptSettings(asr_backend=name, **extra)
    lines: list[str] = []
    started = time.perf_counter()
    transcriber = load_transcriber(settings, REPO / "models")
    assert transcriber is not None
    load_s = time.perf_counter() - started
    lines.append(f"[{name}] load + warm-up: {load_s:.2f} s")
    for path, audio in clips.items():
        seconds = audio.size / 16000
        started = time.perf_counter()
        transcriber.transcribe(audio, seconds)
        cold = time.perf_counter() - started
        warm: list[float] = []
        for _ in range(repeats):
            started = time.perf_counter()
            transcriber.transcribe(audio, seconds)
            warm.append(time.perf_counter() - started)
        median = statistics.median(warm)
        lines.append(
            f"[{name}] {path.name} ({seconds:.1f} s): cold {cold:.2f} s ({seconds / cold:.2f}x), "
            f"warm median of {repeats} {median:.2f} s, real-time factor {seconds / median:.2f}x"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT_CLIP])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backends", default="local,openai")
    parser.add_argument("--openai-url")
    args = parser.parse_args()
    # This folder has a queue.py (bench/queue.py) that would shadow the standard library's queue,
    # which ctranslate2 imports: drop the script's folder from the import path.
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    clips = {path: load_audio(path) for path in args.files}
    out = [f"{os.cpu_count()} CPUs; clips: {', '.join(p.name for p in clips)}"]
    for name in args.backends.split(","):
        if name == "local":
            out += run_backend("local", clips, args.repeats, None)
            out.append(f"[local] peak RSS of this process: {peak_rss_mb():.0f} MB")
        elif name == "openai":
            server = None
            url = args.openai_url
            if url is None:
                server, url = start_server()
            try:
                out += run_backend("openai", clips, args.repeats, url)
                if server is not None:
                    out.append(f"[openai] peak RSS of faster-whisper-server: {peak_rss_mb(server.pid):.0f} MB")
            finally:
                if server is not None:
                    server.terminate()
                    server.wait(timeout=20)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

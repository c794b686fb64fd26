"""Speed and memory of speech recognition, per backend, on the test clips; accuracy on real speech.

    .venv/bin/python -P bench/transcript.py [FILE ...] [--repeats N] [--backends local,openai] [--openai-url URL]
    .venv/bin/python -P bench/transcript.py --kspon DIR [--options "old default,hotwords (default)"]
    .venv/bin/python -P bench/transcript.py --gate FILE ...

``--kspon DIR``: CER and hesitation sounds kept on real spontaneous Korean (the KsponSpeech sample's
``.pcm``/``.txt`` pairs in DIR; research data, never committed: see bench/asr_accuracy.py), per
option, side by side, through the service's own transcript pass; with the quality gate's verdict
and the spread of its figures. ``--gate``: the gate's figures and verdict for each FILE.

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
import importlib.util
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


def _load_accuracy() -> Any:
    """bench/asr_accuracy.py, loaded by path: this folder is kept off the import path (see ``main``)."""
    spec = importlib.util.spec_from_file_location("asr_accuracy", Path(__file__).with_name("asr_accuracy.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["asr_accuracy"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


accuracy = _load_accuracy()
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


def gate_lines(clips: dict[Path, NDArray[np.float32]]) -> list[str]:
    from interview_analysis.analysis.transcript import TranscriptAnalyzer
    from interview_analysis.config import ModelSettings, Settings, TranscriptSettings

    settings = Settings(models=ModelSettings(models_dir=REPO / "models"), transcript=TranscriptSettings())
    analyzer = TranscriptAnalyzer(settings)
    lines = []
    for path, audio in clips.items():
        section = analyzer.analyse_audio(audio)
        quality = section.quality.model_dump(exclude={"message"}) if section.quality else None
        lines.append(f"{path.name}: {section.text[:40]!r} {quality}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT_CLIP])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--backends", default="local,openai")
    parser.add_argument("--openai-url")
    parser.add_argument("--kspon", type=Path)
    parser.add_argument("--options", default=",".join(accuracy.OPTIONS))
    parser.add_argument("--gate", action="store_true")
    args = parser.parse_args()
    # This folder has a queue.py (bench/queue.py) that would shadow the standard library's queue,
    # which ctranslate2 imports: drop the script's folder from the import path.
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    if args.kspon is not None:
        utterances = accuracy.load_kspon(args.kspon)
        seconds = sum(u.audio.size for u in utterances) / 16000
        out = [f"{os.cpu_count()} CPUs; {len(utterances)} utterances, {seconds:.0f} s, from {args.kspon}"]
        out += accuracy.measure(
            utterances, args.options.split(","), REPO / "models", REPO / "models" / "silero_vad.onnx"
        )
        sys.stdout.write("\n".join(out) + "\n")
        return 0
    clips = {path: load_audio(path) for path in args.files}
    if args.gate:
        sys.stdout.write("\n".join(gate_lines(clips)) + "\n")
        return 0
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

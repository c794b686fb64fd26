"""Voice activity from Silero VAD (MIT) on ONNX Runtime, without torch.

The model ships as ``silero_vad/data/silero_vad.onnx`` inside the silero-vad wheel;
``scripts/fetch_models.py`` copies it into MODELS_DIR, because the package itself
depends on torch. The network is recurrent: each call takes one 512-sample window
(32 ms at 16 kHz) preceded by the last 64 samples of the previous window, plus the
state the previous call returned, so windows are fed strictly in order.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import onnxruntime as ort
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.base import ModelUnavailable
from interview_analysis.analysis.voice.spans import Span

log = structlog.get_logger(__name__)

SAMPLE_RATE = 16_000
WINDOW = 512  # samples per call; the only size the 16 kHz model accepts
CONTEXT = 64  # trailing samples of the previous window the model expects in front of each new one
WINDOW_S = WINDOW / SAMPLE_RATE
_STATE_SHAPE = (2, 1, 128)

# Upstream's defaults for turning probabilities into segments (silero_vad.utils_vad.get_speech_timestamps).
EXIT_MARGIN = 0.15  # a segment ends only once the probability drops this far below the threshold
MIN_SPEECH_S = 0.25
MIN_SILENCE_S = 0.10
SPEECH_PAD_S = 0.03


class SileroVad:
    """One ONNX Runtime session; ``probabilities`` keeps its recurrent state local, so calls never mix."""

    def __init__(self, model_path: Path) -> None:
        if not model_path.is_file():
            raise FileNotFoundError(f"{model_path} is missing; run scripts/fetch_models.py to install it")
        options = ort.SessionOptions()
        # One thread: a 32 ms window is too small to split, and jobs already run in parallel processes.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
        self._sr = np.array(SAMPLE_RATE, dtype=np.int64)
        # The first run allocates and plans the graph; pay for it here, not inside the first job.
        self.probabilities(np.zeros(4 * WINDOW, dtype=np.float32))

    def probabilities(self, audio: NDArray[np.float32]) -> NDArray[np.float32]:
        """Speech probability of each 32 ms window of 16 kHz mono audio (the last one zero-padded)."""
        count = -(-audio.size // WINDOW)
        # Leading zeros are the first window's context, exactly as upstream's wrapper starts. Each input is
        # filled in one small buffer rather than cut from a padded copy of the track: a 10-minute track is
        # 38 MB, and this runs beside the video pass, whose memory peak it would add to.
        chunk = np.zeros((1, CONTEXT + WINDOW), dtype=np.float32)
        state = np.zeros(_STATE_SHAPE, dtype=np.float32)
        probs = np.empty(count, dtype=np.float32)
        run = self._session.run
        for i in range(count):
            first = i * WINDOW - CONTEXT  # the chunk's first sample in the track; negative at the start
            lo, hi = max(first, 0), min(first + CONTEXT + WINDOW, audio.size)
            chunk.fill(0.0)
            chunk[0, lo - first : hi - first] = audio[lo:hi]
            out, state = run(None, {"input": chunk, "state": state, "sr": self._sr})
            probs[i] = out[0, 0]
        return probs


@lru_cache(maxsize=4)
def load_vad(model_path: Path) -> SileroVad:
    """The process's one session per model file, built (and warmed up) on first use, never at import."""
    try:
        vad = SileroVad(model_path)
    except Exception as exc:  # ONNX Runtime raises its own types for a missing or malformed file
        raise ModelUnavailable(f"voice activity model {model_path}: {exc}") from exc
    log.info("analysis.voice.vad_loaded", model=str(model_path))
    return vad


def speech_spans(
    probs: NDArray[np.float32], threshold: float, duration_s: float, min_speech_s: float = MIN_SPEECH_S
) -> list[Span]:
    """Hysteresis over window probabilities, as upstream's ``get_speech_timestamps`` does."""
    exit_below = max(threshold - EXIT_MARGIN, 0.01)
    raw: list[tuple[int, int]] = []
    start: int | None = None
    quiet_from: int | None = None
    for i, p in enumerate(probs.tolist()):
        if p >= threshold:
            quiet_from = None
            if start is None:
                start = i
        elif start is not None and p < exit_below:
            if quiet_from is None:
                quiet_from = i
            if (i - quiet_from) * WINDOW_S >= MIN_SILENCE_S:
                raw.append((start, quiet_from))
                start = quiet_from = None
    if start is not None:
        raw.append((start, probs.size))
    spans = [
        Span(max(0.0, a * WINDOW_S - SPEECH_PAD_S), min(duration_s, b * WINDOW_S + SPEECH_PAD_S))
        for a, b in raw
        if (b - a) * WINDOW_S >= min_speech_s
    ]
    # Padding can make neighbours touch; join them so spans never overlap.
    joined: list[Span] = []
    for span in spans:
        if joined and span.start_s <= joined[-1].end_s:
            joined[-1] = Span(joined[-1].start_s, span.end_s)
        else:
            joined.append(span)
    return joined

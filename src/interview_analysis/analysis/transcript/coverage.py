"""What the recogniser left out: voiced time that no recognised word covers, which the quality gate reads.

A short uncovered stretch was also tried as a hesitation sound Whisper dropped; on real spontaneous
speech as many of them were breaths, laughs and word edges as hesitations (bench/transcript.py,
docs/transcript.md), so they are not counted as fillers.

Word times from Whisper's alignment are approximate (20 ms frames, and a word's edges drift into the
pauses around it), so each word is widened by ``WORD_SLACK_S`` before it is held against the voice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.transcript.types import Word
from interview_analysis.analysis.voice.spans import Span
from interview_analysis.analysis.voice.vad import WINDOW_S

VOICE_THRESHOLD = 0.5  # Silero's own default, as the recogniser's speech chunks use it
WORD_SLACK_S = 0.1


@dataclass(frozen=True, slots=True)
class Voiced:
    """The voice-activity track as runs of voiced windows, without the minimum-length filter of the
    voice pass (a lone "어" is a fifth of a second)."""

    runs: tuple[Span, ...]

    @property
    def seconds(self) -> float:
        return sum(r.duration_s for r in self.runs)


def voiced_runs(probs: NDArray[np.float32], threshold: float = VOICE_THRESHOLD) -> Voiced:
    voiced = np.concatenate(([False], probs >= threshold, [False]))
    edges = np.flatnonzero(np.diff(voiced.astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    return Voiced(tuple(Span(float(a) * WINDOW_S, float(b) * WINDOW_S) for a, b in zip(starts, ends, strict=True)))


def _subtract(run: Span, covers: Sequence[tuple[float, float]]) -> list[Span]:
    pieces: list[Span] = []
    at = run.start_s
    for start, end in covers:
        if end <= at or start >= run.end_s:
            continue
        if start > at:
            pieces.append(Span(at, start))
        at = max(at, end)
    if at < run.end_s:
        pieces.append(Span(at, run.end_s))
    return pieces


def uncovered(voiced: Voiced, words: Sequence[Word], slack_s: float = WORD_SLACK_S) -> list[Span]:
    """Voiced time outside every word (each widened by ``slack_s``), in time order."""
    covers = sorted((w.start - slack_s, w.end + slack_s) for w in words)
    return [piece for run in voiced.runs for piece in _subtract(run, covers)]


def coverage(voiced: Voiced, words: Sequence[Word]) -> float | None:
    """Share of voiced time inside recognised words; None when nothing was voiced."""
    total = voiced.seconds
    if total <= 0:
        return None
    missed = sum(p.duration_s for p in uncovered(voiced, words))
    return round(max(0.0, 1.0 - missed / total), 3)

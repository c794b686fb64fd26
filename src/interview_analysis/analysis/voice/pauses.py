"""Pauses inside the answer: the gaps between speech spans once short gaps are merged away.

Silence before the first word and after the last is not a pause: it is time to
start (reported on its own) and the end of the recording.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from interview_analysis.analysis.voice.spans import Span


@dataclass(frozen=True, slots=True)
class PauseStats:
    count: int
    mean_s: float
    longest_s: float
    silence_ratio: float  # paused share of the span from the first word to the last
    long_pauses: list[Span]
    time_to_first_word_s: float


def pause_stats(speech: Sequence[Span], long_pause_s: float) -> PauseStats:
    """``speech`` must already have gaps shorter than the minimum pause merged (``merge_gaps``)."""
    gaps = [Span(a.end_s, b.start_s) for a, b in itertools.pairwise(speech)]
    total = sum(g.duration_s for g in gaps)
    speaking = speech[-1].end_s - speech[0].start_s if speech else 0.0
    return PauseStats(
        count=len(gaps),
        mean_s=total / len(gaps) if gaps else 0.0,
        longest_s=max((g.duration_s for g in gaps), default=0.0),
        silence_ratio=total / speaking if speaking > 0 else 0.0,
        long_pauses=[g for g in gaps if g.duration_s > long_pause_s],
        time_to_first_word_s=speech[0].start_s if speech else 0.0,
    )

"""Backend-independent guards on what a recogniser returns.

Whisper (and servers running it) can fall into a loop and emit one word or phrase
hundreds of times, most often over noise or synthetic speech. faster-whisper's
compression-ratio threshold catches most loops inside the local backend; this
post-filter also covers HTTP servers whose settings we do not control: an n-gram
(1 to ``MAX_N`` words) said more than ``max_repeats`` times in a row keeps only its
first ``max_repeats`` copies. A person stuttering "제가 제가" stays intact. The same loop inside one
word ("오우우우우…", a syllable emitted hundreds of times without a space) is cut the same way, to
``max_repeats`` copies of the syllable.
"""

from __future__ import annotations

import re
from dataclasses import replace

from interview_analysis.analysis.transcript.types import Transcript

MAX_N = 4


def capped_indices(tokens: list[str], max_repeats: int) -> list[int]:
    """Indices of ``tokens`` to keep after cutting every run of an n-gram to ``max_repeats`` copies."""
    keep: list[int] = []
    i = 0
    while i < len(tokens):
        cut = False
        for n in range(1, MAX_N + 1):
            gram = tokens[i : i + n]
            if len(gram) < n:
                break
            copies = 1
            while tokens[i + copies * n : i + (copies + 1) * n] == gram:
                copies += 1
            if copies > max_repeats:
                keep.extend(range(i, i + max_repeats * n))
                i += copies * n
                cut = True
                break
        if not cut:
            keep.append(i)
            i += 1
    return keep


def cap_runs(text: str, max_repeats: int) -> str:
    """``text`` with every run of one character longer than ``max_repeats`` cut to ``max_repeats``."""
    return re.sub(rf"(\w)\1{{{max_repeats},}}", lambda m: m.group(1) * max_repeats, text)


def cap_repeats(transcript: Transcript, max_repeats: int) -> Transcript:
    """The same transcript with runaway repetitions cut, across segment boundaries (a loop often
    spans many short segments), in the segments and in the word list alike."""
    transcript = replace(
        transcript,
        text=cap_runs(transcript.text, max_repeats),
        segments=tuple(replace(s, text=cap_runs(s.text, max_repeats)) for s in transcript.segments),
        words=tuple(replace(w, word=cap_runs(w.word, max_repeats)) for w in transcript.words),
    )
    tokens = [(index, token) for index, seg in enumerate(transcript.segments) for token in seg.text.split()]
    kept = capped_indices([token for _, token in tokens], max_repeats)
    per_segment: dict[int, list[str]] = {}
    for i in kept:
        index, token = tokens[i]
        per_segment.setdefault(index, []).append(token)
    segments = tuple(
        replace(seg, text=" ".join(per_segment[index]))
        for index, seg in enumerate(transcript.segments)
        if index in per_segment
    )
    words_in = list(transcript.words)
    words = tuple(words_in[i] for i in capped_indices([w.word for w in words_in], max_repeats))
    if not transcript.segments:
        plain = transcript.text.split()
        return Transcript(
            " ".join(plain[i] for i in capped_indices(plain, max_repeats)),
            transcript.language,
            transcript.model,
            (),
            words,
        )
    return Transcript(" ".join(s.text for s in segments), transcript.language, transcript.model, segments, words)

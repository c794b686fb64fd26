"""The transcript as the report shows it: timed segments whose filler words are marked.

Reads ``transcript`` only when its status is ``completed``; any other state (absent, skipped,
failed) gives None and the report leaves the section out. A transcript the quality gate distrusts
shows its notice in place of the figures, and its words only folded away, marked as unreliable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_analysis.results import AnalysisResult, ContentAnalysis, FillerItem, SectionStatus, TranscriptWord

TIME_SLACK_S = 0.05


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    filler: bool
    start: float | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    tokens: list[Token]


@dataclass(frozen=True, slots=True)
class TranscriptView:
    segments: list[Segment]
    filler_count: int
    fillers_per_minute: float | None
    by_word: dict[str, int]
    notice: str | None = None  # the quality gate's message when it distrusts the words
    content: ContentAnalysis | None = None


def _is_filler(word: TranscriptWord, items: list[FillerItem]) -> bool:
    text = word.word.strip()
    for item in items:
        overlaps = item.start < word.end + TIME_SLACK_S and word.start < item.end + TIME_SLACK_S
        if overlaps and item.word.strip() in text:
            return True
    return False


def _split_text(text: str, fillers: list[str]) -> list[Token]:
    """Without word timings: mark the filler words by spelling, whole words only."""
    if not fillers:
        return [Token(text, False)]
    pattern = re.compile(
        r"(?<!\S)(" + "|".join(re.escape(f) for f in sorted(fillers, key=len, reverse=True)) + r")(?!\S)"
    )
    tokens: list[Token] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            tokens.append(Token(text[last : match.start()], False))
        tokens.append(Token(match.group(0), True))
        last = match.end()
    if last < len(text):
        tokens.append(Token(text[last:], False))
    return tokens


def transcript_view(result: AnalysisResult) -> TranscriptView | None:
    transcript = result.transcript
    if transcript is None or transcript.status != SectionStatus.COMPLETED:
        return None
    fillers = transcript.fillers
    by_word = dict(fillers.by_word)
    segments: list[Segment] = []
    for raw in transcript.segments:
        inside = [w for w in transcript.words if raw.start - TIME_SLACK_S <= w.start < raw.end]
        if inside:
            tokens = [Token(w.word.strip(), _is_filler(w, fillers.items), w.start) for w in inside]
        else:
            tokens = _split_text(raw.text.strip(), list(by_word))
        segments.append(Segment(raw.start, raw.end, tokens))
    if not segments and transcript.text:
        segments.append(Segment(0.0, 0.0, _split_text(transcript.text, list(by_word))))
    quality = transcript.quality
    return TranscriptView(
        segments=segments,
        filler_count=fillers.count,
        fillers_per_minute=fillers.per_minute,
        by_word=by_word,
        notice=quality.message if quality is not None and not quality.usable else None,
        content=transcript.content,
    )

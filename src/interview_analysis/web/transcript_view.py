"""The transcript as the report shows it: timed segments whose filler words are marked.

Reads ``transcript`` only when its status is ``completed``; any other state (absent, skipped,
failed) gives None and the report leaves the section out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _is_filler(word: dict[str, Any], items: list[dict[str, Any]]) -> bool:
    start, end = _num(word.get("start")), _num(word.get("end"))
    if start is None or end is None:
        return False
    text = str(word.get("word", "")).strip()
    for item in items:
        a, b = _num(item.get("start")), _num(item.get("end"))
        if a is None or b is None:
            continue
        overlaps = a < end + TIME_SLACK_S and start < b + TIME_SLACK_S
        if overlaps and str(item.get("word", "")).strip() in text:
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


def transcript_view(result: dict[str, Any]) -> TranscriptView | None:
    transcript = result.get("transcript")
    if not isinstance(transcript, dict) or transcript.get("status") != "completed":
        return None
    raw_fillers = transcript.get("fillers")
    fillers: dict[str, Any] = raw_fillers if isinstance(raw_fillers, dict) else {}
    items = [i for i in fillers.get("items") or [] if isinstance(i, dict)]
    by_word = {str(k): int(v) for k, v in (fillers.get("by_word") or {}).items() if isinstance(v, int | float)}
    words = [w for w in transcript.get("words") or [] if isinstance(w, dict) and _num(w.get("start")) is not None]
    segments: list[Segment] = []
    for raw in transcript.get("segments") or []:
        start, end = _num(raw.get("start")), _num(raw.get("end"))
        if start is None or end is None:
            continue
        inside = [w for w in words if start - TIME_SLACK_S <= (_num(w.get("start")) or 0.0) < end]
        if inside:
            tokens = [Token(str(w.get("word", "")).strip(), _is_filler(w, items), _num(w.get("start"))) for w in inside]
        else:
            tokens = _split_text(str(raw.get("text", "")).strip(), list(by_word))
        segments.append(Segment(start, end, tokens))
    if not segments and transcript.get("text"):
        segments.append(Segment(0.0, 0.0, _split_text(str(transcript["text"]), list(by_word))))
    count = fillers.get("count")
    return TranscriptView(
        segments=segments,
        filler_count=int(count) if isinstance(count, int | float) else sum(by_word.values()),
        fillers_per_minute=_num(fillers.get("per_minute")),
        by_word=by_word,
    )

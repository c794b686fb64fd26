"""Figures derived from a transcript: fillers, repetitions, pace in syllables, length, the longest sentence.

* ``speech_s``: the time covered by recognised segments, overlaps merged (Whisper's
  segments include short pauses inside a sentence but not the silences between them).
* ``syllables``: Hangul syllable blocks in the text (one block is one spoken syllable in
  Korean); ``syllables_per_minute`` = syllables / speech_s. It sits beside the acoustic
  rate of ``voice_analysis`` (syllable nuclei in the sound), which needs no words and
  counts numbers and Latin letters as they are said; a large gap between the two points
  at a poor transcript (or an answer full of digits and English).
* ``char_count``: characters of the text without spaces. ``longest_sentence.chars`` the same
  for that sentence, split by Kiwi.
* ``keywords``: the answer's nouns (Kiwi's NNG/NNP tags) weighted 0..1 by frequency against the most
  frequent, the top 10 (``analysis.transcript.keywords.weigh_nouns``); the feedback's ``keyword_scores``.
"""

from __future__ import annotations

from typing import Any

from interview_analysis.analysis.transcript.content import analyse_content
from interview_analysis.analysis.transcript.fillers import by_word, find_fillers, find_repetitions
from interview_analysis.analysis.transcript.keywords import weigh_nouns
from interview_analysis.analysis.transcript.tagging import Tagged, tag
from interview_analysis.analysis.transcript.types import Segment, Transcript


def hangul_syllables(text: str) -> int:
    return sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3")


def non_space_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def speech_seconds(segments: tuple[Segment, ...]) -> float:
    total = 0.0
    end = float("-inf")
    for seg in sorted(segments, key=lambda s: s.start):
        start = max(seg.start, end)
        if seg.end > start:
            total += seg.end - start
        end = max(end, seg.end)
    return total


def _longest_sentence(tagged: Tagged) -> dict[str, Any] | None:
    if not tagged.sentences:
        return None
    best = max(tagged.sentences, key=lambda s: non_space_chars(s.text))
    return {
        "text": best.text,
        "start": tagged.units[best.first_unit].start,
        "end": tagged.units[best.last_unit].end,
        "chars": non_space_chars(best.text),
    }


def transcript_measures(
    transcript: Transcript, question: str | None = None, posting: str | None = None, content: bool = True
) -> dict[str, Any]:
    """Everything in the ``transcript`` section that is computed rather than recognised.

    ``content``: False when the quality gate distrusts the words (then no content measures)."""
    tagged = tag(transcript)
    fillers = find_fillers(tagged)
    speech_s = speech_seconds(transcript.segments)
    minutes = speech_s / 60.0
    syllables = hangul_syllables(transcript.text)
    return {
        "fillers": {
            "count": len(fillers),
            "per_minute": round(len(fillers) / minutes, 2) if minutes > 0 else 0.0,
            "by_word": by_word(fillers),
            "items": [{"word": f.word, "start": f.start, "end": f.end} for f in fillers],
        },
        "repetitions": [{"text": r.text, "start": r.start} for r in find_repetitions(tagged)],
        "syllables": syllables,
        "syllables_per_minute": round(syllables / minutes, 1) if minutes > 0 and syllables else None,
        "speech_s": round(speech_s, 3),
        "char_count": non_space_chars(transcript.text),
        "longest_sentence": _longest_sentence(tagged),
        # The answer's nouns, weighted: computed here, where Kiwi is loaded anyway, so the API never loads it.
        "keywords": weigh_nouns((m.form, m.tag) for m in tagged.morphs),
        "content": analyse_content(tagged, question, posting) if content else None,
    }

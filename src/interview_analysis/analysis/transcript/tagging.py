"""The transcript as timed words, tagged once by Kiwi.

A unit is what carries a time: a recognised word when the backend gave word times,
else each space-separated word of a segment, timed with the whole segment. The text
Kiwi sees is the units joined by single spaces, so every morpheme's character offset
points back at exactly one unit and therefore at a time.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from interview_analysis.analysis.transcript.keywords import kiwi
from interview_analysis.analysis.transcript.types import Transcript


@dataclass(frozen=True, slots=True)
class Unit:
    start: float
    end: float
    text: str
    timed: bool  # True: its own word time; False: its segment's


@dataclass(frozen=True, slots=True)
class Morph:
    form: str
    tag: str
    unit: int  # index into the units


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    first_unit: int
    last_unit: int


@dataclass(frozen=True, slots=True)
class Tagged:
    units: tuple[Unit, ...]
    morphs: tuple[Morph, ...]
    sentences: tuple[Sentence, ...]

    def first_morph_of(self, unit: int) -> Morph | None:
        return next((m for m in self.morphs if m.unit == unit), None)


def units_of(transcript: Transcript) -> list[Unit]:
    if transcript.words:
        return [Unit(w.start, w.end, w.word, True) for w in transcript.words if w.word]
    return [Unit(s.start, s.end, part, False) for s in transcript.segments for part in s.text.split()]


def tag(transcript: Transcript) -> Tagged:
    units = units_of(transcript)
    if not units:
        return Tagged((), (), ())
    offsets: list[int] = []
    position = 0
    for unit in units:
        offsets.append(position)
        position += len(unit.text) + 1
    text = " ".join(unit.text for unit in units)
    analyser: Any = kiwi()

    def unit_at(char: int) -> int:
        return max(0, bisect_right(offsets, char) - 1)

    morphs = tuple(Morph(t.form, t.tag, unit_at(t.start)) for t in analyser.tokenize(text))
    sentences = tuple(
        Sentence(s.text.strip(), unit_at(s.start), unit_at(max(s.start, s.end - 1)))
        for s in analyser.split_into_sents(text)
        if s.text.strip()
    )
    return Tagged(tuple(units), morphs, sentences)

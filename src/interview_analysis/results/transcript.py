"""The ``transcript`` section: what was said, with fillers, repetitions and pace in syllables."""

from __future__ import annotations

from pydantic import Field

from interview_analysis.results.base import ResultModel, SectionCode, SectionStatus


class TranscriptSegment(ResultModel):
    start: float
    end: float
    text: str


class TranscriptWord(ResultModel):
    start: float
    end: float
    word: str


class FillerItem(ResultModel):
    word: str
    start: float
    end: float


class Fillers(ResultModel):
    count: int = 0
    per_minute: float = 0.0
    by_word: dict[str, int] = Field(default_factory=dict)
    items: list[FillerItem] = Field(default_factory=list)


class Repetition(ResultModel):
    text: str
    start: float


class Sentence(ResultModel):
    text: str
    start: float
    end: float
    chars: int


class Transcript(ResultModel):
    """``completed`` with the text and its measures; ``failed``/``skipped`` with a code and empty measures."""

    status: SectionStatus  # completed | failed | skipped
    code: SectionCode | None = None
    message: str | None = None
    backend: str
    model: str | None = None
    language: str
    text: str = ""
    segments: list[TranscriptSegment] = Field(default_factory=list)
    words: list[TranscriptWord] = Field(default_factory=list)
    fillers: Fillers
    repetitions: list[Repetition] = Field(default_factory=list)
    syllables: int = 0
    syllables_per_minute: float | None = None
    speech_s: float = 0.0
    char_count: int = 0
    longest_sentence: Sentence | None = None
    keywords: dict[str, float] = Field(default_factory=dict)

"""The ``transcript`` section: what was said, with fillers, repetitions and pace in syllables."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from interview_analysis.results.base import ResultModel, SectionCode, SectionStatus
from interview_analysis.results.content import ContentAnalysis


class TranscriptSegment(ResultModel):
    start: float
    end: float
    text: str


class TranscriptWord(ResultModel):
    start: float
    end: float
    word: str
    # Whisper's own confidence in the word (local backend; the OpenAI API gives none): a follow-up
    # question only quotes words heard with confidence.
    probability: float | None = Field(default=None, ge=0, le=1)


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


class QualityReason(StrEnum):
    """Why a transcript is not trusted; the Korean wording is in ``messages.QUALITY_REASONS_KO``."""

    LOW_COVERAGE = "low_coverage"  # most of the voiced time has no recognised word
    FEW_CHARACTERS = "few_characters"  # far fewer characters than the voiced time could hold
    LOW_CONFIDENCE = "low_confidence"  # the recogniser's own average log-probability is low
    LIKELY_NO_SPEECH = "likely_no_speech"  # the recogniser itself judged the audio not to be speech
    TOO_LITTLE_SPEECH = "too_little_speech"  # too few voiced seconds to judge an answer by


class TranscriptQuality(ResultModel):
    """Whether the words can be judged: with ``usable`` false, no writer praises or blames fillers,
    pace-by-transcript, length or content, and no follow-up question is drawn from it."""

    usable: bool
    coverage: float | None = None  # share of voiced time inside recognised words
    chars_per_speech_s: float | None = None  # recognised characters (no spaces) per voiced second
    avg_logprob: float | None = None  # duration-weighted over segments, where the backend gives it
    no_speech_prob: float | None = None
    voiced_s: float = 0.0
    reasons: list[QualityReason] = Field(default_factory=list)
    message: str | None = None  # Korean: why the transcript is not used


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
    quality: TranscriptQuality | None = None  # None: no transcript (failed/skipped) or a row before the gate
    content: ContentAnalysis | None = None

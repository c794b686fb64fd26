"""What the candidate said: a pluggable speech recogniser, filler words, repetitions, pace and length."""

from interview_analysis.analysis.transcript.analyzer import TranscriptAnalyzer, warm_up_transcriber
from interview_analysis.analysis.transcript.backends import BACKENDS, load_transcriber
from interview_analysis.analysis.transcript.types import (
    Segment,
    Transcriber,
    Transcript,
    TranscriptionError,
    Word,
)

__all__ = [
    "BACKENDS",
    "Segment",
    "Transcriber",
    "Transcript",
    "TranscriptAnalyzer",
    "TranscriptionError",
    "Word",
    "load_transcriber",
    "warm_up_transcriber",
]

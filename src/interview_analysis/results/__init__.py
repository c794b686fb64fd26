"""The analysis result as typed models: the contract every layer reads, at the ground floor.

Analyzers build their sections from these models, the pipeline assembles an ``AnalysisResult``,
stores keep it, the API declares it (so ``/docs`` shows a completed analysis), and pages and
feedback writers read attributes. Nothing here imports the rest of the package.
"""

from interview_analysis.results.base import LENIENT, Interval, ResultModel, SectionCode, SectionStatus
from interview_analysis.results.content import (
    BlindKind,
    Concreteness,
    ContentAnalysis,
    Hedging,
    Ownership,
    Quote,
    Relevance,
    Star,
    StarPart,
)
from interview_analysis.results.face import (
    EmotionAnalysis,
    Emotions,
    EmotionSecond,
    EyeSecond,
    EyeTracking,
    GazeMeans,
    HeadMovement,
    HeadPose,
    ModelIdentity,
)
from interview_analysis.results.integrity import EventSource, EventType, Integrity, IntegrityEvent, ObjectCheck
from interview_analysis.results.result import SCHEMA_VERSION, AnalysisResult, Media, ResultWarning
from interview_analysis.results.transcript import (
    FillerItem,
    Fillers,
    QualityReason,
    Repetition,
    Sentence,
    Transcript,
    TranscriptQuality,
    TranscriptSegment,
    TranscriptWord,
)
from interview_analysis.results.voice import VoiceAnalysis, VoiceSecond

__all__ = [
    "LENIENT",
    "SCHEMA_VERSION",
    "AnalysisResult",
    "BlindKind",
    "Concreteness",
    "ContentAnalysis",
    "EmotionAnalysis",
    "EmotionSecond",
    "Emotions",
    "EventSource",
    "EventType",
    "EyeSecond",
    "EyeTracking",
    "FillerItem",
    "Fillers",
    "GazeMeans",
    "HeadMovement",
    "HeadPose",
    "Hedging",
    "Integrity",
    "IntegrityEvent",
    "Interval",
    "Media",
    "ModelIdentity",
    "ObjectCheck",
    "Ownership",
    "QualityReason",
    "Quote",
    "Relevance",
    "Repetition",
    "ResultModel",
    "ResultWarning",
    "SectionCode",
    "SectionStatus",
    "Sentence",
    "Star",
    "StarPart",
    "Transcript",
    "TranscriptQuality",
    "TranscriptSegment",
    "TranscriptWord",
    "VoiceAnalysis",
    "VoiceSecond",
]

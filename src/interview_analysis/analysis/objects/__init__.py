"""Integrity: persons and phones from a COCO YOLO detector, face presence, one explainable score."""

from interview_analysis.analysis.objects.analyzer import IntegrityAnalyzer
from interview_analysis.analysis.objects.detector import (
    BACKENDS,
    DetectorUnavailable,
    FrameObjects,
    ObjectDetector,
    load_detector,
    warm_up_detector,
)
from interview_analysis.analysis.objects.scoring import EventType, integrity

__all__ = [
    "BACKENDS",
    "DetectorUnavailable",
    "EventType",
    "FrameObjects",
    "IntegrityAnalyzer",
    "ObjectDetector",
    "integrity",
    "load_detector",
    "warm_up_detector",
]

"""Integrity: persons and phones from a COCO YOLO detector, face presence, one explainable score."""

from interview_analysis.analysis.objects.analyzer import IntegrityAnalyzer
from interview_analysis.analysis.objects.detector import BACKENDS, load_detector, warm_up_detector
from interview_analysis.analysis.objects.detector_api import DetectorUnavailable, FrameObjects, ObjectDetector
from interview_analysis.analysis.objects.scoring import integrity
from interview_analysis.results import EventType

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

"""Facial emotion: aligned face crops from the shared landmarks, a pluggable classifier, a score out of 60."""

from interview_analysis.analysis.emotion.analyzer import EmotionAnalyzer
from interview_analysis.analysis.emotion.backends import BACKENDS, load_classifier
from interview_analysis.analysis.emotion.classifier_api import EmotionClassifier, EmotionModelError
from interview_analysis.analysis.emotion.labels import EMOTIONS

__all__ = ["BACKENDS", "EMOTIONS", "EmotionAnalyzer", "EmotionClassifier", "EmotionModelError", "load_classifier"]

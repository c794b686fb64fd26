"""Interview-video analysis service: emotion, gaze, voice and feedback for practice answers."""

__version__ = "0.1.0"

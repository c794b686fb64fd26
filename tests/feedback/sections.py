"""Analysis results for the feedback tests, built from the result models so that test data which drifts
from the contract (a renamed field, a missing one) fails where it is built."""

from __future__ import annotations

from typing import Any

from interview_analysis.results import (
    AnalysisResult,
    EmotionAnalysis,
    EyeTracking,
    Fillers,
    HeadMovement,
    Media,
    ModelIdentity,
    SectionCode,
    SectionStatus,
    Transcript,
    VoiceAnalysis,
)


def media(duration_s: float = 30.0, has_audio: bool = True) -> Media:
    return Media(
        container="mov,mp4,m4a,3gp,3g2,mj2",
        size_bytes=1_000_000,
        video_codec="h264",
        width=640,
        height=480,
        duration_s=duration_s,
        fps_measured=30.0,
        frames_read=round(30 * duration_s),
        frames_sampled=round(15 * duration_s),
        sample_fps=15.0,
        has_audio=has_audio,
        audio_codec="aac" if has_audio else None,
        audio_sample_rate=16000 if has_audio else 0,
        audio_duration_s=duration_s if has_audio else 0.0,
    )


def eye_measured(attention: float, face_presence_ratio: float = 1.0, **fields: Any) -> EyeTracking:
    """A measured ``eye_tracking`` section; ``fields`` sets the optional figures."""
    return EyeTracking(
        status=SectionStatus.MEASURED,
        face_presence_ratio=face_presence_ratio,
        face_visible_ratio=1.0,
        no_face_intervals=[],
        multiple_face_intervals=[],
        max_faces=1,
        attention_score=attention,
        **fields,
    )


def head_movement(level: str) -> HeadMovement:
    return HeadMovement(mean_speed_deg_s=5.0, p90_speed_deg_s=9.0, level=level)


def voice_measured(voice_score: float, speech_rate_sps: float | None = None) -> VoiceAnalysis:
    return VoiceAnalysis(
        status=SectionStatus.MEASURED,
        message=f"음성 전달력 {voice_score:.0f}점.",
        audio_duration_s=30.0,
        voice_score=voice_score,
        speech_rate_sps=speech_rate_sps,
    )


def emotion_not_measurable(message: str) -> EmotionAnalysis:
    return EmotionAnalysis(
        status=SectionStatus.NOT_MEASURABLE,
        code=SectionCode.NO_FACE,
        message=message,
        model=ModelIdentity(name="faceapi"),
        frames_classified=0,
        face_frames=0,
        frames_seen=450,
        classify_fps=5.0,
    )


def transcript(status: SectionStatus = SectionStatus.COMPLETED, text: str = "", **fields: Any) -> Transcript:
    """A ``transcript`` section with empty measures unless ``fields`` sets them."""
    return Transcript(
        status=status, backend="local", model="whisper-base", language="ko", text=text, fillers=Fillers(), **fields
    )


def analysis(**sections: Any) -> AnalysisResult:
    """A result with ``media`` of a 30 s clip with audio unless given, and the given sections."""
    return AnalysisResult(**{"media": media(), **sections})

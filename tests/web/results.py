"""A completed analysis as the API serves it, built in code so the page tests know every figure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from interview_analysis.storage.models import AnalysisRecord, JobStatus, SourceKind

DURATION_S = 12
# Every face second reads the same, so the clip's mean equals each row.
EMOTIONS = {"happy": 0.5, "neutral": 0.3, "sad": 0.05, "angry": 0.05, "fear": 0.05, "disgust": 0.0, "surprise": 0.05}


def result(
    emotion: float = 40.0, attention: float = 80.0, voice: float = 70.0, integrity: float = 100.0
) -> dict[str, Any]:
    emotion_rows = [{"t": t, **EMOTIONS} if t != 5 else {"t": t, **dict.fromkeys(EMOTIONS)} for t in range(DURATION_S)]
    eye_rows = [
        {
            "t": t,
            "face_count": 0 if t == 5 else 1,
            "yaw": None if t == 5 else float(t),
            "pitch": None if t == 5 else 2.0,
            "on_screen": None if t == 5 else (0.0 if t in (8, 9) else 1.0),
        }
        for t in range(DURATION_S)
    ]
    voice_rows = [
        {
            "t": t,
            "voiced": t not in (0, 6),
            "level_dbfs": -20.0 if t not in (0, 6) else -70.0,
            "f0_hz": None if t in (0, 6) else 120.0 + t,
        }
        for t in range(DURATION_S)
    ]
    return {
        "media": {"duration_s": float(DURATION_S)},
        "warnings": [],
        "emotion_analysis": {
            "status": "measured",
            "interview_score": emotion,
            "interview_band": "양호",
            "emotions": dict(EMOTIONS),
            "score_breakdown": {
                "formula": "20·min(1, happy/0.25) + …",
                "max": 60.0,
                "components": {
                    "positivity": {"label": "긍정적 표정", "value": 0.5, "full_at": 0.25, "max": 20.0, "points": 20.0}
                },
            },
            "timeline": emotion_rows,
        },
        "eye_tracking": {
            "status": "measured",
            "attention_score": attention,
            "attention_band": "매우 안정적",
            "on_screen_ratio": 0.82,
            "face_presence_ratio": 0.917,
            "no_face_intervals": [[5.0, 6.0]],
            "multiple_face_intervals": [],
            "off_screen_episodes": [[8.0, 10.0]],
            "head_movement": {"mean_speed_deg_s": 4.2, "level": "low"},
            "score_breakdown": {
                "formula": "100 × (0.60·on_screen_ratio + …)",
                "components": {"on_screen_ratio": {"value": 0.82, "weight": 0.6, "points": 49.2}},
            },
            "timeline": eye_rows,
        },
        "voice_analysis": {
            "status": "measured",
            "voice_score": voice,
            "voice_band": "좋음",
            "pause_count": 1,
            "long_pauses": [[6.0, 7.0]],
            "level_mean_dbfs": -20.0,
            "f0_median_hz": 125.0,
            "f0_variation_st": 2.5,
            "score_breakdown": {
                "voice_score": {
                    "formula": "weighted mean of the component scores",
                    "weights": {"speech_rate": 0.5, "pauses": 0.5},
                    "components": {"speech_rate": {"score": 90.0}},
                }
            },
            "timeline": voice_rows,
        },
        "integrity": {
            "status": "measured",
            "integrity_score": integrity,
            "integrity_band": "이상 없음",
            "integrity_events": [
                {"type": "no_face", "start": 5.0, "end": 6.0, "confidence": 1.0, "label": "응시자의 얼굴이 보이지 않음"}
            ],
            "score_breakdown": {
                "formula": "100 − Σ …",
                "components": {"absence": {"checked": True, "points_lost": 0.8}},
            },
        },
        "transcript": {
            "status": "completed",
            "text": "음 저는 어 개발자입니다",
            "segments": [{"start": 1.0, "end": 4.0, "text": "음 저는 어 개발자입니다"}],
            "words": [
                {"start": 1.0, "end": 1.3, "word": " 음"},
                {"start": 1.4, "end": 1.9, "word": " 저는"},
                {"start": 2.0, "end": 2.2, "word": " 어"},
                {"start": 2.3, "end": 3.5, "word": " 개발자입니다"},
            ],
            "fillers": {
                "count": 2,
                "per_minute": 10.0,
                "by_word": {"음": 1, "어": 1},
                "items": [{"word": "음", "start": 1.0, "end": 1.3}, {"word": "어", "start": 2.0, "end": 2.2}],
            },
        },
    }


def record(analysis_id: str, user_id: str, minutes: int, question_id: str | None, **scores: float) -> AnalysisRecord:
    created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    return AnalysisRecord(
        analysis_id=analysis_id,
        user_id=user_id,
        session_id=f"s{minutes}",
        source=SourceKind.UPLOAD,
        question_id=question_id,
        question="질문",
        status=JobStatus.COMPLETED,
        created_at=created,
        updated_at=created,
        result=result(**scores),
    )


def api_view(analysis_id: str = "a" * 32) -> dict[str, Any]:
    """What ``AnalysisResponse.model_dump()`` gives the report for a completed analysis."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "analysis_id": analysis_id,
        "status": "completed",
        "stage": "done",
        "progress": 1.0,
        "created_at": now,
        "question": "1분 동안 자기소개를 해 주세요.",
        "question_id": "intro-1",
        **result(),
    }

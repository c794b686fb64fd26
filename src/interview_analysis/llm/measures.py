"""The measured figures both writers work from: a compact, stable view of the analysis result.

Only sections that were measured are passed on; timelines are reduced to their notable
moments, so the LLM sees numbers it can cite and nothing it would have to invent.
"""

from __future__ import annotations

from typing import Any

_EYE_KEYS = (
    "attention_score",
    "attention_band",
    "gaze_stability",
    "blink_frequency",
    "blink_count",
    "on_screen_ratio",
    "face_presence_ratio",
    "off_screen_episodes",
    "no_face_intervals",
    "multiple_face_intervals",
    "head_movement",
)
_EMOTION_KEYS = ("interview_score", "emotions", "dominant_emotion", "expression_variability", "band")
_VOICE_KEYS = (
    "speech_rate_sps",
    "speech_rate_spm",
    "articulation_rate_sps",
    "speech_rate_score",
    "voice_score",
    "pauses",
    "loudness",
    "pitch",
    "time_to_first_word_s",
    "monotone",
    "band",
)


def _pick(section: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: section[key] for key in keys if key in section}


def _section(result: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    section = result.get(name)
    if not isinstance(section, dict):
        return {"status": "absent"}
    status = section.get("status", "measured")
    if status != "measured":
        return {"status": status, "message": section.get("message")}
    return {"status": "measured", **_pick(section, keys)}


def collect_measures(result: dict[str, Any], transcript: str | None = None) -> dict[str, Any]:
    media = result.get("media", {})
    measures: dict[str, Any] = {
        "video": {"duration_s": round(float(media.get("duration_s", 0.0)), 1), "has_audio": media.get("has_audio")},
        "eye_tracking": _section(result, "eye_tracking", _EYE_KEYS),
        "emotion_analysis": _section(result, "emotion_analysis", _EMOTION_KEYS),
        "voice_analysis": _section(result, "voice_analysis", _VOICE_KEYS),
        "warnings": [w.get("code") for w in result.get("warnings", [])],
    }
    if "integrity" in result:
        measures["integrity"] = _pick(result["integrity"], ("integrity_score", "integrity_events", "status"))
    if transcript:
        measures["transcript"] = transcript
    return measures

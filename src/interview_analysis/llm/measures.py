"""The measured figures both writers work from: a compact, stable view of the analysis result.

Only sections that were measured are passed on; timelines are reduced to their notable
moments, so the LLM sees numbers it can cite and nothing it would have to invent. The
interview question and the transcript (text, timed segments and the derived counts) go
in too: both are user text, which ``prompts.render`` fences off as JSON-encoded data.
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


_TRANSCRIPT_KEYS = (
    "fillers",
    "repetitions",
    "syllables",
    "syllables_per_minute",
    "speech_s",
    "char_count",
    "longest_sentence",
)
MAX_FILLER_ITEMS = 30  # enough to cite moments; a long nervous answer must not flood the prompt


def _transcript(result: dict[str, Any]) -> dict[str, Any] | None:
    section = result.get("transcript")
    if not isinstance(section, dict):
        return None
    if section.get("status") != "completed" or not section.get("text"):
        return {"status": section.get("status", "absent"), "message": section.get("message")}
    segments = [
        {"start": round(s["start"], 1), "end": round(s["end"], 1), "text": s["text"]}
        for s in section.get("segments", [])
    ]
    picked = _pick(section, _TRANSCRIPT_KEYS)
    fillers = dict(picked.get("fillers") or {})
    fillers["items"] = list(fillers.get("items", []))[:MAX_FILLER_ITEMS]
    picked["fillers"] = fillers
    answer_s = round(segments[-1]["end"] - segments[0]["start"], 1) if segments else 0.0
    return {"status": "completed", "text": section["text"], "segments": segments, "answer_s": answer_s, **picked}


def collect_measures(result: dict[str, Any], question: str | None = None) -> dict[str, Any]:
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
    transcript = _transcript(result)
    if transcript is not None:
        measures["transcript"] = transcript
    if question:
        measures["question"] = question
    return measures

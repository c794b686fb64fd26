"""The measured figures the LLM writer works from: a compact, stable view of the analysis result.

Only sections that were measured are passed on; timelines are reduced to their notable
moments, so the LLM sees numbers it can cite and nothing it would have to invent. The
interview question and the transcript (text, timed segments and the derived counts) go
in too: both are user text, which ``prompts.render`` fences off as JSON-encoded data.

The JSON produced here is the prompt's data, a contract with the stored prompt version: each
key list picks, in its order, those of a section's fields that were set (``ResultModel.dump``).
The rules writer reads the same result by attribute, and the answer's length as shown here.
"""

from __future__ import annotations

from typing import Any

from interview_analysis.results import (
    AnalysisResult,
    ContentAnalysis,
    EmotionAnalysis,
    EyeTracking,
    Quote,
    ResultModel,
    SectionStatus,
    Transcript,
    TranscriptQuality,
    VoiceAnalysis,
)

EYE_KEYS = (
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
EMOTION_KEYS = ("interview_score", "interview_band", "emotions", "dominant_emotion", "expression_variability")
VOICE_KEYS = (
    "speech_rate_sps",
    "speech_rate_spm",
    "articulation_rate_sps",
    "speech_rate_score",
    "speech_rate_band",
    "voice_score",
    "voice_band",
    "time_to_first_word_s",
    "monotone",
)
INTEGRITY_KEYS = ("integrity_score", "integrity_events", "status")
TRANSCRIPT_KEYS = (
    "fillers",
    "repetitions",
    "syllables",
    "syllables_per_minute",
    "speech_s",
    "char_count",
    "longest_sentence",
)
MAX_FILLER_ITEMS = 30  # enough to cite moments; a long nervous answer must not flood the prompt
MAX_QUOTES = 3  # per content measure


def _pick(section: ResultModel, keys: tuple[str, ...]) -> dict[str, Any]:
    fields = section.dump()
    return {key: fields[key] for key in keys if key in fields}


def _section(section: EyeTracking | EmotionAnalysis | VoiceAnalysis | None, keys: tuple[str, ...]) -> dict[str, Any]:
    if section is None:
        return {"status": SectionStatus.ABSENT.value}
    if section.status != SectionStatus.MEASURED:
        return {"status": section.status.value, "message": section.message}
    return {"status": SectionStatus.MEASURED.value, **_pick(section, keys)}


def speech_rate_norm(voice: VoiceAnalysis) -> tuple[float, float] | None:
    """The norm's range (mean ± 1 SD, syllables a minute) the speech-rate score was measured against."""
    norm = ((voice.score_breakdown or {}).get("speech_rate_score") or {}).get("norm") or {}
    if "mean_spm" not in norm or "sd_spm" not in norm:
        return None
    return float(norm["mean_spm"] - norm["sd_spm"]), float(norm["mean_spm"] + norm["sd_spm"])


def answer_seconds(transcript: Transcript) -> float:
    """First segment start to last segment end, from the times rounded to 0.1 s as the prompt shows them."""
    if not transcript.segments:
        return 0.0
    return round(round(transcript.segments[-1].end, 1) - round(transcript.segments[0].start, 1), 1)


def answered(transcript: Transcript | None) -> Transcript | None:
    """The transcript when there is an answer to judge: completed, with text the quality gate trusts
    (rows stored before the gate have no verdict and are judged as they always were)."""
    if transcript is None or transcript.status != SectionStatus.COMPLETED or not transcript.text:
        return None
    if unreliable(transcript) is not None:
        return None
    return transcript


def unreliable(transcript: Transcript | None) -> TranscriptQuality | None:
    """The gate's verdict when it distrusts the words: then nothing is said about fillers, pace by
    transcript, length or content, only that the speech could not be transcribed reliably, and why."""
    if transcript is None or transcript.quality is None or transcript.quality.usable:
        return None
    return transcript.quality


def _content(content: ContentAnalysis | None) -> dict[str, Any]:
    """The content measures, bounded: what each found and the first words it rests on."""
    if content is None:
        return {}

    def quotes(found: list[Quote]) -> list[dict[str, Any]]:
        return [{"kind": q.kind, "quote": q.cue, "at_s": round(q.start, 1)} for q in found[:MAX_QUOTES]]

    return {
        "content": {
            "star": {"covered": list(content.star.covered), "missing": list(content.star.missing)},
            "concreteness": {"count": content.concreteness.count, "quotes": quotes(content.concreteness.quotes)},
            "hedging": {"count": content.hedging.count, "quotes": quotes(content.hedging.quotes)},
            "ownership": content.ownership.model_dump(exclude={"quotes"}),
            "relevance": content.relevance.model_dump(),
            "blind_hiring": quotes(content.blind_hiring),
        }
    }


def _transcript(section: Transcript) -> dict[str, Any]:
    quality = unreliable(section)
    if quality is not None:
        return {"status": "unreliable", "message": quality.message, "reasons": [r.value for r in quality.reasons]}
    if answered(section) is None:
        return {"status": section.status.value, "message": section.message}
    segments = [{"start": round(s.start, 1), "end": round(s.end, 1), "text": s.text} for s in section.segments]
    picked = _pick(section, TRANSCRIPT_KEYS)
    fillers = dict(picked.get("fillers") or {})
    fillers["items"] = list(fillers.get("items", []))[:MAX_FILLER_ITEMS]
    picked["fillers"] = fillers
    return {
        "status": SectionStatus.COMPLETED.value,
        "text": section.text,
        "segments": segments,
        "answer_s": answer_seconds(section),
        **picked,
        **_content(section.content),
    }


def _voice(voice: VoiceAnalysis | None) -> dict[str, Any]:
    """The voice section with the speech-rate norm, so the model knows which way "too fast" lies."""
    picked = _section(voice, VOICE_KEYS)
    bounds = speech_rate_norm(voice) if voice is not None and "speech_rate_spm" in picked else None
    if bounds is not None:
        picked["speech_rate_norm_spm"] = [round(bounds[0]), round(bounds[1])]
    return picked


def collect_measures(result: AnalysisResult, question: str | None = None) -> dict[str, Any]:
    measures: dict[str, Any] = {
        "video": {"duration_s": round(result.media.duration_s, 1), "has_audio": result.media.has_audio},
        "eye_tracking": _section(result.eye_tracking, EYE_KEYS),
        "emotion_analysis": _section(result.emotion_analysis, EMOTION_KEYS),
        "voice_analysis": _voice(result.voice_analysis),
        "warnings": [warning.code for warning in result.warnings],
    }
    if result.integrity is not None:
        measures["integrity"] = _pick(result.integrity, INTEGRITY_KEYS)
    if result.transcript is not None:
        measures["transcript"] = _transcript(result.transcript)
    if question:
        measures["question"] = question
    return measures


def stored_keywords(result: AnalysisResult) -> dict[str, float]:
    """The keywords the transcript pass stored with the analysis; none without a completed transcript
    (or for analyses stored before the pass computed them)."""
    return dict(result.transcript.keywords) if result.transcript is not None else {}

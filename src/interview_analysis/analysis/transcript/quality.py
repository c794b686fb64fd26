"""Whether a transcript can be judged: the gate every reader of the words goes through.

On speech the recogniser cannot follow (synthetic voices, heavy noise, a language it does not expect)
Whisper returns a word or two for many seconds of voice, and every figure drawn from the words (fillers
per minute, pace, answer length, content) then judges the candidate by text nobody said. The gate holds
the words against the voice-activity track, which needs no recognition:

* ``coverage``: the share of voiced time inside recognised words (``coverage.py``);
* ``chars_per_speech_s``: recognised characters per voiced second. Spontaneous Korean runs at
  4-9 per second of voice; a transcript that keeps a fraction of that lost most of what was said;
* the recogniser's own signals where the backend gives them: the segments' average log-probability
  and no-speech probability, weighted by duration.

Thresholds sit between real spontaneous speech and the espeak test clips, measured with
``bench/transcript.py --kspon`` and ``--gate`` (figures beside each, and in ``docs/transcript.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from interview_analysis.analysis.transcript.coverage import Voiced, coverage
from interview_analysis.analysis.transcript.measures import non_space_chars
from interview_analysis.analysis.transcript.types import Segment, Transcript
from interview_analysis.results.messages import QUALITY_REASONS_KO, UNRELIABLE_TRANSCRIPT_KO
from interview_analysis.results.transcript import QualityReason, TranscriptQuality

MIN_VOICED_S = 1.0  # under a second of voice is no answer to judge
# Real spontaneous Korean (KsponSpeech, 60 utterances): coverage median 0.98, 10th percentile 0.91; the espeak
# clip, whose words Whisper cannot follow, 0.46.
MIN_COVERAGE = 0.6
# The same utterances: median 6.9 characters per voiced second, 10th percentile 5.1; espeak 3.1. Half the median
# means half of what was said is missing.
MIN_CHARS_PER_S = 3.5
WHISPER_LOG_PROB_THRESHOLD = -1.0  # Whisper re-decodes a window below it, and calls it silence with the below
# Short real utterances went down to -1.36, so only far lower counts as low confidence on its own.
MIN_AVG_LOGPROB = -1.5
MAX_NO_SPEECH_PROB = 0.6  # Whisper's own no_speech_threshold, held with its log-probability rule below


def _weighted(segments: Sequence[Segment], value: Callable[[Segment], float | None]) -> float | None:
    pairs = [(v, max(s.end - s.start, 0.02)) for s in segments if (v := value(s)) is not None]
    if not pairs:
        return None
    return round(sum(v * w for v, w in pairs) / sum(w for _, w in pairs), 3)


def judge(transcript: Transcript, voiced: Voiced | None) -> TranscriptQuality:
    """The gate's figures and verdict; without a voice track only the recogniser's own signals count."""
    chars = non_space_chars(transcript.text)
    avg_logprob = _weighted(transcript.segments, lambda s: s.avg_logprob)
    no_speech = _weighted(transcript.segments, lambda s: s.no_speech_prob)
    reasons: list[QualityReason] = []
    voiced_s = voiced.seconds if voiced is not None else 0.0
    cover = coverage(voiced, transcript.words) if voiced is not None and transcript.words else None
    per_s = round(chars / voiced_s, 2) if voiced_s > 0 else None
    if voiced is not None:
        if voiced_s < MIN_VOICED_S:
            reasons.append(QualityReason.TOO_LITTLE_SPEECH)
        else:
            if cover is not None and cover < MIN_COVERAGE:
                reasons.append(QualityReason.LOW_COVERAGE)
            if per_s is not None and per_s < MIN_CHARS_PER_S:
                reasons.append(QualityReason.FEW_CHARACTERS)
    if avg_logprob is not None and avg_logprob < MIN_AVG_LOGPROB:
        reasons.append(QualityReason.LOW_CONFIDENCE)
    if no_speech is not None and no_speech > MAX_NO_SPEECH_PROB and (avg_logprob or 0.0) < WHISPER_LOG_PROB_THRESHOLD:
        reasons.append(QualityReason.LIKELY_NO_SPEECH)
    if chars == 0 and not reasons:
        reasons.append(QualityReason.FEW_CHARACTERS)
    message = None
    if reasons:
        message = f"{UNRELIABLE_TRANSCRIPT_KO}: " + ", ".join(QUALITY_REASONS_KO[r] for r in reasons) + "."
    return TranscriptQuality(
        usable=not reasons,
        coverage=cover,
        chars_per_speech_s=per_s,
        avg_logprob=avg_logprob,
        no_speech_prob=no_speech,
        voiced_s=round(voiced_s, 3),
        reasons=reasons,
        message=message,
    )

"""Checks each point an LLM wrote against the measurements, so its words cannot contradict the numbers.

Numbers come from the service, words from the model. A point (strength or improvement) must:
- cite a metric that was measured (``metric``, a path into the data the model saw, such as
  ``voice_analysis.speech_rate_spm``), and quote its value (``value``) as measured;
- quote no figure in its text that the input did not contain (the data, the question, the prompt's own
  norms): a "35/60" or a gaze score of 100 that no measurement gave is invented;
- agree with the band: no praise for a figure in the lowest band, no call to improve one in the top
  band, no "speak faster" above the speech-rate norm or "slow down" below it (nor either within it),
  no praise for fillers above the rules writer's tolerance.
The summary and the next-practice suggestion may quote only figures from the input too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from interview_analysis.feedback.measures import speech_rate_norm, unreliable
from interview_analysis.feedback.rules_answer import FILLERS_OK_PER_MIN
from interview_analysis.results import AnalysisResult, SectionStatus
from interview_analysis.storage.feedback_models import FeedbackPoint, LLMFeedback

_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,]\d+)?")
_SCALES = (60.0, 100.0)  # the emotion score is out of 60, the others out of 100
_FASTER = ("빠르게", "빨리", "속도를 높", "속도를 올", "더 빠", "속도를 내")
_SLOWER = ("천천히", "느리게", "속도를 낮", "속도를 줄", "속도를 늦", "여유 있게 말")
_LOWEST = {"개선 필요", "많이 개선 필요", "검토 필요"}
_TOP = {"매우 안정적", "우수", "매우 좋음", "이상 없음"}
_FILLER_WORDS = ("군말", "습관어", "간투사", "필러")
_NOT_JUDGED = ("평가하지", "받아 적지", "신뢰할 수", "판단하지", "알 수 없")


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # "strengths[0]", "improvements[1]", "summary", "next_practice"
    reason: str  # Korean, for the model's repair round and the stored record


@dataclass(slots=True)
class _Judgement:
    weak: bool = False  # in the lowest band: may not be praised
    strong: bool = False  # in the top band: may not be asked to improve
    no_faster: bool = False
    no_slower: bool = False


@dataclass(slots=True)
class Checker:
    """Built once per analysis from the result and the exact data the model saw."""

    metrics: dict[str, float]
    allowed: list[float]
    judgements: dict[str, _Judgement] = field(default_factory=dict)
    words_unreliable: bool = False  # the quality gate distrusts the transcript: nothing may be said of it

    def check(self, content: LLMFeedback) -> list[Problem]:
        problems: list[Problem] = []
        if self.words_unreliable:
            problems += self._silent_on_words(content)
        for kind, points in (("strengths", content.strengths), ("improvements", content.improvements)):
            for i, point in enumerate(points):
                problems += [Problem(f"{kind}[{i}]", r) for r in self._point(point, praise=kind == "strengths")]
        for where, text in (("summary", content.summary), ("next_practice", content.next_practice)):
            problems += [Problem(where, reason) for reason in self._figures(text)]
        return problems

    def _point(self, point: FeedbackPoint, praise: bool) -> list[str]:
        if not point.metric:
            return ["근거 측정 항목(metric)을 밝히지 않았습니다."]
        metric = self.resolve(point.metric)
        if metric is None:
            return [f"'{point.metric}'은(는) 측정된 항목이 아닙니다."]
        reasons = []
        measured = self.metrics[metric]
        if point.value is not None and not _close(point.value, measured):
            reasons.append(f"{metric}의 값은 {measured:g}인데 {point.value:g}(으)로 적었습니다.")
        reasons += self._figures(point.text)
        judgement = self.judgements.get(metric, _Judgement())
        if praise and judgement.weak:
            reasons.append(f"{metric}은(는) 개선이 필요한 수준이라 강점으로 칭찬할 수 없습니다.")
        if not praise and judgement.strong:
            reasons.append(f"{metric}은(는) 이미 가장 좋은 수준이라 개선점이 아닙니다.")
        if not praise and judgement.no_faster and _says(point.text, _FASTER):
            reasons.append("말하기 속도가 이미 기준보다 빠르거나 적정한데 더 빠르게 하라고 했습니다.")
        if not praise and judgement.no_slower and _says(point.text, _SLOWER):
            reasons.append("말하기 속도가 이미 기준보다 느리거나 적정한데 더 천천히 하라고 했습니다.")
        return reasons

    def _silent_on_words(self, content: LLMFeedback) -> list[Problem]:
        problems = []
        if content.content_points:
            problems.append(Problem("content_points", "전사문을 신뢰할 수 없어 답변 내용은 평가할 수 없습니다."))
        texts = [("summary", content.summary), ("next_practice", content.next_practice)]
        texts += [(f"strengths[{i}]", p.text) for i, p in enumerate(content.strengths)]
        texts += [(f"improvements[{i}]", p.text) for i, p in enumerate(content.improvements)]
        for where, text in texts:
            # A sentence may name fillers only to say they were not judged, as the gate's own message does.
            judged = [
                s for s in re.split(r"(?<=[.!?])\s+", text) if _says(s, _FILLER_WORDS) and not _says(s, _NOT_JUDGED)
            ]
            if judged:
                problems.append(Problem(where, "전사문을 신뢰할 수 없어 군말은 평가할 수 없습니다."))
        return problems

    def resolve(self, metric: str) -> str | None:
        """The full path of a cited metric; a bare field name is accepted when only one section has it."""
        name = metric.strip()
        if name in self.metrics:
            return name
        matches = [path for path in self.metrics if path.endswith("." + name)]
        return matches[0] if len(matches) == 1 else None

    def _figures(self, text: str) -> list[str]:
        invented = [raw for raw in _NUMBER.findall(text) if not self._known(float(raw.replace(",", ".")))]
        return [f"입력 데이터에 없는 수치 {', '.join(invented)}을(를) 적었습니다."] if invented else []

    def _known(self, number: float) -> bool:
        return any(_close(number, allowed) for allowed in self.allowed)


def _close(quoted: float, measured: float) -> bool:
    """The quoted figure is the measured one, rounded as people round it, or the same ratio as a percentage."""
    for value in (measured, measured * 100.0):
        if abs(quoted - value) <= max(0.051, 0.01 * abs(value)) or round(value) == quoted:
            return True
    return False


def _says(text: str, phrases: tuple[str, ...]) -> bool:
    return any(phrase in text for phrase in phrases)


def _numbers(data: Any, path: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(data, bool):
        return
    if isinstance(data, int | float):
        yield path, float(data)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _numbers(value, f"{path}[{i}]")


def build_checker(result: AnalysisResult, measures: dict[str, Any], prompt_text: str) -> Checker:
    """``measures``: what the model saw; ``prompt_text``: its instructions, whose norms it may quote."""
    metrics = {path: value for path, value in _numbers(measures) if "[" not in path}
    allowed = [value for _, value in _numbers(measures)]
    allowed += [float(n.replace(",", ".")) for n in _NUMBER.findall(prompt_text)]
    allowed += list(_SCALES)
    checker = Checker(metrics, allowed, words_unreliable=unreliable(result.transcript) is not None)
    _judge_bands(checker, result)
    return checker


def _judge_bands(checker: Checker, result: AnalysisResult) -> None:
    def band(metric: str, label: str | None) -> None:
        if label is not None:
            checker.judgements[metric] = _Judgement(weak=label in _LOWEST, strong=label in _TOP)

    eye, emotion, voice = result.eye_tracking, result.emotion_analysis, result.voice_analysis
    if eye is not None and eye.status == SectionStatus.MEASURED:
        band("eye_tracking.attention_score", eye.attention_band)
    if emotion is not None and emotion.status == SectionStatus.MEASURED:
        band("emotion_analysis.interview_score", emotion.interview_band)
    if result.integrity is not None:
        band("integrity.integrity_score", result.integrity.integrity_band)
    if voice is not None and voice.status == SectionStatus.MEASURED:
        band("voice_analysis.voice_score", voice.voice_band)
        bounds = speech_rate_norm(voice)
        if voice.speech_rate_spm is not None and bounds is not None:
            low, high = bounds
            spm = voice.speech_rate_spm
            pace = _Judgement(weak=voice.speech_rate_band in _LOWEST, no_faster=spm >= low, no_slower=spm <= high)
            for metric in ("speech_rate_spm", "speech_rate_sps", "speech_rate_score", "articulation_rate_sps"):
                checker.judgements[f"voice_analysis.{metric}"] = pace
    transcript = result.transcript
    if transcript is not None and transcript.status == SectionStatus.COMPLETED and not checker.words_unreliable:
        many = transcript.fillers.per_minute > FILLERS_OK_PER_MIN
        for metric in ("fillers.count", "fillers.per_minute"):
            checker.judgements[f"transcript.{metric}"] = _Judgement(weak=many, strong=not many)

"""Recognition accuracy on real spontaneous Korean: CER and hesitation sounds kept (for bench/transcript.py).

The KsponSpeech sample (``sooftware/kospeech`` at 7982bc9c, ``data/sample``: headerless 16 kHz s16le
``.pcm`` and CP949 ``.txt`` whose transcripts keep the spoken fillers as words) is research data under
AIHub's terms: it is read from a folder the caller names and is never committed.

* **CER**: Levenshtein distance over characters, spaces and punctuation removed, summed over the
  utterances and divided by the reference characters. KsponSpeech spells numbers out in Hangul
  ("이천 십 오 년") where Whisper writes digits, so the hypothesis's digits are read out in Sino-Korean
  first ("2015" -> "이천십오"); counters read natively ("열한 시") still differ, the same for every option.
* **Hesitation sounds**: the words 아, 어, 음, 응 (and 으, 에, 흠, 엄) standing alone. Per utterance
  and per sound, a kept sound is one the hypothesis also has (a multiset intersection); one the
  hypothesis has beyond the reference is an *added* sound, so an option that sprinkles fillers
  everywhere shows up. ``counted`` is the total the service would report (with the voiced-gap count
  for options that have it), held against the reference's total per utterance.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

HESITATION_SOUNDS = frozenset({"아", "어", "음", "응", "으", "에", "흠", "엄"})
_DIGITS = "영일이삼사오육칠팔구"
_SMALL = ((1000, "천"), (100, "백"), (10, "십"))
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Utterance:
    name: str
    audio: NDArray[np.float32]
    reference: str


def load_kspon(folder: Path) -> list[Utterance]:
    out = []
    for pcm in sorted(folder.glob("*.pcm")):
        samples = np.frombuffer(pcm.read_bytes(), dtype="<i2").astype(np.float32) / 32768.0
        text = pcm.with_suffix(".txt").read_bytes().decode("cp949").strip()
        out.append(Utterance(pcm.stem, samples.astype(np.float32), text))
    return out


def _under_10000(n: int) -> str:
    words = []
    for value, unit in _SMALL:
        digit, n = divmod(n, value)
        if digit:
            words.append(("" if digit == 1 else _DIGITS[digit]) + unit)
    if n:
        words.append(_DIGITS[n])
    return "".join(words)


def sino_korean(n: int) -> str:
    """2015 -> 이천십오, 30000 -> 삼만; enough for the numbers people say in a sentence."""
    if n == 0:
        return "영"
    parts = []
    for value, unit in ((10**8, "억"), (10**4, "만"), (1, "")):
        chunk, n = divmod(n, value)
        if chunk:
            parts.append(("" if chunk == 1 and unit == "만" else _under_10000(chunk)) + unit)
    return "".join(parts)


def normalise(text: str) -> str:
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\d+", lambda m: sino_korean(int(m.group())) if len(m.group()) < 12 else m.group(), text)
    return _NON_WORD.sub("", text).lower()


def edit_distance(reference: str, hypothesis: str) -> int:
    row = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hypothesis, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1]


def hesitations(text: str) -> Counter[str]:
    return Counter(w for w in (_NON_WORD.sub("", t) for t in text.split()) if w in HESITATION_SOUNDS)


@dataclass(slots=True)
class Score:
    """Running totals over utterances for one option."""

    edits: int = 0
    chars: int = 0
    reference: int = 0  # hesitation sounds in the references
    kept: int = 0  # of those, also in the hypothesis (same sound)
    added: int = 0  # in the hypothesis beyond the reference
    counted_kept: int = 0  # min(reported count, reference count) per utterance, sound aside
    counted_over: int = 0
    seconds: float = 0.0
    audio_s: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, utterance: Utterance, hypothesis: str, extra_count: int = 0) -> None:
        ref, hyp = normalise(utterance.reference), normalise(hypothesis)
        self.edits += edit_distance(ref, hyp)
        self.chars += len(ref)
        wanted, got = hesitations(utterance.reference), hesitations(hypothesis)
        self.reference += sum(wanted.values())
        self.kept += sum((wanted & got).values())
        self.added += sum((got - wanted).values())
        reported = sum(got.values()) + extra_count
        self.counted_kept += min(reported, sum(wanted.values()))
        self.counted_over += max(0, reported - sum(wanted.values()))
        if wanted - got:
            self.misses.append(f"{utterance.name}: missing {dict(wanted - got)} in {hypothesis!r}")

    def line(self, name: str) -> str:
        cer = self.edits / max(1, self.chars)
        kept = self.kept / max(1, self.reference)
        counted = self.counted_kept / max(1, self.reference)
        rtf = self.audio_s / self.seconds if self.seconds else float("nan")
        return (
            f"{name:<22} CER {cer:.3f}  hesitations kept {self.kept}/{self.reference} ({kept:.0%}), added "
            f"{self.added}  counted {self.counted_kept}/{self.reference} ({counted:.0%}) over {self.counted_over}"
            f"  {self.seconds:.1f} s ({rtf:.1f}x real time)"
        )


# Options compared side by side: TranscriptSettings overrides, and whether short voiced stretches that no
# word covers are counted as hesitations (the voiced-gap check, measured and not adopted).
OPTIONS: dict[str, tuple[dict[str, Any], bool]] = {
    "old default": ({"asr_hotwords": ""}, False),
    "voiced gaps": ({"asr_hotwords": ""}, True),
    "prompt": ({"asr_hotwords": "", "asr_initial_prompt": "음, 어, 그, 저기, 아, 음... 그러니까 어, 제가 음"}, False),
    "hotwords (default)": ({}, False),
}
GAP_RANGE_S = (0.15, 1.0)  # a voiced stretch this long that no word covers counts as one hesitation


def measure(utterances: list[Utterance], options: list[str], models: Path, vad: Path) -> list[str]:
    """Each option through the service's own transcript pass (``TranscriptAnalyzer.analyse_audio``)."""
    from interview_analysis.analysis.transcript import TranscriptAnalyzer
    from interview_analysis.analysis.transcript.coverage import uncovered, voiced_runs
    from interview_analysis.analysis.transcript.types import Word
    from interview_analysis.analysis.voice.vad import load_vad
    from interview_analysis.config import ModelSettings, Settings, TranscriptSettings

    lines = []
    for name in options:
        overrides, gaps = OPTIONS[name]
        settings = Settings(
            models=ModelSettings(models_dir=models),
            transcript=TranscriptSettings(asr_backend="local", **overrides),
        )
        analyzer = TranscriptAnalyzer(settings)
        analyzer.analyse_audio(utterances[0].audio)  # model load and warm-up, not timed
        score, usable, gate = Score(), 0, []
        for utterance in utterances:
            started = time.perf_counter()
            section = analyzer.analyse_audio(utterance.audio)
            score.seconds += time.perf_counter() - started
            score.audio_s += utterance.audio.size / 16000
            extra = 0
            if gaps:
                voiced = voiced_runs(load_vad(vad).probabilities(utterance.audio))
                words = [Word(w.start, w.end, w.word) for w in section.words]
                extra = sum(1 for p in uncovered(voiced, words) if GAP_RANGE_S[0] <= p.duration_s <= GAP_RANGE_S[1])
            score.add(utterance, section.text, extra)
            usable += bool(section.quality and section.quality.usable)
            if section.quality is not None:
                gate.append(section.quality)
        lines.append(score.line(name) + f"  usable {usable}/{len(utterances)}")
        reasons = Counter(r.value for q in gate for r in q.reasons)
        lines.append(f"{'':<22} gate: {gate_spread(gate)}; reasons {dict(reasons)}")
    return lines


def gate_spread(gate: list[Any]) -> str:
    """Lowest, 10th percentile and median of each gate figure over the utterances."""
    out = []
    for field_name in ("coverage", "chars_per_speech_s", "avg_logprob", "no_speech_prob", "voiced_s"):
        values = sorted(v for q in gate if (v := getattr(q, field_name)) is not None)
        if field_name == "no_speech_prob":
            values.reverse()  # the worst is the highest
        if values:
            out.append(f"{field_name} {values[0]:.2f}/{values[len(values) // 10]:.2f}/{values[len(values) // 2]:.2f}")
    return "worst/p10/median " + ", ".join(out)

"""Follow-up questions on real spontaneous Korean: which rule fires, and whether its quoted words were said.

    .venv/bin/python -P bench/followups.py --kspon DIR [--first 41] [--last 100] [--per-answer 6]

DIR holds the KsponSpeech sample's ``.pcm``/``.txt`` pairs (research data, never committed: see
bench/asr_accuracy.py). Consecutive utterances ``--first``..``--last`` are joined, ``--per-answer`` at a
time with 0.5 s of silence between them, into answers of a few tens of seconds. Each answer goes through
the service's own transcript pass (local Whisper, quality gate, content measures) and ``follow_up``, as
an interview does after each analysed answer. The same rules also run on the human transcript
(as one segment, word times spread evenly by tests/fixtures/transcripts.py; what the rules make of
the real words, recognition errors aside).

Printed per answer: the gate's verdict, the rule that fired and its cue. **Grounded** counts the cues
(from the recognised words) that occur in the human transcript, compared with spaces, punctuation and
number spelling removed: a cue that was not said would put words in the candidate's mouth.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
QUESTION = "최근에 겪은 일 중 기억에 남는 경험을 말씀해 주세요."
_GAP = np.zeros(8000, dtype=np.float32)  # 0.5 s between utterances
_ALTERNATIVE = re.compile(r"\(([^)]*)\)/\(([^)]*)\)")  # KsponSpeech's (spelling)/(pronunciation)
_BINS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))
_NOISE = re.compile(r"\b[a-z]/|[+*/]")


def _load_accuracy() -> Any:
    spec = importlib.util.spec_from_file_location("asr_accuracy", Path(__file__).with_name("asr_accuracy.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["asr_accuracy"] = module
    spec.loader.exec_module(module)
    return module


accuracy = _load_accuracy()


def plain_reference(text: str) -> str:
    """The words as said: both spellings of a (spelling)/(pronunciation) pair kept, noise tags dropped."""
    return _NOISE.sub("", _ALTERNATIVE.sub(r"\1 \2", text))


def _describe(asked: Any) -> str:
    return "none" if asked is None else f"{asked.reason.value} cue={asked.cue!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kspon", type=Path, required=True)
    parser.add_argument("--first", type=int, default=41)
    parser.add_argument("--last", type=int, default=100)
    parser.add_argument("--per-answer", type=int, default=6)
    args = parser.parse_args()
    here = Path(__file__).resolve().parent  # bench/queue.py would shadow the standard library's queue
    sys.path[:] = [str(REPO), *(entry for entry in sys.path if Path(entry or ".").resolve() != here)]

    from interview_analysis.analysis.transcript import TranscriptAnalyzer
    from interview_analysis.config import ModelSettings, Settings, TranscriptSettings
    from interview_analysis.interview import follow_up
    from tests.fixtures.transcripts import timed_section

    wanted = {f"KaiSpeech_{n:06d}" for n in range(args.first, args.last + 1)}
    utterances = [u for u in accuracy.load_kspon(args.kspon) if u.name in wanted]
    settings = Settings(models=ModelSettings(models_dir=REPO / "models"), transcript=TranscriptSettings())
    analyzer = TranscriptAnalyzer(settings)
    recognised: Counter[str] = Counter()
    human: Counter[str] = Counter()
    cues = grounded = 0
    heard: list[tuple[float, bool]] = []  # (Whisper's word probability, the word occurs in what was said)
    asr_s = audio_s = 0.0
    for start in range(0, len(utterances), args.per_answer):
        group = utterances[start : start + args.per_answer]
        audio = np.concatenate([part for u in group for part in (u.audio, _GAP)])
        reference = plain_reference(" ".join(u.reference for u in group))
        began = time.perf_counter()
        section = analyzer.analyse_audio(audio)
        asr_s += time.perf_counter() - began
        audio_s += audio.size / 16000
        said_text = accuracy.normalise(reference)
        heard += [(w.probability, accuracy.normalise(w.word) in said_text) for w in section.words if w.probability]
        asked = follow_up(QUESTION, section)
        from_human = follow_up(QUESTION, timed_section([reference], QUESTION))
        usable = section.quality is None or section.quality.usable
        recognised[asked.reason.value if asked else ("untrusted" if not usable else "none")] += 1
        human[from_human.reason.value if from_human else "none"] += 1
        said = "-"
        if asked is not None:
            cues += 1
            said = "yes" if accuracy.normalise(asked.cue) in accuracy.normalise(reference) else "NO"
            grounded += said == "yes"
        print(f"{group[0].name}..{group[-1].name[-3:]} {audio.size / 16000:5.1f} s gate={'ok' if usable else 'no'}")
        print(f"  whisper: {_describe(asked)} said={said}")
        print(f"  human:   {_describe(from_human)}")
    answers = sum(recognised.values())
    print(f"\n{answers} answers, {audio_s:.0f} s of speech, recognised at {audio_s / asr_s:.1f}x real time")
    print(f"rules on recognised words: {dict(recognised)}")
    print(f"rules on the human transcript: {dict(human)}")
    print(f"grounded cues: {grounded}/{cues} of the recognised words' cues occur in what was said")
    print("word probability -> share of the recognised words that occur in what was said")
    for low, high in _BINS:
        said = [ok for p, ok in heard if low <= p < high]
        share = f"{sum(said) / len(said):.2f}" if said else "-"
        print(f"  [{low:.1f}, {min(high, 1.0):.1f}): {len(said):4d} words, said {share}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

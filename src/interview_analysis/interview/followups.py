"""One follow-up question after an answer, drawn by rules from what the transcript section already holds.

It only reacts to words that were said: a transcript that failed, is empty or that the quality gate
distrusts gives none (a follow-up on misheard words would put words in the candidate's mouth), and
within a trusted one it only quotes words Whisper heard with confidence (``MIN_QUOTE_PROBABILITY``).
The checks run in the order an interviewer would probe a story: its result, then whose work it was, then
the evidence for it, and when nothing is missing, the answer's main topic in more depth.
"""

from __future__ import annotations

import re

from interview_analysis.analysis.transcript.content.cues import GENERIC_NOUNS
from interview_analysis.interview.models import FollowUp, FollowUpReason
from interview_analysis.results import SectionStatus
from interview_analysis.results.content import ContentAnalysis, Quote, StarPart
from interview_analysis.results.transcript import Transcript

MAX_CUE_CHARS = 40
# On real spontaneous Korean (KsponSpeech 41-100, bench/followups.py) 83-95 % of the words Whisper base
# gave at least this probability were said, against 57-68 % below it; two quotes of five tens of
# seconds of speech misheard a word ("농구갱기", "제스할") at 0.64 and 0.45.
MIN_QUOTE_PROBABILITY = 0.7
_MAX_QUOTE_WORDS = 30
_NON_WORD = re.compile(r"[\W_]+")
ASK_RESULT = "그 결과는 어땠나요? 수치로 말씀해 주실 수 있나요?"
ASK_ROLE = "그때 본인이 맡은 역할은 무엇이었나요?"
_UNQUOTABLE = str.maketrans("", "", "'\"‘’“”<>{}`")
# When and where a story happened: asking to be more concrete about "작년" or "대학교" leads nowhere.
_SETTING_NOUNS = frozenset(
    {"작년", "올해", "재작년", "봄", "여름", "가을", "겨울", "학기", "방학", "학년", "시절", "당시", "처음", "마지막"}
    | {"이후", "이전", "오늘", "어제", "매일", "동안", "기간", "대학교", "대학", "학교", "교내", "회사", "저희", "우리"}
)
_STORY = (StarPart.SITUATION, StarPart.TASK, StarPart.ACTION)


def heard(transcript: Transcript, text: str, near_s: float | None = None) -> bool:
    """True when the words that spell ``text`` (the run nearest ``near_s``) were each heard with at least
    ``MIN_QUOTE_PROBABILITY``. A backend that gives no word confidence is taken at its word; words that
    cannot be found again are not quoted."""
    if not any(w.probability is not None for w in transcript.words):
        return True
    target = _NON_WORD.sub("", text)
    if not target:
        return False
    runs: list[tuple[float, bool]] = []  # (distance from near_s, every word confident)
    spelled = [_NON_WORD.sub("", w.word) for w in transcript.words]
    for i, first in enumerate(transcript.words):
        joined = ""
        for j in range(i, min(i + _MAX_QUOTE_WORDS, len(spelled))):
            joined += spelled[j]
            if target in joined:
                if target in joined[len(spelled[i]) :]:
                    break  # not the shortest run: the run from a later word holds it
                run = transcript.words[i : j + 1]
                sure = all(_confident(w.probability) for w in run)
                runs.append((abs(first.start - near_s) if near_s is not None else float(i), sure))
                break
    return bool(runs) and min(runs)[1]


def _cue(quote: Quote, transcript: Transcript) -> str | None:
    """The whole sentence when short (it reads as the claim), else the words that triggered the finding;
    None when neither was heard with confidence."""
    sentence = quote.sentence.strip().rstrip(".!?").strip().translate(_UNQUOTABLE).strip()
    trigger = quote.cue[:MAX_CUE_CHARS].translate(_UNQUOTABLE).strip()  # quoted: no quote marks or markup
    for cue in ([sentence] if len(sentence) <= MAX_CUE_CHARS else []) + [trigger]:
        if cue and heard(transcript, cue, quote.start):
            return cue
    return None


def _quoted(quotes: list[Quote], transcript: Transcript) -> tuple[Quote, str] | None:
    """The first of ``quotes`` that can be quoted, with its cue."""
    for quote in quotes:
        cue = _cue(quote, transcript)
        if cue is not None:
            return quote, cue
    return None


def _from_content(content: ContentAnalysis, transcript: Transcript) -> FollowUp | None:
    star, owned = content.star, content.ownership
    told = [q for q in star.quotes if q.kind in _STORY]
    # A result is only asked for where a story was told: "저는 꼼꼼한 편입니다" has no result to miss.
    # The latest step told is the one whose outcome is missing.
    last = _quoted(told[::-1], transcript) if StarPart.RESULT in star.missing else None
    if last is not None:
        return FollowUp(text=ASK_RESULT, reason=FollowUpReason.MISSING_RESULT, cue=last[1], at_s=last[0].start)
    we = _quoted([q for q in owned.quotes if q.kind == "we"], transcript) if owned.i_count == 0 else None
    if we is not None:
        return FollowUp(text=ASK_ROLE, reason=FollowUpReason.MISSING_ROLE, cue=we[1], at_s=we[0].start)
    actions = [q for q in star.quotes if q.kind == StarPart.ACTION]
    action = _quoted(actions, transcript) if content.concreteness.count == 0 else None
    if action is not None:
        text = f"'{action[1]}'라고 하셨는데, 이를 보여 주는 구체적인 사례나 수치를 말씀해 주실 수 있나요?"
        return FollowUp(text=text, reason=FollowUpReason.CLAIM_WITHOUT_EVIDENCE, cue=action[1], at_s=action[0].start)
    return None


def _noun_at(transcript: Transcript, noun: str) -> float | None:
    """When the noun was first heard with confidence: its word's time, else its segment's."""
    sure = [w for w in transcript.words if noun in w.word and _confident(w.probability)]
    if sure:
        return sure[0].start
    return next((s.start for s in transcript.segments if noun in s.text), None)


def _key_noun(question: str, transcript: Transcript) -> FollowUp | None:
    """The heaviest noun of the answer, heard with confidence, that the question did not already name
    (asking back about the question's own topic adds nothing), or the heaviest at all when the answer
    only echoes it."""
    nouns = [n for n in transcript.keywords if n not in GENERIC_NOUNS and n not in _SETTING_NOUNS]
    ranked = sorted(nouns, key=lambda n: (n in question, -transcript.keywords[n]))
    noun = next((n[:MAX_CUE_CHARS] for n in ranked if _said_with_confidence(transcript, n)), None)
    if noun is None:
        return None
    text = f"말씀하신 '{noun}'에 대해 조금 더 구체적으로 설명해 주시겠어요?"
    return FollowUp(text=text, reason=FollowUpReason.KEY_NOUN, cue=noun, at_s=_noun_at(transcript, noun))


def _said_with_confidence(transcript: Transcript, noun: str) -> bool:
    """Some word holding the noun was heard with confidence (a noun Kiwi found is inside a word)."""
    holding = [w for w in transcript.words if noun in w.word]
    return any(_confident(w.probability) for w in holding) if holding else heard(transcript, noun)


def _confident(probability: float | None) -> bool:
    return probability is None or probability >= MIN_QUOTE_PROBABILITY


def follow_up(question: str, transcript: Transcript) -> FollowUp | None:
    """At most one follow-up to ``question``, or None when the transcript cannot be trusted to ask from."""
    if transcript.status != SectionStatus.COMPLETED or not transcript.text.strip():
        return None
    if transcript.quality is not None and not transcript.quality.usable:
        return None
    if transcript.content is not None:
        found = _from_content(transcript.content, transcript)
        if found is not None:
            return found
    return _key_noun(question, transcript)

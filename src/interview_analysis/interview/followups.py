"""One follow-up question after an answer, drawn by rules from what the transcript section already holds.

It only reacts to words that were said: a transcript that failed, is empty or that the quality gate
distrusts gives none (a follow-up on misheard words would put words in the candidate's mouth). The
checks run in the order an interviewer would probe a story: its result, then whose work it was, then
the evidence for it, and when nothing is missing, the answer's main topic in more depth.
"""

from __future__ import annotations

from interview_analysis.analysis.transcript.content.cues import GENERIC_NOUNS
from interview_analysis.interview.models import FollowUp, FollowUpReason
from interview_analysis.results import SectionStatus
from interview_analysis.results.content import ContentAnalysis, Quote, StarPart
from interview_analysis.results.transcript import Transcript

MAX_CUE_CHARS = 40
ASK_RESULT = "그 결과는 어땠나요? 수치로 말씀해 주실 수 있나요?"
ASK_ROLE = "그때 본인이 맡은 역할은 무엇이었나요?"
_UNQUOTABLE = str.maketrans("", "", "'\"‘’“”<>{}`")
# When and where a story happened: asking to be more concrete about "작년" or "대학교" leads nowhere.
_SETTING_NOUNS = frozenset(
    {"작년", "올해", "재작년", "봄", "여름", "가을", "겨울", "학기", "방학", "학년", "시절", "당시", "처음", "마지막"}
    | {"이후", "이전", "오늘", "어제", "매일", "동안", "기간", "대학교", "대학", "학교", "교내", "회사", "저희", "우리"}
)
_STORY = (StarPart.SITUATION, StarPart.TASK, StarPart.ACTION)


def _cue(quote: Quote) -> str:
    """The whole sentence when short (it reads as the claim), else the words that triggered the finding."""
    sentence = quote.sentence.strip().rstrip(".!?").strip()
    cue = sentence if len(sentence) <= MAX_CUE_CHARS else quote.cue[:MAX_CUE_CHARS]
    return cue.translate(_UNQUOTABLE).strip()  # it is quoted in the question, so no quote marks or markup


def _first(content: ContentAnalysis, kinds: tuple[str, ...]) -> Quote | None:
    return next((q for q in content.star.quotes if q.kind in kinds), None)


def _from_content(content: ContentAnalysis) -> FollowUp | None:
    star, owned = content.star, content.ownership
    told = [q for q in star.quotes if q.kind in _STORY]
    # A result is only asked for where a story was told: "저는 꼼꼼한 편입니다" has no result to miss.
    if StarPart.RESULT in star.missing and told:
        last = told[-1]  # the latest step told is the one whose outcome is missing
        return FollowUp(text=ASK_RESULT, reason=FollowUpReason.MISSING_RESULT, cue=_cue(last), at_s=last.start)
    if owned.i_count == 0 and owned.we_count > 0:
        we = next(q for q in owned.quotes if q.kind == "we")
        return FollowUp(text=ASK_ROLE, reason=FollowUpReason.MISSING_ROLE, cue=_cue(we), at_s=we.start)
    action = _first(content, (StarPart.ACTION,))
    if content.concreteness.count == 0 and action is not None:
        cue = _cue(action)
        text = f"'{cue}'라고 하셨는데, 이를 보여 주는 구체적인 사례나 수치를 말씀해 주실 수 있나요?"
        return FollowUp(text=text, reason=FollowUpReason.CLAIM_WITHOUT_EVIDENCE, cue=cue, at_s=action.start)
    return None


def _noun_at(transcript: Transcript, noun: str) -> float | None:
    """When the noun was first said: its word's time, else its segment's."""
    word = next((w for w in transcript.words if noun in w.word), None)
    if word is not None:
        return word.start
    return next((s.start for s in transcript.segments if noun in s.text), None)


def _key_noun(question: str, transcript: Transcript) -> FollowUp | None:
    """The heaviest noun of the answer that the question did not already name (asking back about the
    question's own topic adds nothing), or the heaviest noun at all when the answer only echoes it."""
    nouns = [n for n in transcript.keywords if n not in GENERIC_NOUNS and n not in _SETTING_NOUNS]
    ranked = sorted(nouns, key=lambda n: (n in question, -transcript.keywords[n]))
    if not ranked:
        return None
    noun = ranked[0][:MAX_CUE_CHARS]
    text = f"말씀하신 '{noun}'에 대해 조금 더 구체적으로 설명해 주시겠어요?"
    return FollowUp(text=text, reason=FollowUpReason.KEY_NOUN, cue=noun, at_s=_noun_at(transcript, noun))


def follow_up(question: str, transcript: Transcript) -> FollowUp | None:
    """At most one follow-up to ``question``, or None when the transcript cannot be trusted to ask from."""
    if transcript.status != SectionStatus.COMPLETED or not transcript.text.strip():
        return None
    if transcript.quality is not None and not transcript.quality.usable:
        return None
    if transcript.content is not None:
        found = _from_content(transcript.content)
        if found is not None:
            return found
    return _key_noun(question, transcript)

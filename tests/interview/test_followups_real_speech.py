"""Follow-ups on a real recording: human Korean speech through local Whisper, as an interview runs it."""

import re

from interview_analysis.analysis.base import AnswerContext
from interview_analysis.analysis.transcript import TranscriptAnalyzer
from interview_analysis.interview.followups import heard
from tests.analysis.test_transcript import HUMAN_CLIP, HUMAN_TEXT, read_wav, settings

QUESTION = "최근에 겪은 일을 말씀해 주세요."
_NON_WORD = re.compile(r"[\W_]+")


def test_only_words_that_were_said_can_be_quoted_from_real_speech() -> None:
    section = TranscriptAnalyzer(settings(), AnswerContext(question=QUESTION)).analyse_audio(read_wav(HUMAN_CLIP))
    said = _NON_WORD.sub("", HUMAN_TEXT)
    quotable = [w.word for w in section.words if heard(section, w.word, w.start)]
    assert quotable, "most of a clean sentence is heard with confidence"
    for word in quotable:
        assert _NON_WORD.sub("", word) in said, f"{word!r} would be quoted but was not said"

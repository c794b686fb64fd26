"""Korean keywords of what the candidate said (the transcript's nouns) with Kiwi.

Kiwi's model ships in the ``kiwipiepy-model`` wheel; loading it takes about a second
and a first analysis another, so the analyzer is built once per process, lazily, and
called from a thread, never on the event loop.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

_NOUN_TAGS = frozenset({"NNG", "NNP"})
_STOP = frozenset({"정도", "부분", "경우", "때문", "이번", "다음", "전체", "점수", "비율", "가장", "초간"})
TOP_K = 10


@cache
def kiwi() -> Any:
    """The process's one Kiwi (about 300-500 MB): keywords here, filler words in the transcript pass."""
    from kiwipiepy import Kiwi

    return Kiwi()


def warm_up() -> None:
    kiwi().tokenize("면접 연습을 시작합니다.")


def keyword_scores(texts: list[str], seed: list[str] | None = None) -> dict[str, float]:
    """Nouns by frequency, weighted 0..1 against the most frequent; the writer's own keywords count double."""
    counts: Counter[str] = Counter()
    for text in texts:
        for token in kiwi().tokenize(text):
            if token.tag in _NOUN_TAGS and len(token.form) >= 2 and token.form not in _STOP:
                counts[token.form] += 1
    for word in seed or []:
        counts[word] += 2
    if not counts:
        return {}
    top = counts.most_common(TOP_K)
    peak = top[0][1]
    return {word: round(count / peak, 3) for word, count in top}

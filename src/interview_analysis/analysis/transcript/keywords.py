"""Korean keywords of what the candidate said (the transcript's nouns) with Kiwi.

Kiwi's model ships in the ``kiwipiepy-model`` wheel (about 500 MB in memory; loading it takes
about a second), so it lives in the worker processes only: the transcript pass tags the answer
once and stores its weighted nouns as ``transcript.keywords`` (``weigh_nouns``); the feedback
writer in the API process reads them from the stored result (``feedback.measures.stored_keywords``)
and never loads Kiwi.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

_NOUN_TAGS = frozenset({"NNG", "NNP"})
_STOP = frozenset({"정도", "부분", "경우", "때문", "이번", "다음", "전체", "점수", "비율", "가장", "초간"})
TOP_K = 10


@cache
def kiwi() -> Any:
    """The process's one Kiwi: keywords here, filler words in the transcript pass (worker processes only).

    Without the typo, multi-word and default user dictionaries it holds 264 MB instead of 491 MB (kiwipiepy
    0.24). The first two add typo-corrected and multi-word entries, which recognised speech (spelled by the
    recogniser) does not need; the third adds proper nouns, and of 48 company, school and tech names in a
    sentence the tags changed for two, NNP to NNG, both nouns to the keywords."""
    from kiwipiepy import Kiwi

    return Kiwi(load_default_dict=False, load_typo_dict=False, load_multi_dict=False)


def warm_up() -> None:
    kiwi().tokenize("면접 연습을 시작합니다.")


def weigh_nouns(tokens: Iterable[tuple[str, str]], seed: list[str] | None = None) -> dict[str, float]:
    """Nouns among Kiwi's ``(form, tag)`` tokens by frequency, weighted 0..1 against the most frequent (top
    ``TOP_K``); ``seed`` words count double."""
    counts: Counter[str] = Counter(
        form for form, tag in tokens if tag in _NOUN_TAGS and len(form) >= 2 and form not in _STOP
    )
    for word in seed or []:
        counts[word] += 2
    if not counts:
        return {}
    top = counts.most_common(TOP_K)
    peak = top[0][1]
    return {word: round(count / peak, 3) for word, count in top}


def keyword_scores(texts: list[str], seed: list[str] | None = None) -> dict[str, float]:
    """``weigh_nouns`` over texts tokenised here (loads Kiwi: worker processes and tools only)."""
    return weigh_nouns(((t.form, t.tag) for text in texts for t in kiwi().tokenize(text)), seed)

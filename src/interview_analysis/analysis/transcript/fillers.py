"""Korean filler words, repetitions and restarts, told apart from real words by Kiwi's tags.

The rule (docs/transcript.md):

* **Hesitation sounds** (음, 어, 으, 그, 저, 저기, 뭐, 아, 에, 흠, 엄) count only when Kiwi tags them
  ``IC`` (interjection). "어 그 회사에서" gives 그/IC, a filler; "그 회사는" gives 그/MM (a
  determiner, "that company"), not a filler; "저는" (저/NP, "I") and "뭐 하세요" (뭐/NP) are
  not fillers either.
* **Discourse markers** (이제, 좀, 약간, 막, 사실, 그러니까) are also ordinary adverbs ("이제
  졸업했습니다", "좀 더"), and no tag separates the two uses. They count only when used as
  an adverb (``MAG``/``MAJ``: "사실을", "약간의" are nouns and never count) *and* they sit in
  a hesitation: right next to another filler ("음 이제", "그러니까 막"), or followed by a
  pause of at least ``MARKER_PAUSE_S`` when word times show one. This undercounts a
  speaker who says 이제 in every sentence without pausing, and never flags a real
  "now"; the feedback only ever cites what is counted.
* **Repetitions**: the same word twice or more in a row ("제가 제가"), or the same two words
  twice ("제가 그 제가 그"). **Restarts**: a word cut off and begun again ("저 저는" where the
  next word starts with the same morpheme, "프로 프로젝트를" where it starts with the same two
  or more characters). Hesitation sounds repeated ("음 음") are fillers, not repetitions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from interview_analysis.analysis.transcript.tagging import Morph, Tagged

HESITATIONS = frozenset({"음", "어", "으", "그", "저", "저기", "뭐", "아", "에", "흠", "엄", "음음", "어어"})
MARKERS = frozenset({"이제", "좀", "약간", "막", "사실", "그러니까"})
MARKER_TAGS = frozenset({"MAG", "MAJ"})
MARKER_PAUSE_S = 0.5
_PUNCT = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Filler:
    word: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Repetition:
    text: str
    start: float


def _is_hesitation(morph: Morph) -> bool:
    return morph.tag == "IC" and morph.form in HESITATIONS


def _content(morphs: tuple[Morph, ...]) -> list[Morph]:
    """Morphemes without punctuation and symbols (Kiwi's S* tags), so that "음, 이제" is adjacent."""
    return [m for m in morphs if not m.tag.startswith("S")]


def _pause_after(tagged: Tagged, unit: int) -> bool:
    units = tagged.units
    if unit + 1 >= len(units) or not (units[unit].timed and units[unit + 1].timed):
        return False
    return units[unit + 1].start - units[unit].end >= MARKER_PAUSE_S


def find_fillers(tagged: Tagged) -> list[Filler]:
    morphs = _content(tagged.morphs)
    hesitant = [_is_hesitation(m) for m in morphs]
    marker = [m.form in MARKERS and m.tag in MARKER_TAGS for m in morphs]
    found: list[Filler] = []
    for i, morph in enumerate(morphs):
        if hesitant[i]:
            pass
        elif marker[i]:
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(morphs) and morphs[j].unit != morph.unit]
            if not (any(hesitant[j] or marker[j] for j in near) or _pause_after(tagged, morph.unit)):
                continue
        else:
            continue
        unit = tagged.units[morph.unit]
        found.append(Filler(morph.form, unit.start, unit.end))
    return found


def by_word(fillers: list[Filler]) -> dict[str, int]:
    return dict(Counter(f.word for f in fillers).most_common())


def _bare(text: str) -> str:
    return _PUNCT.sub("", text)


def find_repetitions(tagged: Tagged) -> list[Repetition]:
    units = tagged.units
    words = [_bare(u.text) for u in units]
    first = [tagged.first_morph_of(i) for i in range(len(units))]
    found: list[Repetition] = []
    i = 0
    while i < len(units) - 1:
        a, b = words[i], words[i + 1]
        lead = first[i]
        if not a or (lead is not None and _is_hesitation(lead) and a == b):
            i += 1
            continue
        run = 1
        while i + run < len(units) and words[i + run] == a:
            run += 1
        if run > 1:
            found.append(Repetition(" ".join(u.text for u in units[i : i + run]), units[i].start))
            i += run
            continue
        if i + 3 < len(units) and words[i : i + 2] == words[i + 2 : i + 4] and words[i] != words[i + 1]:
            found.append(Repetition(" ".join(u.text for u in units[i : i + 4]), units[i].start))
            i += 4
            continue
        follower = first[i + 1]
        restarted = (
            b.startswith(a) and len(b) > len(a) and (len(a) >= 2 or (follower is not None and follower.form == a))
        )
        if restarted:
            found.append(Repetition(f"{units[i].text} {units[i + 1].text}", units[i].start))
            i += 2
            continue
        i += 1
    return found

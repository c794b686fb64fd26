"""The candidate's own words, one Kiwi sentence at a time, and the small morpheme tests every measure shares.

Words the candidate reports rather than claims are left out before any measure looks: whatever sits in
quote marks, and a reported question ("그 결과가 어땠냐고 물으신다면"), so that a repeated interview
question is never read as the candidate's result.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from interview_analysis.analysis.transcript.content import cues
from interview_analysis.analysis.transcript.tagging import Morph, Tagged, Unit
from interview_analysis.results.content import Quote

_STRIP = ".,!?;:'\"“”‘’()[]…·"


@dataclass(frozen=True, slots=True)
class Said:
    text: str  # Kiwi's sentence, as quoted
    morphs: tuple[Morph, ...]  # tags without Kiwi's irregular marks (VA-I is VA), reported words left out
    question: bool
    units: tuple[Unit, ...]  # the whole transcript's, for times

    def has(self, i: int, tags: Collection[str] = (), forms: Collection[str] = ()) -> bool:
        """Whether morpheme ``i`` exists and has one of ``tags`` and one of ``forms`` (an empty test passes)."""
        if not 0 <= i < len(self.morphs):
            return False
        morph = self.morphs[i]
        return (not tags or morph.tag in tags) and (not forms or morph.form in forms)

    def quote(self, kind: str, first: int, last: int) -> Quote:
        """The words of morphemes ``first..last`` with their units' times."""
        a, b = self.morphs[first].unit, self.morphs[last].unit
        words = " ".join(unit.text for unit in self.units[a : b + 1]).strip(_STRIP)
        return Quote(kind=kind, cue=words, sentence=self.text, start=self.units[a].start, end=self.units[b].end)

    @property
    def past(self) -> bool:
        return any(m.tag == "EP" and m.form in cues.PAST for m in self.morphs)

    def first_person(self, i: int) -> bool:
        return self.has(i, ("NP",), cues.I_FORMS)

    @property
    def i_subject(self) -> bool:
        """제가, 저는, 내가, 나는: the candidate as the one who acts."""
        return any(self.first_person(i) and self.has(i + 1, ("JKS", "JX")) for i in range(len(self.morphs)))


def past_from(said: Said, k: int) -> bool:
    """Whether the predicate whose stem is morpheme ``k`` is in the past ("도입했습니다", "해결해 나갔습니다").

    Walks the verb's suffixes, auxiliaries and pre-final endings only; "해결해야 했습니다" (an obligation)
    and "해결하려고 했습니다" (an intent) stop at their connective ending and are not past actions, nor
    are "나섰다면" and "줄었을 것입니다" (what would have happened)."""
    i = k + 1
    while i < len(said.morphs):
        morph = said.morphs[i]
        if morph.tag == "EP" and morph.form in cues.PAST:
            after = next((m for m in said.morphs[i + 1 :] if m.tag != "EP"), None)
            return after is None or after.form not in cues.UNREAL
        auxiliary_next = said.has(i + 1, ("VX",)) or said.has(i + 1, ("VV",), ("되",))  # "도입하게 되었습니다"
        linking = morph.tag == "EC" and morph.form in ("어", "아", "게", "고") and auxiliary_next
        if not (morph.tag in ("XSV", "XSA", "EP", "VX") or linking or (morph.tag == "VV" and morph.form == "되")):
            return False
        i += 1
    return False


def stems(said: Said) -> Iterator[tuple[int, int, str]]:
    """Each predicate as ``(first, stem, lemma)``: a verb (``first == stem``) or a noun + 하다/되다."""
    morphs = said.morphs
    for i, morph in enumerate(morphs):
        if morph.tag == "VV":
            yield i, i, morph.form
        elif morph.tag == "NNG" and said.has(i + 1, ("XSV",)):
            yield i, i + 1, morph.form


def ends_a_when_clause(said: Said, stem: int) -> bool:
    """Whether the predicate sets a scene ("근무했을 때") instead of telling an act."""
    for i in range(stem + 1, min(stem + 5, len(said.morphs))):
        if said.has(i, ("ETM",)):
            return said.has(i + 1, ("NNG",), ("때",))
        if said.morphs[i].tag not in ("XSV", "EP"):
            return False
    return False


def _is_question(morphs: list[Morph], text: str) -> bool:
    if text.rstrip().endswith("?"):
        return True
    words = [m for m in morphs if not m.tag.startswith("S")]
    return bool(words) and words[-1].tag == "EF" and words[-1].form.endswith(cues.QUESTION_ENDINGS)


def _reported(morphs: list[Morph]) -> set[int]:
    """Indices of words in quote marks or in a reported question: the candidate's words, not their claims."""
    hidden: set[int] = set()
    opened: int | None = None
    for i, morph in enumerate(morphs):
        if morph.form in cues.QUOTE_MARKS and morph.tag.startswith("SS"):
            if opened is None and morph.tag == "SSO":
                opened = i
            elif opened is not None:
                hidden.update(range(opened, i + 1))
                opened = None
        if _ends_reported_question(morphs, i):
            start = i - 1
            while start >= 0 and morphs[start].tag not in ("EC", "EF", "SF", "SP"):
                start -= 1
            hidden.update(range(start + 1, i + 1))
    if opened is not None:
        hidden.update(range(opened, len(morphs)))
    return hidden


def _ends_reported_question(morphs: list[Morph], i: int) -> bool:
    morph = morphs[i]
    following = morphs[i + 1] if i + 1 < len(morphs) else None
    if morph.tag == "EC" and morph.form.endswith(cues.REPORTED_QUESTION):
        return True
    if morph.tag == "EC" and morph.form in cues.EMBEDDED_QUESTION:
        return following is not None and following.form in cues.ASKING
    if morph.tag == "EF" and morph.form.endswith(cues.QUESTION_ENDINGS):
        rest = [m for m in morphs[i + 1 : i + 4] if m.tag not in ("SF", "SSC")]
        return bool(rest) and rest[0].tag == "JKQ"
    return False


def sentences(tagged: Tagged) -> list[Said]:
    """Kiwi's sentences with their morphemes; a unit shared by two sentences goes to the first."""
    found: list[Said] = []
    position = 0
    morphs = tagged.morphs
    for sentence in tagged.sentences:
        own: list[Morph] = []
        while position < len(morphs) and morphs[position].unit <= sentence.last_unit:
            morph = morphs[position]
            if morph.unit >= sentence.first_unit:
                own.append(Morph(morph.form, morph.tag.split("-")[0], morph.unit))
            position += 1
        hidden = _reported(own)
        kept = tuple(m for i, m in enumerate(own) if i not in hidden)
        found.append(Said(sentence.text, kept, _is_question(own, sentence.text), tagged.units))
    return found

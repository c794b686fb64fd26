"""How checkable, how sure and whose the answer's claims are: concreteness, hedging, ownership.

Numbers count only with a counter or unit ("3개월", "20%", "세 명", "1억 원"): a bare digit is often a
name or a version. Hedges count only in their hedging use: "같습니다" after 것/거 ("좋았던 것
같습니다"), never "두 방법은 같습니다"; 조금/좀 only as an adverb before a claim about oneself, never
"조금씩" (gradually) nor "좀 더" (a degree).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from interview_analysis.analysis.transcript.content import cues
from interview_analysis.analysis.transcript.content.said import Said, past_from, stems
from interview_analysis.results.content import Concreteness, Hedging, Ownership, Quote


@dataclass(frozen=True, slots=True)
class Number:
    first: int
    last: int  # the counter, or the span's tail ("동안")
    kind: str  # "number" | "time_span"


def _numeral(said: Said, i: int) -> bool:
    return said.has(i, ("SN", "NR")) or said.has(i, ("MM",), cues.NATIVE_NUMERALS)


def _one_span(said: Said, i: int) -> bool:
    """한 counts when a time unit and a span's tail follow it: "한 달 동안"."""
    return (
        said.has(i, ("MM",), ("한",))
        and said.has(i + 1, forms=cues.TIME_UNITS)
        and said.has(i + 2, forms=cues.SPAN_TAILS)
    )


def numbers(said: Said) -> Iterator[Number]:
    i, morphs = 0, said.morphs
    while i < len(morphs):
        if not (_numeral(said, i) or _one_span(said, i)):
            i += 1
            continue
        last = i
        while said.has(last + 1, ("SN", "NR")):
            last += 1  # "1억", "스물 여섯"
        counter = last + 1
        percent = said.has(counter, ("SW",), ("%",))
        if not (percent or said.has(counter, ("NNB", "NNG"), cues.COUNTERS | cues.NOT_CONCRETE)):
            i = counter
            continue
        form = morphs[counter].form
        if form in cues.NOT_CONCRETE or said.has(counter + 1, ("XSN",), ("생", "제")):  # "97년생", "4년제"
            i = counter + 1
            continue
        digits = morphs[i].tag == "SN"
        year = form == "년" and digits and morphs[i].form.isdigit() and int(morphs[i].form) >= 1000
        timed = form in cues.TIME_UNITS and not year and (form != "분" or digits)  # "세 분" are people
        end = counter + 1 if timed and said.has(counter + 1, forms=cues.SPAN_TAILS) else counter
        yield Number(i, end, "time_span" if timed else "number")
        i = end + 1


def named_results(said: Said) -> Iterator[tuple[int, int]]:
    """Achievements and measured changes in the past: "출시했습니다", "매출이 증가했습니다"."""
    if said.question:
        return
    for i in range(len(said.morphs)):
        awarded = said.has(i + 1, ("JKO",)) and said.has(i + 2, ("VV",), ("받",)) and past_from(said, i + 2)
        if said.has(i, ("NNG",), cues.AWARDS) and awarded:
            yield i, i + 2  # "최우수상을 받았습니다"
    for first, stem, lemma in stems(said):
        if lemma in cues.ACHIEVEMENTS and past_from(said, stem):
            yield first, stem
        elif (lemma in cues.CHANGE_NOUNS or lemma in cues.CHANGE_VERBS) and past_from(said, stem):
            metric = next((j for j in range(first - 1, max(-1, first - 5), -1) if _metric(said, j)), None)
            between = range(metric - 3, first) if metric is not None else range(0)  # "1억 원의 비용을"
            if metric is not None and not any(_numeral(said, j) for j in between):
                yield metric, stem


def _metric(said: Said, i: int) -> bool:
    return said.has(i, ("NNG",), cues.METRICS)


def concreteness(sentences: list[Said]) -> Concreteness:
    quotes: list[Quote] = []
    for said in sentences:
        found = [(n.first, said.quote(n.kind, n.first, n.last)) for n in numbers(said)]
        found += [(first, said.quote("result", first, last)) for first, last in named_results(said)]
        quotes += [quote for _, quote in sorted(found, key=lambda pair: pair[0])]
    return Concreteness(count=len(quotes), quotes=quotes)


def _hedges(said: Said) -> Iterator[tuple[int, int]]:
    for i, morph in enumerate(said.morphs):
        if said.has(i, ("MAG", "NNB"), cues.HEDGE_WORDS):
            yield i, i
        elif said.has(i, ("MM",), ("어느",)) and said.has(i + 1, ("NNG",), ("정도",)):
            yield i, i + 1
        elif (
            morph.tag == "NNB"
            and morph.form in cues.SEEM
            and (said.has(i + 1, ("VA",), ("같",)) or (morph.form == "듯" and said.has(i + 1, ("XSA", "VA"))))
        ):
            yield i, i + 1  # "것 같습니다", "듯합니다"
        elif _maybe(said, i):
            yield i - 1, i + 2  # "실패할 수도 있습니다"
        elif morph.tag in ("EF", "EC") and morph.form.endswith("까") and said.has(i + 1, ("VX",), ("싶",)):
            yield i, i + 1  # "않았을까 싶습니다"
        elif _softener(said, i):
            yield i, i


def _maybe(said: Said, i: int) -> bool:
    return (
        said.has(i, ("NNB",), ("수",))
        and said.has(i - 1, ("ETM",), ("ᆯ", "을"))
        and said.has(i + 1, ("JX",), ("도",))
        and said.has(i + 2, forms=("있",))
    )


def _softener(said: Said, i: int) -> bool:
    """조금/좀/약간 as an adverb, not before 더/덜, in a sentence whose subject is the candidate."""
    if not said.has(i, ("MAG",), cues.SOFTENERS) or said.has(i + 1, forms=cues.COMPARATIVE):
        return False
    return any(said.first_person(j) for j in range(i)) and said.has(i + 1, ("VA", "VV", "MAG", "NNG"))


def hedging(sentences: list[Said]) -> Hedging:
    quotes = [said.quote("hedge", first, last) for said in sentences for first, last in _hedges(said)]
    return Hedging(count=len(quotes), quotes=quotes)


def _we(said: Said, i: int) -> bool:
    """저희/우리 as the ones who acted: the subject or topic ("저희는", "우리가"), or before a team word
    ("저희 팀", "우리 조"). "저희 회사" (the company applied to or worked for) is no "we"."""
    if not said.has(i, ("NP",), cues.WE_FORMS):
        return False
    if said.has(i + 1, ("JKS", "JX")):
        return True
    team = i + 2 if said.has(i + 1, ("JKG",)) else i + 1
    return said.has(team, ("NNG",), cues.TEAM)


def _i(said: Said, i: int) -> bool:
    """제가, 저는, 저도, 제 (저+의), 내가, 나는: the candidate as subject, topic or owner; "저를 믿어
    주셨습니다" is something done to them and says nothing of who did the work."""
    return said.first_person(i) and said.has(i + 1, ("JKS", "JX", "JKG"))


def ownership(sentences: list[Said]) -> Ownership:
    quotes: list[Quote] = []
    for said in sentences:
        for i in range(len(said.morphs)):
            if _i(said, i):
                quotes.append(said.quote("i", i, i))
            elif _we(said, i):
                quotes.append(said.quote("we", i, i))
    i_count = sum(q.kind == "i" for q in quotes)
    we_count = len(quotes) - i_count
    share = round(i_count / (i_count + we_count), 3) if quotes else None
    return Ownership(i_count=i_count, we_count=we_count, i_share=share, quotes=quotes)

"""Content measures of a Kiwi-tagged answer: STAR, concreteness, hedging, ownership, relevance, blind-hiring risks.

Every finding quotes the words it rests on with their times (``results.content.Quote``), so the feedback
cites only what was said and the candidate can jump to it. The rules favour precision: a cue in doubt
stays silent (see each module's docstring for the traps it avoids).
"""

from __future__ import annotations

from interview_analysis.analysis.transcript.content.blind import blind_hiring
from interview_analysis.analysis.transcript.content.claims import concreteness, hedging, ownership
from interview_analysis.analysis.transcript.content.relevance import relevance
from interview_analysis.analysis.transcript.content.said import sentences
from interview_analysis.analysis.transcript.content.star import star
from interview_analysis.analysis.transcript.tagging import Tagged
from interview_analysis.results.content import ContentAnalysis

__all__ = ["analyse_content"]


def analyse_content(tagged: Tagged, question: str | None = None, posting: str | None = None) -> ContentAnalysis:
    """``question`` and ``posting`` are plain text; without them relevance scores stay ``None``."""
    said = sentences(tagged)
    return ContentAnalysis(
        star=star(said),
        concreteness=concreteness(said),
        hedging=hedging(said),
        ownership=ownership(said),
        relevance=relevance(tagged, question, posting),
        blind_hiring=blind_hiring(said),
    )

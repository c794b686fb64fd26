"""Mock interviews offline: a question plan from a job posting and a 자기소개서, and rules follow-ups.

No language model, HTTP or storage here; posting and 자기소개서 text are untrusted and reach a question
only as short quoted noun phrases. Kiwi is loaded on first use (``analysis.transcript.keywords.kiwi``).
"""

from interview_analysis.interview.followups import follow_up
from interview_analysis.interview.models import (
    FollowUp,
    FollowUpReason,
    ParsedPosting,
    PlannedQuestion,
    QuestionSource,
)
from interview_analysis.interview.planner import has_final_consonant, particle, plan_questions
from interview_analysis.interview.posting import parse_posting
from interview_analysis.interview.self_intro import Experience, claimed_experiences

__all__ = [
    "Experience",
    "FollowUp",
    "FollowUpReason",
    "ParsedPosting",
    "PlannedQuestion",
    "QuestionSource",
    "claimed_experiences",
    "follow_up",
    "has_final_consonant",
    "parse_posting",
    "particle",
    "plan_questions",
]

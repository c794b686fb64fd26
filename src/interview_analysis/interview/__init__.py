"""Mock interviews offline: a question plan from a job posting and a 자기소개서, and rules follow-ups.

No storage here. Posting and 자기소개서 text are untrusted: the rules quote them only as short noun
phrases, and ``llm_planner`` (an OpenAI-compatible model, when one is configured) sees them only inside
the data fence and keeps no question it cannot check. Kiwi is loaded on first use.
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

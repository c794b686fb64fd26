"""The LLM path of the mock-interview planner and follow-up writer, used when an LLM is configured.

The model only proposes. Every question is checked here: Korean, one plain line ending as a sentence, no
markup, no echo of an instruction planted in the posting, quotes and cues that really occur in what the
candidate gave, no near-duplicate. Whatever fails is dropped, and any failure of the call itself gives None,
so the caller falls back to the rules (``planner.py``, ``followups.py``): a misbehaving model costs variety,
never safety. Posting, 자기소개서 and answer are untrusted, so they reach the model only JSON-encoded inside a
nonce fence in the user message (as ``feedback/prompts.render`` does), never in the system message.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import secrets
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

import openai
import structlog
import yaml
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict, ValidationError

from interview_analysis.config import LLMBackend, LLMSettings
from interview_analysis.feedback.client import _strip_fences
from interview_analysis.interview.followups import _UNQUOTABLE, MAX_CUE_CHARS, _noun_at, heard
from interview_analysis.interview.models import FollowUp, FollowUpReason, PlannedQuestion, QuestionSource
from interview_analysis.interview.planner import MAX_QUESTIONS, POSTING_CATEGORY
from interview_analysis.interview.posting import (
    _BREAK_TAGS,
    _TAG,
    MAX_PHRASE_CHARS,
    clean_lines,
    key,
    looks_like_injection,
    safe_phrase,
)
from interview_analysis.results import SectionStatus
from interview_analysis.results.transcript import Transcript

log = structlog.get_logger(__name__)

PROMPT_FILE = "llm_prompts.yaml"
MIN_CHARS, MAX_CHARS = 10, 200
MAX_CATEGORY_CHARS = 20
NEAR_DUPLICATE = 0.6  # character-bigram Jaccard from which two questions ask the same thing
ECHO = 0.5  # share of a question's bigrams found in an injected line from which it carries that line out
FALLBACK_CATEGORY = {QuestionSource.POSTING: POSTING_CATEGORY, QuestionSource.SELF_INTRO: "경험"}
BANK_CATEGORY = "공통"

_SENTENCE_END = re.compile(r"(\?|[요다]\.)$")
_MARKUP = re.compile(r"[<>{}\[\]`|\\*_$@]|^#|://|www\.|&#?\w+;", re.IGNORECASE)
_QUOTED = re.compile(r"['‘’\"“”]([^'‘’\"“”]{1,80})['‘’\"“”]")
_CATEGORY = re.compile(r"^[가-힣A-Za-z0-9 ·&/-]+$")


class _Proposal(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str
    category: str = ""
    source: QuestionSource
    cue: str | None = None


class _ProposedFollowUp(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str
    reason: FollowUpReason
    cue: str


def llm_configured(settings: LLMSettings) -> bool:
    """True for ``openai`` only: a ``local`` backend's URL exists once its server has started, and is then
    handed over as ``openai`` settings (``LocalLLMServer.writer_settings``), which this accepts."""
    return settings.llm_backend is LLMBackend.OPENAI


async def llm_plan(
    settings: LLMSettings,
    *,
    question_count: int,
    job_title: str | None,
    company: str | None,
    posting: str | None,
    self_intro: str | None,
    prep_s: int,
    answer_s: int,
    rules_plan: list[PlannedQuestion],
) -> list[PlannedQuestion] | None:
    """``question_count`` questions: the rules' 자기소개 first, then the model's valid proposals, filled up
    from ``rules_plan``; None when the model failed or proposed nothing valid (the caller keeps the rules)."""
    if not rules_plan or not 1 <= question_count <= MAX_QUESTIONS:
        log.warning("interview.llm_plan.bad_request", question_count=question_count, rules=len(rules_plan))
        return None
    opening = rules_plan[0]
    if question_count == 1:
        return [opening]  # nothing left for the model to propose
    given = {
        "job_title": _cleaned(job_title),
        "company": _cleaned(company),
        "posting": _cleaned(posting),
        "self_intro": _cleaned(self_intro),
    }
    data = {"question_count": question_count - 1, "already_asked": opening.text, **given}
    answer = await _ask(settings, "plan", data, _plan_schema())
    items = answer.get("questions") if answer is not None else None
    if not isinstance(items, list):
        if answer is not None:
            log.warning("interview.llm_plan.failed", reason="no_questions_list")
        return None
    sources = {  # what a cue or a quote may come from, by the source the question claims
        QuestionSource.POSTING: key(" ".join([given["posting"], given["job_title"], given["company"]])),
        QuestionSource.SELF_INTRO: key(given["self_intro"]),
    }
    sources[QuestionSource.BANK] = sources[QuestionSource.POSTING] + " " + sources[QuestionSource.SELF_INTRO]
    hostile = _injected_lines(job_title, company, posting, self_intro)
    plan, rejected = [opening], Counter[str]()
    for item in items:
        if len(plan) == question_count:
            break
        question, problem = _question(item, sources, hostile, plan, prep_s, answer_s)
        if question is None:
            rejected[problem] += 1
        else:
            plan.append(question)
    proposed = len(plan) - 1
    if proposed == 0:
        log.warning("interview.llm_plan.failed", reason="no_valid_question", rejected=dict(rejected))
        return None
    for question in rules_plan[1:]:
        if len(plan) == question_count:
            break
        if _near_duplicate(question.text, plan) is None:
            plan.append(question)
    filled = len(plan) - 1 - proposed
    log.info("interview.llm_plan.done", proposals=len(items), used=proposed, filled=filled, rejected=dict(rejected))
    if len(plan) < question_count:
        log.warning("interview.llm_plan.failed", reason="too_few_after_fill", planned=len(plan))
        return None
    return plan


async def llm_follow_up(settings: LLMSettings, question: str, transcript: Transcript) -> FollowUp | None:
    """One follow-up to ``question`` from the model, or None, without a call where the rules would not ask
    either (a failed, empty or distrusted transcript: asking on misheard words puts words in the mouth)."""
    if transcript.status != SectionStatus.COMPLETED or not transcript.text.strip():
        return None
    if transcript.quality is not None and not transcript.quality.usable:
        return None
    answer = await _ask(settings, "follow_up", {"question": question, "answer": transcript.text}, _follow_up_schema())
    if answer is None:
        return None
    try:
        proposed = _ProposedFollowUp.model_validate(answer)
    except ValidationError as exc:
        log.warning("interview.llm_follow_up.failed", reason="shape", errors=exc.error_count())
        return None
    spoken = " ".join(transcript.text.split())
    cue = " ".join(proposed.cue.split())
    text = proposed.text.strip()
    if not cue or len(cue) > MAX_CUE_CHARS or cue.translate(_UNQUOTABLE) != cue or cue not in spoken:
        problem: str | None = "cue"  # it must be words the candidate said, quotable as they are
    elif not heard(transcript, cue):
        problem = "cue_unsure"  # words Whisper was unsure of may not be what the candidate said
    else:
        problem = _text_problem(text, key(spoken), _injected_lines(transcript.text))
    if problem is None and _bigram_jaccard(text, question) >= NEAR_DUPLICATE:
        problem = "repeats_question"
    if problem is not None:
        log.warning("interview.llm_follow_up.failed", reason=problem)
        return None
    return FollowUp(text=text, reason=proposed.reason, cue=cue, at_s=_noun_at(transcript, cue))


def _question(
    item: Any,
    sources: dict[QuestionSource, str],
    hostile: list[str],
    plan: list[PlannedQuestion],
    prep_s: int,
    answer_s: int,
) -> tuple[PlannedQuestion | None, str]:
    """The proposal as a planned question, or None and why it was dropped."""
    try:
        proposal = _Proposal.model_validate(item)
    except ValidationError:
        return None, "shape"
    source, text = proposal.source, proposal.text.strip()
    if source is QuestionSource.FOLLOW_UP or (source is not QuestionSource.BANK and not sources[source]):
        return None, "source"  # a 자기소개서 question without a 자기소개서 is invented
    problem = _text_problem(text, sources[source], hostile)
    if problem is not None:
        return None, problem
    cue = proposal.cue.strip() if proposal.cue else None
    if cue and (safe_phrase(cue) != cue or key(cue) not in sources[source]):
        return None, "cue"
    if _near_duplicate(text, plan) is not None:
        return None, "duplicate"
    category = proposal.category.strip()
    if not (len(category) <= MAX_CATEGORY_CHARS and _CATEGORY.match(category) and not looks_like_injection(category)):
        category = FALLBACK_CATEGORY.get(source, BANK_CATEGORY)
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8]
    question = PlannedQuestion(
        id=f"llm-{source.value.replace('_', '-')}-{digest}",
        text=text,
        category=category,
        source=source,
        cue=cue or None,
        prep_s=prep_s,
        answer_s=answer_s,
    )
    return question, ""


def _text_problem(text: str, grounds: str, hostile: list[str]) -> str | None:
    """Why ``text`` cannot be asked as it is, or None. ``grounds``: ``key()`` of what it may quote."""
    hangul = len(re.findall(r"[가-힣]", text))
    if not MIN_CHARS <= len(text) <= MAX_CHARS or not text.isprintable():
        return "length_or_lines"  # isprintable: no line break, tab or zero-width character
    if hangul < MIN_CHARS // 2 or 2 * hangul < len(re.findall(r"[A-Za-z]", text)):  # 'Python', 'SQL' may appear
        return "not_korean"
    if _MARKUP.search(text):
        return "markup"
    if not _SENTENCE_END.search(text):
        return "sentence_end"
    if looks_like_injection(text) or any(_echo(text, line) >= ECHO for line in hostile):
        return "injection"
    if any(key(quoted) not in grounds for quoted in _QUOTED.findall(text)):
        return "unfounded_quote"  # it quotes words the candidate never gave
    return None


def _injected_lines(*texts: str | None) -> list[str]:
    """The lines ``clean_lines`` drops as instructions: a question that carries one out is refused too."""
    lines: list[str] = []
    for text in texts:
        if text:
            plain = html.unescape(_TAG.sub(" ", _BREAK_TAGS.sub("\n", text)))
            lines += [line for line in plain.splitlines() if looks_like_injection(line)]
    return lines


def _cleaned(text: str | None) -> str:
    """What the model is shown: the text without markup and without the lines that look like instructions."""
    return "\n".join(clean_lines(text)) if text else ""


def _bigrams(text: str) -> set[str]:
    letters = re.sub(r"[^가-힣a-z0-9]", "", text.lower())
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


def _bigram_jaccard(a: str, b: str) -> float:
    first, second = _bigrams(a), _bigrams(b)
    return len(first & second) / len(first | second) if first and second else float(a == b)


def _echo(text: str, line: str) -> float:
    mine = _bigrams(text)
    return len(mine & _bigrams(line)) / len(mine) if mine else 0.0


def _near_duplicate(text: str, plan: list[PlannedQuestion]) -> PlannedQuestion | None:
    return next((q for q in plan if _bigram_jaccard(text, q.text) >= NEAR_DUPLICATE), None)


@cache
def _prompts() -> dict[str, str]:
    text = resources.files("interview_analysis.interview").joinpath(PROMPT_FILE).read_text(encoding="utf-8")
    return {name: str(value) for name, value in yaml.safe_load(text).items()}


def _messages(kind: str, data: dict[str, Any], schema: dict[str, Any]) -> list[ChatCompletionMessageParam]:
    """System and user messages; the data JSON-encoded between nonce fences, so that nothing in it can close
    the fence or pass for an instruction."""
    nonce = secrets.token_hex(8)
    fences = {"fence_open": f"<<<DATA {nonce}>>>", "fence_close": f"<<<END DATA {nonce}>>>"}
    prompts = _prompts()
    user = prompts[f"{kind}_user"].format(
        **fences,
        data_json=json.dumps(data, ensure_ascii=False, indent=1),
        schema_json=json.dumps(schema, ensure_ascii=False),
    )
    return [
        {"role": "system", "content": prompts[f"{kind}_system"].format(**fences)},
        {"role": "user", "content": user},
    ]


async def _ask(settings: LLMSettings, kind: str, data: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    """The model's JSON object, or None (logged without the data) on a timeout, an HTTP error or bad JSON.
    The SDK retries 429 and 5xx ``llm_max_retries`` times, as for the feedback writer."""
    event = f"interview.llm_{kind}.failed"
    api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    client = AsyncOpenAI(
        api_key=api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )
    try:
        async with client:
            response = await client.chat.completions.create(
                model=settings.openai_model,
                messages=_messages(kind, data, schema),
                temperature=settings.llm_temperature,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": f"interview_{kind}", "schema": schema, "strict": False},
                },
            )
            # The SDK builds the response without validating it: a server that answers 200 with something
            # other than a chat completion fails here, as AttributeError/TypeError, or in the SDK as ValueError.
            content = response.choices[0].message.content if response.choices else None
    except openai.OpenAIError as exc:
        log.warning(event, reason=type(exc).__name__)
        return None
    except (ValueError, AttributeError, TypeError, IndexError, KeyError):
        log.warning(event, reason="not_a_chat_completion")
        return None
    try:
        parsed = json.loads(_strip_fences(content if isinstance(content, str) else ""))
    except ValueError:
        log.warning(event, reason="invalid_json")
        return None
    if not isinstance(parsed, dict):
        log.warning(event, reason="not_an_object")
        return None
    return parsed


def _plan_schema() -> dict[str, Any]:
    """Bounded, so that a server that turns it into a grammar cuts a looping model off and still closes."""
    item = {
        "type": "object",
        "properties": {
            "text": {"type": "string", "maxLength": MAX_CHARS},
            "category": {"type": "string", "maxLength": MAX_CATEGORY_CHARS},
            "source": {"type": "string", "enum": ["posting", "self_intro", "bank"]},
            "cue": {"type": ["string", "null"], "maxLength": MAX_PHRASE_CHARS},
        },
        "required": ["text", "category", "source", "cue"],
    }
    questions = {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_QUESTIONS}
    return {"type": "object", "properties": {"questions": questions}, "required": ["questions"]}


def _follow_up_schema() -> dict[str, Any]:
    properties = {
        "text": {"type": "string", "maxLength": MAX_CHARS},
        "reason": {"type": "string", "enum": [r.value for r in FollowUpReason]},
        "cue": {"type": "string", "maxLength": MAX_CUE_CHARS},
    }
    return {"type": "object", "properties": properties, "required": ["text", "reason", "cue"]}

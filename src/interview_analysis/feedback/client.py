"""The LLM writer: OpenAI SDK (async) against any OpenAI-compatible server.

The SDK retries 429 and 5xx with exponential backoff (honouring Retry-After) and
times out a hung request. The answer is asked for with ``response_format`` and a JSON schema (OpenAI,
vLLM and llama.cpp constrain the output to it); a server that ignores it gets one repair round for output
that is not valid against the schema. Then the validator (``validate.py``) checks each point against the
measurements: the wrong ones go back to the model once, with the reason, and those still wrong are
dropped. Every failure ends in a stable error code so the caller can fall back to the rules writer.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import openai
import structlog
from openai import AsyncOpenAI
from pydantic import ValidationError

from interview_analysis.config import LLMSettings
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.feedback.prompts import (
    PromptSet,
    contradiction_message,
    feedback_schema,
    render,
    repair_message,
)
from interview_analysis.feedback.validate import Checker, Problem
from interview_analysis.storage.feedback_models import DroppedPoint, FeedbackChecks, FeedbackPoint, LLMFeedback

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class LLMAnswer:
    content: LLMFeedback
    checks: FeedbackChecks
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int


@dataclass(slots=True)
class _Conversation:
    messages: list[Any]
    model: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMWriter:
    def __init__(self, settings: LLMSettings, prompts: PromptSet) -> None:
        self._settings = settings
        self._prompts = prompts
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self._client = AsyncOpenAI(
            api_key=key,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
        )

    async def close(self) -> None:
        await self._client.close()

    async def write(self, measures: dict[str, Any], checker: Checker) -> LLMAnswer:
        """The model's feedback on ``measures``, each point checked by ``checker`` (``validate.build_checker``)."""
        started = time.perf_counter()
        talk = _Conversation(render(self._prompts, measures))
        content = await self._answer(talk)
        problems = checker.check(content)
        checks = FeedbackChecks()
        if problems:
            log.warning("feedback.llm.contradicted", problems=len(problems))
            talk.messages.append(contradiction_message(self._prompts, [f"{p.where}: {p.reason}" for p in problems]))
            try:
                content = await self._answer(talk, repairs=0)
            except AppError as exc:
                if exc.code is not ErrorCode.LLM_INVALID_OUTPUT:
                    raise
            remaining = checker.check(content)
            checks.repaired = [f"{p.where}: {p.reason}" for p in problems if p not in remaining]
            content, checks.dropped = _drop(content, remaining)
        if not content.strengths or not content.improvements:
            log.warning("feedback.llm.too_little_left", dropped=len(checks.dropped))
            raise AppError(ErrorCode.LLM_CONTRADICTED)
        latency = round(1000 * (time.perf_counter() - started))
        return LLMAnswer(content, checks, talk.model, talk.prompt_tokens, talk.completion_tokens, latency)

    async def _answer(self, talk: _Conversation, repairs: int = 1) -> LLMFeedback:
        """One schema-valid answer, with ``repairs`` rounds for output that is not; the turn is kept in ``talk``."""
        for attempt in range(repairs + 1):
            text, talk.model, usage = await self._complete(talk.messages)
            talk.prompt_tokens += usage[0]
            talk.completion_tokens += usage[1]
            talk.messages.append({"role": "assistant", "content": text})
            try:
                return LLMFeedback.model_validate_json(_strip_fences(text))
            except ValidationError as exc:
                log.warning("feedback.llm.invalid_output", attempt=attempt, errors=exc.error_count())
                talk.messages.append(repair_message(self._prompts, str(exc)))
        raise AppError(ErrorCode.LLM_INVALID_OUTPUT)

    async def _complete(self, messages: list[Any]) -> tuple[str, str, tuple[int, int]]:
        try:
            response = await self._client.chat.completions.create(
                model=self._settings.openai_model,
                messages=messages,
                temperature=self._settings.llm_temperature,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "interview_feedback", "schema": feedback_schema(), "strict": False},
                },
            )
        except openai.APITimeoutError as exc:
            raise AppError(ErrorCode.LLM_TIMEOUT) from exc
        except openai.RateLimitError as exc:
            raise AppError(ErrorCode.LLM_RATE_LIMITED) from exc
        except (openai.APIStatusError, openai.APIConnectionError) as exc:
            raise AppError(ErrorCode.LLM_UNAVAILABLE) from exc
        choice = response.choices[0] if response.choices else None
        text = choice.message.content if choice and choice.message.content else ""
        usage = response.usage
        tokens = (usage.prompt_tokens, usage.completion_tokens) if usage else (0, 0)
        return text, response.model or self._settings.openai_model, tokens


def _drop(content: LLMFeedback, problems: list[Problem]) -> tuple[LLMFeedback, list[DroppedPoint]]:
    """Points still wrong after the repair are left out; a wrong summary or suggestion cannot be, so it fails."""
    if any(not p.where.startswith(("strengths[", "improvements[")) for p in problems):
        raise AppError(ErrorCode.LLM_CONTRADICTED)
    wrong = {p.where: p.reason for p in problems}
    kept: dict[str, list[FeedbackPoint]] = {"strengths": [], "improvements": []}
    dropped: list[DroppedPoint] = []
    for kind in kept:
        for i, point in enumerate(getattr(content, kind)):
            where = f"{kind}[{i}]"
            if where in wrong:
                dropped.append(DroppedPoint(where=where, text=point.text, reason=wrong[where]))
            else:
                kept[kind].append(point)
    return content.model_copy(update=kept), dropped


def _strip_fences(text: str) -> str:
    """Some local servers wrap JSON in ```json fences despite response_format."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    try:
        json.loads(stripped)
    except ValueError:
        return text
    return stripped

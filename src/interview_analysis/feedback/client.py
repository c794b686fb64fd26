"""The LLM writer: OpenAI SDK (async) against any OpenAI-compatible server.

The SDK retries 429 and 5xx with exponential backoff (honouring Retry-After) and
times out a hung request; we add one repair round for output that is not valid
against the schema, then give up with a stable error code so the caller can fall
back to the rules writer.
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
from interview_analysis.feedback.prompts import PromptSet, feedback_schema, render, repair_message
from interview_analysis.storage.feedback_models import FeedbackContent

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class LLMAnswer:
    content: FeedbackContent
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int


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

    async def write(self, measures: dict[str, Any]) -> LLMAnswer:
        messages: list[Any] = render(self._prompts, measures)
        started = time.perf_counter()
        prompt_tokens = completion_tokens = 0
        for attempt in range(2):  # the answer, then at most one repair
            text, model, usage = await self._complete(messages)
            prompt_tokens += usage[0]
            completion_tokens += usage[1]
            try:
                content = FeedbackContent.model_validate_json(_strip_fences(text))
            except ValidationError as exc:
                log.warning("feedback.llm.invalid_output", attempt=attempt, errors=exc.error_count())
                messages = [*messages, {"role": "assistant", "content": text}, repair_message(self._prompts, str(exc))]
                continue
            return LLMAnswer(
                content, model, prompt_tokens, completion_tokens, round(1000 * (time.perf_counter() - started))
            )
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

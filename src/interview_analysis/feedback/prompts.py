"""The versioned YAML prompts, and rendering with the measured data fenced off as data."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interview_analysis.storage.feedback_models import LLMFeedback

PROMPT_FILE = "interview_prompts.yaml"


@dataclass(frozen=True, slots=True)
class PromptSet:
    version: str
    system: str
    user: str
    repair: str
    contradiction: str


@cache
def load_prompts() -> PromptSet:
    text = resources.files("interview_analysis.feedback").joinpath(PROMPT_FILE).read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return PromptSet(
        version=str(raw["version"]),
        system=raw["system"],
        user=raw["user"],
        repair=raw["repair"],
        contradiction=raw["contradiction"],
    )


def feedback_schema() -> dict[str, Any]:
    return LLMFeedback.model_json_schema()


def render(prompts: PromptSet, measures: dict[str, Any]) -> list[dict[str, str]]:
    """System and user messages. The data sits between fences with a random nonce, JSON-encoded, so
    text inside it (a transcript, a user id) can neither close the fence nor pass for an instruction."""
    nonce = secrets.token_hex(8)
    fence_open, fence_close = f"<<<DATA {nonce}>>>", f"<<<END DATA {nonce}>>>"
    data = json.dumps(measures, ensure_ascii=False, indent=1)
    system = prompts.system.format(fence_open=fence_open, fence_close=fence_close)
    user = prompts.user.format(
        fence_open=fence_open,
        fence_close=fence_close,
        measures_json=data,
        schema_json=json.dumps(feedback_schema(), ensure_ascii=False),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def repair_message(prompts: PromptSet, error: str) -> dict[str, str]:
    return {"role": "user", "content": prompts.repair.format(error=error[:500])}


def contradiction_message(prompts: PromptSet, problems: list[str]) -> dict[str, str]:
    """The repair round of the validator: each wrong point with the reason it is wrong."""
    return {"role": "user", "content": prompts.contradiction.format(problems="\n".join(f"- {p}" for p in problems))}

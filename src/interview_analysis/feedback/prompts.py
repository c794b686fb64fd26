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


# Bounds sent with the schema, which servers that honour ``response_format`` turn into a grammar: a small
# model that repeats itself inside a string or a list is cut at the bound and its JSON still closes
# (SmolLM2-135M never closed an unbounded one before the token cap). Stored feedback is not held to them.
MAX_TEXT = 120  # characters: a sentence or two, as the prompt asks
MAX_ITEMS = 4
STRING_BOUNDS = {"metric": 50, "keywords": 10, "quote": 60}
ARRAY_BOUNDS: dict[str, dict[str, int]] = {
    "strengths": {"minItems": 1, "maxItems": 3},
    "improvements": {"minItems": 1, "maxItems": 3},
    "keywords": {"maxItems": 8},
}


def feedback_schema() -> dict[str, Any]:
    """The model's answer as a JSON schema, every string and list bounded."""
    return dict(_bounded(LLMFeedback.model_json_schema()))


def _bounded(node: Any, name: str = "") -> Any:
    """``node`` with its strings and arrays bounded; ``name`` is the property the node belongs to."""
    if isinstance(node, list):
        return [_bounded(item, name) for item in node]
    if not isinstance(node, dict):
        return node
    bounded = {
        key: {field: _bounded(sub, field) for field, sub in value.items()}
        if key == "properties"
        else _bounded(value, name)  # items, anyOf, $defs: still the same property's
        for key, value in node.items()
    }
    if node.get("type") == "string":
        bounded.setdefault("maxLength", STRING_BOUNDS.get(name, MAX_TEXT))
    if node.get("type") == "array":
        bounded.setdefault("maxItems", MAX_ITEMS)
        bounded.update(ARRAY_BOUNDS.get(name, {}))
    return bounded


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

"""The practice question bank shipped with the package (questions.yaml), loaded once and validated."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, model_validator

BANK_PATH = Path(__file__).with_name("questions.yaml")
UNCATEGORISED = "기타"
"""The category of an analysis whose question is not in the bank (or that has none)."""


class Question(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9-]{1,64}$")
    category: str
    text: str = Field(min_length=1)
    suggested_s: int = Field(ge=10, le=600, description="권장 답변 길이(초)")


class Category(BaseModel):
    name: str = Field(min_length=1)
    questions: list[Question]


class QuestionBank(BaseModel):
    version: int
    categories: list[Category]

    @model_validator(mode="after")
    def _unique_ids(self) -> QuestionBank:
        ids = [q.id for c in self.categories for q in c.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate question ids: {duplicates}")
        return self

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for c in self.categories for q in c.questions}

    def category_of(self, question_id: str | None) -> str:
        question = self.by_id().get(question_id or "")
        return question.category if question else UNCATEGORISED


def parse_bank(text: str) -> QuestionBank:
    raw = yaml.safe_load(text)
    # Each question names its category in the file by position only; copy the name in for callers.
    for category in raw.get("categories", []):
        for question in category.get("questions", []):
            question.setdefault("category", category.get("name"))
    return QuestionBank.model_validate(raw)


@cache
def load_bank() -> QuestionBank:
    """Read once per process; the file ships inside the package (package-data in pyproject.toml)."""
    return parse_bank(BANK_PATH.read_text(encoding="utf-8"))

"""What every result model shares: strict when built, lenient when read back, dumped as it was built.

Built by an analyzer, a model forbids unknown fields, so a section that drifts from its contract fails
where it is made, in tests too. Read back from a store (``context=LENIENT``), a row written by another
version keeps what this version knows and drops the rest, so old rows still read. Dumped, a model
writes exactly the fields it was given (``exclude_unset``): a section that leaves a figure out
for its status (``integrity_band`` when nothing was measured) keeps leaving it out, and one that sets
it to ``null`` keeps the ``null``, as the frontend has always seen them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator

LENIENT = {"lenient": True}
"""Validation context for rows read back from a store."""

Interval = tuple[float, float]
"""``[start_s, end_s]`` in seconds from the first frame."""


class SectionStatus(StrEnum):
    """Every section's ``status``; each section uses the subset its docs list."""

    MEASURED = "measured"
    NOT_MEASURABLE = "not_measurable"
    SKIPPED = "skipped"
    ABSENT = "absent"  # voice: no audio track
    NO_SPEECH = "no_speech"  # voice: a track without speech
    COMPLETED = "completed"  # transcript
    FAILED = "failed"  # transcript


class SectionCode(StrEnum):
    """Why a section is not ``measured``/``completed``; its Korean message is in ``MESSAGES_KO``."""

    NO_FACE = "NO_FACE"
    NO_FRAMES = "NO_FRAMES"
    NO_AUDIO = "NO_AUDIO"
    ASR_DISABLED = "ASR_DISABLED"
    ASR_MODEL_MISSING = "ASR_MODEL_MISSING"
    ASR_TIMEOUT = "ASR_TIMEOUT"
    ASR_FAILED = "ASR_FAILED"
    ASR_BAD_RESPONSE = "ASR_BAD_RESPONSE"


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _drop_unknown_when_lenient(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and info.context and info.context.get("lenient"):
            return {key: value for key, value in data.items() if key in cls.model_fields}
        return data

    def dump(self) -> dict[str, Any]:
        """The JSON form, with exactly the fields that were set."""
        return self.model_dump(mode="json", exclude_unset=True)

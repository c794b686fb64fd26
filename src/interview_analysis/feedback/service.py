"""Writes the feedback of a completed analysis: the LLM when configured, else (or on failure) the rules.

Runs in the API process after the raw analysis is stored: the LLM call is network I/O
(async); the keywords were extracted by the worker's transcript pass and are read from the
stored result, so this process never loads Kiwi. A feedback failure is recorded on the
feedback only; the analysis stays completed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog

from interview_analysis.config import Settings
from interview_analysis.errors import MESSAGES_KO, AppError, ErrorCode
from interview_analysis.feedback.client import LLMAnswer, LLMWriter
from interview_analysis.feedback.measures import collect_measures, stored_keywords
from interview_analysis.feedback.prompts import load_prompts
from interview_analysis.feedback.rules import write_rules_feedback
from interview_analysis.feedback.validate import build_checker
from interview_analysis.results import AnalysisResult
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.feedback_models import (
    FeedbackContent,
    FeedbackRecord,
    FeedbackStatus,
    WriterKind,
)
from interview_analysis.storage.models import JobStatus, utcnow

log = structlog.get_logger(__name__)

KEYWORDS_SHOWN = 8


class FeedbackService:
    def __init__(self, settings: Settings, analyses: AnalysisRepository, feedback: FeedbackRepository) -> None:
        self._analyses = analyses
        self._feedback = feedback
        self.llm_settings = settings.llm  # in effect: a local server's address once LLM_BACKEND=local started
        self._prompts = load_prompts()
        self._llm = LLMWriter(settings.llm, self._prompts) if settings.llm.configured else None
        self._running: dict[str, asyncio.Task[None]] = {}

    @property
    def writer(self) -> WriterKind:
        return WriterKind.LLM if self._llm else WriterKind.RULES

    def schedule(self, analysis_id: str) -> None:
        """Start writing in the background unless a write for this analysis is already running."""
        if analysis_id in self._running:
            return
        task = asyncio.create_task(self._write_logged(analysis_id), name=f"feedback-{analysis_id}")
        self._running[analysis_id] = task
        task.add_done_callback(lambda _: self._running.pop(analysis_id, None))

    def is_running(self, analysis_id: str) -> bool:
        return analysis_id in self._running

    async def close(self) -> None:
        for task in list(self._running.values()):
            task.cancel()
        await asyncio.gather(*self._running.values(), return_exceptions=True)
        if self._llm:
            await self._llm.close()

    async def _write_logged(self, analysis_id: str) -> None:
        try:
            await self.write(analysis_id)
        except Exception:
            log.exception("feedback.crashed", analysis_id=analysis_id)

    async def write(self, analysis_id: str) -> FeedbackRecord | None:
        record = await self._analyses.get(analysis_id)
        if record is None or record.status is not JobStatus.COMPLETED:
            return None
        pending = await self._feedback.mark_pending(analysis_id)
        if record.result is None:  # a completed analysis always has one: nothing to write from is a fault
            log.error("feedback.no_result", analysis_id=analysis_id)
            done = _failed(pending)
        else:
            done = await self._write_from(pending, record.result, record.question)
        await self._feedback.save(done)
        log.info("feedback.saved", analysis_id=analysis_id, writer=done.writer, status=done.status)
        return done

    async def _write_from(
        self, pending: FeedbackRecord, result: AnalysisResult, question: str | None
    ) -> FeedbackRecord:
        measures = collect_measures(result, question)
        # Keywords are what the candidate talked about: the transcript's nouns, never the feedback's (which
        # would only echo "시선", "표정"), weighted by the worker's transcript pass. No transcript, no keywords.
        keywords = stored_keywords(result)
        try:
            return await self._compose(pending, result, measures, keywords)
        except Exception:
            log.exception("feedback.failed", analysis_id=pending.analysis_id)
            return _failed(pending)

    async def _compose(
        self, pending: FeedbackRecord, result: AnalysisResult, measures: dict[str, Any], keywords: dict[str, float]
    ) -> FeedbackRecord:
        answer: LLMAnswer | None = None
        fallback: AppError | None = None
        if self._llm is not None:
            checker = build_checker(result, measures, self._prompts.system)
            try:
                answer = await self._llm.write(measures, checker)
            except AppError as exc:
                fallback = exc
                log.warning("feedback.llm.fallback", analysis_id=pending.analysis_id, code=exc.code.value)
        # Numbers come from the service, words from the model: the category scores are always the rules'.
        rules = write_rules_feedback(result)
        if answer is not None:
            content = FeedbackContent(
                **answer.content.model_dump(), category_scores=rules.category_scores, checks=answer.checks
            )
        else:
            content = rules.model_copy(update={"keywords": list(keywords)[:KEYWORDS_SHOWN]})
        return pending.model_copy(
            update={
                "status": FeedbackStatus.COMPLETED,
                "writer": WriterKind.LLM if answer else WriterKind.RULES,
                "content": content,
                "keyword_scores": keywords,
                "model": answer.model if answer else None,
                "prompt_version": self._prompts.version if answer else None,
                "prompt_tokens": answer.prompt_tokens if answer else None,
                "completion_tokens": answer.completion_tokens if answer else None,
                "latency_ms": answer.latency_ms if answer else None,
                "error_code": fallback.code.value if fallback else None,
                "error_message": fallback.message if fallback else None,
                "updated_at": utcnow(),
            }
        )


def _failed(pending: FeedbackRecord) -> FeedbackRecord:
    return pending.model_copy(
        update={
            "status": FeedbackStatus.FAILED,
            "error_code": ErrorCode.INTERNAL.value,
            "error_message": MESSAGES_KO[ErrorCode.INTERNAL],
            "updated_at": utcnow(),
        }
    )

"""Per-user fairness: one user cannot fill the queue (MAX_ACTIVE_PER_USER, both queue backends)."""

from __future__ import annotations

from interview_analysis.api.deps import Services
from interview_analysis.errors import AppError, ErrorCode


async def ensure_below_active_limit(services: Services, user_id: str, tenant_id: str | None = None) -> None:
    """429 TOO_MANY_ANALYSES while the user already has the maximum queued or processing.

    Checked before the analysis is stored (and before an upload is written), so a refusal
    leaves nothing behind. Two submissions racing at the limit may both pass: a bound on
    the queue's share per user, not an exact quota.
    """
    limit = services.settings.queue.max_active_per_user
    if limit and await services.analyses.count_active(user_id, tenant_id) >= limit:
        raise AppError(ErrorCode.TOO_MANY_ANALYSES)

"""Who is calling: an API key names a tenant and the users it may act for.

With AUTH_ENABLED=false (the embedded default) every caller is the local tenant with
every user. Object-level checks answer 404 for another tenant's analysis, so ids of
other tenants cannot even be confirmed to exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

import structlog
from fastapi import Depends, Request

from interview_analysis.api.deps import Services, ServicesDep
from interview_analysis.errors import AppError, ErrorCode, NotFoundError
from interview_analysis.storage.keys import ANY_USER, matches, split_key
from interview_analysis.storage.models import LOCAL_TENANT, AnalysisRecord


@dataclass(frozen=True, slots=True)
class Principal:
    tenant_id: str
    user_ids: frozenset[str]  # contains "*" for every user of the tenant
    key_id: str | None = None

    def may_act_for(self, user_id: str) -> bool:
        return ANY_USER in self.user_ids or user_id in self.user_ids

    def require_user(self, user_id: str) -> None:
        if not self.may_act_for(user_id):
            raise AppError(ErrorCode.FORBIDDEN_USER)

    def can_see(self, record: AnalysisRecord) -> bool:
        return record.tenant_id == self.tenant_id and self.may_act_for(record.user_id)


LOCAL = Principal(tenant_id=LOCAL_TENANT, user_ids=frozenset({ANY_USER}))

# Who touched which analysis and when (the line's timestamp): key and tenant ids, never a user or content.
audit = structlog.get_logger("audit")


class Access(StrEnum):
    READ = "read"
    REGENERATE = "regenerate"
    DELETE = "delete"


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


async def authenticate(request: Request, services: ServicesDep) -> Principal:
    if not services.settings.security.auth_enabled:
        return LOCAL
    presented = _presented_key(request)
    parts = split_key(presented) if presented else None
    if parts is None:
        raise AppError(ErrorCode.UNAUTHORIZED)
    key_id, secret = parts
    key = await services.keys.get(key_id)
    if key is None or key.revoked_at is not None or not matches(key, secret):
        raise AppError(ErrorCode.UNAUTHORIZED)
    await services.rate_limiter.check(key_id)
    return Principal(tenant_id=key.tenant_id, user_ids=frozenset(key.user_ids), key_id=key_id)


PrincipalDep = Annotated[Principal, Depends(authenticate)]


async def visible_record(
    services: Services, principal: Principal, analysis_id: str, access: Access = Access.READ
) -> AnalysisRecord:
    """The analysis if this caller may see it; 404 otherwise, whether or not it exists. Every attempt is audited."""
    well_formed = _well_formed_id(analysis_id)
    record = await services.analyses.get(analysis_id) if well_formed else None
    allowed = record is not None and principal.can_see(record)
    audit.info(
        "audit.analysis",
        access=access.value,
        analysis_id=analysis_id if well_formed else None,
        key_id=principal.key_id,
        tenant_id=principal.tenant_id,
        allowed=allowed,
    )
    if record is None or not allowed:
        raise NotFoundError()
    return record


def _well_formed_id(analysis_id: str) -> bool:
    return len(analysis_id) == 32 and all(c in "0123456789abcdef" for c in analysis_id)

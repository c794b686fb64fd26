"""API keys: only a hash of the secret is stored; the key itself is shown once, at creation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel

KEY_PREFIX = "ia"
ANY_USER = "*"


class ApiKey(BaseModel):
    key_id: str
    tenant_id: str
    user_ids: list[str]  # ["*"] = every user of the tenant
    name: str
    secret_hash: str
    created_at: datetime
    revoked_at: datetime | None = None

    def may_act_for(self, user_id: str) -> bool:
        return ANY_USER in self.user_ids or user_id in self.user_ids


def new_secret() -> tuple[str, str, str]:
    """(key_id, full key to hand out, hash to store). The key reads ``ia_<key_id>_<secret>``."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return key_id, f"{KEY_PREFIX}_{key_id}_{secret}", hash_secret(secret)


def hash_secret(secret: str) -> str:
    # 256 random bits need no slow hash: nobody can guess their way to a preimage.
    return hashlib.sha256(secret.encode()).hexdigest()


def split_key(key: str) -> tuple[str, str] | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def matches(key: ApiKey, secret: str) -> bool:
    return hmac.compare_digest(key.secret_hash, hash_secret(secret))


class KeyRepository(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def add(self, key: ApiKey) -> None: ...

    async def get(self, key_id: str) -> ApiKey | None: ...

    async def revoke(self, key_id: str) -> bool: ...

    async def all(self) -> list[ApiKey]: ...

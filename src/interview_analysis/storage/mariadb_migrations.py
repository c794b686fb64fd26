"""Versioned MariaDB schema: an ordered list of migrations and the runner that applies the missing ones.

Kept as Python constants rather than ``.sql`` files so they ship inside the package with no
package-data configuration, and each statement is separate (the driver runs one per call).
MariaDB commits DDL implicitly, so every statement is written to be safe to run again
(``IF NOT EXISTS``) should a start-up die half-way through a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_analysis.storage.models import utcnow


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_TABLE_OPTIONS = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "feedback",
        (
            f"""CREATE TABLE IF NOT EXISTS feedback (
                analysis_id       VARCHAR(64) NOT NULL PRIMARY KEY,
                status            VARCHAR(16) NOT NULL,
                writer            VARCHAR(16) NULL,
                content           JSON NULL,
                summary           TEXT NULL,
                model             VARCHAR(128) NULL,
                prompt_version    VARCHAR(64) NULL,
                prompt_tokens     INT UNSIGNED NULL,
                completion_tokens INT UNSIGNED NULL,
                latency_ms        INT UNSIGNED NULL,
                error_code        VARCHAR(64) NULL,
                error_message     TEXT NULL,
                created_at        DATETIME(6) NOT NULL,
                updated_at        DATETIME(6) NOT NULL,
                KEY feedback_status_updated (status, updated_at)
            ) {_TABLE_OPTIONS}""",
            f"""CREATE TABLE IF NOT EXISTS feedback_category_scores (
                analysis_id VARCHAR(64) NOT NULL,
                position    SMALLINT UNSIGNED NOT NULL,
                category    VARCHAR(100) NOT NULL,
                score       TINYINT UNSIGNED NOT NULL,
                reason      TEXT NOT NULL,
                PRIMARY KEY (analysis_id, position),
                KEY feedback_category_scores_category (category, score),
                CONSTRAINT feedback_category_scores_feedback FOREIGN KEY (analysis_id)
                    REFERENCES feedback (analysis_id) ON DELETE CASCADE
            ) {_TABLE_OPTIONS}""",
            # Binary collation for keywords: under utf8mb4_unicode_ci every emoji compares equal
            # and case folds, so two distinct keywords could collide in the unique key.
            f"""CREATE TABLE IF NOT EXISTS feedback_keywords (
                analysis_id VARCHAR(64) NOT NULL,
                position    SMALLINT UNSIGNED NOT NULL,
                keyword     VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
                weight      DOUBLE NOT NULL,
                PRIMARY KEY (analysis_id, position),
                UNIQUE KEY feedback_keywords_analysis_keyword (analysis_id, keyword),
                KEY feedback_keywords_keyword (keyword),
                CONSTRAINT feedback_keywords_feedback FOREIGN KEY (analysis_id)
                    REFERENCES feedback (analysis_id) ON DELETE CASCADE
            ) {_TABLE_OPTIONS}""",
        ),
    ),
    Migration(
        2,
        "api_keys",
        (
            # Keys live beside the feedback so that every API node behind a load balancer sees the same keys.
            f"""CREATE TABLE IF NOT EXISTS api_keys (
                key_id      VARCHAR(32) NOT NULL PRIMARY KEY,
                tenant_id   VARCHAR(128) NOT NULL,
                user_ids    JSON NOT NULL,
                name        VARCHAR(200) NOT NULL,
                secret_hash CHAR(64) NOT NULL,
                created_at  DATETIME(6) NOT NULL,
                revoked_at  DATETIME(6) NULL,
                KEY api_keys_tenant (tenant_id)
            ) {_TABLE_OPTIONS}""",
        ),
    ),
)

_LEDGER = f"""CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INT NOT NULL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    applied_at DATETIME(6) NOT NULL
) {_TABLE_OPTIONS}"""
_LOCK_WAIT_S = 30


async def apply_migrations(conn: Any, database: str, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the missing migrations in order on an autocommit aiomysql connection; return their versions.

    A named lock keeps two service processes starting together from running the same
    migration twice.
    """
    lock = f"{database}.schema_migrations"[:64]
    async with conn.cursor() as cur:
        await cur.execute("SELECT GET_LOCK(%s, %s)", (lock, _LOCK_WAIT_S))
        (got,) = await cur.fetchone()
        if got != 1:
            raise RuntimeError(f"could not take the migration lock {lock!r} within {_LOCK_WAIT_S} s")
        try:
            await cur.execute(_LEDGER)
            await cur.execute("SELECT version FROM schema_migrations")
            done = {int(version) for (version,) in await cur.fetchall()}
            known = {m.version for m in migrations}
            if done - known:
                raise RuntimeError(f"database {database!r} has migrations {sorted(done - known)} this code lacks")
            applied: list[int] = []
            for migration in sorted(migrations, key=lambda m: m.version):
                if migration.version in done:
                    continue
                for statement in migration.statements:
                    await cur.execute(statement)
                await cur.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                    (migration.version, migration.name, utcnow().replace(tzinfo=None)),
                )
                applied.append(migration.version)
            return applied
        finally:
            await cur.execute("SELECT RELEASE_LOCK(%s)", (lock,))

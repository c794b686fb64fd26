"""What only the MariaDB store promises: its database and migrations, child tables, utf8mb4, fast failure."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pymysql
import pytest
from pydantic import SecretStr

from interview_analysis.config import StorageSettings
from interview_analysis.storage.errors import StoreUnavailable
from interview_analysis.storage.mariadb_feedback import MariaDBFeedbackRepository
from interview_analysis.storage.mariadb_migrations import MIGRATIONS
from tests.fixtures.servers import free_port
from tests.storage.test_feedback_contract import finished, mariadb_repository


@pytest.fixture
def sql(mariadb_settings: StorageSettings) -> Iterator[pymysql.cursors.Cursor]:
    """A plain cursor on the test database, to look at what the repository wrote."""
    s = mariadb_settings
    conn = pymysql.connect(
        host=s.mariadb_host,
        port=s.mariadb_port,
        user=s.mariadb_user,
        password=s.mariadb_password.get_secret_value(),
        charset="utf8mb4",
        autocommit=True,
    )
    with conn.cursor() as cur:
        yield cur
    conn.close()


def _rows(cur: pymysql.cursors.Cursor, query: str, *params: object) -> list[tuple[object, ...]]:
    cur.execute(query, params)
    return list(cur.fetchall())


async def test_open_creates_a_utf8mb4_database_and_applies_migrations_once(
    mariadb_settings: StorageSettings, sql: pymysql.cursors.Cursor
) -> None:
    db = mariadb_settings.mariadb_database
    for _ in range(2):
        store = mariadb_repository(mariadb_settings)
        await store.open()
        await store.close()
    charset = _rows(
        sql,
        "SELECT default_character_set_name, default_collation_name FROM information_schema.schemata"
        " WHERE schema_name = %s",
        db,
    )
    assert charset == [("utf8mb4", "utf8mb4_unicode_ci")]
    versions = _rows(sql, f"SELECT version FROM `{db}`.schema_migrations ORDER BY version")
    assert versions == [(m.version,) for m in MIGRATIONS]
    tables = {t for (t,) in _rows(sql, "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", db)}
    assert {"feedback", "feedback_category_scores", "feedback_keywords", "schema_migrations"} <= tables


async def test_child_tables_follow_each_save_and_delete(
    mariadb_settings: StorageSettings, sql: pymysql.cursors.Cursor
) -> None:
    db = mariadb_settings.mariadb_database
    store = mariadb_repository(mariadb_settings)
    await store.open()
    try:
        pending = await store.mark_pending("a1")
        await store.save(finished(pending))
        scores = _rows(sql, f"SELECT category, score, reason FROM `{db}`.feedback_category_scores ORDER BY position")
        assert scores[0] == ("시선", 82, "정면 응시 비율 91% 👀")
        assert len(scores) == 3
        keywords = _rows(sql, f"SELECT keyword FROM `{db}`.feedback_keywords ORDER BY position")
        assert [k for (k,) in keywords] == ["자신감", "시선", "AI", "ai", "🔥", "🙂"]
        summary = _rows(sql, f"SELECT summary FROM `{db}`.feedback WHERE analysis_id = 'a1'")
        assert summary == [("전반적으로 차분하게 답변했습니다 😊 시선 처리가 안정적이에요.",)]

        await store.mark_pending("a1")
        assert _rows(sql, f"SELECT COUNT(*) FROM `{db}`.feedback_keywords") == [(0,)]
        await store.save(finished(pending))
        await store.delete("a1")
        assert _rows(sql, f"SELECT COUNT(*) FROM `{db}`.feedback_category_scores") == [(0,)]
        assert _rows(sql, f"SELECT COUNT(*) FROM `{db}`.feedback_keywords") == [(0,)]
    finally:
        await store.close()


def test_describe_shows_no_password() -> None:
    store = MariaDBFeedbackRepository("db.internal", 3306, "app", SecretStr("s3cret"), "ia")
    assert store.describe() == {"backend": "mariadb", "host": "db.internal:3306", "database": "ia"}


def test_a_database_name_that_is_not_an_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="database name"):
        MariaDBFeedbackRepository("127.0.0.1", 3306, "root", SecretStr(""), "ia`; DROP DATABASE mysql; --")


async def test_a_server_that_is_down_fails_open_quickly_and_clearly() -> None:
    store = MariaDBFeedbackRepository("127.0.0.1", free_port(), "root", SecretStr(""), "ia", connect_timeout_s=1)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="mariadb"):
        await store.open()
    assert time.monotonic() - started < 5

"""Opening a store creates the schema, records its version, and keeps data across reopen."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxywatch.errors import StoreError
from proxywatch.store import open_store
from proxywatch.store.schema import LATEST_VERSION, MIGRATIONS

TABLES = {
    "schema_version",
    "runs",
    "articles",
    "rejections",
    "extractions",
    "mentions",
    "incidents",
    "incident_history",
    "review_log",
}


def _raw(target: str, sql: str) -> list[tuple]:
    """Run SQL straight on the engine, bypassing the store (to forge a database state)."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []
    import duckdb

    # Same config as the store's, so DuckDB lets a second connection share the open file.
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with duckdb.connect(target, config=config) as conn:
        result = conn.execute(sql)
        return result.fetchall() if result.description else []


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST_VERSION == len(MIGRATIONS)


def test_fresh_database_gets_every_table_and_the_version(store, store_target) -> None:
    assert store.schema_version() == LATEST_VERSION
    names = {
        r[0]
        for r in _raw(
            store_target,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
        )
    }
    assert TABLES <= names
    rows = _raw(store_target, "SELECT version, description FROM schema_version ORDER BY version")
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
    assert rows[0][1] == MIGRATIONS[0].description


def test_migrate_again_changes_nothing(store, store_target) -> None:
    assert store.migrate() == LATEST_VERSION
    rows = _raw(store_target, "SELECT COUNT(*) FROM schema_version")
    assert rows[0][0] == len(MIGRATIONS)


def test_reopen_keeps_data(store, store_target, make_article) -> None:
    store.add_articles([make_article(), make_article()])
    store.close()
    with open_store(store_target) as again:
        assert again.count_articles() == 2
        assert again.schema_version() == LATEST_VERSION
    with open_store(store_target, read_only=True) as reader:
        assert reader.count_articles() == 2
        with pytest.raises(StoreError, match="read-only"):
            reader.add_articles([make_article()])


def test_newer_schema_is_refused(store, store_target) -> None:
    store.close()
    _raw(
        store_target,
        f"INSERT INTO schema_version (version, description, applied_at) "
        f"VALUES ({LATEST_VERSION + 1}, 'from the future', TIMESTAMP '2030-01-01 00:00:00')",
    )
    with pytest.raises(StoreError, match="newer") as info:
        open_store(store_target)
    assert "\n" not in str(info.value)
    with pytest.raises(StoreError, match="newer"):
        open_store(store_target, read_only=True)


def test_read_only_open_of_a_missing_file_fails(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError, match="missing.duckdb"):
        open_store(missing, read_only=True)
    assert not missing.exists()


def test_duckdb_url_and_memory_targets(tmp_path: Path, make_article) -> None:
    path = tmp_path / "sub" / "dir" / "x.duckdb"
    with open_store(f"duckdb://{path}") as store:
        store.add_articles([make_article()])
        assert store.url == f"duckdb://{path}"
    with open_store(path) as store:
        assert store.count_articles() == 1
    with open_store(":memory:") as memory:
        assert memory.schema_version() == LATEST_VERSION
        assert memory.count_articles() == 0


def test_a_version_3_database_gains_independent_sources(tmp_path: Path, make_incident) -> None:
    import duckdb

    from proxywatch.store.schema import VERSION_TABLE

    target = tmp_path / "v3.duckdb"
    with duckdb.connect(str(target)) as conn:  # a database as proxywatch left it at schema version 3
        conn.execute(VERSION_TABLE)
        for migration in MIGRATIONS[:3]:
            for statement in migration.sql("duckdb"):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, ?, now())", [migration.version, "old"])
        conn.execute(
            "INSERT INTO incidents (id, event_type, weapon, status, mention_ids, article_ids, n_sources, "
            "n_reports, first_seen, last_updated, review_status) VALUES ('old', 'Air/drone strike', 'drone', "
            "'claimed', '[\"m1\"]', '[\"a1\"]', 1, 1, now(), now(), 'unreviewed')"
        )
    with open_store(target) as store:
        assert store.schema_version() == LATEST_VERSION >= 4
        (old,) = store.get_incidents(["old"])
        assert old.n_independent is None and old.sources == ()
        store.save_incidents([make_incident(id="new", n_independent=1)])
        assert store.get_incidents(["new"])[0].n_independent == 1
    indexes = {r[0] for r in _raw(str(target), "SELECT index_name FROM duckdb_indexes()")}
    assert "mentions_incident" not in indexes and "mentions_article" in indexes

"""Targets that cannot be opened give one-line StoreErrors naming the target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from proxywatch.errors import StoreError
from proxywatch.store import open_store

# Keeps the file open for writing until its stdin closes.
HOLD = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"


def _one_line_naming(exc: StoreError, name: str) -> None:
    assert "\n" not in str(exc)
    assert name in str(exc)


def test_path_under_a_file_is_unwritable(tmp_path: Path) -> None:
    blocker = tmp_path / "plain.txt"
    blocker.write_text("not a directory")
    target = blocker / "store.duckdb"
    with pytest.raises(StoreError) as info:
        open_store(target)
    _one_line_naming(info.value, str(target))


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    target = tmp_path / "notes.duckdb"
    target.write_text("these are notes, not a database\n" * 200)
    with pytest.raises(StoreError) as info:
        open_store(target)
    _one_line_naming(info.value, str(target))
    assert target.read_text().startswith("these are notes")


def test_file_locked_by_another_process(tmp_path: Path) -> None:
    target = tmp_path / "busy.duckdb"
    open_store(target).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as info:
            open_store(target)
        _one_line_naming(info.value, str(target))
    finally:
        holder.communicate(input="", timeout=30)
    with open_store(target) as store:  # usable again once the other process let go
        assert store.count_articles() == 0


def test_unknown_scheme() -> None:
    with pytest.raises(StoreError, match="sqlite"):
        open_store("sqlite:///tmp/x.db")


def test_unreachable_postgres_server() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://postgres:secret@127.0.0.1:1/test"
    with pytest.raises(StoreError) as info:
        open_store(url)
    _one_line_naming(info.value, "127.0.0.1:1")
    assert "secret" not in str(info.value)

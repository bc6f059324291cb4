"""Errors end as one line on stderr naming the culprit, with a non-zero exit code (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxywatch.cli import app
from proxywatch.store import open_store

runner = CliRunner()

ARTICLE = {
    "id": "e1",
    "url": "https://errors.invalid/2024/10/08/oil",
    "outlet": "Errors Wire",
    "published": "2024-10-08",
    "title": "Oil prices ease",
    "text": "Oil prices eased on Tuesday as traders weighed demand in Asia against supply from the Americas.",
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A migrated, empty DuckDB file."""
    path = tmp_path / "t.duckdb"
    with open_store(path):
        pass
    return path


def _error_line(result: object, *, code: int | None = None) -> str:
    """The one stderr line of a failed command; checks the exit code and that no traceback leaked."""
    exit_code = result.exit_code  # type: ignore[attr-defined]
    assert exit_code != 0, result.output  # type: ignore[attr-defined]
    if code is not None:
        assert exit_code == code, result.output  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # type: ignore[attr-defined]
    lines = [line for line in result.stderr.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    return lines[0]


def test_missing_input_file(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(app, ["run", str(missing), "--db", str(db), "-q"])
    line = _error_line(result, code=1)
    assert str(missing) in line and "no such file" in line
    assert not db.exists()


def test_a_missing_input_among_good_ones_is_reported_and_the_rest_goes_in(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    missing = tmp_path / "nope.jsonl"
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["run", str(good), str(missing), "--db", str(db), "-q"])
    assert f"{missing} [source]: no such file" in result.stderr
    assert result.exit_code == 1  # the good file went in, but the run says that one input failed
    with open_store(db, read_only=True) as store:
        assert store.count_articles() == 1
        assert [r.reason for r in store.rejections()] == ["no such file"]


@pytest.mark.parametrize("kind", ["directory", "under_a_file", "not_duckdb"])
def test_unusable_db_path(tmp_path: Path, kind: str) -> None:
    if kind == "directory":
        target = tmp_path / "adir"
        target.mkdir()
    elif kind == "under_a_file":
        (tmp_path / "afile").write_text("x", encoding="utf-8")
        target = tmp_path / "afile" / "t.duckdb"
    else:
        target = tmp_path / "bad.duckdb"
        target.write_bytes(b"this is not a database file\n" * 200)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    for args in (["run", str(good), "-q"], ["status"], ["export", "incidents"], ["incidents", "list"]):
        line = _error_line(runner.invoke(app, [*args, "--db", str(target)]), code=1)
        assert line.startswith("error: ") and str(target) in line, (args, line)
    if kind == "not_duckdb":
        assert target.read_bytes() == b"this is not a database file\n" * 200  # left as it was


def test_status_of_a_database_that_does_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "absent.duckdb"
    line = _error_line(runner.invoke(app, ["status", "--db", str(target)]), code=1)
    assert str(target) in line
    assert not target.exists()  # reading never creates a database


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        (["export", "incidents", "--from", "2024-13-01"], "2024-13-01"),
        (["export", "incidents", "--to", "yesterday"], "yesterday"),
        (["incidents", "list", "--from", "1/10/2024"], "1/10/2024"),
        (["brief", "--from", "2024-09-01", "--to", "2024-10-32"], "2024-10-32"),
        (["brief", "--from", "2024-09-01", "--to", "2024-10-01", "--trigger", "soon"], "soon"),
    ],
)
def test_bad_date_option(db: Path, args: list[str], bad: str) -> None:
    line = _error_line(runner.invoke(app, [*args, "--db", str(db)]), code=2)
    option = args[args.index(bad) - 1]
    assert line == f"error: {option}: {bad!r} is not a date (use YYYY-MM-DD)"


def test_period_that_ends_before_it_starts(db: Path) -> None:
    result = runner.invoke(app, ["brief", "--db", str(db), "--from", "2024-10-01", "--to", "2024-09-01"])
    line = _error_line(result, code=1)
    assert "--to" in line and "before" in line


def test_unknown_export_format(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    line = _error_line(
        runner.invoke(app, ["export", "incidents", "--db", str(db), "-f", "xml", "-o", str(out)])
    )
    assert "'xml'" in line and "csv" in line and "parquet" in line
    assert not out.exists()


def test_parquet_to_stdout_is_refused(db: Path) -> None:
    line = _error_line(runner.invoke(app, ["export", "incidents", "--db", str(db), "-f", "parquet"]), code=2)
    assert "-o" in line


def test_unknown_incident_id(db: Path) -> None:
    line = _error_line(
        runner.invoke(app, ["incidents", "show", "inc-does-not-exist", "--db", str(db)]), code=1
    )
    assert "inc-does-not-exist" in line and "no such incident" in line


def test_bad_config_file(tmp_path: Path) -> None:
    config = tmp_path / "pw.toml"
    config.write_text('colour = "blue"\n', encoding="utf-8")
    line = _error_line(runner.invoke(app, ["status", "--config", str(config)]), code=1)
    assert "colour" in line
    config.write_text("cluster_window_days = 'two'\n", encoding="utf-8")
    line = _error_line(runner.invoke(app, ["status", "--config", str(config)]), code=1)
    assert "cluster_window_days" in line


def test_a_shell_user_sees_one_line_and_the_exit_code(tmp_path: Path) -> None:
    # the real entry point in a subprocess, as the console script calls it
    target = tmp_path / "absent.duckdb"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from proxywatch.cli import app; app(prog_name='proxywatch')",
            "status",
            "--db",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"error: {target}: no such database"]

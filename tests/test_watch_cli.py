"""`proxywatch watch LIST --once` polls the listed sources, stores what is new and reports one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from watch_support import Route, rss_feed
from watch_support import sample_records as records

from proxywatch.cli import app


def test_watch_command_polls_once_and_reports(
    tmp_path: Path, feed_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_server.routes["/f.xml"] = Route(rss_feed(records("s002", "s003")), etag='"1"')
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# the desk\n{feed_server.url('/f.xml')}  # Iraq desk\n\n", encoding="utf-8")
    db, out = tmp_path / "w.duckdb", tmp_path / "out.jsonl"
    runner = CliRunner()
    monkeypatch.setenv("PROXYWATCH_ALLOW_PRIVATE_URLS", "true")
    args = ["watch", str(listing), "--db", str(db), "--once", "--every", "1m", "--jsonl", str(out)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "1 ok" in first.stdout and "2 new articles" in first.stdout
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "1 not_modified" in again.stdout and "0 new articles" in again.stdout
    bad = runner.invoke(app, ["watch", str(listing), "--db", str(db), "--every", "soon"])
    assert bad.exit_code == 1 and "not a duration" in bad.output

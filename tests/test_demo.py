"""`proxywatch demo` writes a database and a brief that cites bundled reports only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxywatch.api import DEMO_TRIGGER, sample_paths
from proxywatch.cli import app
from proxywatch.store import open_store

runner = CliRunner()

# A cited report in a footnote: "- Outlet, YYYY-MM-DD, “Title”, <url> (status) (id sNNN)"
REPORT = re.compile(
    r"^\s+- (?P<outlet>.+?), (?P<day>\d{4}-\d{2}-\d{2}), “(?P<title>.*)”, "
    r"<(?P<url>[^>]+)>.*\(id (?P<id>[^)]+)\)\s*$"
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("demo") / "out"
    result = runner.invoke(app, ["demo", "--dir", str(workdir), "-q"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"database: {workdir / 'demo.duckdb'}"
    assert lines[1] == f"brief:    {workdir / 'brief.md'}"
    assert lines[2].startswith("headline: Attacks by Islamic Resistance in Iraq on Israel")
    return workdir


def _sample() -> dict[str, dict]:
    articles, _, _ = sample_paths()
    return {
        row["id"]: row
        for row in (
            json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines() if line.strip()
        )
    }


def test_demo_writes_the_database_and_the_brief(demo_dir: Path) -> None:
    with open_store(demo_dir / "demo.duckdb", read_only=True) as store:
        assert store.count_articles() == len(_sample())
        assert store.count_incidents() > 0
        assert [r.command for r in store.runs()] == ["demo"]
    brief = (demo_dir / "brief.md").read_text(encoding="utf-8")
    assert brief.startswith("# Attacks by Islamic Resistance in Iraq on Israel")
    assert str(DEMO_TRIGGER) in brief
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", brief):
        assert (demo_dir / image).is_file(), image


def test_every_footnote_cites_a_bundled_report(demo_dir: Path) -> None:
    brief = (demo_dir / "brief.md").read_text(encoding="utf-8")
    sample = _sample()
    by_url = {row["url"]: row for row in sample.values()}
    markers = set(re.findall(r"\[\^(\d+)\](?!:)", brief))
    defined = set(re.findall(r"^\[\^(\d+)\]:", brief, flags=re.M))
    assert markers and markers == defined
    cited = [m for m in map(REPORT.match, brief.splitlines()) if m]
    assert len(cited) >= 10
    for match in cited:
        row = sample.get(match["id"])
        assert row is not None, f"footnote cites {match['id']}, which is no bundled article"
        assert by_url.get(match["url"]) is row, match.group(0)
        assert (match["outlet"], match["day"], match["title"]) == (
            row["outlet"],
            row["published"],
            row["title"],
        )
    # every URL anywhere in the brief is a bundled report's URL: nothing invented, nothing from elsewhere
    urls = set(re.findall(r"<(https?://[^>]+)>", brief))
    assert urls and urls <= set(by_url)


def test_brief_check_passes_on_the_demo_database(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    args = ["brief", "--db", str(demo_dir / "demo.duckdb"), "--from", "2024-09-08", "--to", "2024-10-16"]
    args += [
        "--trigger",
        str(DEMO_TRIGGER),
        "--umbrella",
        "islamic-resistance-in-iraq",
        "--target-country",
        "IL",
    ]
    result = runner.invoke(app, [*args, "-o", str(out), "--check"])
    assert result.exit_code == 0, result.output
    assert "check: every figure and citation verified" in result.stderr
    # the command and the demo build the same brief from the same database
    assert out.read_text(encoding="utf-8") == (demo_dir / "brief.md").read_text(encoding="utf-8")


def test_demo_twice_in_the_same_directory_adds_nothing(demo_dir: Path) -> None:
    with open_store(demo_dir / "demo.duckdb", read_only=True) as store:
        before = (store.count_articles(), store.count_mentions(), [i.id for i in store.incidents()])
    result = runner.invoke(app, ["demo", "--dir", str(demo_dir), "-q"])
    assert result.exit_code == 0, result.output
    with open_store(demo_dir / "demo.duckdb", read_only=True) as store:
        assert (store.count_articles(), store.count_mentions(), [i.id for i in store.incidents()]) == before

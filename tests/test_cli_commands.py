"""Every CLI command on a real database: what it prints agrees with what the store holds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxywatch import __version__, plugins
from proxywatch.api import sample_paths
from proxywatch.cli import app
from proxywatch.models import Incident
from proxywatch.pipeline import run
from proxywatch.resolve.actors import ActorRegistry
from proxywatch.settings import load_settings
from proxywatch.store import open_store

runner = CliRunner()
IRI = "islamic-resistance-in-iraq"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "t.duckdb")
    articles, _, _ = sample_paths()
    with open_store(path) as store:
        run([str(articles)], store=store, settings=load_settings(db=path))
    return path


@pytest.fixture(scope="module")
def incidents(db: str) -> list[Incident]:
    with open_store(db, read_only=True) as store:
        return store.incidents()


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_version() -> None:
    assert _ok(["--version"]).strip() == f"proxywatch {__version__}"


def test_status_shows_counts_runs_and_rejections(db: str, incidents: list[Incident], tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{oops\n", encoding="utf-8")
    _ok(["run", str(broken), "--db", db, "-q"])
    out = _ok(["status", "--db", db]).splitlines()
    with open_store(db, read_only=True) as store:
        counts = (store.count_articles(), store.count_mentions(), store.count_incidents())
    assert (
        out[0]
        == f"{db}: schema v{_schema(db)}, {counts[0]} articles, {counts[1]} mentions, {counts[2]} incidents"
    )
    assert counts[2] == len(incidents)
    runs = [line.split()[2] for line in out if line.strip().startswith("run ")]
    assert runs == ["run", "run"]
    assert any(line.strip().startswith(f"rejected {broken} [line 1]: invalid JSON") for line in out)


def _schema(db: str) -> int:
    with open_store(db, read_only=True) as store:
        return store.schema_version()


def test_settings_reach_commands_from_the_environment_and_config(db: str, tmp_path: Path) -> None:
    expected = _ok(["status", "--db", db]).splitlines()[0]
    result = runner.invoke(app, ["status"], env={"PROXYWATCH_DB": db})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == expected
    config = tmp_path / "pw.toml"
    config.write_text(f"db = {json.dumps(db)}\n", encoding="utf-8")
    assert _ok(["status", "--config", str(config)]).splitlines()[0] == expected
    # an explicit option beats the environment
    absent = str(tmp_path / "absent.duckdb")
    result = runner.invoke(app, ["status", "--db", absent], env={"PROXYWATCH_DB": db})
    assert result.exit_code == 1 and absent in result.stderr


def test_incidents_list_one_line_each_and_filters(db: str, incidents: list[Incident]) -> None:
    lines = _ok(["incidents", "list", "--db", db, "--limit", "1000"]).splitlines()
    assert [line.split()[0] for line in lines] == [i.id for i in incidents]
    october = _ok(
        ["incidents", "list", "--db", db, "--from", "2024-10-01", "--to", "2024-10-05"]
    ).splitlines()
    expected = [i.id for i in incidents if i.event_date and "2024-10-01" <= str(i.event_date) <= "2024-10-05"]
    assert [line.split()[0] for line in october] == expected and expected
    iri = _ok(["incidents", "list", "--db", db, "--actor", IRI, "--limit", "1000"]).splitlines()
    assert iri and all(line.split()[2] == IRI for line in iri)
    assert len(_ok(["incidents", "list", "--db", db, "--limit", "3"]).splitlines()) == 3


def test_incidents_show_lists_every_source_and_its_evidence(db: str, incidents: list[Incident]) -> None:
    incident = max(incidents, key=lambda i: (i.n_reports, i.id))
    assert incident.n_reports >= 2
    out = _ok(["incidents", "show", incident.id, "--db", db])
    assert out.startswith(f"incident {incident.id}  {incident.event_date}  {incident.event_type}")
    with open_store(db, read_only=True) as store:
        articles = store.get_articles(list(incident.article_ids))
    for article in articles:
        assert f"- {article.outlet}, {article.published_at:%Y-%m-%d}: {article.title}" in out
        assert article.url in out
    assert out.count("  evidence: ") == len(incident.mention_ids)


def test_export_with_acled_columns(db: str, incidents: list[Incident]) -> None:
    rows = list(csv.DictReader(io.StringIO(_ok(["export", "incidents", "--db", db, "--acled"]))))
    assert len(rows) == len(incidents)
    assert {"event_id_cnty", "event_date", "sub_event_type", "actor1", "latitude", "longitude"} <= set(
        rows[0]
    )
    # ACLED calls an interception "Disrupted weapons use"; every other sub-event type is ours verbatim
    acled_name = {"Interception": "Disrupted weapons use"}
    assert sorted(r["sub_event_type"] for r in rows) == sorted(
        acled_name.get(i.event_type, i.event_type) for i in incidents
    )


def test_brief_to_stdout_with_check(db: str) -> None:
    result = runner.invoke(
        app,
        [
            "brief",
            "--db",
            db,
            "--from",
            "2024-09-20",
            "--to",
            "2024-10-10",
            "--trigger",
            "2024-09-27",
            "--check",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ")
    assert "[^1]:" in result.stdout
    assert "check: every figure and citation verified" in result.stderr


def test_actors_lists_and_searches_the_registry() -> None:
    registry = ActorRegistry.builtin()
    every = _ok(["actors"]).splitlines()
    assert sorted(line.split()[0] for line in every) == sorted(a.id for a in registry.actors())
    found = _ok(["actors", "Kataib Hizballah"]).splitlines()
    assert found and found[0].split()[0] == "kataib-hezbollah"
    assert f"umbrella={IRI}" in found[0]
    assert _ok(["actors", "zzz-no-such-group"]) == ""


def test_plugins_lists_every_kind() -> None:
    out = _ok(["plugins"]).splitlines()
    assert out == [f"{kind}: {', '.join(plugins.names(kind))}" for kind in plugins.KINDS]
    assert "exporter: csv, geojson, json, parquet" in out


def test_eval_reports_json_and_exits_3_below_a_floor(tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"incidents": {"f1": 0.01, "recall": 1.01}}), encoding="utf-8")
    result = runner.invoke(app, ["eval", "-q", "--json", "--floors", str(floors)])
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    assert 0 < report["incidents"]["f1"] <= 1
    assert report["incidents"]["n_gold"] == 49
    missed = [line for line in result.stderr.splitlines() if line.startswith("floor missed:")]
    assert len(missed) == 1 and "incidents.recall" in missed[0]

"""Re-runs add nothing, a new file keeps incident ids, a crash loses nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from proxywatch.api import sample_paths
from proxywatch.cli import app
from proxywatch.models import Article, Mention
from proxywatch.pipeline import Components, RunSummary, build_components, extract, ingest, run
from proxywatch.resolve.scope import in_scope
from proxywatch.settings import Settings, load_settings
from proxywatch.store import Store, open_store


@pytest.fixture(scope="module")
def components() -> Components:
    return build_components(load_settings())


@pytest.fixture(scope="module")
def sample_lines() -> list[str]:
    articles, _, _ = sample_paths()
    return [line for line in articles.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@dataclass(frozen=True)
class Snapshot:
    articles: int
    mentions: int
    incidents: dict[str, tuple[str, ...]]  # incident id -> article ids
    mention_ids: frozenset[str]


def _snapshot(store: Store) -> Snapshot:
    incidents = store.incidents()
    held = [m for inc in incidents for m in inc.mention_ids]
    assert len(held) == len(set(held)), "a mention sits in two incidents"
    return Snapshot(
        articles=store.count_articles(),
        mentions=store.count_mentions(),
        incidents={inc.id: tuple(sorted(inc.article_ids)) for inc in incidents},
        mention_ids=frozenset(held),
    )


def _settings(db: Path, **overrides: Any) -> Settings:
    return load_settings(db=str(db), **overrides)


def _run(
    db: Path, inputs: list[str], components: Components, **overrides: Any
) -> tuple[RunSummary, Snapshot]:
    settings = _settings(db, **overrides)
    with open_store(db) as store:
        summary = run(inputs, store=store, settings=settings, components=components)
        return summary, _snapshot(store)


def test_rerunning_the_same_input_changes_nothing(
    tmp_path: Path, components: Components, sample_lines: list[str]
) -> None:
    source = _write(tmp_path / "a.jsonl", sample_lines[:40])
    first, before = _run(tmp_path / "t.duckdb", [source], components)
    assert first.articles_new == 40 and first.mentions > 0 and before.incidents
    second, after = _run(tmp_path / "t.duckdb", [source], components)
    assert after == before
    assert (second.articles_seen, second.articles_new, second.articles_extracted, second.mentions) == (
        40,
        0,
        0,
        0,
    )
    assert (second.incidents_created, second.incidents_updated) == (0, 0)
    with open_store(tmp_path / "t.duckdb", read_only=True) as store:
        assert [r.status for r in store.runs()] == ["ok", "ok"]


def test_a_second_file_keeps_the_existing_incident_ids(
    tmp_path: Path, components: Components, sample_lines: list[str]
) -> None:
    first_file = _write(tmp_path / "a.jsonl", sample_lines[:40])
    second_file = _write(tmp_path / "b.jsonl", sample_lines[40:])
    _, before = _run(tmp_path / "t.duckdb", [first_file], components)
    summary, after = _run(tmp_path / "t.duckdb", [second_file], components)
    assert summary.articles_new == len(sample_lines) - 40
    assert after.articles == len(sample_lines)
    for incident_id, article_ids in before.incidents.items():
        assert incident_id in after.incidents, f"{incident_id} vanished when a second file came in"
        assert set(article_ids) <= set(after.incidents[incident_id])
    assert before.mention_ids <= after.mention_ids
    assert summary.incidents_created == len(after.incidents) - len(before.incidents) > 0


def test_malformed_lines_are_rejected_with_a_reason_and_the_rest_goes_in(
    tmp_path: Path, sample_lines: list[str]
) -> None:
    good = sample_lines[20:25]
    lines = [
        good[0],
        "{this is not json",
        json.dumps({"id": "x1", "url": "https://a.invalid/1", "outlet": "A", "published": "2024-10-01"}),
        good[1],
        json.dumps(["a", "list", "not", "an", "object"]),
        good[2],
        json.dumps({"id": "x2", "outlet": "A", "published": "2024-10-01", "title": "t", "text": ""}),
        good[3],
        good[4],
    ]
    source = _write(tmp_path / "mixed.jsonl", lines)
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    result = runner.invoke(app, ["run", source, "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert "5 new of 5 articles, 4 rejected" in result.stdout
    status = runner.invoke(app, ["status", "--db", db])
    assert status.exit_code == 0, status.output
    assert ", 5 articles," in status.stdout
    rejected = {
        line.split("[", 1)[1].split("]", 1)[0]: line.split("]: ", 1)[1]
        for line in status.stdout.splitlines()
        if line.strip().startswith("rejected ")
    }
    assert set(rejected) == {"line 2", "line 3", "line 5", "line 7"}
    assert "json" in rejected["line 2"].lower()
    assert "text" in rejected["line 3"]
    assert all(reason.strip() for reason in rejected.values())
    # the rejections are data too, not only printed lines
    with open_store(db, read_only=True) as store:
        assert {r.item for r in store.rejections()} == set(rejected)
        assert {a.external_id for a in store.iter_articles()} == {json.loads(g)["id"] for g in good}


def test_a_run_killed_before_clustering_finishes_on_the_next_run(
    tmp_path: Path, components: Components, sample_lines: list[str]
) -> None:
    source = _write(tmp_path / "a.jsonl", sample_lines[15:55])
    _, clean = _run(tmp_path / "clean.duckdb", [source], components)

    db = tmp_path / "killed.duckdb"
    settings = _settings(db)
    with open_store(db) as store:
        # the stages of `run`, stopped after extraction as if the process died there
        record = store.begin_run("run", extractor_version=components.extractor.version, params={})
        summary = RunSummary(run_id=record.id)
        ingest([source], store=store, settings=settings, run_id=record.id, summary=summary)
        extract(
            store=store, components=components, settings=settings, run_id=record.id, summary=summary, bar=None
        )
        assert store.count_incidents() == 0
        assert len(store.unclustered_mentions()) > 0
    resumed, after = _run(db, [source], components)
    assert (resumed.articles_new, resumed.articles_extracted) == (0, 0)
    assert resumed.incidents_created == len(clean.incidents)
    assert after == clean
    with open_store(db, read_only=True) as store:
        # Attacks outside the watched conflict are stored but, by design, never clustered.
        assert [m for m in store.unclustered_mentions() if in_scope(m)] == []


@dataclass
class _CrashingExtractor:
    """The real extractor, but the process 'dies' on the n-th article."""

    inner: Any
    crash_at: int
    seen: int = 0

    @property
    def version(self) -> str:
        return self.inner.version

    def extract(self, article: Article) -> list[Mention]:
        self.seen += 1
        if self.seen == self.crash_at:
            raise KeyboardInterrupt  # what Ctrl-C or a kill during extraction looks like to the code
        return self.inner.extract(article)


def test_a_run_killed_during_extraction_resumes_without_loss_or_duplicates(
    tmp_path: Path, components: Components, sample_lines: list[str]
) -> None:
    source = _write(tmp_path / "a.jsonl", sample_lines[15:55])
    _, clean = _run(tmp_path / "clean.duckdb", [source], components, batch_size=7)

    db = tmp_path / "killed.duckdb"
    crashing = replace(components, extractor=_CrashingExtractor(components.extractor, crash_at=23))
    with pytest.raises(KeyboardInterrupt), open_store(db) as store:
        run([source], store=store, settings=_settings(db, batch_size=7), components=crashing)
    with open_store(db) as store:
        assert store.count_articles() == 40  # stored before extraction began
        assert 0 < len(store.articles_to_extract(components.extractor.version)) < 40
        assert store.runs()[0].status == "failed"
    resumed, after = _run(db, [source], components, batch_size=7)
    assert resumed.articles_new == 0
    assert 0 < resumed.articles_extracted < 40
    assert after == clean

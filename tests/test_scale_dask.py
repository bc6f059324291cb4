"""Dask execution gives the same articles, mentions and incidents as the in-process run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from proxywatch.api import sample_paths
from proxywatch.errors import ConfigError
from proxywatch.ingest.files import read_jsonl
from proxywatch.models import Article, Rejection
from proxywatch.pipeline import RunSummary, ingest, run
from proxywatch.scale.dask_run import Partition, parse_scheduler, plan_partitions, read_partition, run_dask
from proxywatch.settings import load_settings
from proxywatch.store import Store, open_store

distributed = pytest.importorskip(
    "distributed", reason="Dask tests need the dask extra: pip install '.[dask]'"
)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes, as in production (each builds its own components)."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as connected:
            yield connected


def _snapshot(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    incidents = []
    for incident in store.incidents():
        row = asdict(incident)
        row.pop("first_seen")  # wall-clock times of the run, not results
        row.pop("last_updated")
        incidents.append(row)
    mentions = sorted(
        (asdict(m) for m in store.mentions_between(date(1900, 1, 1), date(2100, 1, 1))), key=lambda m: m["id"]
    )
    articles = [a.id for a in store.iter_articles()]
    return incidents, mentions, articles


@pytest.mark.slow  # a cluster of two worker processes, each loading spaCy
def test_dask_run_matches_in_process_run_on_the_sample(client: Any, tmp_path: Path) -> None:
    settings = load_settings()
    sample = str(sample_paths()[0])
    missing = str(tmp_path / "missing.jsonl")
    with open_store(tmp_path / "local.duckdb") as store:
        local = run([sample, missing], store=store, settings=settings)
        expected = _snapshot(store)
    with open_store(tmp_path / "dask.duckdb") as store:
        # Small partitions: the sample file is cut into several slices spread over both workers.
        summary = run_dask(
            [sample, missing], store=store, settings=settings, client=client, partition_bytes=30_000
        )
        got = _snapshot(store)
        again = run_dask([sample], store=store, settings=settings, client=client, partition_bytes=30_000)
        assert _snapshot(store) == got  # re-running changes nothing
        assert store.runs(limit=1)[0].status == "ok"
    assert len(expected[0]) > 20 and len(expected[1]) > 50
    assert got == expected
    for name in (
        "articles_seen",
        "articles_new",
        "rejected",
        "articles_extracted",
        "mentions",
        "incidents_created",
    ):
        assert getattr(summary, name) == getattr(local, name), name
    assert [(r.source, r.item, r.reason) for r in summary.rejections] == [(missing, "source", "no such file")]
    assert again.articles_new == 0 and again.incidents_created == 0


@pytest.mark.slow
def test_articles_stored_but_not_extracted_are_extracted_on_the_workers(client: Any, tmp_path: Path) -> None:
    """A run killed after ingest: the next Dask run extracts what the store holds, as in-process would."""
    settings = load_settings()
    sample = str(sample_paths()[0])
    with open_store(tmp_path / "dask.duckdb") as store:
        ingest([sample], store=store, settings=settings, summary=RunSummary())
        assert store.count_mentions() == 0
        summary = run_dask([], store=store, settings=settings, client=client)
        assert summary.articles_extracted == store.count_articles() == 75
        assert summary.mentions == store.count_mentions() > 50
        assert store.count_incidents() == summary.incidents_created > 20


def test_sliced_json_lines_read_exactly_like_the_whole_file(tmp_path: Path) -> None:
    settings = load_settings(http_max_bytes=2_000)
    lines = []
    for n in range(40):
        if n % 7 == 3:
            lines.append("{not json")
        elif n % 11 == 5:
            lines.append("")
        elif n == 20:
            lines.append(json.dumps({"text": "x" * 3_000}))  # longer than http_max_bytes
        else:
            lines.append(json.dumps({"url": f"https://example.invalid/{n}", "text": f"Report number {n}. é"}))
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no final newline: the last slice ends mid-line
    parts = plan_partitions([str(path)], partition_bytes=300)
    assert len(parts) > 3 and all(p.end is not None for p in parts)
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))

    def key(item: Article | Rejection) -> tuple[str, ...]:
        if isinstance(item, Rejection):
            return ("rejection", item.source, item.item, item.reason)
        return ("article", item.id, item.text, item.source)

    whole = [key(i) for i in read_jsonl(path, settings=settings)]
    sliced = [key(i) for p in parts for i in read_partition(p, settings)]
    assert sliced == whole
    assert ("rejection", str(path), "line 21", "line longer than 2000 bytes") in sliced


def test_small_files_are_grouped_and_urls_stay_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(f"text {n}", encoding="utf-8")
    parts = plan_partitions([str(folder), "https://example.invalid/feed.xml"], partition_bytes=1 << 20)
    assert parts == [
        Partition(sources=tuple(str(folder / f"{n}.txt") for n in range(5))),
        Partition(sources=("https://example.invalid/feed.xml",)),
    ]


def test_scheduler_specs() -> None:
    assert parse_scheduler("local") == ("local", None)
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:x", " "):
        with pytest.raises(ConfigError):
            parse_scheduler(bad)

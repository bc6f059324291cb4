"""A `proxywatch run` killed with SIGKILL at random moments resumes with nothing lost or duplicated.

The corpus is the bundled sample copied four times with varied ids and URLs (300 articles). A clean
run gives the reference. Then, on fresh databases, the same run is started and SIGKILLed at seeded
random moments, several times in a row on the same database; after every kill the store must open and
be consistent (only reference records, every processed article holds exactly its reference mentions,
every incident holds exactly what a finished run would give it); after each chain of kills a run to
completion must give the reference exactly: same article ids, mention ids and incidents.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from proxywatch.api import sample_paths
from proxywatch.store import open_store

pytestmark = pytest.mark.slow

SEED = 20241016
KILLS = 24
KILLS_PER_CHAIN = 6  # then the chain is run to completion and compared; a fresh one starts
COPIES = 4


def _command(db: Path, corpus: Path) -> list[str]:
    exe = shutil.which("proxywatch")
    head = [exe] if exe else [sys.executable, "-c", "from proxywatch.cli import app; app()"]
    return [*head, "run", str(corpus), "--db", str(db), "--quiet"]


def _env() -> dict[str, str]:
    # Small batches: more transaction boundaries for a kill to fall between (or inside).
    return {**os.environ, "PROXYWATCH_BATCH_SIZE": "20"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = []
    for copy in range(COPIES):
        for line in sample_paths()[0].read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            record["id"] = f"{record['id']}-c{copy}"
            if record.get("url"):
                record["url"] = record["url"].replace(".invalid/", f".invalid/copy{copy}/", 1)
            lines.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Snapshot:
    articles: Counter[str]
    mentions: Counter[str]
    mentions_by_article: dict[str, frozenset[str]]
    processed: frozenset[str]
    incidents: dict[str, frozenset[str]]  # incident id -> its mention ids
    holders: dict[str, str | None]  # mention id -> incident id held in mentions.incident_id


def _snapshot(db: Path) -> Snapshot:
    with open_store(db) as store:
        q = store._query  # raw rows: duplicates would be hidden by the record-level API
        articles = Counter(r[0] for r in q("t", "SELECT id FROM articles"))
        mention_rows = q("t", "SELECT id, article_id, incident_id FROM mentions")
        by_article: dict[str, set[str]] = {}
        for mention_id, article_id, _ in mention_rows:
            by_article.setdefault(article_id, set()).add(mention_id)
        processed = frozenset(r[0] for r in q("t", "SELECT article_id FROM extractions"))
        incident_rows = q("t", "SELECT id, mention_ids FROM incidents")
        assert len({r[0] for r in incident_rows}) == len(incident_rows), "duplicated incident ids"
        return Snapshot(
            articles=articles,
            mentions=Counter(r[0] for r in mention_rows),
            mentions_by_article={a: frozenset(m) for a, m in by_article.items()},
            processed=processed,
            incidents={
                r[0]: frozenset(json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in incident_rows
            },
            holders={r[0]: r[2] for r in mention_rows},
        )


def _run_to_completion(db: Path, corpus: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(_command(db, corpus), env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.monotonic() - started


def _check_partial(snap: Snapshot, ref: Snapshot) -> None:
    """What a killed run leaves behind: a consistent prefix of the finished result."""
    assert all(n == 1 for n in snap.articles.values()), "duplicated articles"
    assert all(n == 1 for n in snap.mentions.values()), "duplicated mentions"
    assert set(snap.articles) <= set(ref.articles), "articles the clean run does not have"
    assert set(snap.mentions) <= set(ref.mentions), "mentions the clean run does not have"
    assert snap.processed <= set(snap.articles), "processed marks for articles not stored"
    for article_id in snap.processed:  # an article's mentions land together with its processed mark
        assert snap.mentions_by_article.get(article_id, frozenset()) == ref.mentions_by_article.get(
            article_id, frozenset()
        ), f"article {article_id} has partial mentions"
    assert set(snap.mentions_by_article) <= snap.processed, "mentions of an article not marked processed"
    for incident_id, members in snap.incidents.items():
        assert members <= set(snap.mentions), f"incident {incident_id} holds mentions not stored"
        for mention_id in members:
            assert snap.holders[mention_id] == incident_id, f"mention {mention_id} not linked to its incident"


def test_killed_runs_resume_without_loss_or_duplicates(corpus: Path, tmp_path: Path) -> None:
    reference_db = tmp_path / "reference.duckdb"
    clean_seconds = _run_to_completion(reference_db, corpus)
    ref = _snapshot(reference_db)
    assert len(ref.articles) == 75 * COPIES and ref.mentions and ref.incidents
    # A run with nothing left to do costs the start-up (imports, registries, reading the input).
    startup = _run_to_completion(reference_db, corpus)

    rng = random.Random(SEED)
    kills = chains = 0
    states: Counter[str] = Counter()
    db, left = tmp_path / "chain0.duckdb", 1.0  # left: share of the extraction work still to do
    attempts = in_chain = 0
    while kills < KILLS and attempts < 4 * KILLS:
        attempts += 1
        proc = subprocess.Popen(_command(db, corpus), env=_env(), stdout=subprocess.DEVNULL)
        # A moment within this run's expected life: around the end of start-up (ingest), during what is
        # left of the extraction, or around its end (clustering), so that every phase gets hit.
        end = startup + left * (clean_seconds - startup)
        moment = rng.choice(
            (
                rng.uniform(0.7 * startup, 1.2 * startup),
                rng.uniform(startup, end),
                rng.uniform(end - 0.7, end + 0.3),
            )
        )
        time.sleep(max(0.2, moment))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            kills += 1
            snap = _snapshot(db) if db.exists() else None
            if snap is not None:
                _check_partial(snap, ref)
                states[_phase(snap, ref)] += 1
                left = 1 - len(snap.processed) / len(ref.processed)
            in_chain += 1
            if (snap is None or snap.incidents != ref.incidents) and in_chain < KILLS_PER_CHAIN:
                continue  # killed with work left: resume on the same database
        else:
            assert proc.wait() == 0
        # The work is done (or the run ended by itself): one more run must change nothing.
        _run_to_completion(db, corpus)
        _check_complete(db, ref)
        chains += 1
        db, left, in_chain = tmp_path / f"chain{chains}.duckdb", 1.0, 0
    if db.exists():
        _run_to_completion(db, corpus)
        _check_complete(db, ref)
        chains += 1
    print(f"kills survived: {kills} in {chains} chains; store states after a kill: {dict(states)}")
    assert kills >= KILLS


def _check_complete(db: Path, ref: Snapshot) -> None:
    final = _snapshot(db)
    _check_partial(final, ref)
    assert final.articles == ref.articles
    assert final.mentions == ref.mentions
    assert final.processed == ref.processed
    assert final.incidents == ref.incidents


def _phase(snap: Snapshot, ref: Snapshot) -> str:
    if not snap.articles:
        return "empty"
    if len(snap.processed) < len(ref.processed):
        return "extracting" if snap.processed else "ingested"
    return "clustered" if snap.incidents else "extracted"

"""The run log records what ran, when, with which extractor, and how it ended."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from proxywatch.errors import StoreError


def test_begin_and_finish_a_run(store) -> None:
    before = datetime.now(UTC)
    run = store.begin_run("ingest", extractor_version="rules-1", params={"source": "a.jsonl", "n": 3})
    assert run.status == "running" and run.finished_at is None
    [listed] = store.runs()
    assert listed.id == run.id and listed.status == "running"
    assert listed.params == {"source": "a.jsonl", "n": 3}
    assert listed.started_at >= before.replace(microsecond=0) and listed.started_at.tzinfo is not None

    store.finish_run(run.id, status="ok", stats={"articles": 3, "day": date(2024, 10, 1)})
    [done] = store.runs()
    assert done.status == "ok"
    assert done.finished_at is not None and done.finished_at >= done.started_at
    assert done.stats == {"articles": 3, "day": "2024-10-01"}  # dates are kept as ISO text
    assert done.extractor_version == "rules-1" and done.command == "ingest"


def test_runs_are_most_recent_first_and_limited(store) -> None:
    ids = [store.begin_run(f"cmd{i}", extractor_version="v", params={}).id for i in range(4)]
    assert [r.id for r in store.runs()] == ids[::-1]
    assert [r.id for r in store.runs(limit=2)] == ids[::-1][:2]


def test_finishing_an_unknown_run_fails(store) -> None:
    with pytest.raises(StoreError, match="no run"):
        store.finish_run("run-nope", status="ok", stats={})

"""Watch mode polls with conditional requests, stores what a changed feed adds, and remembers the
validators (ETag, Last-Modified, body hash) in the database across restarts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from watch_support import Route, rss_feed
from watch_support import sample_records as records

from proxywatch.pipeline import Components, build_components
from proxywatch.settings import Settings
from proxywatch.store import open_store
from proxywatch.watch import Watcher, WatchPolicy

SETTINGS = Settings(http_timeout_s=2.0, allow_private_urls=True)
POLICY = WatchPolicy(host_delay_s=0.0, backoff_s=0.01)


@pytest.fixture(scope="module")
def components() -> Iterator[Components]:
    yield build_components(SETTINGS)


def test_not_modified_feeds_are_not_read_again_and_changes_are_stored(
    feed_server: Any, tmp_path: Path, components: Components
) -> None:
    a, b, c = feed_server.url("/a.xml"), feed_server.url("/b.rss"), feed_server.url("/c.xml")
    modified = "Tue, 01 Oct 2024 10:00:00 GMT"
    feed_server.routes["/a.xml"] = Route(rss_feed(records("s002", "s003", "s004")), etag='"v1"')
    feed_server.routes["/b.rss"] = Route(
        rss_feed(records("s005", "s007"), title="B desk"), last_modified=modified
    )
    feed_server.routes["/c.xml"] = Route(rss_feed(records("s008")))  # no validators at all
    db = tmp_path / "watch.duckdb"
    with open_store(db) as store:
        watcher = Watcher([a, b, c], store=store, settings=SETTINGS, policy=POLICY, components=components)
        first = watcher.poll_once()
        assert [r.status for r in first.sources] == ["ok", "ok", "ok"]
        assert first.articles_new == 6 and store.count_articles() == 6

        second = watcher.poll_once()
        assert [r.status for r in second.sources] == ["not_modified", "not_modified", "unchanged"]
        assert second.articles_new == 0
        sent = {path: headers for path, headers in feed_server.hits[-3:]}
        assert sent["/a.xml"]["if-none-match"] == '"v1"'
        assert sent["/b.rss"]["if-modified-since"] == modified
        assert "if-none-match" not in sent["/c.xml"]

        # Feed a gains an item: only that one is new.
        feed_server.routes["/a.xml"] = Route(rss_feed(records("s002", "s003", "s004", "s009")), etag='"v2"')
        third = watcher.poll_once()
        assert [r.status for r in third.sources] == ["ok", "not_modified", "unchanged"]
        assert third.articles_new == 1 and store.count_articles() == 7
        runs = store.runs(limit=10)
        assert [r.command for r in runs[:3]] == ["watch"] * 3 and all(r.status == "ok" for r in runs[:3])

    # A restart reads the validators from the database: nothing is fetched in full again.
    with open_store(db) as store:
        before = len(feed_server.hits)
        again = Watcher([a, b, c], store=store, settings=SETTINGS, policy=POLICY, components=components)
        fourth = again.poll_once()
        assert [r.status for r in fourth.sources] == ["not_modified", "not_modified", "unchanged"]
        assert dict(feed_server.hits[before:])["/a.xml"]["if-none-match"] == '"v2"'
        states = store.source_states()
        assert states[a].etag == '"v2"' and states[b].last_modified == modified
        assert states[a].polls == 4 and states[a].items == 7 and states[c].body_hash
        assert store.count_articles() == 7


def test_local_files_are_read_again_only_when_they_change(tmp_path: Path, components: Components) -> None:
    articles = tmp_path / "desk.jsonl"
    articles.write_text("\n".join(json.dumps(r) for r in records("s002", "s003")) + "\n", encoding="utf-8")
    with open_store(tmp_path / "files.duckdb") as store:
        watcher = Watcher(
            [str(articles)], store=store, settings=SETTINGS, policy=POLICY, components=components
        )
        assert watcher.poll_once().articles_new == 2
        assert [r.status for r in watcher.poll_once().sources] == ["not_modified"]
        with articles.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(records("s004")[0]) + "\n")
        report = watcher.poll_once()
        assert [r.status for r in report.sources] == ["ok"] and report.articles_new == 1

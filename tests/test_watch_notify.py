"""New incidents and surge alerts are queued in the store and delivered to a webhook and a JSON-lines
file at least once, in order; what the database held before watching started is not announced."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from watch_support import Route, rss_feed
from watch_support import sample_records as records

from proxywatch.models import Incident
from proxywatch.pipeline import Components, build_components, run
from proxywatch.settings import Settings
from proxywatch.store import open_store
from proxywatch.watch import JsonLinesSink, Watcher, WatchPolicy, WebhookSink

SETTINGS = Settings(http_timeout_s=2.0, allow_private_urls=True)
POLICY = WatchPolicy(host_delay_s=0.0, backoff_s=0.01)


@pytest.fixture(scope="module")
def components() -> Iterator[Components]:
    yield build_components(SETTINGS)


def test_new_incidents_reach_the_webhook_and_the_file_once(
    feed_server: Any, tmp_path: Path, components: Components
) -> None:
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text("\n".join(json.dumps(r) for r in records("s002", "s003")) + "\n", encoding="utf-8")
    feed = feed_server.url("/feed.xml")
    feed_server.routes["/feed.xml"] = Route(rss_feed([]), etag='"empty"')
    out = tmp_path / "alerts.jsonl"
    with open_store(tmp_path / "n.duckdb") as store, httpx.Client() as http:
        run([str(earlier)], store=store, settings=SETTINGS, components=components)
        before = {i.id for i in store.incidents()}
        assert before
        sinks = [WebhookSink(feed_server.url("/hook"), http), JsonLinesSink(out)]
        watcher = Watcher(
            [feed], store=store, settings=SETTINGS, policy=POLICY, sinks=sinks, components=components
        )

        first = watcher.poll_once()  # the database's incidents are history: nothing is sent
        assert first.delivered == 0 and feed_server.posts == [] and not out.exists()

        feed_server.routes["/feed.xml"] = Route(rss_feed(records("s009", "s014", "s020")), etag='"v2"')
        second = watcher.poll_once()
        new = {i.id for i in store.incidents()} - before
        assert new and second.incidents_created >= len(new)
        posted = [json.loads(body) for path, body in feed_server.posts if path == "/hook"]
        written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert posted == written and second.delivered == len(posted)
        assert {p["incident_id"] for p in posted if p["kind"] == "incident"} == new
        for note in posted:
            if note["kind"] == "incident":
                assert note["id"] == f"incident:{note['incident_id']}" and note["article_ids"]
                assert set(note["article_ids"]) <= {a.id for a in store.iter_articles()}

        third = watcher.poll_once()  # nothing new: nothing sent again
        assert third.notifications == 0 and third.delivered == 0 and len(feed_server.posts) == len(posted)
        assert store.pending_notifications() == []


def test_a_failing_webhook_keeps_notifications_queued_until_it_answers(
    feed_server: Any, tmp_path: Path, components: Components
) -> None:
    feed = feed_server.url("/feed.xml")
    feed_server.routes["/feed.xml"] = Route(rss_feed([]))
    feed_server.routes["/hook"] = Route(b"", status=503)
    with open_store(tmp_path / "down.duckdb") as store, httpx.Client() as http:
        sink = WebhookSink(feed_server.url("/hook"), http)
        watcher = Watcher(
            [feed], store=store, settings=SETTINGS, policy=POLICY, sinks=[sink], components=components
        )
        watcher.poll_once()
        feed_server.routes["/feed.xml"] = Route(rss_feed(records("s009", "s014")))
        down = watcher.poll_once()
        assert down.notifications > 0 and down.delivered == 0 and "HTTP 503" in down.delivery_errors[0]
        queued = [n.id for n in store.pending_notifications()]
        assert len(queued) == down.notifications
        assert len(feed_server.posts) == 1  # it stopped at the first failure, to keep the order

    feed_server.routes["/hook"] = Route(b"{}", status=200)
    with open_store(tmp_path / "down.duckdb") as store, httpx.Client() as http:  # e.g. after a restart
        sink = WebhookSink(feed_server.url("/hook"), http)
        watcher = Watcher(
            [feed], store=store, settings=SETTINGS, policy=POLICY, sinks=[sink], components=components
        )
        up = watcher.poll_once()
        assert up.delivered == len(queued) and store.pending_notifications() == []
        sent = [json.loads(body)["id"] for _, body in feed_server.posts[1:]]
        assert sent == queued


def test_a_surge_is_announced_once(tmp_path: Path, make_incident: Callable[..., Incident]) -> None:
    monday = date(2024, 9, 2)

    def week(n: int, count: int) -> list[Incident]:
        return [
            make_incident(id=f"w{n}-{k}", event_date=monday + timedelta(weeks=n, days=k % 5),
                          actor_id="kataib-hezbollah", actor_umbrella="islamic-resistance-in-iraq")
            for k in range(count)
        ]  # fmt: skip

    out = tmp_path / "surge.jsonl"
    clock = lambda: datetime(2024, 10, 10, tzinfo=UTC)  # noqa: E731
    with open_store(tmp_path / "surge.duckdb") as store:
        store.save_incidents([i for n in range(4) for i in week(n, 1)])
        watcher = Watcher([], store=store, settings=SETTINGS, policy=POLICY, sinks=[JsonLinesSink(out)],
                          components=object(), clock=clock)  # fmt: skip
        watcher._process = lambda items, states, report: None  # type: ignore[method-assign]  # no pipeline here
        watcher.poll_once()
        store.save_incidents(week(4, 5))  # five in the week of 30 September against one a week before
        watcher.poll_once()
        watcher.poll_once()
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    surges = [n for n in lines if n["kind"] == "surge"]
    assert [s["id"] for s in surges] == ["surge:islamic-resistance-in-iraq:2024-09-30"]
    assert surges[0]["count"] == 5 and surges[0]["ratio"] == 5.0
    assert sorted(surges[0]["incident_ids"]) == sorted(i.id for i in week(4, 5))
    assert len([n for n in lines if n["kind"] == "incident"]) == 5  # the new week's incidents, once each

"""Watch mode survives sources that fail, hang, return garbage or vanish: retries with backoff,
timeouts, per-host politeness, a circuit breaker for dead sources, and the rest of the poll goes on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from watch_support import Route, rss_feed
from watch_support import sample_records as records

from proxywatch.pipeline import Components, build_components
from proxywatch.settings import Settings
from proxywatch.store import open_store
from proxywatch.watch import Watcher, WatchPolicy

SETTINGS = Settings(http_timeout_s=1.0, allow_private_urls=True)


@pytest.fixture(scope="module")
def components() -> Iterator[Components]:
    yield build_components(SETTINGS)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 10, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_each_fault_is_retried_or_recorded_and_the_poll_goes_on(
    feed_server: Any, tmp_path: Path, components: Components
) -> None:
    routes = feed_server.routes
    routes["/good.xml"] = Route(rss_feed(records("s002", "s003")))
    routes["/flaky.xml"] = Route(rss_feed(records("s004"), title="Flaky"), fail=2)  # 503, 503, then 200
    routes["/hang.xml"] = Route(rss_feed(records("s005")), hang=2.5)  # past the 1 s timeout
    routes["/garbage.xml"] = Route(b"\x00\xff\xfe<rss><channel><item><title>\x00broken", status=200)
    routes["/html.xml"] = Route(b"<html><body>not a feed</body></html>", ctype="text/html")
    # /gone.xml has no route: 404
    names = ["good", "flaky", "hang", "garbage", "html", "gone"]
    urls = [feed_server.url(f"/{n}.xml") for n in names]
    waits: list[float] = []
    policy = WatchPolicy(host_delay_s=0.0, retries=2, backoff_s=0.05, breaker_after=3)
    with open_store(tmp_path / "faults.duckdb") as store:
        watcher = Watcher(
            urls, store=store, settings=SETTINGS, policy=policy, components=components, sleep=waits.append
        )
        report = watcher.poll_once()
        by = dict(zip(names, report.sources, strict=True))
        assert by["good"].status == "ok" and by["good"].items == 2  # (a loaded machine may retry it)
        assert by["flaky"].status == "ok" and by["flaky"].attempts == 3
        assert (
            by["hang"].status == "failed"
            and by["hang"].attempts == 3
            and "timed out" in (by["hang"].error or "")
        )
        assert by["garbage"].status == "failed" and by["garbage"].attempts == 1  # garbage is not retried
        assert by["html"].status == "failed" and by["html"].attempts == 1
        assert (
            by["gone"].status == "failed" and "404" in (by["gone"].error or "") and by["gone"].attempts == 1
        )
        # Exponential backoff: 0.05 s then 0.1 s before the 2nd and 3rd attempts of each retried source.
        expected = [0.05 * 2**k for r in report.sources for k in range(r.attempts - 1)]
        assert sorted(waits) == sorted(expected) and waits.count(0.1) >= 2
        assert store.count_articles() == 3  # good (2) and flaky (1)

        reasons = {r.source: r.reason for r in store.rejections() if r.stage == "watch"}
        for name in ("hang", "garbage", "html", "gone"):
            assert reasons[feed_server.url(f"/{name}.xml")], name
        states = store.source_states()
        assert states[urls[0]].failures == 0 and states[urls[2]].failures == 1
        assert states[urls[2]].last_status == "failed" and "timed out" in (states[urls[2]].last_error or "")


def test_requests_to_one_host_keep_the_politeness_delay(
    feed_server: Any, tmp_path: Path, components: Components
) -> None:
    for n in range(3):
        feed_server.routes[f"/p{n}.xml"] = Route(rss_feed(records("s002")))
    waits: list[float] = []
    policy = WatchPolicy(host_delay_s=30.0)
    with open_store(tmp_path / "polite.duckdb") as store:
        urls = [feed_server.url(f"/p{n}.xml") for n in range(3)]
        Watcher(
            urls, store=store, settings=SETTINGS, policy=policy, components=components, sleep=waits.append
        ).poll_once()
    # The first request goes at once; each later one to the same host waits out (almost) the delay.
    assert len(waits) == 2 and all(29.0 < w <= 30.0 for w in waits)


def test_a_dead_source_opens_the_breaker_and_a_good_poll_closes_it(
    feed_server: Any, tmp_path: Path, components: Components
) -> None:
    dead = feed_server.url("/dead.xml")
    feed_server.routes["/dead.xml"] = Route(b"oops", ctype="text/plain", status=500)
    clock = Clock()
    policy = WatchPolicy(host_delay_s=0.0, retries=0, breaker_after=2, breaker_cooldown_s=600)
    with open_store(tmp_path / "breaker.duckdb") as store:
        watcher = Watcher(
            [dead], store=store, settings=SETTINGS, policy=policy, components=components, clock=clock,
            sleep=lambda s: None,
        )  # fmt: skip
        assert watcher.poll_once().sources[0].status == "failed"
        assert store.source_states()[dead].open_until is None
        assert watcher.poll_once().sources[0].status == "failed"
        state = store.source_states()[dead]
        assert state.failures == 2 and state.open_until == clock.now + timedelta(seconds=600)

        hits = feed_server.count("/dead.xml")
        clock.now += timedelta(seconds=300)
        assert watcher.poll_once().sources[0].status == "skipped"
        assert feed_server.count("/dead.xml") == hits  # left alone while open

        clock.now += timedelta(seconds=301)  # open period over: one trial poll, which fails again
        assert watcher.poll_once().sources[0].status == "failed"
        state = store.source_states()[dead]
        assert state.failures == 3 and state.open_until == clock.now + timedelta(seconds=1200)  # doubled

        feed_server.routes["/dead.xml"] = Route(rss_feed(records("s002")))
        clock.now += timedelta(seconds=1201)
        assert watcher.poll_once().sources[0].status == "ok"
        state = store.source_states()[dead]
        assert state.failures == 0 and state.open_until is None and state.last_error is None
        assert store.count_articles() == 1

"""Watch mode: poll feeds and pages on a schedule, run the pipeline on what is new, notify.

One poll, in an order that a crash at any point cannot turn into a loss:

1. fetch every source whose circuit breaker is closed, with conditional requests (the ETag and
   Last-Modified of its last good response), per-host politeness, a timeout, and retries with
   exponential backoff for network errors, timeouts, HTTP 429 and 5xx;
2. store the articles and rejections read, *then* the sources' new validators (the reverse order
   could skip items for good: the next poll would get ``304 Not Modified`` for a feed never stored);
3. extract, resolve and cluster everything not yet processed (as :func:`proxywatch.pipeline.run`);
4. queue a notification for every incident not yet notified and every new surge alert (the
   ``notifications`` outbox in the store), then deliver the queue to the sinks (webhook, JSON lines)
   and mark each delivered only after every sink took it: delivery is at least once, and each
   notification carries its ``id`` so a consumer can drop a repeat.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx

from proxywatch.errors import ProxywatchError, SourceError
from proxywatch.ingest.normalize import host_of, is_web_url
from proxywatch.models import Article, Incident, Rejection
from proxywatch.settings import Settings
from proxywatch.store.base import Notification, SourceState, Store
from proxywatch.watch.state import (
    WatchPolicy,
    after_failure,
    after_skip,
    after_success,
    backoff_delay,
    body_hash,
    is_open,
    retry_after_seconds,
)

Item = Article | Rejection

# What the surge check looks at: the latest weeks of incidents, grouped by claiming umbrella.
SURGE_BY = "umbrella"
SURGE_TRAILING_WEEKS = 4
BASELINE = "watch:baseline"  # the marker notification: the database's history was baselined


class Sink(Protocol):
    """Where notifications go. ``send`` raises :class:`ProxywatchError` when it could not deliver."""

    name: str

    def send(self, notification: Notification) -> None: ...


def notification_json(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.id,
        "kind": notification.kind,
        "created_at": notification.created_at.isoformat(),
        **notification.payload,
    }


@dataclass
class JsonLinesSink:
    """Appends one JSON object per notification to a file (flushed and fsynced before it counts)."""

    path: Path
    name: str = "jsonl"

    def send(self, notification: Notification) -> None:
        line = json.dumps(notification_json(notification), ensure_ascii=False, sort_keys=True, default=str)
        try:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise SourceError(
                str(self.path), f"cannot append a notification ({exc.strerror or exc})"
            ) from exc


@dataclass
class WebhookSink:
    """POSTs each notification as JSON; any 2xx status is delivery, anything else is retried later."""

    url: str
    client: httpx.Client
    timeout_s: float = 10.0
    name: str = "webhook"

    def send(self, notification: Notification) -> None:
        try:
            response = self.client.post(
                self.url, json=notification_json(notification), timeout=self.timeout_s
            )
        except httpx.HTTPError as exc:
            raise SourceError(self.url, f"webhook failed ({type(exc).__name__}: {exc})") from exc
        if not 200 <= response.status_code < 300:
            raise SourceError(self.url, f"webhook answered HTTP {response.status_code}")


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What one poll got from one source."""

    url: str
    status: str  # ok, not_modified, unchanged, failed, skipped
    items: int = 0
    attempts: int = 0
    error: str | None = None


@dataclass
class PollReport:
    started_at: datetime
    sources: list[SourceResult] = field(default_factory=list)
    articles_new: int = 0
    rejected: int = 0
    mentions: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    notifications: int = 0  # queued by this poll
    delivered: int = 0
    delivery_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        counts: dict[str, int] = {}
        for result in self.sources:
            counts[result.status] = counts.get(result.status, 0) + 1
        states = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        return (
            f"{self.started_at:%Y-%m-%d %H:%M:%S}Z poll: {states or 'no sources'}; {self.articles_new} new "
            f"articles, {self.rejected} rejected, {self.incidents_created} incidents created, "
            f"{self.incidents_updated} updated; {self.notifications} notifications queued, "
            f"{self.delivered} delivered in {self.seconds:.1f}s"
        )


@dataclass
class _Fetch:
    status: int
    url: str
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None


class _Retryable(SourceError):
    """A failure worth another attempt: network error, timeout, HTTP 429 or 5xx."""

    def __init__(self, source: str, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(source, reason)
        self.retry_after = retry_after


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Watcher:
    """Polls ``sources`` (feed or page URLs, local files) into ``store``; see the module docstring.

    ``client`` (an httpx client) and ``components`` (from :func:`proxywatch.pipeline.build_components`)
    are built on first use unless given; ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        sources: Sequence[str],
        *,
        store: Store,
        settings: Settings,
        policy: WatchPolicy | None = None,
        sinks: Sequence[Sink] = (),
        client: httpx.Client | None = None,
        components: Any = None,
        clock: Callable[[], datetime] = _utcnow,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.sources = list(dict.fromkeys(sources))
        self.store = store
        self.settings = settings
        self.policy = policy or WatchPolicy()
        self.sinks = list(sinks)
        self._client = client
        self._own_client = client is None
        self._components = components
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}  # host -> monotonic time of the last request
        self.polls = 0
        self._baselined = False

    # --- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        if self._own_client and self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            from proxywatch.ingest.web import new_client

            self._client = new_client(self.settings)
        return self._client

    @property
    def components(self) -> Any:
        if self._components is None:
            from proxywatch.pipeline import build_components

            self._components = build_components(self.settings)
        return self._components

    def run(
        self,
        *,
        iterations: int | None = None,
        stop: threading.Event | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
    ) -> None:
        """Poll every ``policy.every_s`` seconds until ``iterations`` polls are done or ``stop`` is set."""
        while iterations is None or self.polls < iterations:
            started = time.monotonic()
            report = self.poll_once()
            if on_poll is not None:
                on_poll(report)
            if iterations is not None and self.polls >= iterations:
                return
            wait = max(0.0, self.policy.every_s - (time.monotonic() - started))
            if stop is not None:
                if stop.wait(wait):
                    return
            else:
                self._sleep(wait)

    # --- one poll --------------------------------------------------------------------------------
    def poll_once(self) -> PollReport:
        started = time.monotonic()
        now = self._clock()
        report = PollReport(started_at=now)
        self._baseline(now)
        states = self.store.source_states()
        items: list[Item] = []
        new_states: list[SourceState] = []
        for url in self.sources:
            state = states.get(url) or SourceState(url=url)
            if is_open(state, now):
                report.sources.append(
                    SourceResult(url, "skipped", error=f"circuit open until {state.open_until}")
                )
                new_states.append(after_skip(state, now))
                continue
            result, got, state = self._poll_source(url, state)
            report.sources.append(result)
            items.extend(got)
            new_states.append(state)
        self._process(items, new_states, report)
        self._notify(report)
        self.polls += 1
        report.seconds = time.monotonic() - started
        return report

    def _baseline(self, now: datetime) -> None:
        """On the first poll of a database, what it already holds is history, not news: queue it as
        delivered, so only incidents and alerts found from now on are sent. The marker goes in last,
        so a watcher killed half-way through this baselines again on its next start."""
        if self._baselined or self.store.get_notifications([BASELINE]):
            self._baselined = True
            return
        notes = [_incident_note(i, now) for i in self.store.unnotified_incidents()]
        notes += _surge_notes(self.store, now)
        self.store.add_notifications([replace(n, delivered_at=now) for n in notes])
        marker = Notification(BASELINE, "marker", now, {"baselined": len(notes)}, delivered_at=now)
        self.store.add_notifications([marker])
        self._baselined = True

    def _poll_source(self, url: str, state: SourceState) -> tuple[SourceResult, list[Item], SourceState]:
        now = self._clock()
        if not is_web_url(url):
            return self._poll_path(url, state, now)
        attempts = 0
        while True:
            attempts += 1
            try:
                fetched = self._fetch(url, state)
                break
            except _Retryable as exc:
                if attempts > self.policy.retries:
                    return self._failed(url, state, exc.reason, attempts)
                self._sleep(backoff_delay(attempts, self.policy, retry_after=exc.retry_after))
            except ProxywatchError as exc:
                return self._failed(url, state, getattr(exc, "reason", str(exc)), attempts)
        if fetched.status == 304:
            new = after_success(state, now, status="not_modified")
            return SourceResult(url, "not_modified", attempts=attempts), [], new
        digest = body_hash(fetched.body)
        validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, "digest": digest}
        if digest == state.body_hash:  # a server without validators sent the same body again
            new = after_success(state, now, status="unchanged", **validators)
            return SourceResult(url, "unchanged", attempts=attempts), [], new
        try:
            got = list(_parse(fetched, source=url, fetched_at=now))
        except ProxywatchError as exc:  # garbage: not worth a retry, counts toward the breaker
            return self._failed(url, state, getattr(exc, "reason", str(exc)), attempts)
        new = after_success(state, now, status="ok", items=len(got), **validators)
        return SourceResult(url, "ok", items=len(got), attempts=attempts), got, new

    def _failed(
        self, url: str, state: SourceState, reason: str, attempts: int
    ) -> tuple[SourceResult, list[Item], SourceState]:
        now = self._clock()
        rejection = Rejection(source=url, item="poll", reason=reason, stage="watch", at=now)
        new = after_failure(state, now, reason, self.policy)
        return SourceResult(url, "failed", attempts=attempts, error=reason), [rejection], new

    def _poll_path(
        self, path: str, state: SourceState, now: datetime
    ) -> tuple[SourceResult, list[Item], SourceState]:
        from proxywatch.ingest import load

        try:
            stat = Path(path).stat()
            validator = f"{stat.st_mtime_ns}-{stat.st_size}"
            if validator == state.etag:
                return (
                    SourceResult(path, "not_modified"),
                    [],
                    after_success(state, now, status="not_modified"),
                )
            got = list(load(path, settings=self.settings))
        except OSError as exc:
            return self._failed(path, state, f"cannot read ({exc.strerror or exc})", 1)
        except ProxywatchError as exc:
            return self._failed(path, state, getattr(exc, "reason", str(exc)), 1)
        new = after_success(state, now, status="ok", items=len(got), etag=validator)
        return SourceResult(path, "ok", items=len(got), attempts=1), got, new

    def _polite(self, url: str) -> None:
        host = host_of(url) or url
        last = self._last_request.get(host)
        if last is not None:
            wait = self.policy.host_delay_s - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()

    def _fetch(self, url: str, state: SourceState) -> _Fetch:
        """One conditional GET, bounded like :func:`proxywatch.ingest.web.fetch` (timeout per read and
        for the whole body, size cap, SSRF guard on the URL and every redirect)."""
        from proxywatch.ingest.safety import guard_url
        from proxywatch.ingest.web import _media_type

        guard_url(url, settings=self.settings)
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        self._polite(url)
        limit, timeout = self.settings.http_max_bytes, self.settings.http_timeout_s
        deadline = time.monotonic() + timeout
        try:
            with self.client.stream(
                "GET", url, headers=headers, timeout=timeout, follow_redirects=True
            ) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    raise _Retryable(
                        url,
                        f"HTTP {status} {response.reason_phrase}".strip(),
                        retry_after=retry_after_seconds(response.headers.get("retry-after")),
                    )
                if status >= 400:
                    raise SourceError(url, f"HTTP {status} {response.reason_phrase}".strip())
                chunks: list[bytes] = []
                size = 0
                if status != 304:
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise SourceError(url, f"body of {declared} bytes is over the {limit}-byte limit")
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise SourceError(url, f"body is over the {limit}-byte limit")
                        if time.monotonic() > deadline:
                            raise _Retryable(url, f"timed out after {timeout:g}s")
                        chunks.append(chunk)
                media, charset = _media_type(response.headers.get("content-type", ""))
                return _Fetch(
                    status=status,
                    url=str(response.url),
                    content_type=media,
                    charset=charset,
                    body=b"".join(chunks),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise _Retryable(url, f"timed out after {timeout:g}s") from exc
        except httpx.TooManyRedirects as exc:
            raise SourceError(url, "too many redirects") from exc
        except httpx.InvalidURL as exc:
            raise SourceError(url, f"invalid URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise _Retryable(url, f"request failed ({type(exc).__name__}: {exc})") from exc

    # --- pipeline and notifications ----------------------------------------------------------------
    def _process(self, items: list[Item], states: list[SourceState], report: PollReport) -> None:
        from proxywatch.pipeline import RunSummary, cluster, extract

        store, components = self.store, self.components
        record = store.begin_run(
            "watch", extractor_version=components.extractor.version, params={"sources": self.sources}
        )
        summary = RunSummary(run_id=record.id, sources=len(self.sources))
        try:
            articles = [i for i in items if isinstance(i, Article)]
            rejections = [i for i in items if isinstance(i, Rejection)]
            summary.articles_seen = len(articles)
            summary.articles_new = len(store.add_articles(articles, run_id=record.id))
            summary.rejected = len(rejections)
            store.add_rejections(rejections, run_id=record.id)
            store.save_source_states(states)  # only now: what they announced is stored
            extract(store=store, components=components, settings=self.settings, run_id=record.id,
                    summary=summary, bar=None)  # fmt: skip
            cluster(store.unclustered_mentions(), store=store, settings=self.settings, summary=summary)
        except BaseException:
            store.finish_run(record.id, status="failed", stats=summary.stats())
            raise
        store.finish_run(record.id, status="ok", stats=summary.stats())
        report.articles_new, report.rejected = summary.articles_new, summary.rejected
        report.mentions = summary.mentions
        report.incidents_created, report.incidents_updated = (
            summary.incidents_created,
            summary.incidents_updated,
        )

    def _notify(self, report: PollReport) -> None:
        now = self._clock()
        notes = [_incident_note(i, now) for i in self.store.unnotified_incidents()]
        notes += _surge_notes(self.store, now)
        report.notifications = len(self.store.add_notifications(notes))
        pending = self.store.pending_notifications(limit=1000)
        if not self.sinks:
            return  # kept in the store's outbox for a later watcher with a sink, or for `status`
        delivered: list[str] = []
        for note in pending:
            try:
                for sink in self.sinks:
                    sink.send(note)
            except ProxywatchError as exc:  # stop here: the order of notifications is kept
                report.delivery_errors.append(str(exc))
                break
            delivered.append(note.id)
            self.store.mark_delivered([note.id], at=now)
        report.delivered = len(delivered)


def _parse(fetched: _Fetch, *, source: str, fetched_at: datetime) -> Iterable[Item]:
    from proxywatch.ingest.feeds import FEED_SUFFIXES, is_feed, parse_feed
    from proxywatch.ingest.web import Fetched, page_from_fetched

    by_suffix = source.lower().split("?")[0].split("#")[0].endswith(FEED_SUFFIXES)
    if by_suffix or is_feed(fetched.content_type, fetched.body, url=fetched.url):
        return parse_feed(fetched.body, source=source, fetched_at=fetched_at, base_url=fetched.url)
    page = Fetched(fetched.url, fetched.status, fetched.content_type, fetched.charset, fetched.body)
    return page_from_fetched(page, source=source, fetched_at=fetched_at)


def incident_payload(incident: Incident) -> dict[str, Any]:
    return {
        "incident_id": incident.id,
        "event_date": incident.event_date.isoformat() if incident.event_date else None,
        "event_type": incident.event_type,
        "weapon": incident.weapon,
        "status": incident.status,
        "actor": incident.actor_id,
        "actor_umbrella": incident.actor_umbrella,
        "target": incident.target_text,
        "target_country": incident.target_country,
        "place": incident.place_text,
        "latitude": incident.lat,
        "longitude": incident.lon,
        "launch_country": incident.launch_country,
        "n_sources": incident.n_sources,
        "article_ids": list(incident.article_ids),
    }


def _incident_note(incident: Incident, now: datetime) -> Notification:
    return Notification(
        id=f"incident:{incident.id}", kind="incident", created_at=now, payload=incident_payload(incident)
    )


def _surge_notes(store: Store, now: datetime) -> list[Notification]:
    """Surge alerts in the latest weeks of incidents (by claiming umbrella), one per group and week."""
    from proxywatch.analyse.alerts import surge_alerts, weekly_counts

    dated = [i for i in store.incidents() if i.event_date is not None]
    if not dated:
        return []
    end = max(i.event_date for i in dated if i.event_date is not None)
    start = end - timedelta(weeks=SURGE_TRAILING_WEEKS + 1)
    recent = [i for i in dated if i.event_date is not None and i.event_date >= start - timedelta(days=7)]
    weeks = weekly_counts(recent, start=start, end=end, by=SURGE_BY)
    notes = []
    for alert in surge_alerts(weeks, trailing=SURGE_TRAILING_WEEKS):
        week = alert.week
        notes.append(
            Notification(
                id=f"surge:{alert.group}:{week.start.isoformat()}",
                kind="surge",
                created_at=now,
                payload={
                    "group": alert.group,
                    "by": SURGE_BY,
                    "week_start": week.start.isoformat(),
                    "count": week.count,
                    "baseline": round(alert.baseline, 3),
                    "ratio": None if alert.ratio == float("inf") else round(alert.ratio, 3),
                    "incident_ids": list(week.figure.incident_ids),
                    "text": alert.describe(),
                },
            )
        )
    return notes

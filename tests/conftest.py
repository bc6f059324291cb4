"""Shared fixtures: a ``store`` on every backend, and record factories with sensible defaults."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from watch_support import FeedServer, Route

from proxywatch.models import Article, Incident, Mention, stable_id
from proxywatch.store import Store, open_store

# Override to point the PostgreSQL tests elsewhere; set it empty to skip them.
PG_URL = os.environ.get("PROXYWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs a PostgreSQL server (skipped when unreachable)")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL; skips the test when no server answers."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests disabled: PROXYWATCH_TEST_PG is empty")
    try:
        import psycopg
    except ImportError:
        pytest.skip("PostgreSQL tests need psycopg: pip install 'psycopg[binary]'")
    try:
        psycopg.connect(PG_URL, connect_timeout=2).close()
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server at {PG_URL}: {str(exc).strip().splitlines()[0]}")
    return PG_URL


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    import psycopg

    schema = "pw_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store lives: a DuckDB file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    with open_store(store_target) as opened:
        yield opened


UTC_NOON = datetime(2024, 10, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """``make_article(**overrides)``: a distinct article per call unless ``id`` is given."""
    counter = itertools.count(1)

    def make(**overrides: Any) -> Article:
        n = next(counter)
        text = overrides.get("text", f"Drones struck a base near Erbil on Tuesday, report {n} said.")
        article = Article(
            id=f"art{n}",
            url=f"https://news.invalid/story/{n}",
            outlet="Example Wire",
            title=f"Drone attack {n}",
            text=text,
            published_at=UTC_NOON,
            language="en",
            fetched_at=UTC_NOON,
            content_hash=stable_id(text, length=64),
        )
        return replace(article, **overrides)

    return make


@pytest.fixture
def make_mention() -> Callable[..., Mention]:
    """``make_mention(**overrides)``: a drone strike mention in ``art1`` unless overridden."""
    counter = itertools.count(1)

    def make(**overrides: Any) -> Mention:
        n = next(counter)
        mention = Mention(
            id=f"men{n}",
            article_id="art1",
            sentence_span=(0, 60),
            sentence="Drones struck a base near Erbil on Tuesday.",
            event_type="Air/drone strike",
            weapon="drone",
            claim_status="claimed",
            extractor_version="rules-1",
            event_date=date(2024, 10, 1),
            date_precision="day",
            evidence={"weapon": (0, 6)},
        )
        return replace(mention, **overrides)

    return make


@pytest.fixture
def make_incident() -> Callable[..., Incident]:
    """``make_incident(**overrides)``: a one-source incident; ids ``inc1``, ``inc2``, ..."""
    counter = itertools.count(1)

    def make(**overrides: Any) -> Incident:
        n = next(counter)
        incident = Incident(
            id=f"inc{n}",
            event_date=date(2024, 10, 1),
            event_type="Air/drone strike",
            weapon="drone",
            status="claimed",
            mention_ids=(f"men{n}",),
            article_ids=(f"art{n}",),
            n_sources=1,
            n_reports=1,
            first_seen=UTC_NOON,
            last_updated=UTC_NOON,
        )
        return replace(incident, **overrides)

    return make


# --- HTTP API (serve) -----------------------------------------------------------------------------

HOSTILE = "<script>window.__pwned = 1</script>"


@pytest.fixture
def serve_store(
    tmp_path: Path,
    make_article: Callable[..., Article],
    make_mention: Callable[..., Mention],
    make_incident: Callable[..., Incident],
) -> Iterator[Store]:
    """A DuckDB store with three incidents for the HTTP API tests; ``inc2``'s only report is hostile
    (script tags in outlet, title and text, a ``javascript:`` URL)."""

    def mention(article: Article, number: int, **fields: Any) -> Mention:
        spans = {name: (article.text.index(word), article.text.index(word) + len(word)) for name, word in
                 fields.pop("words").items()}  # fmt: skip
        return make_mention(
            id=f"men{number}", article_id=article.id, sentence_span=(0, len(article.text)),
            sentence=article.text, evidence=spans, **fields,
        )  # fmt: skip

    a1 = make_article(
        id="art1",
        outlet="Example Wire",
        title="Drones at Eilat",
        text="The Islamic Resistance in Iraq said it launched drones at Eilat on Friday.",
    )
    a2 = make_article(
        id="art2",
        outlet=f'<img src=x onerror="window.__pwned = 1">Evil Outlet{HOSTILE}',
        title=f"Rockets hit Haifa {HOSTILE}",
        url="javascript:window.__pwned = 1",
        text=f"Hezbollah fired rockets {HOSTILE} at Haifa on Monday, the army said. <img src=x onerror=f()>",
    )
    a3 = make_article(id="art3", outlet="Other Desk", title="Eilat drone claim",
                      text="A drone launched from Iraq was shot down near Eilat, the army said.")  # fmt: skip
    a4 = make_article(id="art4", outlet="Example Wire", title="Missile at Ras Isa",
                      text="Israeli jets struck the port of Ras Isa in Yemen on Sunday.")  # fmt: skip
    mentions = [  # fmt: skip
        mention(
            a1,
            1,
            words={"actor": "Islamic Resistance in Iraq", "weapon": "drones", "place": "Eilat"},
            event_date=date(2024, 9, 20),
        ),
        mention(
            a3, 2, words={"weapon": "drone", "place": "Eilat", "origin": "Iraq"}, event_date=date(2024, 9, 20)
        ),
        mention(a2, 3, words={"actor": "Hezbollah", "weapon": "rockets", "place": "Haifa"}, weapon="rocket"),
        mention(
            a4,
            4,
            words={"place": "Ras Isa", "date": "Sunday"},
            weapon="airstrike",
            event_date=date(2024, 10, 6),
        ),
    ]
    incidents = [
        make_incident(id="inc1", event_date=date(2024, 9, 20), actor_id="islamic-resistance-in-iraq",
                      actor_umbrella="islamic-resistance-in-iraq", target_country="IL", launch_country="IQ",
                      place_text="Eilat", lat=29.558, lon=34.948, mention_ids=("men1", "men2"),
                      article_ids=("art1", "art3"), n_sources=2, n_reports=2),
        make_incident(id="inc2", event_date=date(2024, 10, 1), actor_id="hezbollah",
                      actor_umbrella="hezbollah", weapon="rocket", status="reported", target_country="IL",
                      launch_country="LB", place_text=f"Haifa {HOSTILE}", lat=32.813, lon=34.999,
                      mention_ids=("men3",),
                      article_ids=("art2",)),
        make_incident(id="inc3", event_date=date(2024, 10, 6), actor_id="israeli-air-force",
                      actor_umbrella="israel", weapon="airstrike", target_country="YE",
                      place_text="Ras Isa", lat=15.308, lon=42.671, mention_ids=("men4",),
                      article_ids=("art4",)),
    ]  # fmt: skip
    with open_store(tmp_path / "serve.duckdb") as opened:
        opened.add_articles([a1, a2, a3, a4])
        opened.replace_mentions_batch(
            [(m.article_id, [m]) for m in mentions], extractor_version="rules-1", run_id=None
        )
        opened.save_incidents(incidents)
        yield opened


@pytest.fixture(scope="session")
def components() -> Any:
    """The real extractor and resolver (registry, gazetteer, spaCy), built once per test session."""
    from proxywatch.pipeline import build_components
    from proxywatch.settings import load_settings

    return build_components(load_settings())


@pytest.fixture(scope="session")
def extract_text(components: Any) -> Callable[..., list[Mention]]:
    """Run extract + resolve on a text published on ``published`` (default 2024-10-02, a Wednesday)."""

    def run(text: str, *, published: date = date(2024, 10, 2), title: str = "") -> list[Mention]:
        article = Article(
            id=stable_id(text),
            url=None,
            outlet="Test Wire",
            title=title,
            text=text,
            published_at=datetime(published.year, published.month, published.day, 12, 0),
            language="en",
            fetched_at=datetime(2024, 10, 2, tzinfo=UTC),
            content_hash=stable_id(text),
        )
        return components.resolver.resolve_article(components.extractor.extract(article), article)

    return run


# --- watch mode: a loopback server whose routes change between polls ------------------------------
# Its helpers live in watch_support.py: test modules import them from there, since `import conftest`
# is ambiguous next to tests/browser/conftest.py.


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    routes: dict[str, Route] = {}
    hits: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = routes.get(self.path)
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            if route.hang:
                time.sleep(route.hang)
            if route.fail > 0:
                route.fail -= 1
                self._send(503, b"busy", "text/plain")
                return
            fresh = {}
            if route.etag:
                fresh["ETag"] = route.etag
            if route.last_modified:
                fresh["Last-Modified"] = route.last_modified
            by_etag = route.etag and self.headers.get("If-None-Match") == route.etag
            since = self.headers.get("If-Modified-Since")
            if by_etag or (route.last_modified and not route.etag and since == route.last_modified):
                self._send(304, b"", route.ctype, fresh)
                return
            self._send(route.status, route.body, route.ctype, fresh)

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            server.posts.append((self.path, body))
            route = routes.get(self.path)
            self._send(route.status if route else 200, b"{}", "application/json")

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server = FeedServer(f"http://127.0.0.1:{httpd.server_address[1]}", routes, hits)
    yield server
    httpd.shutdown()
    httpd.server_close()

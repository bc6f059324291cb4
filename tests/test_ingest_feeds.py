"""Feeds: RSS 2.0 and Atom served on loopback, broken feeds, HTTP errors, wrong types, caps, timeouts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from proxywatch.errors import InputError, SourceError
from proxywatch.ingest import load
from proxywatch.ingest.feeds import read_feed
from proxywatch.models import Article, Rejection
from proxywatch.settings import Settings

# The canned servers run on 127.0.0.1, which the SSRF guard refuses unless allowed.
SETTINGS = Settings(http_timeout_s=2.0, allow_private_urls=True)

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example.invalid/</link><description>news</description>
<item>
  <title>Drones launched at Eilat</title>
  <link>https://wire.example.invalid/2024/10/03/eilat?utm_source=rss</link>
  <guid>wire-1001</guid>
  <pubDate>Thu, 03 Oct 2024 06:15:00 GMT</pubDate>
  <description>&lt;p&gt;The Islamic Resistance in Iraq said it
    &lt;b&gt;launched drones&lt;/b&gt; at Eilat.&lt;/p&gt;</description>
</item>
<item>
  <title>Relative link</title>
  <link>/2024/10/03/relative</link>
  <description>Rockets were fired at the Galilee, the army said, and most were intercepted.</description>
</item>
<item>
  <title>Empty item</title>
  <link>https://wire.example.invalid/2024/10/03/empty</link>
  <description></description>
</item>
<item>
  <title>Old item</title>
  <link>https://wire.example.invalid/1970/old</link>
  <pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>
  <description>Something from long ago.</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Desk</title>
  <id>urn:uuid:feed</id><updated>2024-10-04T10:00:00Z</updated>
  <entry>
    <title>صواريخ على الجليل</title>
    <link href="https://atom.example.invalid/ar/1"/>
    <id>urn:uuid:entry-1</id>
    <updated>2024-10-04T09:00:00+03:00</updated>
    <content type="html">&lt;p&gt;أعلن حزب الله أنه استهدف مواقع في الجليل بصواريخ،
      وقال الجيش إن معظمها اعترض.&lt;/p&gt;&lt;p&gt;ولم ترد تقارير عن إصابات.&lt;/p&gt;</content>
  </entry>
</feed>""".encode()

BROKEN = b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>unclosed"


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, float]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        status, ctype, body, delay = self.routes.get(self.path, (404, "text/plain", b"not found", 0.0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test): nothing to do

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Handler.routes = {
        "/rss": (200, "application/rss+xml; charset=utf-8", RSS, 0.0),
        "/atom": (200, "application/atom+xml", ATOM, 0.0),
        "/plain-feed": (200, "text/plain", RSS, 0.0),
        "/news.xml": (200, "text/html", RSS, 0.0),
        "/broken": (200, "application/rss+xml", BROKEN, 0.0),
        "/html": (200, "text/html", b"<html><body><p>not a feed</p></body></html>", 0.0),
        "/json": (200, "application/json", b'{"a": 1}', 0.0),
        "/big": (200, "application/rss+xml", RSS + b" " * 5000, 0.0),
        "/slow": (200, "application/rss+xml", RSS, 1.5),
        "/error": (500, "text/plain", b"boom", 0.0),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_rss_entries_become_articles(server: str) -> None:
    items = list(read_feed(f"{server}/rss", settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Rejection", "Rejection"]
    article, relative, empty, old = items
    assert isinstance(relative, Article) and relative.url == f"{server}/2024/10/03/relative"
    assert isinstance(article, Article) and isinstance(empty, Rejection) and isinstance(old, Rejection)
    assert article.title == "Drones launched at Eilat"
    assert article.text == "The Islamic Resistance in Iraq said it launched drones at Eilat."
    assert article.url == "https://wire.example.invalid/2024/10/03/eilat?utm_source=rss"
    assert article.outlet == "Example Wire" and article.external_id == "wire-1001"
    assert article.published_at == datetime(2024, 10, 3, 6, 15)
    assert article.source == f"{server}/rss" and article.language == "en"
    assert (
        empty.item == "https://wire.example.invalid/2024/10/03/empty" and empty.reason == "entry has no text"
    )
    assert "impossible published date" in old.reason


def test_atom_entries_become_articles(server: str) -> None:
    [article] = list(read_feed(f"{server}/atom", settings=SETTINGS))
    assert isinstance(article, Article)
    assert article.outlet == "Atom Desk" and article.url == "https://atom.example.invalid/ar/1"
    assert article.text.startswith("أعلن حزب الله") and "<p>" not in article.text
    assert article.text.count("\n") == 1  # one line per paragraph, source line breaks collapsed
    assert article.language == "ar" and article.external_id == "urn:uuid:entry-1"
    assert article.published_at == datetime(2024, 10, 4, 9, 0)  # local time of the +03:00 stamp


def test_feed_served_as_text_plain_is_sniffed(server: str) -> None:
    assert sum(isinstance(i, Article) for i in read_feed(f"{server}/plain-feed", settings=SETTINGS)) == 2


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/broken", "malformed feed"),
        ("/missing", "HTTP 404"),
        ("/error", "HTTP 500"),
        ("/html", "content type text/html is not a feed"),
        ("/json", "content type application/json is not a feed"),
        ("/big", "over the 3000-byte limit"),
        ("/slow", "timed out after 0.5s"),
    ],
)
def test_feed_failures_raise_source_error_naming_the_url(server: str, path: str, message: str) -> None:
    settings = Settings(http_timeout_s=0.5, http_max_bytes=3000, allow_private_urls=True)
    started = time.monotonic()
    with pytest.raises(SourceError, match=message) as info:
        list(read_feed(f"{server}{path}", settings=settings))
    assert info.value.source == f"{server}{path}"
    assert time.monotonic() - started < 1.4  # the timeout held; nobody waited for the slow server


def test_load_fetches_once_and_picks_feed(server: str) -> None:
    # Served as text/html but named .xml: load reads it as the feed it is.
    items = list(load(f"{server}/news.xml", settings=SETTINGS))
    assert sum(isinstance(i, Article) for i in items) == 2
    items = list(load(f"{server}/atom", settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["Article"]


def test_feed_from_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_bytes(RSS)
    items = list(read_feed(str(path), settings=SETTINGS))
    # No base URL for a file: the relative link stays unresolved and the id comes from the text.
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Rejection", "Rejection"]
    assert isinstance(items[1], Article) and items[1].url is None
    assert items[0].source == str(path)
    broken = tmp_path / "broken.xml"
    broken.write_bytes(BROKEN)
    with pytest.raises(SourceError, match="malformed feed"):
        list(read_feed(str(broken), settings=SETTINGS))
    with pytest.raises(InputError, match="no such file"):
        list(read_feed(str(tmp_path / "missing.xml"), settings=SETTINGS))

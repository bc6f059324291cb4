"""Web pages served on loopback: boilerplate removal, metadata, redirects, and every failure mode."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from proxywatch.errors import SourceError
from proxywatch.ingest import load
from proxywatch.ingest.web import read_page
from proxywatch.models import Article, Rejection, stable_id
from proxywatch.settings import Settings

# The canned servers run on 127.0.0.1, which the SSRF guard refuses unless allowed.
SETTINGS = Settings(http_timeout_s=2.0, allow_private_urls=True)

NAV = "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/login'>SUBSCRIBE TODAY</a></nav>"
FOOTER = "<footer><p>Copyright Example Times. All rights reserved.</p><p>Cookie settings</p></footer>"
ARTICLE = """<article><h1>Houthis claim attack on ship in the Red Sea</h1>
<p>The Houthis said on Wednesday they had targeted a commercial vessel in the Red Sea with a ballistic
missile and two drones, in a televised statement by their military spokesman.</p>
<p>A maritime security agency said the ship reported an explosion nearby but no damage, and that the
crew was safe. The vessel continued to its next port of call.</p>
<p>The group has attacked shipping since November, saying it acts in support of the Palestinians.</p>
</article>"""
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Houthis claim attack on ship | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2024-01-10T12:00:00Z">
<link rel="canonical" href="https://times.example.invalid/world/houthis-ship"></head>
<body>{NAV}<aside>Most read: celebrity news, weather, sports scores</aside>{ARTICLE}{FOOTER}</body></html>"""
NO_META = "<html><head><title>Bare</title></head><body>{}</body></html>".format(
    ARTICLE.replace("<h1>Houthis claim attack on ship in the Red Sea</h1>", "")
)
CP1252 = (
    "<html><head><meta charset='windows-1252'><title>Frappe</title></head><body><article>"
    "<p>L’armée israélienne a frappé des positions du Hezbollah au sud du Liban, a indiqué un "
    "communiqué publié dans la soirée, après des tirs de roquettes contre la Galilée.</p>"
    "<p>Selon l’agence officielle libanaise, les frappes ont visé des maisons vides dans deux villages "
    "frontaliers et n’ont pas fait de victimes.</p></article></body></html>"
).encode("cp1252")


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        status, headers, body, delay = self.routes.get(self.path, (404, {}, b"not found", 0.0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    _Handler.routes = {
        "/page": (200, html, PAGE.encode(), 0.0),
        "/bare": (200, html, NO_META.encode(), 0.0),
        "/fr": (200, {"Content-Type": "text/html"}, CP1252, 0.0),
        "/xhtml": (200, {"Content-Type": "application/xhtml+xml"}, PAGE.encode(), 0.0),
        "/moved": (301, {"Location": "/page"}, b"", 0.0),
        "/loop": (302, {"Location": "/loop"}, b"", 0.0),
        "/empty": (200, html, b"<html><body><script>var a = 1;</script></body></html>", 0.0),
        "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4", 0.0),
        "/big": (200, html, PAGE.encode() + b" " * 10_000, 0.0),
        "/slow": (200, html, PAGE.encode(), 1.5),
        "/gone": (410, html, b"gone", 0.0),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_page_main_text_without_boilerplate(server: str) -> None:
    [article] = list(read_page(f"{server}/page", settings=SETTINGS))
    assert isinstance(article, Article)
    assert "ballistic\nmissile" in article.text or "ballistic missile" in article.text
    assert "crew was safe" in article.text
    for junk in ("SUBSCRIBE", "All rights reserved", "Cookie settings", "celebrity news"):
        assert junk not in article.text
    # trafilatura prefers the headline to the <title>, which carries the site's suffix.
    assert article.title == "Houthis claim attack on ship in the Red Sea"
    assert article.outlet == "Example Times"
    assert article.published_at == datetime(2024, 1, 10)
    assert article.url == f"{server}/page" and article.id == stable_id(f"{server}/page")
    assert article.metadata == {"canonical_url": "https://times.example.invalid/world/houthis-ship"}
    assert article.source == f"{server}/page" and article.language == "en"


def test_page_without_metadata_uses_host_and_title(server: str) -> None:
    [article] = list(read_page(f"{server}/bare", settings=SETTINGS))
    assert isinstance(article, Article)
    assert article.outlet == "127.0.0.1" and article.title == "Bare"
    assert article.published_at is None and article.metadata == {}


def test_page_in_cp1252_and_xhtml(server: str) -> None:
    [fr] = list(read_page(f"{server}/fr", settings=SETTINGS))
    assert isinstance(fr, Article) and "L’armée israélienne a frappé" in fr.text and fr.language == "fr"
    [xhtml] = list(read_page(f"{server}/xhtml", settings=SETTINGS))
    assert isinstance(xhtml, Article) and "crew was safe" in xhtml.text


def test_redirect_is_followed_and_final_url_kept(server: str) -> None:
    [article] = list(read_page(f"{server}/moved", settings=SETTINGS))
    assert isinstance(article, Article)
    assert article.url == f"{server}/page" and article.source == f"{server}/moved"


def test_page_without_text_is_a_rejection(server: str) -> None:
    [rej] = list(read_page(f"{server}/empty", settings=SETTINGS))
    assert isinstance(rej, Rejection) and rej.reason == "no article text" and rej.source == f"{server}/empty"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/pdf", "content type application/pdf is not HTML"),
        ("/gone", "HTTP 410"),
        ("/nothing-here", "HTTP 404"),
        ("/loop", "more than 5 redirects"),
        ("/big", "over the 4000-byte limit"),
        ("/slow", "timed out after 0.5s"),
    ],
)
def test_page_failures_raise_source_error(server: str, path: str, message: str) -> None:
    settings = Settings(http_timeout_s=0.5, http_max_bytes=4000, allow_private_urls=True)
    started = time.monotonic()
    with pytest.raises(SourceError, match=message) as info:
        list(read_page(f"{server}{path}", settings=settings))
    assert info.value.source == f"{server}{path}"
    assert time.monotonic() - started < 1.4


def test_connection_refused_is_a_source_error() -> None:
    with httpx.Client() as client, pytest.raises(SourceError, match="request failed"):
        # Port 9 (discard) on loopback: nothing listens there in a test sandbox.
        list(read_page("http://127.0.0.1:9/x", settings=SETTINGS, client=client))


def test_load_reads_html_url_as_page_with_a_given_client(server: str) -> None:
    seen: list[str] = []

    def count(request: httpx.Request) -> None:
        seen.append(str(request.url))

    with httpx.Client(event_hooks={"request": [count]}) as client:
        items = list(load(f"{server}/page", settings=SETTINGS, client=client))
    assert [type(i).__name__ for i in items] == ["Article"]
    assert seen == [f"{server}/page"]  # fetched once, decided by content type

"""User-given URLs must not reach private networks unless the allow flag is set (SSRF guard)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from proxywatch.errors import SourceError
from proxywatch.ingest import load
from proxywatch.ingest.safety import check_url, private_urls_allowed
from proxywatch.ingest.web import fetch, new_client
from proxywatch.pipeline import RunSummary, ingest
from proxywatch.settings import Settings, load_settings
from proxywatch.store import open_store

SETTINGS = Settings(http_timeout_s=2.0)


ALLOWED = replace(SETTINGS, allow_private_urls=True)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            if self.path == "/redirect-home":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/secret")
                self.end_headers()
                return
            body = b"<html><head><title>Secret</title></head><body><p>internal only</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.1.2.3:8080/x", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.0.0.7/admin", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "non-public"),
    ],
)
def test_private_literal_addresses_are_refused(url: str, why: str) -> None:
    with pytest.raises(SourceError) as info:
        check_url(url, resolver=_no_dns)
    assert f"is a {why} address" in info.value.reason and "allow_private_urls" in info.value.reason


def _no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"a literal address must not be resolved ({host})")


def test_names_are_resolved_and_every_address_must_be_public() -> None:
    table = {
        "intranet.example": ["10.1.2.3"],
        "mixed.example": ["93.184.215.14", "192.168.0.2"],  # one private answer is enough to refuse
        "public.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    }
    resolve = lambda host, port: table[host]  # noqa: E731
    with pytest.raises(SourceError, match="private address"):
        check_url("https://intranet.example/feed.xml", resolver=resolve)
    with pytest.raises(SourceError, match="private address"):
        check_url("https://mixed.example/", resolver=resolve)
    check_url("https://public.example/news", resolver=resolve)
    check_url("http://8.8.8.8/", resolver=_no_dns)


def test_unresolvable_host_is_a_source_error() -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(SourceError, match="cannot resolve host 'nowhere.invalid'"):
        check_url("http://nowhere.invalid/rss", resolver=fail)


def test_allow_flag_from_settings_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    check_url("http://127.0.0.1/", allow_private=True, resolver=_no_dns)
    assert not private_urls_allowed(SETTINGS) and private_urls_allowed(ALLOWED)
    monkeypatch.delenv("PROXYWATCH_ALLOW_PRIVATE_URLS", raising=False)
    assert not load_settings().allow_private_urls
    monkeypatch.setenv("PROXYWATCH_ALLOW_PRIVATE_URLS", "true")
    assert private_urls_allowed(load_settings())


def test_fetch_refuses_loopback_before_any_request(server: tuple[str, list[str]]) -> None:
    base, hits = server
    before = len(hits)
    with pytest.raises(SourceError, match="loopback"):
        fetch(f"{base}/secret", settings=SETTINGS)
    assert len(hits) == before  # refused before connecting
    fetched = fetch(f"{base}/secret", settings=ALLOWED)
    assert b"internal only" in fetched.body


class _FirstRequestsAllowed:
    """Settings that allow private addresses for the first ``n`` checks only: the first hop stands for
    a public host (every test server is on loopback), the redirect that follows must be checked."""

    def __init__(self, settings: Settings, n: int) -> None:
        self._settings, self._left = settings, n

    @property
    def allow_private_urls(self) -> bool:
        self._left -= 1
        return self._left >= 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._settings, name)


def test_redirects_are_checked_hop_by_hop(server: tuple[str, list[str]]) -> None:
    base, hits = server
    settings = _FirstRequestsAllowed(SETTINGS, 1)
    with new_client(settings) as client:  # type: ignore[arg-type]
        before = len(hits)
        with pytest.raises(SourceError, match="loopback"):
            client.get(base + "/redirect-home")
    assert hits[before:] == ["/redirect-home"]  # the redirect target was never requested
    # fetch checks the URL itself, then its client checks each request: two checks pass, the third fails.
    before = len(hits)
    with pytest.raises(SourceError, match="loopback"):
        fetch(base + "/redirect-home", settings=_FirstRequestsAllowed(SETTINGS, 2))  # type: ignore[arg-type]
    assert hits[before:] == ["/redirect-home"]


def test_run_records_a_refused_url_as_a_rejection(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, _ = server
    summary = RunSummary()
    with open_store(tmp_path / "s.duckdb") as store:
        new = ingest([f"{base}/secret"], store=store, settings=SETTINGS, summary=summary)
        assert new == [] and store.count_articles() == 0
        (rejection,) = store.rejections()
    assert rejection.item == "source" and "loopback" in rejection.reason
    items = list(load(f"{base}/secret", settings=ALLOWED))
    assert len(items) == 1 and "internal only" in getattr(items[0], "text", "")

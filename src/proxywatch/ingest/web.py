"""Web pages: one bounded HTTP fetch, then the main text and metadata of the page.

:func:`fetch` is shared with the feed reader and :func:`proxywatch.ingest.load`, which fetches a URL
once and then decides whether it is a feed or a page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from proxywatch.errors import SourceError
from proxywatch.ingest.normalize import (
    build_article,
    clean_text,
    decode_bytes,
    extract_html,
    host_of,
    html_charset,
)
from proxywatch.ingest.safety import guard_url, request_guard
from proxywatch.models import Article, Rejection
from proxywatch.settings import Settings

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body. ``url`` is the final URL, after redirects."""

    url: str
    status: int
    content_type: str  # media type only, lower case, no parameters ("" when absent)
    charset: str | None
    body: bytes


def new_client(settings: Settings) -> httpx.Client:
    """The HTTP client readers use when none is passed in: timeout, redirect cap and User-Agent set."""
    return httpx.Client(
        timeout=settings.http_timeout_s,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": settings.user_agent},
        event_hooks={"request": [request_guard(settings)]},  # redirects are guarded too
    )


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def fetch(url: str, *, settings: Settings, client: httpx.Client | None = None) -> Fetched:
    """GET ``url`` with the settings' timeout (per read and for the whole body) and size cap.

    Raises SourceError naming the URL for a network error, a timeout, too many redirects, an HTTP
    error status, or a body over ``settings.http_max_bytes`` (streamed: reading stops at the cap).
    Without ``client`` a client from :func:`new_client` is used and closed; a passed-in client keeps
    its own headers and redirect cap (httpx's default is 20).
    """
    guard_url(url, settings=settings)  # SSRF: user-given URLs must not reach private networks
    limit = settings.http_max_bytes
    deadline = time.monotonic() + settings.http_timeout_s
    with ExitStack() as stack:
        http = client if client is not None else stack.enter_context(new_client(settings))
        try:
            response = stack.enter_context(
                http.stream("GET", url, timeout=settings.http_timeout_s, follow_redirects=True)
            )
            if response.status_code >= 400:
                raise SourceError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise SourceError(url, f"body of {declared} bytes is over the {limit}-byte limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise SourceError(url, f"body is over the {limit}-byte limit")
                # httpx's timeout is per read; a server trickling bytes must not hold us forever.
                if time.monotonic() > deadline:
                    raise SourceError(url, f"timed out after {settings.http_timeout_s:g}s")
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise SourceError(url, f"timed out after {settings.http_timeout_s:g}s") from exc
        except httpx.TooManyRedirects as exc:
            raise SourceError(url, f"more than {MAX_REDIRECTS} redirects") from exc
        except httpx.InvalidURL as exc:
            raise SourceError(url, f"invalid URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise SourceError(url, f"request failed ({type(exc).__name__}: {exc})") from exc
        media, charset = _media_type(response.headers.get("content-type", ""))
        return Fetched(
            url=str(response.url),
            status=response.status_code,
            content_type=media,
            charset=charset,
            body=b"".join(chunks),
        )


def _outlet(sitename: str | None, url: str) -> str | None:
    # trafilatura falls back to the netloc (port included) when a page names no site; the plain
    # host reads better and matches what other readers use.
    netloc = urlsplit(url).netloc.lower()
    if not sitename or sitename.lower() in (netloc, netloc.removeprefix("www.")):
        return host_of(url)
    return sitename


def page_from_fetched(
    fetched: Fetched, *, source: str, fetched_at: datetime
) -> Iterator[Article | Rejection]:
    """The article of a fetched HTML page, or a Rejection; SourceError if it is not HTML at all."""
    if fetched.content_type not in HTML_TYPES:
        shown = fetched.content_type or "none"
        raise SourceError(source, f"content type {shown} is not HTML (expected text/html or xhtml)")
    html = decode_bytes(fetched.body, fetched.charset or html_charset(fetched.body))
    page = extract_html(html, url=fetched.url)
    if not clean_text(page.text):
        yield Rejection(source=source, item=fetched.url, reason="no article text", at=fetched_at)
        return
    yield build_article(
        page.text,
        source=source,
        item=fetched.url,
        fetched_at=fetched_at,
        url=fetched.url,
        outlet=_outlet(page.sitename, fetched.url),
        title=page.title,
        published=page.published,
        language=page.language,
        metadata={"canonical_url": page.url} if page.url and page.url != fetched.url else None,
    )


def read_page(
    url: str, *, settings: Settings, client: httpx.Client | None = None
) -> Iterator[Article | Rejection]:
    """One article from a web page: HTTP GET (bounded, at most 5 redirects), content type text/html
    or xhtml, then main text, title, date and site name by trafilatura (outlet falls back to the
    host). The article URL is the final URL after redirects; a declared canonical link that differs
    is kept in ``metadata["canonical_url"]``. A page without extractable text gives a Rejection
    ``"no article text"``; a page that cannot be fetched raises SourceError.
    """
    fetched_at = datetime.now(UTC)
    fetched = fetch(url, settings=settings, client=client)
    yield from page_from_fetched(fetched, source=url, fetched_at=fetched_at)

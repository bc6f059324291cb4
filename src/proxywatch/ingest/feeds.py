"""RSS and Atom feeds: fetched with httpx (bounded), parsed by feedparser from bytes.

``feedparser.parse(url)`` is never called: it would fetch by itself, without our timeout, size cap
or User-Agent.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from proxywatch.errors import InputError, SourceError
from proxywatch.ingest.normalize import build_article, host_of, html_to_text, is_web_url
from proxywatch.ingest.web import fetch
from proxywatch.models import Article, Rejection
from proxywatch.settings import Settings

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
)
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_ENTRY_KEYS = ("title", "link", "summary", "content", "id")
# Servers often send feeds as these; then the body decides.
_AMBIGUOUS_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")


def body_looks_like_feed(body: bytes) -> bool:
    """True when the body starts like an RSS, RDF or Atom document."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return b"<html" not in head
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def is_feed(content_type: str, body: bytes, *, url: str = "") -> bool:
    """Whether a fetched resource is a feed: by content type, else by URL suffix or body."""
    if content_type in FEED_TYPES:
        return True
    if content_type in _AMBIGUOUS_TYPES:
        return url.lower().split("?")[0].endswith(FEED_SUFFIXES) or body_looks_like_feed(body)
    return False


def _entry_published(entry: Any) -> object:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return entry[key]
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            # feedparser normalises to a UTC struct_time.
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return None


def _entry_text(entry: Any) -> str:
    # Full content beats the summary when the feed carries both.
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return html_to_text(value) if "html" in (content.get("type") or "html") else value
    summary = entry.get("summary") or entry.get("description") or ""
    return html_to_text(summary) if "<" in summary else summary


def parse_feed(
    body: bytes, *, source: str, fetched_at: datetime, base_url: str | None = None
) -> Iterator[Article | Rejection]:
    """Articles from the bytes of an RSS/Atom feed. Entries without text, or with an unreadable or
    impossible date, give Rejections (``item`` = the entry's link, else ``"entry N"``). A feed that
    cannot be parsed and has no entries raises SourceError."""
    import feedparser

    # No base URL for feedparser: it would resolve guids (opaque ids) against it too.
    parsed = feedparser.parse(body)
    # A truncated document can leave an empty shell of an entry behind; that is not an entry.
    entries = [e for e in parsed.get("entries") or [] if any(e.get(k) for k in _ENTRY_KEYS)]
    if not entries and parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        raise SourceError(source, f"malformed feed ({exc or 'unreadable'})")
    if not entries and not parsed.get("version"):
        raise SourceError(source, "not an RSS or Atom feed")
    feed = parsed.get("feed") or {}
    outlet = (feed.get("title") or "").strip() or host_of(feed.get("link")) or host_of(base_url) or None
    for number, entry in enumerate(entries, start=1):
        link = (entry.get("link") or "").strip()
        if link and base_url and not is_web_url(link):
            try:
                link = urljoin(base_url, link)
            except ValueError:  # a broken link ("https://[::1/") is no link; the entry may still count
                link = ""
        url = link if is_web_url(link) else None
        item = link or f"entry {number}"
        text = _entry_text(entry)
        if not text.strip():
            yield Rejection(source=source, item=item, reason="entry has no text", at=fetched_at)
            continue
        title = entry.get("title") or ""
        yield build_article(
            text,
            source=source,
            item=item,
            fetched_at=fetched_at,
            url=url,
            outlet=outlet,
            title=html_to_text(title) if "<" in title else title,
            published=_entry_published(entry),
            external_id=(entry.get("id") or None),
            metadata={"feed_title": feed.get("title")} if feed.get("title") else None,
        )


def read_feed(
    url_or_path: str | Path, *, settings: Settings, client: httpx.Client | None = None
) -> Iterator[Article | Rejection]:
    """Articles from an RSS/Atom feed at an http(s) URL or in a local file.

    A URL is fetched once (timeout, size cap, redirects: see :func:`proxywatch.ingest.web.fetch`) and
    must be served as RSS/Atom/XML (or as text/octet-stream with a feed body). Each entry becomes an
    Article: link, title, published (or updated) date, content or summary with HTML stripped, and
    the feed's title as outlet. Raises SourceError for a fetch failure, a wrong content type or a
    malformed feed; InputError for a missing file.
    """
    source = str(url_or_path)
    fetched_at = datetime.now(UTC)
    if isinstance(url_or_path, str) and is_web_url(url_or_path):
        fetched = fetch(url_or_path, settings=settings, client=client)
        if not is_feed(fetched.content_type, fetched.body, url=fetched.url):
            shown = fetched.content_type or "none"
            raise SourceError(source, f"content type {shown} is not a feed (expected RSS, Atom or XML)")
        yield from parse_feed(fetched.body, source=source, fetched_at=fetched_at, base_url=fetched.url)
        return
    path = Path(url_or_path)
    try:
        with path.open("rb") as fh:
            body = fh.read(settings.http_max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    except OSError as exc:
        raise InputError(source, f"cannot open ({exc.strerror or exc})") from exc
    if len(body) > settings.http_max_bytes:
        raise InputError(source, f"feed file larger than {settings.http_max_bytes} bytes")
    yield from parse_feed(body, source=source, fetched_at=fetched_at)

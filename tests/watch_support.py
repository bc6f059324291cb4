"""Helpers for the watch-mode tests: canned routes for a loopback feed server, sample records, RSS."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class Route:
    """One canned resource. ``fail`` answers 503 that many times first; ``hang`` sleeps that long
    before answering; ``etag``/``last_modified`` are sent and honoured with 304."""

    def __init__(
        self,
        body: bytes,
        *,
        ctype: str = "application/rss+xml",
        status: int = 200,
        etag: str | None = None,
        last_modified: str | None = None,
        fail: int = 0,
        hang: float = 0.0,
    ) -> None:
        self.body, self.ctype, self.status = body, ctype, status
        self.etag, self.last_modified = etag, last_modified
        self.fail, self.hang = fail, hang


class FeedServer:
    """``routes`` may change between polls; ``hits`` lists (path, request headers) of GETs in arrival
    order; ``posts`` lists (path, body) of POSTs, answered with the route's status (200 if none)."""

    def __init__(self, base: str, routes: dict[str, Route], hits: list[tuple[str, dict[str, str]]]) -> None:
        self.base, self.routes, self.hits = base, routes, hits
        self.posts: list[tuple[str, bytes]] = []

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)


def sample_records(*ids: str) -> list[dict[str, Any]]:
    """Records of the bundled sample corpus, by id (``s002``, ...), as read from its JSON lines."""
    import json

    from proxywatch.api import sample_paths

    lines = sample_paths()[0].read_text(encoding="utf-8").splitlines()
    rows = {r["id"]: r for r in map(json.loads, lines)}
    return [rows[i] for i in ids]


def rss_feed(records: list[dict[str, Any]], *, title: str = "Sample desk") -> bytes:
    """An RSS 2.0 document with one item per sample record (text as the description)."""
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>{escape(r['title'])}</title><link>{escape(r['url'])}</link>"
        f"<guid>{escape(r['id'])}</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(r['published'] + 'T09:00:00+00:00'))}</pubDate>"
        f"<description>{escape(r['text'])}</description></item>"
        for r in records
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel>'
    return f"{head}<title>{escape(title)}</title>{items}</channel></rss>".encode()

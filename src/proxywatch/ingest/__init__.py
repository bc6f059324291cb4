"""Ingest stage: files, folders, feeds and web pages -> :class:`Article` | :class:`Rejection`.

:func:`load` picks the reader: a path (file or folder) goes to :mod:`.files`; an ``http(s)`` URL is
fetched once and read as a feed (:mod:`.feeds`) or a page (:mod:`.web`). Every item yielded carries
``source`` (the file path or the URL) and ``fetched_at`` (UTC).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx

from proxywatch.errors import InputError
from proxywatch.ingest.normalize import (
    article_id,
    canonical_url,
    clean_text,
    content_hash,
    detect_language,
    is_web_url,
    parse_published,
)
from proxywatch.models import Article, Rejection
from proxywatch.settings import Settings

__all__ = [
    "article_id",
    "canonical_url",
    "clean_text",
    "content_hash",
    "detect_language",
    "load",
    "parse_published",
    "sources_from_list",
]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _load_url(url: str, settings: Settings, client: httpx.Client | None) -> Iterator[Article | Rejection]:
    from proxywatch.ingest.feeds import FEED_SUFFIXES, is_feed, parse_feed
    from proxywatch.ingest.web import fetch, page_from_fetched

    fetched_at = datetime.now(UTC)
    fetched = fetch(url, settings=settings, client=client)
    by_suffix = url.lower().split("?")[0].split("#")[0].endswith(FEED_SUFFIXES)
    if by_suffix or is_feed(fetched.content_type, fetched.body, url=fetched.url):
        yield from parse_feed(fetched.body, source=url, fetched_at=fetched_at, base_url=fetched.url)
    else:
        yield from page_from_fetched(fetched, source=url, fetched_at=fetched_at)


def load(
    source: str | Path, *, settings: Settings, client: httpx.Client | None = None
) -> Iterator[Article | Rejection]:
    """Articles and rejections from a file, a folder, a feed URL or a page URL.

    An ``http(s)`` URL is fetched once: it is read as a feed when its path ends in ``.xml``,
    ``.rss``, ``.atom`` or ``.rdf`` or when it is served as RSS/Atom/XML, else as a web page.
    Raises InputError now for another URL scheme or a missing path; a remote source that fails
    raises SourceError when the iterator is first advanced.
    """
    text = str(source).strip()
    match = _SCHEME.match(text)
    if match:
        if not is_web_url(text):
            raise InputError(text, f"unsupported URL scheme {match.group(1)!r} (only http and https)")
        return _load_url(text, settings, client)
    path = Path(text).expanduser()
    if not path.exists():
        raise InputError(text, "no such file")
    from proxywatch.ingest.files import read_path

    return read_path(path, settings=settings)


def sources_from_list(path: str | Path) -> list[str]:
    """The sources listed in a file, one URL or path per line, in order and without repeats.

    Blank lines and lines starting with ``#`` are skipped, as is a trailing `` # comment`` (a ``#``
    after a space: URL fragments have none). Relative paths are taken relative to the list file.
    """
    list_path = Path(path)
    try:
        raw = list_path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot open ({exc.strerror or exc})") from exc
    from proxywatch.ingest.normalize import decode_bytes

    sources: list[str] = []
    for line in clean_text(decode_bytes(raw)).split("\n"):
        entry = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if not entry or entry.startswith("#"):
            continue
        if not _SCHEME.match(entry) and not Path(entry).expanduser().is_absolute():
            entry = str(list_path.parent / entry)
        if entry not in sources:
            sources.append(entry)
    return sources

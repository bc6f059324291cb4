"""Readers for local files: JSON Lines, JSON arrays, CSV, HTML and plain text, and folders of them.

Every reader yields :class:`Article` or :class:`Rejection` and never raises for a bad item. The
input contract for ``.jsonl``/``.json``/``.csv``: fields ``url, outlet, published, title, text``;
optional ``id`` (kept as ``external_id``) and ``language``; any other field is kept in ``metadata``.
Only ``text`` is required. Files are read as UTF-8 (a BOM is dropped); bytes that are not UTF-8 are
read as cp1252, so Windows exports come through; a file that is not text at all is rejected whole.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from proxywatch.errors import InputError
from proxywatch.ingest.normalize import (
    binary_reason,
    build_article,
    clean_text,
    decode_bytes,
    extract_html,
    html_charset,
    is_web_url,
    parse_published,
)
from proxywatch.models import Article, Rejection
from proxywatch.settings import Settings

Item = Article | Rejection

CONTRACT_FIELDS = ("id", "url", "outlet", "published", "title", "text", "language")
SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".html", ".htm", ".txt")
_HEAD_BYTES = 65536


def _now() -> datetime:
    return datetime.now(UTC)


def _reject(path: Path | str, item: str, reason: str, at: datetime) -> Rejection:
    return Rejection(source=str(path), item=item, reason=reason, at=at)


def _open(path: Path) -> BinaryIO:
    """The file's bytes; a ``.gz`` file is decompressed on the fly (exports are often gzipped)."""
    try:
        if path.suffix.lower() == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(str(path), "is a folder, not a file") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot open ({exc.strerror or exc})") from exc


def _whole_file_problem(fh: BinaryIO) -> str | None:
    """Why the file cannot be read as text at all (empty, binary, bad gzip), looking at its head."""
    try:
        head = fh.read(_HEAD_BYTES)
        fh.seek(0)
    except (OSError, EOFError, zlib.error) as exc:  # gzip: a corrupt or truncated archive
        return f"cannot decompress ({exc})"
    if not head.strip():
        return "empty file"
    return binary_reason(head)


# --- records (shared by JSON and CSV) -------------------------------------------------------------


def _type_name(value: object) -> str:
    return {dict: "object", list: "array", bool: "boolean", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


def article_from_record(
    record: object, *, source: str, item: str, fetched_at: datetime, from_csv: bool = False
) -> Item:
    """One input record (a parsed JSON object or a CSV row) to an Article, or a Rejection saying why.

    In CSV every value is a string and an empty cell means a missing field.
    """
    if not isinstance(record, dict):
        return _reject(source, item, f"not a JSON object (got {_type_name(record)})", fetched_at)
    fields: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in record.items():
        name = str(key).strip().lower() if isinstance(key, str) else key
        if name in CONTRACT_FIELDS:
            fields[name] = None if from_csv and value == "" else value
        else:
            metadata[str(key)] = value
    text = fields.get("text")
    if text is None:
        return _reject(source, item, "missing 'text'", fetched_at)
    for name in ("text", "url", "outlet", "title", "language", "published"):
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            return _reject(
                source, item, f"wrong type for '{name}': expected string, got {_type_name(value)}", fetched_at
            )
    if not clean_text(text):
        return _reject(source, item, "empty 'text'", fetched_at)
    ext = fields.get("id")
    if ext is not None and (isinstance(ext, bool) or not isinstance(ext, str | int)):
        return _reject(
            source, item, f"wrong type for 'id': expected string or number, got {_type_name(ext)}", fetched_at
        )
    url = fields.get("url")
    if url is not None and url.strip() and not is_web_url(url):
        return _reject(source, item, f"'url' is not an absolute http(s) URL: {url[:120]!r}", fetched_at)
    return build_article(
        text,
        source=source,
        item=item,
        fetched_at=fetched_at,
        url=url,
        outlet=fields.get("outlet"),
        title=fields.get("title") or "",
        published=fields.get("published"),
        language=fields.get("language"),
        external_id=None if ext is None or str(ext).strip() == "" else str(ext).strip(),
        metadata=metadata,
    )


# --- JSON Lines and JSON arrays --------------------------------------------------------------------


class _CorruptFile(Exception):
    """Reading stopped inside the file; carries the line where it stopped."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` for each line; ``bytes`` is None for a line over ``limit`` bytes,
    which is skipped without holding it in memory."""
    number = 0
    while True:
        try:
            line = fh.readline(limit + 1)
            number += 1
            if line and len(line) > limit and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                yield number, None
                continue
        except (OSError, EOFError, zlib.error) as exc:  # a gzip file cut short or corrupt
            raise _CorruptFile(number, f"file is truncated or corrupt ({exc})") from exc
        if not line:
            return
        yield number, line


def read_jsonl(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """Articles from a JSON Lines file: one JSON object per line; blank lines are skipped.

    Each bad line gives a Rejection with ``item="line N"``: invalid JSON, not an object, missing or
    empty ``text``, wrong field types, unreadable or impossible ``published``, longer than
    ``settings.http_max_bytes``.
    """
    path = Path(path)
    source = str(path)
    at = _now()
    with _open(path) as fh:
        problem = _whole_file_problem(fh)
        if problem:
            yield _reject(source, "file", problem, at)
            return
        try:
            yield from _jsonl_items(_lines(fh, settings.http_max_bytes), source, settings, at)
        except _CorruptFile as exc:
            yield _reject(source, f"line {exc.line}", exc.reason, at)


def _jsonl_items(
    lines: Iterator[tuple[int, bytes | None]], source: str, settings: Settings, at: datetime
) -> Iterator[Item]:
    for number, raw in lines:
        item = f"line {number}"
        if raw is None:
            yield _reject(source, item, f"line longer than {settings.http_max_bytes} bytes", at)
            continue
        line = decode_bytes(raw).strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _reject(source, item, f"invalid JSON ({exc.msg} at column {exc.colno})", at)
            continue
        except RecursionError:
            yield _reject(source, item, "invalid JSON (nested too deeply)", at)
            continue
        yield article_from_record(record, source=source, item=item, fetched_at=at)


def read_json(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """Articles from a ``.json`` file: a JSON array of objects (``item="item N"``, from 1), a single
    object, or, failing both, JSON Lines. An array is parsed whole, so it must fit in memory."""
    path = Path(path)
    source = str(path)
    at = _now()
    with _open(path) as fh:
        problem = _whole_file_problem(fh)
        if problem:
            yield _reject(source, "file", problem, at)
            return
        head = fh.read(_HEAD_BYTES).lstrip().lstrip(b"\xef\xbb\xbf").lstrip()
        fh.seek(0)
        whole: Any = None
        if head.startswith((b"[", b"{")):
            try:
                whole = json.loads(decode_bytes(fh.read()))
            except (OSError, EOFError, zlib.error) as exc:
                yield _reject(source, "file", f"file is truncated or corrupt ({exc})", at)
                return
            except RecursionError:
                yield _reject(source, "file", "invalid JSON (nested too deeply)", at)
                return
            except json.JSONDecodeError as exc:
                if head.startswith(b"["):
                    yield _reject(source, "file", f"invalid JSON ({exc.msg} at line {exc.lineno})", at)
                    return
                whole = None  # a multi-object file: read it as JSON Lines below
    if isinstance(whole, list):
        for number, record in enumerate(whole, start=1):
            yield article_from_record(record, source=source, item=f"item {number}", fetched_at=at)
    elif isinstance(whole, dict):
        yield article_from_record(whole, source=source, item="item 1", fetched_at=at)
    else:
        yield from read_jsonl(path, settings=settings)


# --- CSV -------------------------------------------------------------------------------------------


# Stands in for a line too long to read; the row that contains it is rejected.
_OVERSIZED = "\ufffeproxywatch-oversized-line\ufffe"


def _text_lines(fh: BinaryIO, limit: int) -> Iterator[str]:
    """Decoded lines of a binary file (UTF-8/cp1252 fallback line by line, BOM dropped)."""
    first = True
    for _number, raw in _lines(fh, limit):
        if raw is None:
            yield _OVERSIZED + "\n"
            continue
        text = decode_bytes(raw)
        if first:
            text = text.removeprefix("\ufeff")
            first = False
        yield text


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """Articles from a CSV file with a header row (delimiter ``,``, or ``;``, tab or ``|`` when the
    header uses it). Quoted fields may hold newlines.

    Rows are numbered as a spreadsheet shows them: the header is row 1, so ``item="row 2"`` is the
    first record. A file without a ``text`` column gives one Rejection (``item="header"``).
    """
    path = Path(path)
    source = str(path)
    at = _now()
    # The csv module's field limit is process-wide; raise it, never lower it, to fit long articles.
    csv.field_size_limit(max(csv.field_size_limit(), settings.http_max_bytes))
    with _open(path) as fh:
        problem = _whole_file_problem(fh)
        if problem:
            yield _reject(source, "file", problem, at)
            return
        lines = _text_lines(fh, settings.http_max_bytes)
        header_line = next(lines, "")
        delimiter = _delimiter(header_line)
        try:
            header = next(csv.reader([header_line], delimiter=delimiter), [])
        except csv.Error as exc:
            yield _reject(source, "header", f"malformed CSV header ({exc})", at)
            return
        names = [h.strip() for h in header]
        if "text" not in (n.lower() for n in names):
            yield _reject(source, "header", f"no 'text' column (columns: {', '.join(names)[:200]})", at)
            return
        reader = csv.reader(lines, delimiter=delimiter)
        row = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row += 1
                yield _reject(source, f"row {row}", f"malformed CSV ({exc})", at)
                continue
            except _CorruptFile as exc:
                yield _reject(source, f"row {row + 1}", exc.reason, at)
                break
            row += 1
            item = f"row {row}"
            if any(_OVERSIZED in c for c in cells):
                yield _reject(source, item, f"row longer than {settings.http_max_bytes} bytes", at)
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(names):
                yield _reject(source, item, f"{len(cells)} fields but the header has {len(names)}", at)
                continue
            record = dict(zip(names, cells, strict=False))
            yield article_from_record(record, source=source, item=item, fetched_at=at, from_csv=True)


# --- HTML and plain text ---------------------------------------------------------------------------


def _read_small(path: Path, settings: Settings, at: datetime) -> bytes | Rejection:
    with _open(path) as fh:
        problem = _whole_file_problem(fh)
        if problem:
            return _reject(path, "file", problem, at)
        try:
            data = fh.read(settings.http_max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return _reject(path, "file", f"file is truncated or corrupt ({exc})", at)
    if len(data) > settings.http_max_bytes:
        return _reject(path, "file", f"file larger than {settings.http_max_bytes} bytes", at)
    return data


def read_html_file(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """One article from a saved web page: main text without navigation and footers (trafilatura,
    falling back to all visible text), title, date and outlet from the page's metadata, and the URL
    from its canonical link when there is one (else the id comes from the text)."""
    path = Path(path)
    at = _now()
    data = _read_small(path, settings, at)
    if isinstance(data, Rejection):
        yield data
        return
    html = decode_bytes(data, html_charset(data))
    page = extract_html(html)
    if not clean_text(page.text):
        yield _reject(path, "file", "no article text", at)
        return
    yield build_article(
        page.text,
        source=str(path),
        item="file",
        fetched_at=at,
        url=page.url,
        outlet=page.sitename or ("file" if page.url is None else None),
        title=page.title,
        published=page.published,
        language=page.language,
    )


def read_text_file(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """One article from a plain-text file. The first non-empty line is the title; when the file
    starts with a line holding only an ISO date (or datetime), that is the publication date and the
    title is the next non-empty line. Otherwise the publication date is None: a file's mtime says
    when it was saved, not when the report was published. Outlet is ``"file"``; there is no URL, so
    the id comes from the text. The text is the whole file, title included.
    """
    path = Path(path)
    at = _now()
    data = _read_small(path, settings, at)
    if isinstance(data, Rejection):
        yield data
        return
    text = clean_text(decode_bytes(data))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    published: str | None = None
    if lines and len(lines[0]) <= 40 and lines[0][:4].isdigit() and parse_published(lines[0]) is not None:
        published = lines.pop(0)
    yield build_article(
        text,
        source=str(path),
        item="file",
        fetched_at=at,
        outlet="file",
        title=lines[0] if lines else "",
        published=published,
    )


# --- dispatch --------------------------------------------------------------------------------------

_READERS = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".txt": read_text_file,
}


def _kind(path: Path) -> str:
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def read_file(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """Articles from one file, read by the reader for its suffix; other suffixes give a Rejection."""
    path = Path(path)
    reader = _READERS.get(_kind(path))
    if reader is None:
        known = ", ".join(SUFFIXES)
        kind = "".join(path.suffixes[-2:]) or "(no suffix)"
        reason = f"unsupported file type {kind!r}; readable: {known} (also gzipped: .jsonl.gz, .csv.gz, ...)"
        yield _reject(path, "file", reason, _now())
        return
    try:
        yield from _capped(reader(path, settings=settings), path)
    except InputError as exc:  # unreadable (permissions, vanished mid-walk): one file, not the batch
        yield _reject(path, "file", exc.reason, _now())


MAX_LISTED_REJECTIONS = 1000


def _capped(items: Iterator[Item], path: Path) -> Iterator[Item]:
    """Every article, but at most ``MAX_LISTED_REJECTIONS`` rejections of one file one by one; the
    rest are counted in one summary rejection, so a tiny archive of junk cannot flood the store."""
    rejected = 0
    for item in items:
        if isinstance(item, Rejection):
            rejected += 1
            if rejected > MAX_LISTED_REJECTIONS:
                continue
        yield item
    if rejected > MAX_LISTED_REJECTIONS:
        more = rejected - MAX_LISTED_REJECTIONS
        yield _reject(path, "file", f"{more} more rejected items not listed one by one", _now())


def walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in sorted order; hidden files and folders are skipped and
    symbolic links to folders are not followed (no loops)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_path(path: str | Path, *, settings: Settings) -> Iterator[Item]:
    """Articles from a file, or from every file under a folder (see :func:`walk`).

    Raises InputError when ``path`` does not exist.
    """
    path = Path(path)
    if path.is_dir():
        for file in walk(path):
            yield from read_file(file, settings=settings)
    elif path.exists():
        yield from read_file(path, settings=settings)
    else:
        raise InputError(str(path), "no such file")

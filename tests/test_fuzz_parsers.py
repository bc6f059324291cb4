"""Property/fuzz tests over every input parser: hostile input never crashes a reader, every item is an
Article or a Rejection with its reason, and what is stored reads back unchanged.

Inputs: JSON Lines, JSON, CSV, text, HTML files, RSS/Atom feed bodies, gzipped files; with broken
encodings, truncation, huge fields, NUL bytes, impossible dates, wrong types, deeply nested HTML and
gzip bombs. ``PROXYWATCH_FUZZ_SCALE`` multiplies the number of cases (default 1: 10,100).

Crashes the fuzzing found (JSON nested deeper than Python's recursion limit, JSON ``\\ud800`` escapes,
a broken IPv6 feed link, a rejection flood from a tiny archive) are fixed and pinned by the tests at the end.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxywatch.errors import ProxywatchError
from proxywatch.ingest.feeds import parse_feed
from proxywatch.ingest.files import read_path
from proxywatch.ingest.normalize import canonical_url, clean_text, parse_published
from proxywatch.models import Article, Rejection
from proxywatch.settings import Settings
from proxywatch.store import Store, open_store

SCALE = float(os.environ.get("PROXYWATCH_FUZZ_SCALE", "1"))
LIMIT = 20_000  # a small byte cap, so that "huge" fields are cheap to make
SETTINGS = Settings(http_max_bytes=LIMIT)
COUNTS: Counter[str] = Counter()


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=True,  # the same cases on every CI run; a failure reproduces
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def store(workdir: Path) -> Iterator[Store]:
    with open_store(workdir / "fuzz.duckdb") as opened:
        yield opened
        flush(opened)
    print(f"\nfuzz cases by parser and outcome: {dict(sorted(COUNTS.items()))}")


# --- strategies -----------------------------------------------------------------------------------

# Unicode text without lone surrogates (st.text never makes them), with NULs, controls and bidi marks.
nasty_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\x00", "\ufeff", "\u202e", "\r", "\n", "\t", "\u2028", "\x85", "&", "<", '"']),
    ),
    max_size=200,
)
huge_text = st.integers(LIMIT // 2, LIMIT * 2).map(lambda n: "drones " * (n // 7))
dates = st.one_of(
    st.sampled_from(
        [
            "2024-02-30",
            "2024-13-01",
            "0000-00-00",
            "9999-12-31T23:59:60",
            "2024-10-01T25:61:00",
            "-1",
            "1e309",
            "yesterday",
            "",
            " ",
            "2024-10-01",
            "2024-10-01T09:00:00+05:45",
            "1970-01-01",
            "2100-01-01",
            "Tue, 01 Oct 2024 09:00:00 GMT",
            "2024-W40",
            "NaN",
        ]
    ),  # fmt: skip
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(lambda d: d.isoformat()),
    nasty_text,
)
json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), nasty_text
)
json_value = st.recursive(
    json_leaf,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(nasty_text, kids, max_size=4),
    max_leaves=8,
)
FIELDS = ("url", "outlet", "published", "title", "text", "id", "language")
url_like = st.one_of(
    st.sampled_from(
        [
            "https://news.invalid/a",
            "http://x.invalid/?utm_source=1#f",
            "javascript:alert(1)",
            "https://news.invalid/%zz",
            "ftp://x.invalid/",
            "//x.invalid",
            "",
        ]
    ),  # fmt: skip
    nasty_text,
)
SENTENCES = (
    "Drones struck a base near Erbil on Tuesday, officials said.",
    "The Islamic Resistance in Iraq said it launched a drone at Eilat.",
    "Hezbollah fired rockets at Kiryat Shmona, the army said.",
)
good_record = st.fixed_dictionaries(
    {
        "text": st.one_of(
            st.sampled_from(SENTENCES), st.tuples(st.sampled_from(SENTENCES), nasty_text).map(" ".join)
        ),
        "published": st.one_of(
            st.dates().map(str), st.sampled_from(["2024-10-01", "2024-10-01T09:00:00+03:00"])
        ),
    },
    optional={
        "url": url_like,
        "outlet": nasty_text,
        "title": nasty_text,
        "id": nasty_text,
        "extra": json_value,
    },
)
record = st.fixed_dictionaries(
    {},
    optional={
        "url": st.one_of(url_like, json_value),
        "outlet": st.one_of(nasty_text, json_value),
        "published": st.one_of(dates, json_value),
        "title": st.one_of(nasty_text, json_value),
        "text": st.one_of(nasty_text, huge_text, json_value, st.just("Drones struck a base near Erbil.")),
        "id": st.one_of(nasty_text, json_value),
        "language": nasty_text,
        "extra": json_value,
    },
)


HOWS = ("intact", "truncate", "flip", "nul", "latin1", "utf16", "bom", "junk")
Mangle = tuple[str, float, int, int, bytes]
mangles = st.tuples(st.sampled_from(HOWS), st.floats(0, 1), st.integers(0, 255), st.integers(1, 64),
                    st.binary(max_size=300))  # fmt: skip


def mangled(data: bytes, spec: Mangle) -> bytes:
    """``data`` in a wrong encoding, truncated, with a byte flipped or NULs inserted, or left intact."""
    how, where, byte, n, junk = spec
    i = int(where * len(data))
    if how == "truncate":
        return data[:i]
    if how == "flip" and data:
        i = min(i, len(data) - 1)
        return data[:i] + bytes([byte]) + data[i + 1 :]
    if how == "nul":
        return data[:i] + b"\x00" * n + data[i:]
    if how == "latin1":
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    if how == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "junk":
        return junk
    return data


# --- checks ---------------------------------------------------------------------------------------


def _read(path: Path, kind: str) -> list[Article | Rejection]:
    try:
        items = list(read_path(path, settings=SETTINGS))
    except ProxywatchError as exc:  # the whole source is unreadable: the pipeline records it as one
        assert str(exc).strip()
        COUNTS[f"{kind}: source refused"] += 1
        return []
    return items


def _check_and_store(items: list[Article | Rejection], source: str, kind: str, store: Store) -> None:
    """Check each item now; store them in batches (a transaction per case would dominate the time)."""
    for item in items:
        assert isinstance(item, Article | Rejection), type(item)
        if isinstance(item, Rejection):
            assert item.reason.strip() and item.source == source and item.item
            COUNTS[f"{kind}: rejection"] += 1
        else:
            assert item.text.strip() and "\x00" not in item.text and item.id and item.content_hash
            assert item.published_at is None or item.published_at.year >= 1
            COUNTS[f"{kind}: article"] += 1
    COUNTS[f"{kind}: cases"] += 1
    PENDING.extend(items)
    if len(PENDING) >= 300:
        flush(store)


PENDING: list[Article | Rejection] = []


def flush(store: Store) -> None:
    """Store the pending items; every new article must read back unchanged, every rejection be kept."""
    items, PENDING[:] = list(PENDING), []
    rejections = [i for i in items if isinstance(i, Rejection)]
    before = store.count_rejections()  # type: ignore[attr-defined]
    added = store.add_rejections(rejections)
    assert store.count_rejections() == before + added  # type: ignore[attr-defined]
    COUNTS["stored: rejections"] += added
    articles = [i for i in items if isinstance(i, Article)]
    new = store.add_articles(articles)  # an id stored earlier keeps its first copy (the contract)
    first: dict[str, Article] = {}
    for article in articles:
        first.setdefault(article.id, article)
    for back in store.get_articles(new):
        assert _comparable(back) == _comparable(first[back.id]), "stored article reads back changed"
    COUNTS["stored: articles"] += len(new)


def _comparable(article: Article) -> Article:
    def utc(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    metadata = json.loads(json.dumps(article.metadata, sort_keys=True, default=str))
    return replace(article, published_at=utc(article.published_at), fetched_at=utc(article.fetched_at),
                   metadata=metadata)  # fmt: skip


# --- properties -----------------------------------------------------------------------------------


@fuzz(1200)
@given(records=st.lists(st.one_of(good_record, record, json_value), max_size=6), mangle=mangles)
def test_jsonl(records: list[object], mangle: Mangle, workdir: Path, store: Store) -> None:
    raw = "\n".join(json.dumps(r) for r in records).encode() + b"\n"
    path = workdir / "case.jsonl"
    path.write_bytes(mangled(raw, mangle))
    _check_and_store(_read(path, "jsonl"), str(path), "jsonl", store)


@fuzz(800)
@given(
    records=st.one_of(st.lists(st.one_of(good_record, record), max_size=5), json_value, record),
    mangle=mangles,
)
def test_json(records: object, mangle: Mangle, workdir: Path, store: Store) -> None:
    path = workdir / "case.json"
    path.write_bytes(mangled(json.dumps(records).encode(), mangle))
    _check_and_store(_read(path, "json"), str(path), "json", store)


@fuzz(2200)
@given(
    header=st.lists(st.sampled_from([*FIELDS, "extra", "", "TEXT", " url "]), min_size=1, max_size=8),
    rows=st.lists(st.lists(st.one_of(nasty_text, dates, url_like, huge_text), max_size=9), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    mangle=mangles,
)
def test_csv(
    header: list[str], rows: list[list[str]], delimiter: str, mangle: Mangle, workdir: Path, store: Store
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = workdir / "case.csv"
    path.write_bytes(mangled(out.getvalue().encode("utf-8", "surrogatepass"), mangle))
    _check_and_store(_read(path, "csv"), str(path), "csv", store)


@fuzz(2000)
@given(text=st.one_of(nasty_text, huge_text), mangle=mangles)
def test_text_files(text: str, mangle: Mangle, workdir: Path, store: Store) -> None:
    path = workdir / "case.txt"
    path.write_bytes(mangled(text.encode(), mangle))
    _check_and_store(_read(path, "txt"), str(path), "txt", store)


TAGS = ("div", "p", "article", "script", "table", "b", "x:y")
html_fragment = st.recursive(
    st.one_of(
        nasty_text.map(lambda t: t.replace("<", "&lt;")),
        st.sampled_from(["<br>", "<p>", "</div>", "<!--", "]]>"]),
    ),
    lambda kids: st.tuples(st.sampled_from(TAGS), st.lists(kids, max_size=3)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=12,
)


@fuzz(600)
@given(
    body=html_fragment,
    depth=st.one_of(st.just(0), st.integers(1, 3000)),
    charset=st.sampled_from(["", "utf-8", "latin-1", "utf-16", "x-bogus", "shift_jis"]),
    mangle=mangles,
)
def test_html_files(body: str, depth: int, charset: str, mangle: Mangle, workdir: Path, store: Store) -> None:
    meta = f'<meta charset="{charset}">' if charset else ""
    nested = (
        "<div>" * depth + "Drones struck a base near Erbil on Tuesday, officials said." + "</div>" * depth
    )
    html = f"<html><head>{meta}<title>t</title></head><body>{nested}{body}</body></html>"
    path = workdir / "case.html"
    path.write_bytes(mangled(html.encode(), mangle))
    _check_and_store(_read(path, "html"), str(path), "html", store)


@st.composite
def feed_bodies(draw: st.DrawFn) -> bytes:
    def entry() -> str:
        title, text = draw(nasty_text), draw(st.one_of(nasty_text, huge_text))
        link, date = draw(url_like), draw(dates)
        esc = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
        raw = draw(st.booleans())  # unescaped text, as broken feeds carry it
        fix = (lambda s: s) if raw else (lambda s: "".join(esc.get(c, c) for c in s))
        if draw(st.booleans()):
            return (f"<item><title>{fix(title)}</title><link>{fix(link)}</link><pubDate>{fix(date)}</pubDate>"
                    f"<description>{fix(text)}</description></item>")  # fmt: skip
        return (f"<entry><title>{fix(title)}</title><link href='{fix(link)}'/><updated>{fix(date)}</updated>"
                f"<content type='html'>{fix(text)}</content></entry>")  # fmt: skip

    entries = "".join(entry() for _ in range(draw(st.integers(0, 4))))
    if draw(st.booleans()):
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'
    else:
        doc = (
            f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entries}</feed>'
        )
    return mangled(doc.encode("utf-8"), draw(mangles))


@fuzz(1000)
@given(body=feed_bodies())
def test_feeds(body: bytes, store: Store) -> None:
    source = "https://feeds.invalid/fuzz.xml"
    at = datetime(2024, 10, 1, tzinfo=UTC)
    try:
        items = list(parse_feed(body, source=source, fetched_at=at, base_url=source))
    except ProxywatchError as exc:  # a body that is no feed at all: one rejection for the source
        assert str(exc).strip()
        COUNTS["feed: source refused"] += 1
        return
    _check_and_store(items, source, "feed", store)


@fuzz(2000)
@given(value=st.one_of(dates, json_value), url=url_like, text=st.one_of(nasty_text, huge_text))
def test_normalisers(value: object, url: str, text: str) -> None:
    published = parse_published(value)
    assert published is None or isinstance(published, datetime)
    if isinstance(url, str):
        try:
            assert isinstance(canonical_url(url), str)
        except ProxywatchError:
            pass  # an unusable URL may be refused, by name
    cleaned = clean_text(text)
    assert "\x00" not in cleaned and clean_text(cleaned) == cleaned
    COUNTS["normalise: cases"] += 1


@fuzz(300)
@given(
    kind=st.sampled_from(["jsonl", "csv", "txt"]),
    payload=st.sampled_from(["zeros", "newlines", "one-line", "valid", "truncated", "garbage"]),
    size=st.integers(1, 8_000_000),
)
def test_gzip_bombs_and_broken_archives(
    kind: str, payload: str, size: int, workdir: Path, store: Store
) -> None:
    line = b'{"text": "Drones struck a base near Erbil.", "published": "2024-10-01"}\n'
    if kind == "csv":
        line = b'"Drones struck a base near Erbil.",2024-10-01\n'
    raw = {
        "zeros": b"\x00" * size,
        "newlines": b"\n" * size,
        "one-line": b"a" * size,
        "valid": (b"text,published\n" if kind == "csv" else b"") + line * min(size // len(line) + 1, 50),
        "truncated": line * 20,
        "garbage": bytes(range(256)) * (size // 256 + 1),
    }[payload]
    packed = gzip.compress(raw, compresslevel=1)
    if payload == "truncated":
        packed = packed[: len(packed) // 2]
    if payload == "garbage":
        packed = packed[:10] + bytes(len(packed) - 10)
    path = workdir / f"case.{kind}.gz"
    path.write_bytes(packed)
    started = time.monotonic()
    _check_and_store(_read(path, "gzip"), str(path), "gzip", store)
    assert time.monotonic() - started < 10, "a small archive must not cost a long time"


# --- known crashes, reported to the lead (strict: these fail loudly once fixed, to be moved up) ---


def test_deeply_nested_json_line_is_a_rejection(workdir: Path) -> None:
    path = workdir / "deep.jsonl"
    path.write_bytes(b"[" * 10_000 + b"\n" + b'{"text": "Drones struck Erbil.", "published": "2024-10-01"}\n')
    items = list(read_path(path, settings=SETTINGS))
    assert isinstance(items[0], Rejection) and isinstance(items[1], Article)


def test_lone_surrogate_escapes_do_not_crash(workdir: Path) -> None:
    path = workdir / "surrogate.jsonl"
    path.write_bytes(
        b'{"text": "Drones \\ud800 struck Erbil.", "title": "\\udfff", "published": "2024-10-01"}\n'
    )
    (item,) = list(read_path(path, settings=SETTINGS))
    assert isinstance(item, Article | Rejection)


def test_gzip_rejection_flood_is_bounded(workdir: Path) -> None:
    path = workdir / "flood.csv.gz"
    path.write_bytes(gzip.compress(b"text\n" + b"a,\n" * 100_000))  # 300 kB unpacked, under 1 kB packed
    started = time.monotonic()
    items = _read(path, "gzip")
    assert len(items) <= 10_000 and time.monotonic() - started < 10


def test_feed_entry_with_broken_ipv6_link_is_kept_or_rejected() -> None:
    body = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>x</title>'
        b'<link href="https://[::1/"/><content type="html">Drones struck Erbil.</content></entry></feed>'
    )
    at = datetime(2024, 10, 1, tzinfo=UTC)
    (item,) = list(parse_feed(body, source="f", fetched_at=at, base_url="https://feeds.invalid/f.xml"))
    assert isinstance(item, Article | Rejection)

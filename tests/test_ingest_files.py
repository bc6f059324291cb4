"""Local file readers: JSONL, JSON, CSV, HTML, text and folders, with every kind of bad input."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxywatch.errors import InputError
from proxywatch.ingest import load, sources_from_list
from proxywatch.ingest.files import read_csv, read_html_file, read_json, read_jsonl, read_path, read_text_file
from proxywatch.models import Article, Rejection, stable_id
from proxywatch.settings import Settings

SETTINGS = Settings()
DEVNEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "devnews" / "articles.jsonl"

GOOD = {
    "id": "a1",
    "url": "https://news.example.invalid/2024/10/01/drones?utm_source=rss",
    "outlet": "Example News",
    "published": "2024-10-01",
    "title": "Drones launched at the Golan",
    "text": "The Islamic Resistance in Iraq said it had launched two drones at the Golan on Tuesday.",
    "language": "en",
}


def split(items: list[Article | Rejection]) -> tuple[list[Article], list[Rejection]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Rejection)]


def test_jsonl_good_lines_pass_and_each_bad_line_is_rejected(tmp_path: Path) -> None:
    second = {**GOOD, "id": 7, "url": "", "text": "A rocket fell near Kiryat Shmona.", "extra": [1, 2]}
    lines = [
        json.dumps(GOOD),  # 1
        "{not json",  # 2
        "[1, 2, 3]",  # 3
        "",  # 4: blank, skipped silently
        json.dumps({**GOOD, "text": None}),  # 5
        json.dumps({**GOOD, "text": "   "}),  # 6
        json.dumps({k: v for k, v in GOOD.items() if k != "text"}),  # 7
        json.dumps({**GOOD, "published": "next Tuesday"}),  # 8
        json.dumps({**GOOD, "published": "1850-01-01"}),  # 9
        json.dumps({**GOOD, "published": "2999-01-01"}),  # 10
        json.dumps({**GOOD, "title": 42}),  # 11
        json.dumps({**GOOD, "id": {"x": 1}}),  # 12
        json.dumps({**GOOD, "url": "ftp://example.invalid/a"}),  # 13
        json.dumps(second),  # 14
        json.dumps({**GOOD, "published": 20241001}),  # 15
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, rejections = split(list(read_jsonl(path, settings=SETTINGS)))

    assert [a.external_id for a in articles] == ["a1", "7"]
    first, other = articles
    assert first.url == GOOD["url"]
    assert first.id == stable_id("https://news.example.invalid/2024/10/01/drones")
    assert first.outlet == "Example News" and first.title == GOOD["title"] and first.language == "en"
    assert first.published_at == datetime(2024, 10, 1)
    assert first.source == str(path) and first.fetched_at.tzinfo is not None
    assert other.url is None and other.metadata == {"extra": [1, 2]}
    assert other.outlet == "Example News"

    reasons = {r.item: r.reason for r in rejections}
    assert sorted(reasons, key=lambda s: int(s.split()[1])) == [
        f"line {n}" for n in (2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15)
    ]
    assert reasons["line 2"].startswith("invalid JSON")
    assert reasons["line 3"] == "not a JSON object (got array)"
    assert reasons["line 5"] == "missing 'text'"
    assert reasons["line 6"] == "empty 'text'"
    assert reasons["line 7"] == "missing 'text'"
    assert "unreadable published date 'next Tuesday'" in reasons["line 8"]
    assert "impossible published date" in reasons["line 9"] and "1990" in reasons["line 9"]
    assert "future" in reasons["line 10"]
    assert reasons["line 11"] == "wrong type for 'title': expected string, got number"
    assert "wrong type for 'id'" in reasons["line 12"]
    assert "not an absolute http(s) URL" in reasons["line 13"]
    assert "wrong type for 'published'" in reasons["line 15"]
    assert all(r.source == str(path) and r.stage == "ingest" and r.at is not None for r in rejections)


def test_jsonl_unknown_fields_are_metadata_and_language_is_detected(tmp_path: Path) -> None:
    record = {k: v for k, v in GOOD.items() if k not in ("language", "id")}
    record |= {"via": "Reuters", "date_basis": "url", "score": 0.5}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = list(read_jsonl(path, settings=SETTINGS))
    assert isinstance(article, Article)
    assert article.metadata == {"via": "Reuters", "date_basis": "url", "score": 0.5}
    assert article.language == "en" and article.external_id is None


def test_jsonl_huge_line_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    settings = Settings(http_max_bytes=2000)
    big = json.dumps({**GOOD, "text": "x " * 5000})
    path = tmp_path / "big.jsonl"
    path.write_text(big + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    items = list(read_jsonl(path, settings=settings))
    assert isinstance(items[0], Rejection) and items[0].item == "line 1"
    assert "longer than 2000 bytes" in items[0].reason
    assert isinstance(items[1], Article)


def test_bom_and_cp1252_files_read(tmp_path: Path) -> None:
    record = {**GOOD, "text": "L’armée a dit: « deux drones » – café."}
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    cp = tmp_path / "cp.jsonl"
    cp.write_bytes(json.dumps(record, ensure_ascii=False).encode("cp1252") + b"\n")
    for path in (bom, cp):
        [article] = list(read_jsonl(path, settings=SETTINGS))
        assert isinstance(article, Article), article
        assert article.text == record["text"]

    csv_path = tmp_path / "cp.csv"
    csv_path.write_bytes('text;outlet\r\n"Un drone a été abattu – Golan";Le Monde\r\n'.encode("cp1252"))
    [article] = list(read_csv(csv_path, settings=SETTINGS))
    assert isinstance(article, Article)
    assert article.text == "Un drone a été abattu – Golan" and article.outlet == "Le Monde"


def test_empty_and_binary_files_are_rejected_whole(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\n \n")
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(bytes(range(256)) * 40)
    assert [(r.item, r.reason) for r in read_jsonl(empty, settings=SETTINGS)] == [("file", "empty file")]
    assert [(r.item, r.reason) for r in read_csv(blank, settings=SETTINGS)] == [("file", "empty file")]
    [rej] = list(read_jsonl(binary, settings=SETTINGS))
    assert isinstance(rej, Rejection) and rej.item == "file" and "not a text file" in rej.reason


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "id,url,outlet,published,title,text,region\n"
        'c1,https://news.example.invalid/a,Outlet A,2024-10-02,T1,"Two rockets,\nthen a drone.",north\n'
        "c2,,Outlet B,not a date,T2,Some text,south\n"
        "c3,,Outlet C,2024-10-02,T3,,east\n"
        "c4,,Outlet D,2024-10-02,T4,Text,west,extra\n"
        "\n"
        "c5,,,,,Short report without other fields,\n",
        encoding="utf-8",
    )
    articles, rejections = split(list(read_csv(path, settings=SETTINGS)))
    assert [a.external_id for a in articles] == ["c1", "c5"]
    assert articles[0].text == "Two rockets,\nthen a drone." and articles[0].metadata == {"region": "north"}
    assert articles[1].outlet == "unknown" and articles[1].published_at is None
    assert articles[1].metadata == {"region": ""}
    reasons = {r.item: r.reason for r in rejections}
    assert set(reasons) == {"row 3", "row 4", "row 5"}
    assert "unreadable published date" in reasons["row 3"]
    assert reasons["row 4"] == "missing 'text'"
    assert "8 fields but the header has 7" in reasons["row 5"]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("url,title\nhttps://example.invalid/a,T\n", encoding="utf-8")
    [rej] = list(read_csv(path, settings=SETTINGS))
    assert isinstance(rej, Rejection) and rej.item == "header" and "no 'text' column" in rej.reason


def test_json_array_and_single_object(tmp_path: Path) -> None:
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([GOOD, "oops", {**GOOD, "id": "a2", "url": None}], indent=2), encoding="utf-8")
    items = list(read_json(arr, settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert isinstance(items[1], Rejection) and items[1].item == "item 2"
    one = tmp_path / "one.json"
    one.write_text(json.dumps(GOOD, indent=2), encoding="utf-8")
    [article] = list(read_json(one, settings=SETTINGS))
    assert isinstance(article, Article) and article.external_id == "a1"
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "id": "a3"}) + "\n", encoding="utf-8")
    assert [a.external_id for a in read_json(lines, settings=SETTINGS)] == ["a1", "a3"]  # type: ignore[union-attr]


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Drones hit base | Example News</title>
<link rel="canonical" href="https://news.example.invalid/2024/10/01/drones-hit-base">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-10-01T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> SUBSCRIBE TODAY</nav>
<article><h1>Drones hit base</h1>
<p>The Islamic Resistance in Iraq said on Tuesday it had launched two drones at a military
position in the occupied Golan Heights, in a statement published on its channel.</p>
<p>The Israeli military said one drone was intercepted over the sea and the other fell in an open area
without causing damage or injuries, according to a spokesperson quoted by local media.</p>
<p>The group has claimed dozens of similar attacks since the start of the war in Gaza.</p></article>
<footer>Copyright Example News. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>"""


def test_html_file_boilerplate_removed(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = list(read_html_file(path, settings=SETTINGS))
    assert isinstance(article, Article), article
    assert "two drones" in article.text and "open area" in article.text
    assert "SUBSCRIBE" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Drones hit base"
    assert article.url == "https://news.example.invalid/2024/10/01/drones-hit-base"
    assert article.outlet == "Example News"
    assert article.published_at is not None and article.published_at.date().isoformat() == "2024-10-01"


def test_html_file_fallback_and_empty(tmp_path: Path) -> None:
    short = tmp_path / "short.htm"
    short.write_text("<html><head><title>Note</title></head><body><p>A rocket fell.</p></body></html>")
    [article] = list(read_html_file(short, settings=SETTINGS))
    assert isinstance(article, Article) and article.text == "A rocket fell." and article.url is None
    assert article.outlet == "file" and article.title == "Note"
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><script>var x = 1;</script></body></html>")
    [rej] = list(read_html_file(empty, settings=SETTINGS))
    assert isinstance(rej, Rejection) and rej.reason == "no article text"


def test_text_file_title_and_date(tmp_path: Path) -> None:
    dated = tmp_path / "dated.txt"
    dated.write_text("\n2024-10-01\n\nRockets over Haifa\n\nHezbollah fired rockets at Haifa.\n")
    [article] = list(read_text_file(dated, settings=SETTINGS))
    assert isinstance(article, Article)
    assert article.title == "Rockets over Haifa" and article.outlet == "file" and article.url is None
    assert article.published_at == datetime(2024, 10, 1)
    plain = tmp_path / "plain.txt"
    plain.write_text("Rockets over Haifa\nHezbollah fired rockets at Haifa.\n")
    [article2] = list(read_text_file(plain, settings=SETTINGS))
    assert isinstance(article2, Article) and article2.published_at is None
    assert article2.title == "Rockets over Haifa"
    assert article2.id == stable_id(article2.content_hash)


def test_folder_walk_is_sorted_and_dispatches(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Title Z\nBody z.")
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD) + "\n")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("no")
    items = list(read_path(tmp_path, settings=SETTINGS))
    assert [Path(i.source).name for i in items] == ["a.jsonl", "c.pdf", "z.txt"]
    assert isinstance(items[1], Rejection) and "unsupported file type '.pdf'" in items[1].reason
    assert (
        list(load(tmp_path, settings=SETTINGS)) == items or len(list(load(tmp_path, settings=SETTINGS))) == 3
    )


def test_reingest_gives_same_ids(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "url": None}) + "\n")
    first = [a.id for a in read_jsonl(path, settings=SETTINGS)]
    second = [a.id for a in read_jsonl(path, settings=SETTINGS)]
    assert first == second and len(set(first)) == 2


def test_load_errors_and_source_lists(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.jsonl", settings=SETTINGS)
    with pytest.raises(InputError, match="only http and https"):
        load("ftp://example.invalid/feed.xml", settings=SETTINGS)
    with pytest.raises(InputError, match="no such file"):
        sources_from_list(tmp_path / "missing.txt")
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "# my sources\nhttps://example.invalid/feed.rss  # main feed\n\n"
        "data/a.jsonl\nhttps://example.invalid/p#frag\nhttps://example.invalid/feed.rss\n"
    )
    assert sources_from_list(listing) == [
        "https://example.invalid/feed.rss",
        str(tmp_path / "data" / "a.jsonl"),
        "https://example.invalid/p#frag",
    ]


@pytest.mark.skipif(not DEVNEWS.exists(), reason="needs ../shared/data")
@pytest.mark.shared
def test_devnews_reads_whole() -> None:
    items = list(load(str(DEVNEWS), settings=SETTINGS))
    articles, rejections = split(items)
    assert rejections == [] and len(articles) == 237
    assert len({a.id for a in articles}) == len(articles)
    assert all(a.external_id and a.published_at for a in articles)
    assert all(set(a.metadata) <= {"date_basis", "via"} for a in articles)
    assert os.path.samefile(articles[0].source, DEVNEWS)


def test_gzipped_files_and_corrupt_archives(tmp_path: Path) -> None:
    good = tmp_path / "in.jsonl.gz"
    good.write_bytes(gzip.compress((json.dumps(GOOD) + "\n{bad\n").encode()))
    items = list(read_path(good, settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection"]
    assert items[1].item == "line 2"
    csv_gz = tmp_path / "in.csv.gz"
    csv_gz.write_bytes(gzip.compress(b"text,outlet\nA drone was downed.,X\n"))
    [article] = list(read_path(csv_gz, settings=SETTINGS))
    assert isinstance(article, Article) and article.outlet == "X"

    lines = "".join(
        json.dumps({**GOOD, "id": f"n{i}", "text": hashlib.sha256(str(i).encode()).hexdigest() * 4}) + "\n"
        for i in range(400)
    )
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(lines.encode())[:-4000])
    items = list(read_path(cut, settings=SETTINGS))
    articles, rejections = split(items)
    assert articles and len(articles) < 400
    assert len(rejections) == 1 and "truncated or corrupt" in rejections[0].reason
    assert rejections[0].item.startswith("line ")
    junk = tmp_path / "junk.csv.gz"
    junk.write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    [rej] = list(read_path(junk, settings=SETTINGS))
    assert isinstance(rej, Rejection) and rej.item == "file" and "decompress" in rej.reason
    other = tmp_path / "notes.md.gz"
    other.write_bytes(gzip.compress(b"x"))
    [rej] = list(read_path(other, settings=SETTINGS))
    assert isinstance(rej, Rejection) and "'.md.gz'" in rej.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".jsonl", ".csv", ".json", ".txt", ".html"]))
def test_readers_never_raise_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_path(path, settings=SETTINGS):
        assert isinstance(item, Article | Rejection)
        assert item.source == str(path)
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip() and "\x00" not in item.text


def test_unreadable_file_in_a_folder_is_one_rejection(tmp_path: Path) -> None:
    # A dangling link fails to open like an unreadable file does, and does so even for root.
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "gone.jsonl")
    (tmp_path / "b.jsonl").write_text(json.dumps(GOOD) + "\n")
    items = list(read_path(tmp_path, settings=SETTINGS))
    assert [type(i).__name__ for i in items] == ["Rejection", "Article"]
    assert isinstance(items[0], Rejection) and items[0].reason == "no such file"
    assert items[0].source == str(tmp_path / "a.jsonl")


def test_published_keeps_the_outlets_local_day(tmp_path: Path) -> None:
    # 01:00 in Baghdad is still the previous day in UTC; "yesterday" must count from the local day.
    path = tmp_path / "tz.jsonl"
    path.write_text(json.dumps({**GOOD, "published": "2024-10-01T01:00:00+03:00"}) + "\n", encoding="utf-8")
    (article,) = [a for a in read_jsonl(path, settings=SETTINGS)]
    assert article.published_at == datetime(2024, 10, 1, 1, 0)

"""Normalisation: canonical URLs, text cleaning, hashes, ids, language and date parsing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proxywatch.ingest.normalize import (
    article_id,
    build_article,
    canonical_url,
    clean_text,
    content_hash,
    decode_bytes,
    detect_language,
    parse_published,
    published_problem,
)
from proxywatch.models import Article, Rejection, stable_id

DEVNEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "devnews" / "articles.jsonl"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://WWW.Example.INVALID/News/Story", "https://www.example.invalid/News/Story"),
        ("https://example.invalid/a/b/#section-2", "https://example.invalid/a/b"),
        ("http://example.invalid:80/a", "http://example.invalid/a"),
        ("https://example.invalid:443/a", "https://example.invalid/a"),
        ("https://example.invalid:8443/a", "https://example.invalid:8443/a"),
        ("http://example.invalid", "http://example.invalid/"),
        ("https://example.invalid/", "https://example.invalid/"),
        (
            "https://example.invalid/a?utm_source=tw&b=2&fbclid=X&a=1&gclid=Y&UTM_Medium=m",
            "https://example.invalid/a?a=1&b=2",
        ),
        ("https://example.invalid/a?z=1&a=2&a=1", "https://example.invalid/a?a=1&a=2&z=1"),
        ("https://user:pw@example.invalid/a", "https://example.invalid/a"),
        ("  https://example.invalid/a  ", "https://example.invalid/a"),
        ("https://example.invalid/a%7Eb%2fc", "https://example.invalid/a~b%2Fc"),
        ("https://example.invalid/search?q=", "https://example.invalid/search?q="),
    ],
)
def test_canonical_url_cases(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_canonical_url_keeps_scheme_and_non_urls() -> None:
    assert canonical_url("http://example.invalid/a") != canonical_url("https://example.invalid/a")
    assert canonical_url("not a url") == "not a url"


_url_parts = st.text(alphabet="abcXYZ019-._~%/", max_size=12)


@given(
    scheme=st.sampled_from(["http", "HTTP", "https"]),
    host=st.from_regex(r"[a-zA-Z]{1,8}\.invalid", fullmatch=True),
    path=_url_parts,
    query=st.lists(st.tuples(st.sampled_from(["a", "b", "utm_x", "fbclid"]), _url_parts), max_size=4),
    fragment=_url_parts,
)
def test_canonical_url_is_idempotent_and_drops_tracking(
    scheme: str, host: str, path: str, query: list[tuple[str, str]], fragment: str
) -> None:
    qs = "&".join(f"{k}={v}" for k, v in query)
    url = f"{scheme}://{host}/{path}?{qs}#{fragment}"
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "utm_" not in once and "fbclid" not in once and "#" not in once
    assert once.startswith(scheme.lower() + "://" + host.lower())


def test_clean_text_controls_newlines_nfc() -> None:
    raw = "  Caf\u0065\u0301\r\nline\x00two\rthree\u2028four\tok\x07  "
    assert clean_text(raw) == "Caf\u00e9\nlinetwo\nthree\nfour\tok"
    # Zero-width non-joiner is part of Persian spelling; it must survive.
    assert clean_text("می\u200cخواهم") == "می\u200cخواهم"


def test_content_hash_ignores_whitespace_and_normal_form_only() -> None:
    a = content_hash("Two drones  hit\nthe base.")
    assert a == content_hash(" Two drones hit the base. ")
    assert a == content_hash("Two\tdrones\r\nhit the\u00a0base.")
    assert content_hash("Caf\u00e9") == content_hash("Cafe\u0301")
    assert a != content_hash("Three drones hit the base.")
    assert len(a) == 64


def test_article_id_prefers_the_canonical_url() -> None:
    text = "A rocket struck an open area."
    url = "https://example.invalid/story?utm_source=x#top"
    assert article_id(url, text) == stable_id("https://example.invalid/story")
    assert article_id(url, text) == article_id("HTTPS://example.invalid/story/", "other text")
    assert article_id(None, text) == stable_id(content_hash(text))
    assert article_id("  ", text) == article_id(None, text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Islamic Resistance in Iraq said it had launched two drones at a target and that it was", "en"),
        ("La Résistance islamique en Irak a revendiqué une attaque de drone contre une cible dans le", "fr"),
        ("Die Islamische Widerstandsbewegung im Irak hat nach eigenen Angaben eine Drohne auf das", "de"),
        ("La Resistencia Islámica en Irak dijo que había lanzado dos drones contra un objetivo en el", "es"),
        (
            "La Resistenza islamica in Iraq ha rivendicato un attacco con droni contro un obiettivo nel "
            "Golan, secondo un comunicato diffuso dal gruppo; il drone è stato intercettato",
            "it",
        ),
        ("A Resistência Islâmica no Iraque disse que lançou dois drones contra um alvo em Israel após", "pt"),
        ("أعلنت المقاومة الإسلامية في العراق أنها استهدفت بطائرتين مسيرتين هدفا حيويا في الجولان", "ar"),
        ("مقاومت اسلامی عراق اعلام کرد که با دو پهپاد یک هدف در جولان را هدف قرار داده است", "fa"),
        ("צבא ההגנה לישראל הודיע כי כטב״ם ששוגר מעיראק יורט מעל הים", "he"),
        (
            "Irak İslami Direnişi, İsrail'deki bir hedefe iki insansız hava aracı ile saldırı düzenlediğini "
            "ve bu saldırının ilk olmadığını açıkladı",
            "tr",
        ),
        (
            "Perlawanan Islam di Irak mengatakan bahwa mereka telah meluncurkan dua drone ke sasaran yang",
            "id",
        ),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_detect_language_unsure_gives_none() -> None:
    assert detect_language("") is None
    assert detect_language("Kataib Hezbollah") is None
    assert detect_language("12345 67890 !!!! ---- 2024-10-01 12:00") is None


@pytest.mark.skipif(not DEVNEWS.exists(), reason="needs ../shared/data")
@pytest.mark.shared
def test_detect_language_on_devnews() -> None:
    rows = [json.loads(line) for line in DEVNEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = sum(detect_language(r["text"]) == r["language"] for r in rows)
    assert right / len(rows) >= 0.97


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-01", datetime(2024, 10, 1, tzinfo=UTC)),
        ("2024-10-01T08:30:00Z", datetime(2024, 10, 1, 8, 30, tzinfo=UTC)),
        ("2024-10-01 08:30", datetime(2024, 10, 1, 8, 30, tzinfo=UTC)),
        ("Tue, 01 Oct 2024 08:30:00 GMT", datetime(2024, 10, 1, 8, 30, tzinfo=UTC)),
        ("1 October 2024", datetime(2024, 10, 1, tzinfo=UTC)),
        ("October 1, 2024", datetime(2024, 10, 1, tzinfo=UTC)),
    ],
)
def test_parse_published_formats(value: str, expected: datetime) -> None:
    assert parse_published(value) == expected


def test_parse_published_keeps_the_local_offset() -> None:
    got = parse_published("2024-10-01T01:00:00+03:00")
    assert got is not None and got.utcoffset() == timedelta(hours=3)
    assert got.date().isoformat() == "2024-10-01"
    assert got == datetime(2024, 9, 30, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize("junk", ["", "   ", "yesterday", "2024-13-45", "32/01/2024", "x" * 500, None, 5, []])
def test_parse_published_junk_is_none(junk: object) -> None:
    assert parse_published(junk) is None


@given(st.text(max_size=40))
def test_parse_published_never_raises(value: str) -> None:
    got = parse_published(value)
    assert got is None or got.tzinfo is not None


def test_published_problem() -> None:
    now = datetime(2024, 10, 1, tzinfo=UTC)
    assert published_problem(datetime(2024, 9, 30, tzinfo=UTC), now=now) is None
    assert published_problem(datetime(2024, 10, 2, 12, tzinfo=timezone(timedelta(hours=5))), now=now) is None
    assert "before 1990" in (published_problem(datetime(1899, 1, 1, tzinfo=UTC), now=now) or "")
    assert "future" in (published_problem(datetime(2024, 10, 5, tzinfo=UTC), now=now) or "")


def test_decode_bytes_utf8_bom_and_cp1252() -> None:
    assert decode_bytes("\ufeffcafé".encode()) == "café"
    assert decode_bytes("café “quoted” – dash".encode("cp1252")) == "café “quoted” – dash"
    mixed = "good é ".encode() + "bad é".encode("cp1252")
    assert decode_bytes(mixed) == "good é bad é"
    assert decode_bytes("ab".encode("utf-16")) == "ab"


def test_build_article_fills_defaults_and_rejects() -> None:
    at = datetime(2024, 10, 2, tzinfo=UTC)
    art = build_article(
        "  A drone struck the base.\r\nNobody was hurt, the army said.  ",
        source="s",
        item="line 1",
        fetched_at=at,
        url="https://www.example.invalid/x?utm_source=a",
        published="2024-10-01",
    )
    assert isinstance(art, Article)
    assert art.outlet == "example.invalid"
    assert art.text == "A drone struck the base.\nNobody was hurt, the army said."
    assert art.language == "en"
    assert art.id == stable_id("https://www.example.invalid/x")
    assert art.content_hash == content_hash(art.text)
    bad = build_article("text", source="s", item="line 2", fetched_at=at, published="someday")
    assert isinstance(bad, Rejection) and bad.item == "line 2" and "someday" in bad.reason
    empty = build_article(" \x00 ", source="s", item="line 3", fetched_at=at)
    assert isinstance(empty, Rejection) and empty.reason == "empty text"


def test_lone_surrogates_never_reach_the_store() -> None:
    from proxywatch.ingest.normalize import build_article

    article = build_article(
        "Drones struck \ud800 Erbil.",
        source="in\udcf6.jsonl",
        item="line 1",
        fetched_at=datetime.now(UTC),
        url="https://x.invalid/\udcf6",
        title="\udfff",
        metadata={"k\ud800": ["v\udfff"]},
        external_id="e\ud800",
    )
    for value in (
        article.text,
        article.url,
        article.title,
        article.source,
        article.external_id,
        str(article.metadata),
    ):
        value.encode("utf-8")  # raises on a surrogate

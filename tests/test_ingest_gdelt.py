"""GDELT 2.0 event and GKG files: parsing, scope filters, zip/URL sources, import and fetching sources."""

from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxywatch import EXTRACTOR_VERSION
from proxywatch.api import incident_table
from proxywatch.ingest.gdelt import EVENT_COLUMNS, GKG_COLUMNS, read_gdelt
from proxywatch.models import Article, Mention, Rejection
from proxywatch.scale.importer import ResolveComponents, import_dataset, resolve_components
from proxywatch.settings import load_settings
from proxywatch.store import open_store

DATA = Path(__file__).parent / "data"
EVENTS = DATA / "gdelt_20241003101500.export.CSV"
GKG = DATA / "gdelt_20241001134500.gkg.csv"


@pytest.fixture(scope="module")
def components() -> ResolveComponents:
    return resolve_components(load_settings())


def _split(
    items: list[Article | Mention | Rejection],
) -> tuple[list[Article], list[Mention], list[Rejection]]:
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Mention)],
        [i for i in items if isinstance(i, Rejection)],
    )


def test_column_lists_follow_the_gdelt_codebooks() -> None:
    assert len(EVENT_COLUMNS) == 61 and EVENT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert EVENT_COLUMNS[26:29] == ("EventCode", "EventBaseCode", "EventRootCode")
    assert len(GKG_COLUMNS) == 27 and GKG_COLUMNS[4] == "DocumentIdentifier"


def test_conflict_events_in_the_region_become_mentions_with_their_source_url() -> None:
    articles, mentions, rejections = _split(list(read_gdelt(EVENTS, settings=load_settings())))
    # Root 04 (consult) and an event in Ukraine are out of scope; the truncated row is rejected.
    assert [m.id for m in mentions] == [
        "gdelt:900000001",
        "gdelt:900000002",
        "gdelt:900000003",
        "gdelt:900000004",
    ]
    assert [(r.item, r.reason) for r in rejections] == [("line 4", "5 columns, a GDELT 2.0 event row has 61")]
    first = mentions[0]
    assert (first.event_type, first.weapon) == ("Air/drone strike", "drone")  # CAMEO 1952
    assert (first.lat, first.lon, first.geo_precision, first.target_country) == (
        29.5581,
        34.9482,
        "town",
        "IL",
    )
    assert str(first.event_date) == "2024-10-01" and first.actor_text == "Islamic Resistance In Iraq"
    assert (mentions[2].event_type, mentions[2].weapon, mentions[2].target_country) == (
        "Shelling/artillery/missile attack",
        "artillery",
        "LB",
    )
    assert mentions[3].geo_precision == "country"  # ActionGeo_Type 1: only the country is known
    by_id = {a.id: a for a in articles}
    source = by_id[first.article_id]
    assert source.url == "https://news.example.invalid/2024/10/01/drone-eilat" and source.text == ""
    assert source.metadata["dataset"] == "gdelt" and source.external_id == "900000001"


def test_countries_scope_can_be_widened_or_narrowed() -> None:
    settings = load_settings()
    lebanon = _split(list(read_gdelt(EVENTS, settings=settings, countries=["LB"])))[1]
    anywhere = _split(list(read_gdelt(EVENTS, settings=settings, countries=[])))[1]
    assert [m.id for m in lebanon] == ["gdelt:900000003"]
    assert "gdelt:900000006" in {m.id for m in anywhere} and "gdelt:900000005" not in {m.id for m in anywhere}


def test_gkg_records_give_conflict_article_urls_in_the_region() -> None:
    articles, mentions, rejections = _split(list(read_gdelt(GKG, settings=load_settings())))
    assert not mentions and not rejections
    assert [a.url for a in articles] == [
        "https://news.example.invalid/2024/10/01/drone-eilat",
        "https://daily.example.invalid/syria-roadside-bomb",
    ]
    assert articles[0].metadata["countries"] == ["IL", "IQ"]


class _Pages(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        content_type, body = self.pages.get(self.path, ("text/plain", b""))
        self.send_response(200 if self.path in self.pages else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("PROXYWATCH_ALLOW_PRIVATE_URLS", "true")  # the canned server is on loopback
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_zipped_file_and_url_read_like_the_plain_file(tmp_path: Path, server: str) -> None:
    settings = load_settings()
    archive = tmp_path / "20241003101500.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(EVENTS, "20241003101500.export.CSV")
    _Pages.pages = {"/gdelt/20241003101500.export.CSV.zip": ("application/zip", archive.read_bytes())}

    def ids(source: str | Path) -> list[str]:
        return [i.id for i in read_gdelt(source, settings=settings) if isinstance(i, Mention)]

    assert ids(archive) == ids(EVENTS) == ids(f"{server}/gdelt/20241003101500.export.CSV.zip")


def test_import_clusters_events_and_keeps_their_urls(tmp_path: Path, components: ResolveComponents) -> None:
    settings = load_settings()
    with open_store(tmp_path / "g.duckdb") as store:
        summary = import_dataset("gdelt", str(EVENTS), store=store, settings=settings, components=components)
        assert (summary.records, summary.mentions, summary.rejected) == (4, 4, 1)
        rows = incident_table(store)
        urls = {u for row in rows for u in row["urls"].split()}
        assert urls == set(summary.urls) and len(urls) == 4
        assert summary.incidents_created == len(rows) == store.count_incidents()
        assert sum(row["n_reports"] for row in rows) == 4
        again = import_dataset("gdelt", str(EVENTS), store=store, settings=settings, components=components)
        assert (again.mentions, again.incidents_created, again.incidents_updated) == (0, 0, 0)
        assert incident_table(store) == rows
        assert store.count_mentions() == 4


def test_fetch_runs_the_source_urls_as_articles(tmp_path: Path, server: str) -> None:
    text = (
        "The Islamic Resistance in Iraq said on Tuesday it had attacked a vital target in Eilat with drones. "
        "The Israeli military said one drone was intercepted."
    )
    page = f"<html><head><title>Drones at Eilat</title></head><body><article><p>{text}</p></article></body>"
    _Pages.pages = {"/2024/10/01/drone-eilat": ("text/html; charset=utf-8", page.encode())}
    row = EVENTS.read_text(encoding="utf-8").splitlines()[0].split("\t")
    row[-1] = f"{server}/2024/10/01/drone-eilat"
    events = tmp_path / "one.export.CSV"
    events.write_text("\t".join(row) + "\n", encoding="utf-8")
    settings = load_settings()
    with open_store(tmp_path / "g.duckdb") as store:
        summary = import_dataset("gdelt", str(events), store=store, settings=settings, fetch=True)
        assert summary.urls == [row[-1]]
        assert summary.fetched is not None and summary.fetched.articles_new == 1
        fetched = [a for a in store.iter_articles() if a.text]
        assert len(fetched) == 1 and fetched[0].url == row[-1] and "Eilat" in fetched[0].text
        assert store.articles_to_extract(EXTRACTOR_VERSION) == []  # the page went through extraction
        assert store.count_articles() == 2  # the reference article and the page are stored apart

"""`proxywatch run` end to end: files, feeds and pages in, incidents out in every export format.

Everything is real: the CLI through typer's runner, DuckDB in tmp_path, feeds and pages served on loopback.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from proxywatch.api import sample_paths
from proxywatch.cli import app
from proxywatch.store import open_store

CONTRACT = (
    "incident_id",
    "event_date",
    "event_type",
    "weapon",
    "actor",
    "actor_umbrella",
    "target",
    "target_country",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "launch_country",
    "killed",
    "injured",
    "status",
    "n_sources",
    "n_reports",
    "article_ids",
    "urls",
)

runner = CliRunner()


def _sample_articles() -> dict[str, dict]:
    articles, _, _ = sample_paths()
    rows = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample run once through the CLI into a fresh DuckDB file."""
    db = tmp_path_factory.mktemp("run") / "t.duckdb"
    articles, _, _ = sample_paths()
    result = runner.invoke(app, ["run", str(articles), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert "75 new of 75 articles, 0 rejected" in result.stdout
    return db


def _export(db: Path, fmt: str, out: Path, *extra: str) -> Path:
    result = runner.invoke(
        app, ["export", "incidents", "--db", str(db), "--format", fmt, "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


def _csv_rows(db: Path, tmp_path: Path) -> list[dict[str, str]]:
    with _export(db, "csv", tmp_path / "incidents.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_export_has_the_contract_columns_and_the_input_ids(sample_db: Path, tmp_path: Path) -> None:
    rows = _csv_rows(sample_db, tmp_path)
    with (tmp_path / "incidents.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert [c for c in header if c in CONTRACT] == list(CONTRACT)
    with open_store(sample_db, read_only=True) as store:
        assert len(rows) == store.count_incidents() > 0
    sample = _sample_articles()
    cited: set[str] = set()
    for row in rows:
        ids, urls = row["article_ids"].split(" "), row["urls"].split(" ")
        # article_ids are the input's own ids (s001...), each paired with that article's URL
        assert set(ids) <= set(sample), row
        assert urls == [sample[i]["url"] for i in ids]
        assert int(row["n_reports"]) == len(ids)
        assert 1 <= int(row["n_sources"]) <= len(ids)
        assert len({sample[i]["outlet"] for i in ids}) >= int(row["n_sources"])
        cited.update(ids)
    # the headline event of the corpus (drone from Iraq kills two soldiers in the Golan, 4 Oct) is exported
    assert any(r["event_date"] == "2024-10-04" and r["launch_country"] == "IQ" for r in rows)
    assert len(cited) >= 30


def test_csv_to_stdout_matches_the_file(sample_db: Path, tmp_path: Path) -> None:
    file_text = _export(sample_db, "csv", tmp_path / "a.csv").read_text(encoding="utf-8")
    result = runner.invoke(app, ["export", "incidents", "--db", str(sample_db)])
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == list(csv.reader(io.StringIO(file_text)))


def test_json_parquet_and_geojson_hold_the_same_incidents(sample_db: Path, tmp_path: Path) -> None:
    rows = {r["incident_id"]: r for r in _csv_rows(sample_db, tmp_path)}

    as_json = json.loads(_export(sample_db, "json", tmp_path / "i.json").read_text(encoding="utf-8"))
    assert {r["incident_id"] for r in as_json} == set(rows)
    for record in as_json:
        assert record["article_ids"] == rows[record["incident_id"]]["article_ids"]
        assert record["n_reports"] == int(rows[record["incident_id"]]["n_reports"])

    table = pq.read_table(_export(sample_db, "parquet", tmp_path / "i.parquet"))
    assert set(CONTRACT) <= set(table.column_names)
    assert sorted(table.column("incident_id").to_pylist()) == sorted(rows)

    geo = json.loads(_export(sample_db, "geojson", tmp_path / "i.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    located = {i for i, r in rows.items() if r["latitude"] and r["longitude"]}
    assert located, "no incident was geocoded"
    features = {f["properties"]["incident_id"]: f for f in geo["features"]}
    assert located <= set(features)
    for incident_id in located:
        lon, lat = features[incident_id]["geometry"]["coordinates"]
        assert (lat, lon) == pytest.approx(
            (float(rows[incident_id]["latitude"]), float(rows[incident_id]["longitude"]))
        )


def test_date_options_filter_the_export(sample_db: Path, tmp_path: Path) -> None:
    every = _csv_rows(sample_db, tmp_path)
    out = _export(sample_db, "csv", tmp_path / "oct.csv", "--from", "2024-10-01", "--to", "2024-10-07")
    with out.open(encoding="utf-8", newline="") as fh:
        window = list(csv.DictReader(fh))
    expected = {r["incident_id"] for r in every if "2024-10-01" <= r["event_date"] <= "2024-10-07"}
    assert {r["incident_id"] for r in window} == expected
    assert 0 < len(expected) < len(every)


def test_a_folder_of_csv_and_jsonl_goes_through_run(tmp_path: Path) -> None:
    sample = _sample_articles()
    ids = sorted(sample)
    folder = tmp_path / "news"
    (folder / "more").mkdir(parents=True)
    with (folder / "a.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "url", "outlet", "published", "title", "text"])
        writer.writeheader()
        for i in ids[25:45]:
            writer.writerow({k: sample[i][k] for k in writer.fieldnames})
    (folder / "more" / "b.jsonl").write_text(
        "".join(json.dumps(sample[i]) + "\n" for i in ids[45:60]), encoding="utf-8"
    )
    db = tmp_path / "folder.duckdb"
    result = runner.invoke(app, ["run", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert "35 new of 35 articles, 0 rejected" in result.stdout
    with open_store(db, read_only=True) as store:
        assert {a.external_id for a in store.iter_articles()} == set(ids[25:60])
    rows = _csv_rows(db, tmp_path)
    assert rows
    assert {i for r in rows for i in r["article_ids"].split(" ")} <= set(ids[25:60])


# --- feeds and pages served on loopback -------------------------------------------------------------

ITEMS = [
    (
        "wire-1",
        "/news/2024/10/08/eilat-drones",
        "Tue, 08 Oct 2024 07:30:00 GMT",
        "Iraqi group says it sent drones at Eilat",
        "The Islamic Resistance in Iraq said on Tuesday that it had launched two drones at a target in "
        "Eilat, in southern Israel. The Israeli military said one drone was shot down over the Red Sea.",
    ),
    (
        "wire-2",
        "/news/2024/10/08/wheat-prices",
        "Tue, 08 Oct 2024 09:00:00 GMT",
        "Wheat prices steady after harvest report",
        "Wheat futures were little changed on Tuesday after a government report showed a larger harvest "
        "than traders had expected in several exporting countries.",
    ),
]

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Houthis say they fired a ballistic missile at Tel Aviv</title>
<meta property="article:published_time" content="2024-10-09T06:00:00Z">
<meta property="og:site_name" content="Loopback Desk">
</head><body><nav>Home | World | Markets</nav><article>
<h1>Houthis say they fired a ballistic missile at Tel Aviv</h1>
<p>Yemen's Houthis said on Wednesday that they had fired a ballistic missile at Tel Aviv, in what the group
called a response to Israeli strikes on the port of Hodeidah.</p>
<p>The Israeli military said a missile launched from Yemen was intercepted before it reached Israeli
territory, and that sirens sounded in central Israel. There were no reports of injuries.</p>
<p>The group has fired missiles and drones at Israel repeatedly since the start of the war in Gaza.</p>
</article><footer>Copyright Loopback Desk</footer></body></html>"""


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate><description>{text}</description></item>"
        for guid, path, date, title, text in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Loopback Wire</title>'
        f"<link>{base}/</link><description>news</description>{items}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def news_server() -> Iterator[str]:
    routes: dict[str, tuple[str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            ctype, body = routes.get(self.path, ("text/plain", b""))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    routes["/feed.xml"] = ("application/rss+xml", _rss(base))
    routes["/world/houthi-missile-tel-aviv"] = ("text/html; charset=utf-8", PAGE.encode())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_feed_and_page_urls_go_through_run(news_server: str, tmp_path: Path) -> None:
    db = tmp_path / "web.duckdb"
    feed, page = f"{news_server}/feed.xml", f"{news_server}/world/houthi-missile-tel-aviv"
    loopback = {"PROXYWATCH_ALLOW_PRIVATE_URLS": "true"}  # the canned servers live on 127.0.0.1
    result = runner.invoke(app, ["run", feed, page, "--db", str(db), "-q"], env=loopback)
    assert result.exit_code == 0, result.output
    assert "3 new of 3 articles, 0 rejected" in result.stdout

    with open_store(db, read_only=True) as store:
        stored = {a.url: a for a in store.iter_articles()}
    assert set(stored) == {news_server + ITEMS[0][1], news_server + ITEMS[1][1], page}
    assert "ballistic missile at Tel Aviv" in stored[page].text
    assert stored[news_server + ITEMS[0][1]].published_at is not None

    rows = {r["incident_id"]: r for r in _csv_rows(db, tmp_path)}
    cited = {url for r in rows.values() for url in r["urls"].split(" ")}
    assert news_server + ITEMS[0][1] in cited  # the drone claim from the feed
    assert page in cited  # the missile from the page
    assert news_server + ITEMS[1][1] not in cited  # wheat prices are no attack
    houthi = [r for r in rows.values() if page in r["urls"]]
    assert any(r["actor_umbrella_id"] == "houthis" and r["weapon"] == "ballistic_missile" for r in houthi)

    again = runner.invoke(app, ["run", feed, page, "--db", str(db), "-q"], env=loopback)
    assert again.exit_code == 0, again.output
    assert "0 new of 3 articles" in again.stdout
    assert {r["incident_id"] for r in _csv_rows(db, tmp_path)} == set(rows)

"""Incident exports: the column contract, ACLED columns, and each writer read back by a real reader."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from proxywatch.models import Article, Incident
from proxywatch.report.export import (
    ACLED_COLUMNS,
    COLUMNS,
    incident_rows,
    write_csv,
    write_geojson,
    write_json,
    write_parquet,
)

SEEN = datetime(2024, 10, 2, 8, 30, tzinfo=UTC)
CONTRACT = (
    "incident_id event_date event_type weapon actor actor_umbrella target target_country place latitude "
    "longitude geo_precision launch_country killed injured status n_sources n_reports article_ids urls"
).split()
NAMES = {"kataib-hezbollah": "Kata'ib Hezbollah", "islamic-resistance-in-iraq": "Islamic Resistance in Iraq"}


def _article(aid: str, outlet: str, *, url: str | None, external: str | None) -> Article:
    return Article(
        id=aid,
        url=url,
        outlet=outlet,
        title=f"Report {aid}",
        text="",
        published_at=datetime(2024, 10, 1, 9, 0, tzinfo=UTC),
        language="en",
        fetched_at=SEEN,
        content_hash="0" * 64,
        external_id=external,
        source="feed.invalid",
    )


ARTICLES = {
    "a1": _article("a1", "Outlet One", url="https://one.invalid/a1", external="d001"),
    "a2": _article("a2", "Outlet Two", url="https://two.invalid/a2", external=None),
    "a3": _article("a3", "Outlet Two", url=None, external="d003"),
}

INCIDENTS = [
    Incident(
        id="inc-eilat",
        event_date=date(2024, 10, 1),
        event_type="Air/drone strike",
        weapon="drone",
        status="claimed_and_confirmed",
        mention_ids=("m1", "m2"),
        article_ids=("a1", "a2"),
        n_sources=2,
        n_reports=2,
        first_seen=SEEN,
        last_updated=SEEN,
        actor_id="kataib-hezbollah",
        actor_umbrella="islamic-resistance-in-iraq",
        target_text="port",
        target_country="IL",
        place_text="Eilat",
        lat=29.55,
        lon=34.95,
        geo_precision="town",
        launch_country="IQ",
        n_attacks=2,
        killed=1,
        injured=None,
    ),
    Incident(
        id="inc-sea",
        event_date=None,
        event_type="Interception",
        weapon="unknown",
        status="intercepted",
        mention_ids=("m3",),
        article_ids=("a3",),
        n_sources=1,
        n_reports=1,
        first_seen=SEEN,
        last_updated=SEEN,
        actor_text="unnamed group",
    ),
]


def test_rows_follow_the_column_contract() -> None:
    rows = incident_rows(INCIDENTS, ARTICLES, names=NAMES)
    assert list(rows[0])[: len(CONTRACT)] == CONTRACT
    assert list(rows[0]) == list(COLUMNS)
    for extra in ("n_attacks", "actor_id", "first_seen", "last_updated"):
        assert extra in rows[0]
    first, second = rows
    assert first["actor"] == "Kata'ib Hezbollah" and first["actor_umbrella"] == "Islamic Resistance in Iraq"
    assert first["article_ids"] == "d001 a2"  # external id when the input had one, else the internal id
    assert first["urls"] == "https://one.invalid/a1 https://two.invalid/a2"
    assert (first["latitude"], first["longitude"], first["killed"], first["injured"]) == (
        29.55,
        34.95,
        1,
        None,
    )
    assert second["actor"] == "unnamed group" and second["actor_id"] == ""
    assert second["urls"] == "" and second["article_ids"] == "d003" and second["event_date"] is None


def test_acled_columns() -> None:
    rows = incident_rows(INCIDENTS, ARTICLES, names=NAMES, acled=True)
    assert tuple(rows[0]) == ACLED_COLUMNS
    first, second = rows
    assert (
        first["event_type"] == "Explosions/Remote violence" and first["sub_event_type"] == "Air/drone strike"
    )
    assert first["actor1"] == "Kata'ib Hezbollah" and first["assoc_actor_1"] == "Islamic Resistance in Iraq"
    assert (first["country"], first["iso"], first["location"]) == ("Israel", 376, "Eilat")
    assert (first["geo_precision"], first["fatalities"], first["year"]) == (1, 1, 2024)
    assert first["source"] == "Outlet One; Outlet Two"
    assert first["timestamp"] == int(SEEN.timestamp())
    assert second["disorder_type"] == "Strategic developments"
    assert second["sub_event_type"] == "Disrupted weapons use"
    assert second["fatalities"] == 0 and second["geo_precision"] is None


def test_csv_file_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    write_csv(incident_rows(INCIDENTS, ARTICLES, names=NAMES), out)
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == list(COLUMNS)
        rows = list(reader)
    assert rows[0]["incident_id"] == "inc-eilat" and rows[0]["latitude"] == "29.55"
    assert rows[0]["urls"].split() == ["https://one.invalid/a1", "https://two.invalid/a2"]
    assert rows[1]["event_date"] == "" and rows[1]["killed"] == ""


def test_csv_to_binary_stream_and_empty_export() -> None:
    buffer = io.BytesIO()
    write_csv(incident_rows(INCIDENTS[:1], ARTICLES, acled=True), buffer)
    assert not buffer.closed  # the caller's stream stays usable
    text = buffer.getvalue().decode("utf-8")
    assert text.splitlines()[0].split(",")[:3] == ["event_id_cnty", "event_date", "year"]
    empty = io.StringIO()
    write_csv([], empty)
    assert empty.getvalue().strip().split(",") == list(COLUMNS)


def test_csv_to_stdout() -> None:
    code = (
        "import sys\n"
        "from datetime import datetime\n"
        "from proxywatch.models import Incident\n"
        "from proxywatch.report.export import incident_rows, write_csv\n"
        "t = datetime(2024, 1, 1)\n"
        "inc = Incident(id='x1', event_date=None, event_type='Armed clash', weapon='small_arms',"
        " status='reported', mention_ids=(), article_ids=(), n_sources=1, n_reports=1,"
        " first_seen=t, last_updated=t)\n"
        "write_csv(incident_rows([inc], {}), sys.stdout)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 1 and rows[0]["incident_id"] == "x1" and rows[0]["weapon"] == "small_arms"


def test_json_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "incidents.json"
    write_json(incident_rows(INCIDENTS, ARTICLES), out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [list(row) for row in data] == [list(COLUMNS)] * 2
    assert data[0]["n_sources"] == 2 and data[1]["latitude"] is None


def test_parquet_reads_back_typed(tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    write_parquet(incident_rows(INCIDENTS, ARTICLES, names=NAMES), out)
    table = pq.read_table(out)
    assert table.column_names == list(COLUMNS)
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.schema.field("n_sources").type == pa.int64()
    assert table.schema.field("first_seen").type == pa.timestamp("us", tz="UTC")
    rows = table.to_pylist()
    assert rows[0]["event_date"] == date(2024, 10, 1) and rows[0]["first_seen"] == SEEN
    assert rows[1]["event_date"] is None and rows[0]["actor"] == "Kata'ib Hezbollah"


def test_empty_parquet_keeps_schema(tmp_path: Path) -> None:
    out = tmp_path / "empty.parquet"
    write_parquet([], out)
    assert pq.read_table(out).column_names == list(COLUMNS)
    acled = io.BytesIO()
    write_parquet([], acled, columns=ACLED_COLUMNS)
    table = pq.read_table(pa.BufferReader(acled.getvalue()))
    assert table.num_rows == 0 and table.column_names == list(ACLED_COLUMNS)
    assert table.schema.field("geo_precision").type == pa.int64()


def test_geojson_points_only_for_located_rows(tmp_path: Path) -> None:
    out = tmp_path / "incidents.geojson"
    write_geojson(incident_rows(INCIDENTS, ARTICLES), out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [34.95, 29.55]}  # lon, lat
    assert feature["properties"]["incident_id"] == "inc-eilat"
    assert list(feature["properties"]) == list(COLUMNS)

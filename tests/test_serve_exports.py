"""HTTP API: exports (CSV, JSON, Parquet, GeoJSON), brief, trends, meta, actors and network."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from proxywatch.models import Incident
from proxywatch.store import Store

pytest.importorskip("fastapi", reason="the HTTP API needs the serve extra: pip install 'proxywatch[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from proxywatch.serve import create_app  # noqa: E402


@pytest.fixture
def client(serve_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(lambda: serve_store)) as test_client:
        yield test_client


def test_csv_export_follows_the_filters(client: TestClient) -> None:
    response = client.get("/api/export/incidents.csv", params={"target_country": "IL"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="incidents.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["incident_id"] for r in rows] == ["inc1", "inc2"]
    assert rows[0]["urls"] == "https://news.invalid/story/1 https://news.invalid/story/3"


def test_json_and_geojson_exports(client: TestClient) -> None:
    rows = client.get("/api/export/incidents.json").json()
    assert [r["incident_id"] for r in rows] == ["inc1", "inc2", "inc3"]
    geo = client.get("/api/export/incidents.geojson", params={"bbox": "40,10,50,20"}).json()
    assert geo["type"] == "FeatureCollection"
    assert [f["properties"]["incident_id"] for f in geo["features"]] == ["inc3"]
    assert geo["features"][0]["geometry"]["coordinates"] == [42.671, 15.308]


def test_parquet_export_reads_back(client: TestClient) -> None:
    import pyarrow.parquet as pq

    response = client.get("/api/export/incidents.parquet", params={"weapon": "rocket"})
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert table.column("incident_id").to_pylist() == ["inc2"]


def test_unknown_export_format_is_404(client: TestClient) -> None:
    assert client.get("/api/export/incidents.xlsx").status_code == 404


def test_brief_as_json_and_markdown(client: TestClient) -> None:
    params = {"start": "2024-09-15", "end": "2024-10-10", "trigger": "2024-09-27"}
    body = client.get("/api/brief", params=params).json()
    assert body["headline"] and body["markdown"].startswith("#")
    markdown = client.get("/api/brief.md", params=params)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text == body["markdown"]
    bad = client.get("/api/brief", params={"start": "2024-10-10", "end": "2024-09-01"})
    assert bad.status_code == 422


def test_trends_count_per_day_with_before_after(client: TestClient) -> None:
    params = {"start": "2024-09-18", "end": "2024-10-07", "trigger": "2024-09-27", "group_by": "weapon"}
    body = client.get("/api/trends", params=params).json()
    assert body["days"][0] == "2024-09-18" and body["days"][-1] == "2024-10-07" and len(body["days"]) == 20
    assert sum(body["series"]["drone"]) == 1 and body["series"]["drone"][2] == 1  # 20 Sep
    assert sum(sum(s) for s in body["series"].values()) == 3
    ba = body["before_after"]
    assert (ba["before_count"], ba["after_count"], ba["before_days"], ba["after_days"]) == (1, 2, 9, 11)
    assert client.get("/api/trends", params={"group_by": "colour"}).status_code == 422


def test_meta_lists_the_filter_choices(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert meta["incidents"] == 3 and meta["articles"] == 4
    assert (meta["first_date"], meta["last_date"]) == ("2024-09-20", "2024-10-06")
    assert set(meta["umbrellas"]) == {"islamic-resistance-in-iraq", "hezbollah", "israel"}
    assert {c["iso2"]: c["numeric"] for c in meta["countries"]}["IQ"] == 368
    assert meta["weapons"] == ["airstrike", "drone", "rocket"]


def test_actor_page_data(client: TestClient) -> None:
    body = client.get("/api/actors/hezbollah").json()
    assert body["actor"]["name"] == "Hezbollah" and body["n_incidents"] == 1
    assert [i["id"] for i in body["incidents"]] == ["inc2"]
    assert body["actor"]["backer"] is not None
    assert client.get("/api/actors/nobody").status_code == 404
    members = client.get("/api/actors/islamic-resistance-in-iraq").json()["members"]
    assert {"id": "kataib-hezbollah", "name": "Kata'ib Hezbollah"} in members
    found = client.get("/api/actors", params={"q": "Kataib Hezbollah"}).json()
    assert found and found[0]["id"] == "kataib-hezbollah"


def test_network_links_actors_in_the_data_to_their_ties(client: TestClient) -> None:
    body = client.get("/api/network").json()
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["hezbollah"]["n_incidents"] == 1
    assert any(e["source"] == "hezbollah" and e["target"] in nodes for e in body["edges"])
    assert all(e["source"] in nodes and e["target"] in nodes for e in body["edges"])


def test_openapi_and_local_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/incidents", "/api/incidents/{incident_id}/review", "/api/export/incidents.{fmt}"} <= set(
        schema["paths"]
    )
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "://" not in docs.replace("http://www.w3.org", "")  # nothing loaded from another host
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_dashboard_assets_are_local_and_never_use_innerhtml(client: TestClient) -> None:
    page = client.get("/").text
    assert "://" not in page
    script = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script
    outlines = client.get("/static/vendor/world-atlas/mideast-countries.json").json()
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert {"Iraq", "Israel", "Lebanon", "Yemen", "Iran"} <= names


def test_hostile_text_goes_out_as_data_with_no_link(client: TestClient) -> None:
    body = client.get("/api/incidents/inc2").json()
    [source] = body["sources"]
    assert source["url"] is None  # javascript: withheld
    assert "<script>" in source["title"] and "<script>" in source["outlet"]
    assert "<script>" in "".join(seg["text"] for seg in source["passage"])
    assert client.get("/api/articles/art2").json()["url"] is None
    json.dumps(body)  # plain JSON: the dashboard decides how to show it (as text)


def test_meta_is_recomputed_when_incidents_change(
    client: TestClient, serve_store: Store, make_incident: Callable[..., Incident]
) -> None:
    assert client.get("/api/meta").json()["incidents"] == 3
    serve_store.save_incidents([make_incident(id="inc9", event_date=date(2024, 11, 2), weapon="usv")])
    meta = client.get("/api/meta").json()
    assert meta["incidents"] == 4 and meta["last_date"] == "2024-11-02" and "usv" in meta["weapons"]

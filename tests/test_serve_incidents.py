"""HTTP API: the incidents list (filters, pagination, validation) and the incident detail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proxywatch.store import Store

pytest.importorskip("fastapi", reason="the HTTP API needs the serve extra: pip install 'proxywatch[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from proxywatch.serve import create_app  # noqa: E402


@pytest.fixture
def client(serve_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(lambda: serve_store, token="s3cret")) as test_client:
        yield test_client


def ids(client: TestClient, **params: object) -> list[str]:
    response = client.get("/api/incidents", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_list_is_ordered_by_date_with_names(client: TestClient) -> None:
    body = client.get("/api/incidents").json()
    assert [i["id"] for i in body["items"]] == ["inc1", "inc2", "inc3"]
    first = body["items"][0]
    assert first["umbrella_name"] == "Islamic Resistance in Iraq"
    assert first["n_sources"] == 2 and first["launch_country"] == "IQ"
    assert body["has_more"] is False


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"start": "2024-10-01"}, ["inc2", "inc3"]),
        ({"end": "2024-10-01"}, ["inc1", "inc2"]),
        ({"actor": "hezbollah"}, ["inc2"]),
        ({"umbrella": "israel"}, ["inc3"]),  # matches the umbrella of israeli-air-force
        ({"target_country": "ye"}, ["inc3"]),
        ({"weapon": "rocket"}, ["inc2"]),
        ({"status": "reported"}, ["inc2"]),
        ({"min_sources": 2}, ["inc1"]),
        ({"bbox": "34,29,36,34"}, ["inc1", "inc2"]),  # the Levant, not Yemen
        ({"bbox": "40,10,50,20", "weapon": "airstrike"}, ["inc3"]),
        ({"review_status": "unreviewed", "start": "2024-10-02"}, ["inc3"]),
    ],
)
def test_filters(client: TestClient, params: dict[str, object], expected: list[str]) -> None:
    assert ids(client, **params) == expected


def test_pages_say_whether_more_follow(client: TestClient) -> None:
    first = client.get("/api/incidents", params={"limit": 2}).json()
    second = client.get("/api/incidents", params={"limit": 2, "offset": 2}).json()
    assert [i["id"] for i in first["items"]] == ["inc1", "inc2"] and first["has_more"] is True
    assert [i["id"] for i in second["items"]] == ["inc3"] and second["has_more"] is False
    paged_bbox = client.get("/api/incidents", params={"limit": 1, "offset": 1, "bbox": "30,10,50,40"}).json()
    assert [i["id"] for i in paged_bbox["items"]] == ["inc2"] and paged_bbox["has_more"] is True


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 100_000},
        {"offset": -1},
        {"start": "yesterday"},
        {"start": "2024-10-05", "end": "2024-10-01"},
        {"bbox": "1,2,3"},
        {"bbox": "50,10,40,20"},
        {"bbox": "nan,1,2,3"},
        {"target_country": "ISR"},
        {"min_sources": 0},
        {"actor": "x" * 200},
    ],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, object]) -> None:
    assert client.get("/api/incidents", params=params).status_code == 422


def test_detail_has_every_source_with_evidence_spans(client: TestClient) -> None:
    body = client.get("/api/incidents/inc1").json()
    assert body["incident"]["id"] == "inc1"
    outlets = sorted(s["outlet"] for s in body["sources"])
    assert outlets == ["Example Wire", "Other Desk"]
    wire = next(s for s in body["sources"] if s["outlet"] == "Example Wire")
    assert "".join(seg["text"] for seg in wire["passage"]).startswith("The Islamic Resistance in Iraq said")
    marked = {seg["text"]: seg["fields"] for seg in wire["passage"] if seg["fields"]}
    assert marked == {"Islamic Resistance in Iraq": ["actor"], "drones": ["weapon"], "Eilat": ["place"]}
    assert wire["evidence"]["weapon"] == "drones"
    assert wire["url"] == "https://news.invalid/story/1"
    assert body["reviews"] == []


def test_unknown_incident_is_404(client: TestClient) -> None:
    assert client.get("/api/incidents/inc-nope").status_code == 404
    assert client.get("/api/incidents/bad%20id%3Cscript%3E").status_code == 422


def test_article_lists_the_incidents_that_cite_it(client: TestClient) -> None:
    body = client.get("/api/articles/art3").json()
    assert body["incident_ids"] == ["inc1"] and body["outlet"] == "Other Desk"
    assert client.get("/api/articles/art-nope").status_code == 404


def test_detail_marks_copies_and_own_channel_and_gives_the_history(
    client: TestClient, serve_store: Store
) -> None:
    from dataclasses import replace

    from proxywatch.models import Source

    (inc1,) = serve_store.get_incidents(["inc1"])
    marks = (
        Source(article_id="art1", outlet="Example Wire", own_channel=True, own_channel_reason="claim only"),
        Source(article_id="art3", outlet="Other Desk", copy_of="art1"),
    )
    serve_store.save_incidents([replace(inc1, n_independent=0, sources=marks)])
    body = client.get("/api/incidents/inc1").json()
    assert body["incident"]["n_independent"] == 0
    by_outlet = {s["outlet"]: s for s in body["sources"]}
    assert by_outlet["Other Desk"]["copy_of"] == "art1" and not by_outlet["Other Desk"]["own_channel"]
    assert by_outlet["Example Wire"]["own_channel_reason"] == "claim only"
    assert [h["action"] for h in body["history"]] == ["created", "updated"]
    assert body["history"][-1]["details"]["changed"] == ["n_independent", "sources"]

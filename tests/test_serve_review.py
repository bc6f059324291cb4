"""HTTP API: review actions need the token, write the audit log and set the incident's review status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proxywatch.store import Store

pytest.importorskip("fastapi", reason="the HTTP API needs the serve extra: pip install 'proxywatch[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from proxywatch.serve import create_app  # noqa: E402

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(serve_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(lambda: serve_store, token=TOKEN)) as test_client:
        yield test_client


def review_status(store: Store, incident_id: str) -> str:
    return store.get_incidents([incident_id])[0].review_status


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}],
)
def test_write_without_the_right_token_is_refused(
    client: TestClient, serve_store: Store, headers: dict[str, str]
) -> None:
    response = client.post("/api/incidents/inc1/review", json={"action": "confirm"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert review_status(serve_store, "inc1") == "unreviewed"
    assert serve_store.reviews("inc1") == []


def test_writes_are_disabled_without_a_server_token(serve_store: Store) -> None:
    with TestClient(create_app(lambda: serve_store, token=None)) as client:
        response = client.post("/api/incidents/inc1/review", json={"action": "confirm"}, headers=AUTH)
        assert response.status_code == 403
        assert client.get("/api/meta").json()["writes_enabled"] is False
        assert review_status(serve_store, "inc1") == "unreviewed"


@pytest.mark.parametrize(
    ("action", "status"),
    [("confirm", "confirmed"), ("reject", "rejected"), ("split", "split_requested")],
)
def test_review_with_token_sets_status_and_logs(
    client: TestClient, serve_store: Store, action: str, status: str
) -> None:
    body = {"action": action, "comment": "checked against <b>two</b> outlets", "who": "analyst"}
    response = client.post("/api/incidents/inc2/review", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["incident"]["review_status"] == status
    assert review_status(serve_store, "inc2") == status
    [entry] = serve_store.reviews("inc2")
    assert (entry.action, entry.comment, entry.who) == (
        action,
        "checked against <b>two</b> outlets",
        "analyst",
    )
    # Reads need no token and show the log.
    detail = client.get("/api/incidents/inc2").json()
    assert detail["incident"]["review_status"] == status
    assert [r["action"] for r in detail["reviews"]] == [action]
    assert [r["incident_id"] for r in client.get("/api/reviews").json()] == ["inc2"]


def test_merge_needs_another_existing_incident(client: TestClient, serve_store: Store) -> None:
    url = "/api/incidents/inc1/review"
    assert client.post(url, json={"action": "merge"}, headers=AUTH).status_code == 422
    assert client.post(url, json={"action": "merge", "other_id": "inc1"}, headers=AUTH).status_code == 422
    assert client.post(url, json={"action": "merge", "other_id": "inc9"}, headers=AUTH).status_code == 404
    assert serve_store.reviews() == []
    ok = client.post(
        url, json={"action": "merge", "other_id": "inc2", "comment": "same strike"}, headers=AUTH
    )
    assert ok.status_code == 200
    assert review_status(serve_store, "inc1") == "merge_requested"
    assert serve_store.reviews("inc1")[0].comment == "[merge with inc2] same strike"


def test_bad_review_bodies_are_refused(client: TestClient, serve_store: Store) -> None:
    url = "/api/incidents/inc1/review"
    assert client.post(url, json={"action": "delete"}, headers=AUTH).status_code == 422
    assert (
        client.post(url, json={"action": "confirm", "comment": "x" * 5000}, headers=AUTH).status_code == 422
    )
    assert (
        client.post("/api/incidents/inc9/review", json={"action": "confirm"}, headers=AUTH).status_code == 404
    )
    assert serve_store.reviews() == []


def test_later_reviews_come_first_and_the_last_one_sets_the_status(
    client: TestClient, serve_store: Store
) -> None:
    for action in ("confirm", "reject", "confirm"):
        assert (
            client.post("/api/incidents/inc3/review", json={"action": action}, headers=AUTH).status_code
            == 200
        )
    assert [r.action for r in serve_store.reviews("inc3")] == ["confirm", "reject", "confirm"][::-1]
    assert review_status(serve_store, "inc3") == "confirmed"
    assert (
        client.get("/api/incidents", params={"review_status": "confirmed"}).json()["items"][0]["id"] == "inc3"
    )

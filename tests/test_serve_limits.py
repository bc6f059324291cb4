"""HTTP API: request size limit, per-client rate limit and the safety headers on every response."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proxywatch.store import Store

pytest.importorskip("fastapi", reason="the HTTP API needs the serve extra: pip install 'proxywatch[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from proxywatch.serve import create_app  # noqa: E402
from proxywatch.serve.limits import LimitsMiddleware  # noqa: E402

AUTH = {"Authorization": "Bearer t", "Content-Type": "application/json"}


@pytest.fixture
def client(serve_store: Store) -> Iterator[TestClient]:
    app = create_app(lambda: serve_store, token="t", max_body_bytes=2000, rate_limit=1000)
    with TestClient(app) as test_client:
        yield test_client


def test_oversized_body_is_refused_before_the_route(client: TestClient, serve_store: Store) -> None:
    body = '{"action": "confirm", "comment": "' + "x" * 3000 + '"}'
    response = client.post("/api/incidents/inc1/review", content=body, headers=AUTH)
    assert response.status_code == 413
    assert serve_store.reviews() == []


def test_oversized_chunked_body_is_refused(client: TestClient, serve_store: Store) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"action": "confirm", "comment": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    response = client.post("/api/incidents/inc1/review", content=chunks(), headers=AUTH)
    assert response.status_code == 413
    assert serve_store.reviews() == []


def test_small_chunked_body_goes_through(client: TestClient, serve_store: Store) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"action": '
        yield b'"confirm"}'

    response = client.post("/api/incidents/inc1/review", content=chunks(), headers=AUTH)
    assert response.status_code == 200, response.text
    assert [r.action for r in serve_store.reviews()] == ["confirm"]


def test_rate_limit_per_client_then_reset(serve_store: Store) -> None:
    now = [0.0]
    app = create_app(lambda: serve_store, rate_limit=3, rate_window_s=10)
    with TestClient(app) as client:
        # The middleware's clock is swapped for one the test moves, so the window is exact.
        limits = next(m for m in app.user_middleware if m.cls is LimitsMiddleware)
        assert limits.kwargs["rate_limit"] == 3
        stack = app.middleware_stack
        while stack is not None and not isinstance(stack, LimitsMiddleware):
            stack = getattr(stack, "app", None)
        assert isinstance(stack, LimitsMiddleware)
        stack.clock = lambda: now[0]
        assert [client.get("/api/incidents").status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get("/api/incidents")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        now[0] = 10.5
        assert client.get("/api/incidents").status_code == 200


def test_limiter_counts_clients_apart() -> None:
    async def app(scope: object, receive: object, send: object) -> None:  # never called here
        raise AssertionError

    limiter = LimitsMiddleware(app, rate_limit=2, rate_window_s=60, clock=lambda: 5.0)  # type: ignore[arg-type]
    assert [limiter.allow("10.0.0.1") for _ in range(3)][-1] > 0
    assert limiter.allow("10.0.0.2") == 0


@pytest.mark.parametrize("path", ["/", "/api/incidents", "/api/incidents/nope", "/static/app.js", "/docs"])
def test_safety_headers_everywhere(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"

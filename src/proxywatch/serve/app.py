"""The HTTP API and dashboard: a FastAPI app over the library, built by :func:`create_app`.

The app is a thin adapter: routes parse parameters, call the library and the store, and map
:mod:`proxywatch.errors` to statuses. Nothing heavy happens at construction: the store is opened by
``store_factory`` on the first request that needs it (and closed at shutdown), the actor registry is
loaded on first use.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from proxywatch import __version__
from proxywatch.errors import ConfigError, InputError, ProxywatchError, StoreError
from proxywatch.resolve.actors import ActorRegistry
from proxywatch.serve.limits import LimitsMiddleware
from proxywatch.store.base import Store

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_TRIGGER = date(2024, 9, 27)  # the demo's trigger (Nasrallah killed); the dashboard lets it change

log = logging.getLogger("proxywatch.serve")
T = TypeVar("T")


class ServeState:
    """What every request shares: the store (opened lazily, once), the registry, the write token."""

    def __init__(
        self,
        store_factory: Callable[[], Store],
        *,
        token: str | None,
        registry_factory: Callable[[], ActorRegistry],
        trigger: date | None,
    ) -> None:
        self._store_factory = store_factory
        self._registry_factory = registry_factory
        self._store: Store | None = None
        self._registry: ActorRegistry | None = None
        self._names: dict[str, str] | None = None
        self._lock = threading.Lock()
        self._cache: dict[object, tuple[tuple[object, ...], float, Any]] = {}
        self.token = token or None
        self.trigger = trigger

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = self._store_factory()
            return self._store

    def registry(self) -> ActorRegistry:
        with self._lock:
            if self._registry is None:
                self._registry = self._registry_factory()
            return self._registry

    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = {actor.id: actor.name for actor in self.registry().actors()}
        return self._names

    def cached(self, key: tuple[object, ...], compute: Callable[[], T], *, ttl_s: float = 60.0) -> T:
        """``compute()``, reused while ``key`` is unchanged and younger than ``ttl_s`` seconds."""
        now = time.monotonic()
        hit = self._cache.get(key[0])
        if hit is not None and hit[0] == key and now - hit[1] < ttl_s:
            return hit[2]  # type: ignore[no-any-return]
        value = compute()
        self._cache[key[0]] = (key, now, value)
        return value

    def token_ok(self, authorization: str | None) -> bool:
        if self.token is None or not authorization:
            return False
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode(), self.token.encode())

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def state_of(request: Request) -> ServeState:
    return request.app.state.proxywatch  # type: ignore[no-any-return]


def create_app(
    store_factory: Callable[[], Store],
    *,
    token: str | None = None,
    registry_factory: Callable[[], ActorRegistry] = ActorRegistry.builtin,
    trigger: date | None = DEFAULT_TRIGGER,
    max_body_bytes: int = 64_000,
    rate_limit: int = 600,
    rate_window_s: float = 60.0,
) -> FastAPI:
    """The API (under ``/api``), its schema (``/openapi.json``), docs (``/docs``) and the dashboard (``/``).

    ``token`` enables writes (reviews): a request must send ``Authorization: Bearer <token>``. Without a
    token every write is refused. ``rate_limit`` requests per ``rate_window_s`` seconds per client
    address (0 disables it); bodies above ``max_body_bytes`` are refused.
    """
    from proxywatch.serve.review import router as review_router
    from proxywatch.serve.routes import router as api_router

    state = ServeState(store_factory, token=token, registry_factory=registry_factory, trigger=trigger)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="proxywatch",
        version=__version__,
        description="Attacks in the Middle East conflict, merged across news reports, each with its sources. "
        "Reads are open; writes (reviews) need `Authorization: Bearer <PROXYWATCH_TOKEN>`.",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN: /docs below is served locally
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.proxywatch = state
    app.include_router(api_router, prefix="/api")
    app.include_router(review_router, prefix="/api")

    @app.exception_handler(ProxywatchError)
    async def library_error(request: Request, exc: ProxywatchError) -> JSONResponse:
        if isinstance(exc, StoreError):
            log.error("store error on %s: %s", request.url.path, exc)
            return JSONResponse(
                {"detail": "the database could not answer; see the server log"}, status_code=503
            )
        status = 404 if isinstance(exc, InputError) and exc.reason.startswith("no such") else 400
        if isinstance(exc, ConfigError | InputError):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return JSONResponse({"detail": str(exc)}, status_code=400)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    app.add_middleware(
        LimitsMiddleware, max_body_bytes=max_body_bytes, rate_limit=rate_limit, rate_window_s=rate_window_s
    )
    return app

"""Request limits and safety headers, as one small ASGI middleware in front of the whole app.

- a body larger than ``max_body_bytes`` is refused (413) before any route reads it;
- each client (by address) may make ``rate_limit`` requests per ``rate_window_s`` seconds (429 after);
- every response says ``nosniff``, no framing, no referrer, and carries a Content-Security-Policy that
  allows scripts from this server only: even if hostile article text slipped into the page unescaped,
  an inline ``<script>`` or ``javascript:`` URL would not run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles; its page still runs only this server's scripts.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]

_MAX_CLIENTS = 10_000  # forget old windows beyond this many clients, so the table cannot grow forever


class LimitsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int = 64_000,
        rate_limit: int = 600,
        rate_window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.rate_limit = rate_limit
        self.rate_window_s = rate_window_s
        self.clock = clock
        self._windows: dict[str, tuple[float, int]] = {}

    def allow(self, client: str) -> float:
        """0 when ``client`` may go on; else the seconds until its window resets."""
        if self.rate_limit <= 0:
            return 0.0
        now = self.clock()
        start, count = self._windows.get(client, (now, 0))
        if now - start >= self.rate_window_s:
            start, count = now, 0
        if count >= self.rate_limit:
            return max(0.001, self.rate_window_s - (now - start))
        if len(self._windows) >= _MAX_CLIENTS and client not in self._windows:
            self._windows = {k: v for k, v in self._windows.items() if now - v[0] < self.rate_window_s} or {}
        self._windows[client] = (start, count + 1)
        return 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.allow(client)
        if wait:
            await _reject(send, 429, "too many requests", [(b"retry-after", str(int(wait) + 1).encode())])
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body_bytes
            except ValueError:
                await _reject(send, 400, "bad content-length")
                return
            if too_big:
                await _reject(send, 413, f"request body larger than {self.max_body_bytes} bytes")
                return
        replay = receive
        if scope.get("method") in ("POST", "PUT", "PATCH", "DELETE"):
            # Chunked bodies declare no length: read them here, counting, before any route sees them.
            body = bytearray()
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > self.max_body_bytes:
                    await _reject(send, 413, f"request body larger than {self.max_body_bytes} bytes")
                    return
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}

        csp = CSP_DOCS if scope.get("path", "") == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *_HEADERS,
                    (b"content-security-policy", csp.encode()),
                ]
            await send(message)

        await self.app(scope, replay, send_with_headers)


async def _reject(
    send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *_HEADERS,
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

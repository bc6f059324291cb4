"""The serve stage: HTTP API (FastAPI) and web dashboard over the library. Needs the ``serve`` extra.

``create_app(store_factory, *, token=None, ...)`` builds the app; ``proxywatch serve`` runs it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI is imported only when the app is wanted, so `proxywatch.serve.vendor` runs without it.
    if name == "create_app":
        from proxywatch.serve.app import create_app

        return create_app
    raise AttributeError(name)
